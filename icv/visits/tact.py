"""Reports on a visit to someone held under the Terrorism Act 2000 s.41 (TACT).

Only visitors with TACT training valid on the day of the visit may report on such a person
(the Code of Practice: only specially trained visitors make TACT visits). The phone checks
the same offline from the training spans in its reference data (icv.sync.reference).
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from icv.dates import iso
from icv.models import TACT_COURSE, TrainingRecord, User
from icv.visits.models import DetaineeRecord, VisitReport
from icv.visits.report_format import has_tact_detainee

__all__ = [
    "has_tact_detainee",
    "held_under_tact",
    "report_has_tact_detainee",
    "stored_report_has_tact_detainee",
    "tact_spans",
    "tact_trained_on",
]


def held_under_tact(row: DetaineeRecord) -> bool:
    """has_tact_detainee's test of one stored person: recorded as held under s.41."""
    return row.held_under_tact is True


def stored_report_has_tact_detainee(report: VisitReport) -> bool:
    """has_tact_detainee of a stored report, from its rows."""
    return any(held_under_tact(row) for row in report.detainees)


def report_has_tact_detainee() -> sa.ColumnElement[bool]:
    """has_tact_detainee in SQL: the VisitReport has a person held under TACT."""
    return sa.exists().where(
        DetaineeRecord.report_id == VisitReport.id, DetaineeRecord.held_under_tact.is_(True)
    )


def tact_spans(records: list[TrainingRecord]) -> list[list[str | None]]:
    """Each TACT training's first and last valid day (ISO; null: it does not expire), as the
    phone gets them."""
    return [
        [iso(record.completed_on), iso(record.last_valid_day)]
        for record in records
        if record.course_code == TACT_COURSE
        and (record.last_valid_day is None or record.last_valid_day >= record.completed_on)
    ]


def tact_trained_on(user: User, day: date) -> bool:
    return any(
        record.course_code == TACT_COURSE
        and record.completed_on <= day
        and (record.last_valid_day is None or day <= record.last_valid_day)
        for record in user.trainings
    )
