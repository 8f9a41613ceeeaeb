"""figures: covering indexes for the annual figures (aggregation stays in the database)

Revision ID: 0008_figures_indexes
Revises: 0007_audit_events
Create Date: 2026-11-27 19:00:00

"""

from alembic import op

# revision identifiers, used by Alembic.
revision = "0008_figures_indexes"
down_revision = "0007_audit_events"
branch_labels = None
depends_on = None

# Why each index exists: docs/figures.md. Plain composite indexes (no INCLUDE) so SQLite and
# PostgreSQL get the same ones and the models (icv/visits/models.py) describe them exactly.
# Every column the figures read from a report, so they never read the report rows (which
# carry the whole JSON body): ordered by time, then what groups and counts.
REPORTS = ["arrived_at", "suite_id", "id", "scheduled_visit_id", "detainees_in_custody",
           "juveniles", "vulnerable_adults", "delay_minutes", "admitted_at", "rating",
           "visit_mode", "follow_up_needed"]  # fmt: skip


def upgrade():
    # Checked by hand: indexes only, no data change; safe to run on a live database.
    op.create_index(
        "ix_detainee_records_figures",
        "detainee_records",
        ["report_id", "outcome", "unavailable_reason"],
    )
    op.create_index("ix_visit_reports_figures", "visit_reports", REPORTS)
    op.create_index(
        "ix_scheduled_visits_window_starts_on", "scheduled_visits", ["window_starts_on"]
    )


def downgrade():
    op.drop_index("ix_scheduled_visits_window_starts_on", table_name="scheduled_visits")
    op.drop_index("ix_visit_reports_figures", table_name="visit_reports")
    op.drop_index("ix_detainee_records_figures", table_name="detainee_records")
