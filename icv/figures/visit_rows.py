"""One row per visit, without personal data: no names, custody numbers or free text.

For analysts who want to cut the figures their own way. Per-visit counts come from each
report's summary row (models.py), so the people and suite-condition rows are not read.
"""

from __future__ import annotations

import sqlalchemy as sa

from icv.dates import iso, scheme_date
from icv.extensions import db
from icv.figures.localtime import weekday_name
from icv.figures.models import COUNTS
from icv.figures.models import report_figures as summary
from icv.figures.periods import Period, split
from icv.figures.queries import Scope, _piece_of_time, _summaries_in
from icv.models import Panel, Suite
from icv.visits import vocabulary
from icv.visits.models import VisitReport

report = VisitReport
REASONS = [f"unavailable_{code}" for code in vocabulary.UNAVAILABLE_REASONS]
COLUMNS = [
    "report_id", "quarter", "date", "weekday", "time_band", "panel", "suite", "on_rota",
    "visit_mode", "minutes_delayed", "access_refused", "detainees_in_custody",
    "detainees_interviewed", "detainees_declined", "detainees_unavailable", *REASONS,
    "juveniles", "vulnerable_adults", "rating", "follow_up_needed", "suite_concerns",
    "allegations",
]  # fmt: skip
COUNTED = [name for name in COLUMNS if name in COUNTS]  # straight from the summary row


def visit_rows(period: Period, scope: Scope) -> list[dict]:
    pieces = split(period, "quarter")
    concerns = sum(
        (summary.c[f"concern_{code}"] for code in vocabulary.SUITE_CONDITIONS), sa.literal(0)
    )
    query = (
        sa.select(
            report.uuid.label("report_id"),
            _piece_of_time(summary.c.arrived_at, pieces).label("piece"),
            summary.c.arrived_at,
            summary.c.weekday,
            summary.c.band.label("time_band"),
            Panel.name.label("panel"),
            Suite.name.label("suite"),
            report.scheduled_visit_id,
            report.visit_mode,
            report.delay_minutes,
            report.admitted_at,
            report.rating,
            report.follow_up_needed,
            *[summary.c[name] for name in COUNTED],
            concerns.label("suite_concerns"),
        )
        .join(report, report.id == summary.c.report_id)
        .join(Suite, Suite.id == summary.c.suite_id)
        .join(Panel, Panel.id == Suite.panel_id)
        .where(*_summaries_in(summary, period, scope))
        .order_by(summary.c.arrived_at, summary.c.report_id)
    )
    return [_shape(row, pieces) for row in db.session.execute(query).mappings()]


def _shape(row, pieces) -> dict:
    shaped = {key: row[key] for key in COLUMNS if key in row}
    shaped.update(
        quarter=pieces[row["piece"]].label,
        date=iso(scheme_date(row["arrived_at"])),
        weekday=weekday_name(row["weekday"]),
        on_rota=row["scheduled_visit_id"] is not None,
        minutes_delayed=row["delay_minutes"] or 0,
        access_refused=row["admitted_at"] is None,
    )
    return {key: shaped[key] for key in COLUMNS}
