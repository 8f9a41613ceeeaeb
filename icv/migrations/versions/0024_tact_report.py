"""TACT questions per person held under the Terrorism Act (format 2), and the figures'
TACT counts per report (tact_visits, tact_detainees, tact_interviewed)

Revision ID: 0024_tact_report
Revises: 0023_reviewer_copies
Create Date: 2026-12-02 07:10:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0024_tact_report"
down_revision = "0023_reviewer_copies"
branch_labels = None
depends_on = None

CODES = ("tact_access", "tact_staff_presence")
FLAGS = ("tact_recordings_reviewed", "tact_recordings_concern", "tact_welfare_concern")
NOTES = {"tact_access_note": 500, "tact_recordings_note": 500,
         "tact_recordings_concern_note": 200, "tact_welfare_concern_note": 200}  # fmt: skip
COUNTS = ("tact_visits", "tact_detainees", "tact_interviewed")


def upgrade():
    # NULL (codes, yes/no) and "" (notes) are "not recorded", as for format 2's other answers.
    with op.batch_alter_table("detainee_records") as batch:
        for name in CODES:
            batch.add_column(sa.Column(name, sa.String(20), nullable=True))
        for name in FLAGS:
            batch.add_column(sa.Column(name, sa.Boolean(), nullable=True))
        for name, length in NOTES.items():
            batch.add_column(sa.Column(name, sa.String(length), server_default="", nullable=False))
    # No report held anyone under TACT before this (held_under_tact came in 0018 with no
    # question asking it), so 0 is every stored report's count: nothing to rewrite.
    with op.batch_alter_table("visit_report_figures") as batch:
        for name in COUNTS:
            batch.add_column(sa.Column(name, sa.SmallInteger(), nullable=False, server_default="0"))


def downgrade():
    with op.batch_alter_table("visit_report_figures") as batch:
        for name in COUNTS:
            batch.drop_column(name)
    with op.batch_alter_table("detainee_records") as batch:
        for name in (*NOTES, *FLAGS, *CODES):
            batch.drop_column(name)
