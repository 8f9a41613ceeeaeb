"""figures summary: format 2's counts per report (sex, age band, offered a visit, appropriate
adult, interpreter, mental health, strip search, safety clothing, force, custody records)

Revision ID: 0017_figures_format_2
Revises: 0016_training_and_tact_suites
Create Date: 2026-12-02 05:05:00

"""

import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0017_figures_format_2"
down_revision = "0016_training_and_tact_suites"
branch_labels = None
depends_on = None

FIGURES, VISITORS = "visit_report_figures", "visit_report_figure_visitors"
# The columns as this migration adds them (icv.figures.measures.PERSON_MEASURES then).
SEXES = ("female", "male", "other", "not_recorded")
AGE_BANDS = ("under_16", "16_17", "adult", "not_recorded")
GROUPS = ("in_custody", "offered", "interviewed")
ANSWERS = ("not_needed", "needed_present", "needed_not_present", "not_known")
INTERPRETER = ("not_needed", "needed_provided", "needed_not_provided", "not_known")
FINDINGS = ("risk_assessment", "rights_given", "reviews_on_time", "observation_level",
            "meals_drinks", "legal_advice")  # fmt: skip
NEW = [
    *[f"sex_{code}_{group}" for code in SEXES for group in GROUPS],
    *[f"age_{code}_{group}" for code in AGE_BANDS for group in GROUPS],
    *[f"appropriate_adult_{code}" for code in ANSWERS],
    *[f"interpreter_{code}" for code in INTERPRETER],
    "offered_visit", "mental_health_concerns", "strip_searches", "safety_clothing",
    "force_reported", "custody_records_examined",
    *[f"custody_record_concern_{code}" for code in FINDINGS],
]  # fmt: skip


def upgrade():
    # Checked by hand: new count columns (0 until rewritten), then every summary is written
    # again by the app's SQL (reports received since 0014 may hold format-2 answers).
    # Derived data only: downgrade drops the columns.
    with op.batch_alter_table(FIGURES) as batch:
        for name in NEW:
            batch.add_column(sa.Column(name, sa.SmallInteger(), nullable=False, server_default="0"))
    backfill(op.get_bind())


def backfill(connection) -> None:
    """Every stored report's summary written again by the app's SQL (icv.figures.summary),
    for the columns the table has now."""
    from icv.figures.summary import write_missing

    figures = sa.Table(FIGURES, sa.MetaData(), autoload_with=connection)
    visitors = sa.Table(VISITORS, sa.MetaData(), autoload_with=connection)
    connection.execute(sa.delete(visitors))
    connection.execute(sa.delete(figures))
    write_missing(connection, figures, visitors)


def downgrade():
    with op.batch_alter_table(FIGURES) as batch:
        for name in NEW:
            batch.drop_column(name)
