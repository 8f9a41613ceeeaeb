"""reviewer copies: the Independent Reviewer's copy of each report with a TACT detainee, its
reference and whether it was sent (issue 16)

Revision ID: 0023_reviewer_copies
Revises: 0022_expenses
Create Date: 2026-12-02 07:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0023_reviewer_copies"
down_revision = "0022_expenses"
branch_labels = None
depends_on = None


def upgrade():
    # A new table only: reports stored before this have no copy (none had a TACT detainee:
    # held_under_tact is new in 0018).
    op.create_table(
        "reviewer_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=30), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sent_how", sa.String(length=20), nullable=True),
        sa.Column("sent_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["visit_reports.id"],
            name=op.f("fk_reviewer_copies_report_id_visit_reports"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["sent_by_id"],
            ["users.id"],
            name=op.f("fk_reviewer_copies_sent_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviewer_copies")),
        sa.UniqueConstraint("reference", name=op.f("uq_reviewer_copies_reference")),
        sa.UniqueConstraint("report_id", name=op.f("uq_reviewer_copies_report_id")),
    )


def downgrade():
    op.drop_table("reviewer_copies")
