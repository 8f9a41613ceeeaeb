"""One row per visit, without personal data: no names, custody numbers or free text.

For analysts who want to cut the figures their own way. Counts per visit come from GROUP BY
over the people and suite-condition rows of the period's reports.
"""

from __future__ import annotations

from datetime import UTC

import sqlalchemy as sa

from icv.extensions import db
from icv.figures.localtime import band_of_hour, london_hour, london_weekday
from icv.figures.periods import LONDON, Period, split
from icv.figures.queries import Scope, _count, _piece_of_time, _reports_in
from icv.models import WEEKDAYS, Panel, Suite
from icv.visits import vocabulary
from icv.visits.models import ConditionCheck, DetaineeRecord, VisitReport

report, person = VisitReport, DetaineeRecord
COLUMNS = [
    "report_id", "quarter", "date", "weekday", "time_band", "panel", "suite", "on_rota",
    "visit_mode", "minutes_delayed", "access_refused", "detainees_in_custody",
    "detainees_interviewed", "detainees_declined", "detainees_unavailable",
    *[f"unavailable_{code}" for code in vocabulary.UNAVAILABLE_REASONS],
    "juveniles", "vulnerable_adults", "rating", "follow_up_needed", "suite_concerns",
    "allegations",
]  # fmt: skip


def _people(period: Period, scope: Scope):
    reasons = [_count(person.unavailable_reason == code).label(f"unavailable_{code}")
               for code in vocabulary.UNAVAILABLE_REASONS]  # fmt: skip
    return (
        sa.select(
            person.report_id,
            _count(person.outcome == "interviewed").label("detainees_interviewed"),
            _count(person.outcome == "declined").label("detainees_declined"),
            _count(person.outcome == "unavailable").label("detainees_unavailable"),
            _count(person.allegation != "").label("allegations"),
            *reasons,
        )
        .join(report, person.report_id == report.id)
        .where(*_reports_in(period, scope))
        .group_by(person.report_id)
        .subquery()
    )


def _concerns(period: Period, scope: Scope):
    return (
        sa.select(ConditionCheck.report_id, sa.func.count().label("suite_concerns"))
        .join(report, ConditionCheck.report_id == report.id)
        .where(ConditionCheck.rating == "concern", *_reports_in(period, scope))
        .group_by(ConditionCheck.report_id)
        .subquery()
    )


def visit_rows(period: Period, scope: Scope) -> list[dict]:
    pieces = split(period, "quarter")
    people, concerns = _people(period, scope), _concerns(period, scope)
    counted = [c for c in people.c if c.key != "report_id"]
    query = (
        sa.select(
            report.uuid.label("report_id"),
            _piece_of_time(report.arrived_at, pieces).label("piece"),
            report.arrived_at,
            london_weekday(report.arrived_at).label("weekday"),
            band_of_hour(london_hour(report.arrived_at)).label("time_band"),
            Panel.name.label("panel"),
            Suite.name.label("suite"),
            report.scheduled_visit_id,
            report.visit_mode,
            report.delay_minutes,
            report.admitted_at,
            report.detainees_in_custody,
            report.juveniles,
            report.vulnerable_adults,
            report.rating,
            report.follow_up_needed,
            *[sa.func.coalesce(column, 0).label(column.key) for column in counted],
            sa.func.coalesce(concerns.c.suite_concerns, 0).label("suite_concerns"),
        )
        .join(Suite, Suite.id == report.suite_id)
        .join(Panel, Panel.id == Suite.panel_id)
        .outerjoin(people, people.c.report_id == report.id)
        .outerjoin(concerns, concerns.c.report_id == report.id)
        .where(*_reports_in(period, scope))
        .order_by(report.arrived_at, report.id)
    )
    return [_shape(row, pieces) for row in db.session.execute(query).mappings()]


def _shape(row, pieces) -> dict:
    arrived = row["arrived_at"]
    if arrived.tzinfo is None:  # SQLite gives back naive UTC
        arrived = arrived.replace(tzinfo=UTC)
    shaped = {key: row[key] for key in COLUMNS if key in row}
    shaped.update(
        quarter=pieces[row["piece"]].label,
        date=arrived.astimezone(LONDON).date().isoformat(),
        weekday=WEEKDAYS[row["weekday"]],
        on_rota=row["scheduled_visit_id"] is not None,
        minutes_delayed=row["delay_minutes"] or 0,
        access_refused=row["admitted_at"] is None,
    )
    return {key: shaped[key] for key in COLUMNS}
