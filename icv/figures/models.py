"""The figures' summary of each visit report: what it adds to every count, kept with the report.

A year at national scale is about 42,000 reports but 420,000 people rows and 83,000 visitor
rows. The figures read these two tables instead (docs/figures.md): one row per report holding
its contribution to each additive measure (a flag is 0 or 1, a count is a count), and one row
per (report, volunteer) carrying the report's time and suite, so "different volunteers" is a
range scan. Both are derived data: summary.py writes them in the same transaction as the
report (receipt and amendment), and rebuilds them in SQL for reports that have none.

Plain tables (written and read with Core statements in bulk): nothing holds them as objects.
"""

from __future__ import annotations

import sqlalchemy as sa

from icv.dates import UTCDateTime
from icv.extensions import db
from icv.figures.measures import (
    ISSUE_MEASURES,
    PEOPLE_MEASURES,
    PERSON_MEASURES,
    REASON_MEASURES,
    TACT_MEASURES,
)

# What one report adds to each measure; named as the measures, so sums need no mapping.
# visits_made is the row itself (count(*)); rota visits' scheduling and actions are not here.
VISIT_FLAGS = ("visits_rota_made", "visits_ad_hoc", "visits_remote", "visits_refused_entry",
               "visits_delayed", "visits_satisfactory", "visits_follow_up")  # fmt: skip
# DETAIL_ONLY last: without detail, report_counts leaves them off the end of a cell.
COUNTS = (*VISIT_FLAGS, *PEOPLE_MEASURES, *REASON_MEASURES, *PERSON_MEASURES, *TACT_MEASURES,
          *ISSUE_MEASURES)  # fmt: skip
DETAIL_ONLY = tuple(ISSUE_MEASURES)  # the page and downloads only, not the API


def _report_key() -> sa.Column:
    return sa.Column(
        "report_id", sa.ForeignKey("visit_reports.id", ondelete="CASCADE"), primary_key=True
    )


report_figures = sa.Table(
    "visit_report_figures",
    db.metadata,
    _report_key(),
    sa.Column("suite_id", sa.ForeignKey("suites.id"), nullable=False),
    sa.Column("arrived_at", UTCDateTime, nullable=False),
    # Europe/London day of week (0 = Monday) and time band, for the heat map.
    sa.Column("weekday", sa.SmallInteger, nullable=False),
    sa.Column("band", sa.String(10), nullable=False),
    *[sa.Column(name, sa.SmallInteger, nullable=False) for name in COUNTS],
    # A period's reports by time; heap rows are small and arrive in time order.
    sa.Index("ix_visit_report_figures_arrived_at", "arrived_at", "suite_id"),
)

figure_visitors = sa.Table(
    "visit_report_figure_visitors",
    db.metadata,
    _report_key(),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
    sa.Column("suite_id", sa.ForeignKey("suites.id"), nullable=False),
    sa.Column("arrived_at", UTCDateTime, nullable=False),
    # Covering: volunteers are counted from the index alone.
    sa.Index("ix_visit_report_figure_visitors_arrived_at", "arrived_at", "suite_id", "user_id"),
)
