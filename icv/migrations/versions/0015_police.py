"""police users: the suites each answers for, and their own answers to follow-up actions
(issue 17)

Revision ID: 0015_police
Revises: 0014_report_format_2
Create Date: 2026-12-02 05:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_police"
down_revision = "0014_report_format_2"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "police_suites",
        sa.Column(
            "suite_id", sa.Integer(), sa.ForeignKey("suites.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column(
            "user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
            primary_key=True,
        ),
    )  # fmt: skip
    op.create_table(
        "action_responses",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("action_id", sa.Integer(), sa.ForeignKey("actions.id"), nullable=False),
        sa.Column("by_id", sa.Integer(), sa.ForeignKey("users.id"), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("response", sa.Text(), nullable=False),
        sa.Column("action_taken", sa.Text(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("disagrees", sa.Boolean(), nullable=False),
    )
    op.create_index("ix_action_responses_action_id", "action_responses", ["action_id"])


def downgrade():
    op.drop_index("ix_action_responses_action_id", table_name="action_responses")
    op.drop_table("action_responses")
    op.drop_table("police_suites")
