"""Receiving a visit report exactly once, and reading it back in the shape it was sent.

Idempotency rests on the UNIQUE constraint on `visit_reports.uuid`, not on a look-up: two
copies racing in at once both try to insert, the database lets one win, and the loser rolls
back, re-reads the winner and compares bodies.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from icv import policy
from icv.audit import record
from icv.dates import day_and_time, iso, parse_moment
from icv.extensions import db
from icv.models import Suite, User
from icv.rota.models import ScheduledVisit, VisitStatus
from icv.visits import vocabulary
from icv.visits.events import report_stored
from icv.visits.models import ConditionCheck, DetaineeRecord, ReportVisitor, VisitReport
from icv.visits.report_format import PERSON_FIELD_NAMES
from icv.visits.validation import DUPLICATE_VISIT, body_hash, normalise, validate_report

CREATED, SAME, FORBIDDEN, CONFLICT, INVALID = 201, 200, 403, 409, 422


@dataclass
class Receipt:
    status: int  # CREATED, SAME, FORBIDDEN, CONFLICT or INVALID
    report: VisitReport | None = None
    errors: dict | None = None  # for INVALID and FORBIDDEN: {"path": ["message"]}
    message: str = ""  # for CONFLICT: what happened and what to do


def receive_report(uuid: str, body, user: User) -> Receipt:
    """Store a report sent by a phone (or imported); safe to call again with the same body."""
    existing = find_report(uuid)
    if existing is not None:
        return _compare(existing, body, user)
    checked = validate_report(body, user)
    if checked.errors:
        return Receipt(FORBIDDEN if checked.forbidden else INVALID, errors=checked.errors)
    clean = checked.report
    # No amendments yet, said here: the answer lists them, and reading that after the commit
    # took a second connection and transaction.
    report = VisitReport(
        uuid=uuid, submitted_by=user, body=clean, body_hash=body_hash(clean), amendments=[]
    )
    apply_body(report, clean)
    db.session.add(report)
    mark_visit_made(report)
    record("created", "report", uuid, "report received", actor=user)
    if not commit_with_derived(report, report_stored):
        # someone else stored this uuid (or this visit) a moment ago
        existing = find_report(uuid)
        if existing is not None:
            return _compare(existing, body, user)
        taken_by = _report_of_visit(clean["scheduled_visit_id"])
        if taken_by is None:
            raise  # not a race this function knows about
        message = DUPLICATE_VISIT.format(name=taken_by.submitted_by.name)
        return Receipt(INVALID, errors={"scheduled_visit_id": [message]})
    return Receipt(CREATED, report)


def commit_with_derived(report: VisitReport, event) -> bool:
    """Send `event` (icv.visits.events) so that the rows derived from the report (follow-up
    actions, the figures' summary) join its transaction, then commit them all together.
    False: the database refused it (a unique key taken a moment ago); all was rolled back."""
    try:
        event.send(report)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return False
    return True


def _compare(existing: VisitReport, body, user: User) -> Receipt:
    if not policy.can_view_report(user, existing):
        message = gettext("A different report was already sent with this id.")
        return Receipt(CONFLICT, message=message)
    checked = normalise(body, kept_rank=existing.delay_authorised_by_rank)
    if checked.report is not None and body_hash(checked.report) == existing.body_hash:
        return Receipt(SAME, existing)
    received = day_and_time(existing.received_at)
    return Receipt(
        CONFLICT,
        existing,
        message=gettext(
            "A different report with this id was received on %(received)s. "
            "Nothing was changed. To correct a sent report, send an amendment with a reason.",
            received=received,
        ),
    )


def _report_of_visit(visit_id: int | None) -> VisitReport | None:
    if visit_id is None:
        return None
    return db.session.scalar(
        sa.select(VisitReport).where(VisitReport.scheduled_visit_id == visit_id)
    )


def find_report(uuid: str) -> VisitReport | None:
    return db.session.scalar(sa.select(VisitReport).where(VisitReport.uuid == uuid))


def mark_visit_made(report: VisitReport) -> None:
    if report.scheduled_visit is not None:
        report.scheduled_visit.status = VisitStatus.MADE


def reports_since(user: User, since: datetime | None, limit: int = 500) -> list[VisitReport]:
    """The user's own reports (visited or sent), oldest first, received or amended since."""
    query = policy.own_reports_query(user).order_by(VisitReport.received_at).limit(limit)
    if since is not None:
        query = query.where(sa.or_(VisitReport.received_at > since, VisitReport.amended_at > since))
    return list(db.session.scalars(query))


# --- between the canonical body and the rows ------------------------------------------------


def apply_body(report: VisitReport, clean: dict) -> None:
    """Set the report's columns and rows from a clean body (new report or amendment)."""
    if report.id is not None:  # amending: old rows go first, their unique keys are reused
        report.visitors, report.detainees, report.conditions = [], [], []
        db.session.flush()
    delay = clean["delay"] or {}
    report.suite = db.session.get(Suite, clean["suite_id"])
    visit_id = clean["scheduled_visit_id"]
    report.scheduled_visit = None if visit_id is None else db.session.get(ScheduledVisit, visit_id)
    report.format_version = clean["format_version"]
    for key in SIMPLE_FIELDS:
        setattr(report, key, clean[key])
    for key in ("arrived_at", "admitted_at", "departed_at"):
        setattr(report, key, parse_moment(clean[key]))
    report.delay_minutes = delay.get("minutes")
    report.delay_reason = delay.get("reason", "")
    report.delay_authorised_by_rank = delay.get("authorised_by_rank", "")
    trainees = set(clean["trainee_ids"])
    report.visitors = [
        ReportVisitor(user_id=uid, is_trainee=uid in trainees) for uid in clean["visitor_ids"]
    ]
    report.detainees = [
        DetaineeRecord(position=index, **row) for index, row in enumerate(clean["detainees"])
    ]
    report.conditions = [  # an item left unchecked needs no row: missing means not checked
        ConditionCheck(code=code, rating=item["rating"], note=item["note"])
        for code, item in clean["conditions"].items()
        if item != NOT_CHECKED
    ]


NOT_CHECKED = {"rating": "not_checked", "note": ""}
SIMPLE_FIELDS = (
    "visit_mode",
    "not_completed_reason",
    "detainees_in_custody",
    "juveniles",
    "vulnerable_adults",
    "raised_with_sergeant",
    "sergeant_response",
    "rating",
    "positive_findings",
    "follow_up_needed",
    "follow_up_note",
)
ROW_FIELDS = (
    "custody_number",
    "outcome",
    "unavailable_reason",
    "unavailable_other",
    "checks",
    "allegation",
    "issues_raised",
    "action_taken",
    "raised_with_staff",
    "follow_up",
)
ROW_FIELDS_BY_FORMAT = {1: ROW_FIELDS, 2: ROW_FIELDS + PERSON_FIELD_NAMES}


def report_body(report: VisitReport) -> dict:
    """The current version as a canonical body: equal to what validation returns."""
    delay = None
    if report.delay_minutes is not None:
        delay = {
            "minutes": report.delay_minutes,
            "reason": report.delay_reason,
            "authorised_by_rank": report.delay_authorised_by_rank,
        }
    conditions = {item.code: item for item in report.conditions}
    body = {
        "format_version": report.format_version,
        "suite_id": report.suite_id,
        "scheduled_visit_id": report.scheduled_visit_id,
        "visitor_ids": sorted(v.user_id for v in report.visitors),
        "trainee_ids": sorted(v.user_id for v in report.visitors if v.is_trainee),
        "arrived_at": iso(report.arrived_at),
        "admitted_at": iso(report.admitted_at),
        "departed_at": iso(report.departed_at),
        "delay": delay,
        "detainees": [
            {key: getattr(row, key) for key in ROW_FIELDS_BY_FORMAT[report.format_version]}
            for row in report.detainees
        ],
        "conditions": {
            code: {
                "rating": conditions[code].rating if code in conditions else "not_checked",
                "note": conditions[code].note if code in conditions else "",
            }
            for code in vocabulary.SUITE_CONDITIONS
        },
    }
    body.update({key: getattr(report, key) for key in SIMPLE_FIELDS})
    return body
