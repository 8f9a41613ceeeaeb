"""figures: a summary row per visit report (and per report x volunteer), backfilled in SQL

Revision ID: 0010_figures_summary
Revises: 0009_suite_open_periods
Create Date: 2026-11-28 12:00:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_figures_summary"
down_revision = "0009_suite_open_periods"
branch_labels = None
depends_on = None

# The summary's columns as this migration creates them (icv/figures/models.py): what one
# report adds to each additive measure of the figures. Why: docs/figures.md.
COUNTS = [
    "visits_rota_made", "visits_ad_hoc", "visits_remote", "visits_refused_entry",
    "visits_delayed", "visits_satisfactory", "visits_follow_up", "detainees_in_custody",
    "detainees_interviewed", "detainees_declined", "detainees_unavailable", "juveniles",
    "vulnerable_adults", "unavailable_asleep", "unavailable_in_police_interview",
    "unavailable_with_solicitor", "unavailable_at_hospital", "unavailable_at_court_or_in_transfer",
    "unavailable_being_booked_in_or_released", "unavailable_intoxicated",
    "unavailable_risk_assessed_unsafe", "unavailable_receiving_healthcare", "unavailable_other",
    "allegations", "detainee_follow_ups", "issues_raised_with_staff", "concern_cleanliness",
    "concern_heating", "concern_lighting", "concern_ventilation", "concern_cell_call_bells",
    "concern_cctv_privacy", "concern_ligature_points_and_damage", "concern_maintenance",
    "concern_medical_room", "concern_kitchen_and_food_stocks", "concern_supplies",
    "concern_safety_hazards",
]  # fmt: skip
FIGURES, VISITORS = "visit_report_figures", "visit_report_figure_visitors"


def _report_key(table: str) -> list:
    return [
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["report_id"], ["visit_reports.id"], ondelete="CASCADE",
                                name=op.f(f"fk_{table}_report_id_visit_reports")),
    ]  # fmt: skip


def _time_and_suite(table: str) -> list:
    return [
        sa.Column("suite_id", sa.Integer(), nullable=False),
        sa.Column("arrived_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["suite_id"], ["suites.id"], name=op.f(f"fk_{table}_suite_id_suites")),
    ]  # fmt: skip


def upgrade():
    # Checked by hand: two new tables, then one INSERT ... SELECT each for every report
    # already stored (people and suite-condition rows counted by GROUP BY report in the
    # database, no Python loop). Derived data only: downgrade drops it, upgrade rebuilds it.
    op.create_table(
        FIGURES,
        *_report_key(FIGURES),
        *_time_and_suite(FIGURES),
        sa.Column("weekday", sa.SmallInteger(), nullable=False),
        sa.Column("band", sa.String(length=10), nullable=False),
        *[sa.Column(name, sa.SmallInteger(), nullable=False) for name in COUNTS],
        sa.PrimaryKeyConstraint("report_id", name=op.f(f"pk_{FIGURES}")),
    )
    op.create_index("ix_visit_report_figures_arrived_at", FIGURES, ["arrived_at", "suite_id"])
    op.create_table(
        VISITORS,
        *_report_key(VISITORS),
        sa.Column("user_id", sa.Integer(), nullable=False),
        *_time_and_suite(VISITORS),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f(f"fk_{VISITORS}_user_id_users")),
        sa.PrimaryKeyConstraint("report_id", "user_id", name=op.f(f"pk_{VISITORS}")),
    )  # fmt: skip
    op.create_index(
        "ix_visit_report_figure_visitors_arrived_at",
        VISITORS,
        ["arrived_at", "suite_id", "user_id"],
    )
    backfill(op.get_bind())


def backfill(connection) -> None:
    """Every stored report's summary, written by the same SQL the app uses at receipt
    (icv.figures.summary), for the columns this migration made."""
    from icv.figures.summary import write_missing

    figures = sa.table(FIGURES, *[sa.column(name) for name in
                                  ["report_id", "suite_id", "arrived_at", "weekday", "band", *COUNTS]])  # fmt: skip
    visitors = sa.table(VISITORS, *[sa.column(name) for name in
                                    ["report_id", "user_id", "suite_id", "arrived_at"]])  # fmt: skip
    write_missing(connection, figures, visitors)


def downgrade():
    op.drop_index("ix_visit_report_figure_visitors_arrived_at", table_name=VISITORS)
    op.drop_table(VISITORS)
    op.drop_index("ix_visit_report_figures_arrived_at", table_name=FIGURES)
    op.drop_table(FIGURES)
