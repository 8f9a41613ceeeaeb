"""publishing follow-up actions: the coordinator's approval and the wording approved for
the public quarter list; scheme settings admins change (emailing visit summaries to the
police) (issue 17)

Revision ID: 0020_publishing
Revises: 0019_recruitment
Create Date: 2026-12-02 06:45:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0020_publishing"
down_revision = "0019_recruitment"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "action_publications",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "action_id", sa.Integer(), sa.ForeignKey("actions.id"), nullable=False, unique=True
        ),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("approved_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("approved_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "scheme_settings",
        sa.Column("name", sa.String(60), primary_key=True),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=True),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade():
    op.drop_table("scheme_settings")
    op.drop_table("action_publications")
