"""Retention: anonymise detainee-level text in old reports; purge long-gone volunteers' details.

Figures never change: counts, outcomes, reason codes, checklists, ratings and dates stay.
Free text that was written is replaced by REMOVED (never emptied), so "was an allegation
made?" (counted as text that is not empty) keeps its answer. Both jobs are idempotent: a
second run finds nothing left to do. See docs/data-protection.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time

import sqlalchemy as sa

from icv.actions.models import Action, ActionEvent, Category, Status
from icv.audit.trail import record
from icv.dates import utcnow
from icv.extensions import db
from icv.models import Role, User
from icv.notifications.models import Notification
from icv.recruitment.models import Application, DiversityAnswers, Stage
from icv.rota.models import VisitAnswer
from icv.visits.models import ReportAmendment, VisitReport
from icv.volunteering.models import Appraisal, TimeGiven

REMOVED = "[removed]"
# Detainee-level text: per person, and every free text of the report that may describe one.
ROW_TEXT = (
    *("custody_number", "unavailable_other", "allegation", "issues_raised", "action_taken"),
    # Format 2's notes and the language (a rare one may tell who the person was); their
    # codes and yes/no answers stay, so the figures keep counting them.
    *("language", "strip_searched_note", "safety_clothing_note", "force_reported_note"),
    "custody_record_note",
    # The TACT answers' notes (issue 16): a delay's reason, the recordings, health concerns.
    *("tact_access_note", "tact_recordings_note", "tact_recordings_concern_note"),
    "tact_welfare_concern_note",
)
REPORT_TEXT = (
    "not_completed_reason",
    "raised_with_sergeant",
    "sergeant_response",
    "positive_findings",
    "follow_up_note",
)
DETAINEE_CATEGORIES = (Category.ALLEGATION, Category.DETAINEE_ISSUE, Category.FOLLOW_UP)
EVENT_TEXT = ("detail", "summary", "custody_number")  # timeline changes that copied such text
# What an action about one person may say about them (besides its custody number).
ACTION_TEXT = ("summary", "police_response", "closed_reason")

# Every text column of the report tables (and the actions made from reports), anonymised or
# kept: tests/audit/test_retention.py fails when a new one is in neither.
ANONYMISED_COLUMNS = {
    "visit_reports": {*REPORT_TEXT, "body"},
    "detainee_records": set(ROW_TEXT),
    "report_amendments": {"reason", "before", "after"},
    "action_sources": {"detail"},
    "actions": {"custody_number", *ACTION_TEXT},
    "action_events": {"changes", "note"},
}
# Codes, ids, hashes, ranks and names of staff; and what the suite and the door were like
# (delays and conditions), which their actions keep too (see anonymise_action).
KEPT_COLUMNS = {
    "visit_reports": {
        *("uuid", "visit_mode", "rating", "body_hash"),
        *("delay_reason", "delay_authorised_by_rank"),
    },
    "detainee_records": {
        *("outcome", "unavailable_reason", "checks", "sex", "age_band"),
        *("appropriate_adult", "interpreter", "custody_record_findings"),
        *("tact_access", "tact_staff_presence"),  # codes, as the others
    },
    "condition_checks": {"code", "rating", "note"},
    "action_sources": {"kind", "item_key"},
    "actions": {"category", "owner", "owner_other", "status", "police_responder"},
    "action_events": {"kind"},
    "visit_report_figures": {"band"},
    # The Reviewer's copy (icv.tact): codes only; its PDF is drawn from the report, so once
    # the report is anonymised the copy is too.
    "reviewer_copies": {"reference", "state", "sent_how"},
}
# Expenses claims (issue 18) name a visit but hold no detainee data: each is deleted whole
# RETENTION_EXPENSE_YEARS after the cost (icv.expenses.claims.scheduled_retention).
KEPT_COLUMNS["expense_claims"] = {
    *("uuid", "kind", "meeting", "start_place", "end_place", "description", "status"),
    *("receipt_name", "receipt_type", "return_reason"),
}
PLACEHOLDER_DOMAIN = "purged.invalid"  # .invalid never resolves: no mail can reach it


@dataclass
class Outcome:
    reports: list[str] = field(default_factory=list)  # uuids anonymised
    actions: list[int] = field(default_factory=list)
    volunteers: list[int] = field(default_factory=list)
    applications: list[int] = field(default_factory=list)  # deleted (recruitment)

    def __str__(self) -> str:
        return (
            f"{len(self.reports)} reports anonymised, {len(self.actions)} actions anonymised, "
            f"{len(self.volunteers)} former volunteers purged, "
            f"{len(self.applications)} applications not taken forward deleted"
        )


def years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def scrub(value):
    """Text that was written becomes REMOVED; empty stays empty; anything else is kept."""
    return REMOVED if isinstance(value, str) and value.strip() else value


def scrub_body(body: dict | None) -> dict | None:
    """A report body (as received, or an amendment's before/after) without detainee text."""
    if not isinstance(body, dict):
        return body
    clean = {k: scrub(v) if k in REPORT_TEXT else v for k, v in body.items()}
    rows = body.get("detainees")
    if isinstance(rows, list):
        clean["detainees"] = [
            {k: scrub(v) if k in ROW_TEXT else v for k, v in row.items()}
            if isinstance(row, dict)
            else row
            for row in rows
        ]
    return clean


def run(today: date, config, *, dry_run: bool = False) -> Outcome:
    """Everything retention does, in one transaction (rolled back for a dry run)."""
    detainee_cutoff = years_before(today, int(config["RETENTION_DETAINEE_YEARS"]))
    volunteer_cutoff = years_before(today, int(config["RETENTION_DEACTIVATED_VOLUNTEER_YEARS"]))
    outcome = Outcome(
        reports=anonymise_reports(detainee_cutoff),
        actions=anonymise_actions(detainee_cutoff),
        volunteers=purge_volunteers(volunteer_cutoff),
        applications=delete_applications(
            months_before(today, int(config["RETENTION_APPLICATION_MONTHS"]))
        ),
    )
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return outcome


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def anonymise_reports(cutoff: date) -> list[str]:
    """Reports of visits before `cutoff` not yet anonymised (arrived_at is the visit's time)."""
    query = sa.select(VisitReport).where(
        VisitReport.arrived_at < _start_of(cutoff),
        sa.or_(
            VisitReport.anonymised_at.is_(None),
            # Anonymised before amendment reasons and the rest of the free text were.
            VisitReport.amendments.any(ReportAmendment.reason != REMOVED),
            VisitReport.positive_findings.not_in(["", REMOVED]),
            VisitReport.not_completed_reason.not_in(["", REMOVED]),
        ),
    )
    done = []
    for report in db.session.scalars(query.order_by(VisitReport.id)).all():
        anonymise_report(report)
        done.append(report.uuid)
    return done


def anonymise_report(report: VisitReport) -> None:
    """body_hash is kept: it is the hash of what was received, so a phone resending that
    body still gets 200 (the anonymised copy back) and a different body still gets 409."""
    for row in report.detainees:
        for name in ROW_TEXT:
            setattr(row, name, scrub(getattr(row, name)))
    for name in REPORT_TEXT:
        setattr(report, name, scrub(getattr(report, name)))
    report.body = scrub_body(report.body)
    for amendment in report.amendments:
        amendment.reason = scrub(amendment.reason)
        amendment.before, amendment.after = (
            scrub_body(amendment.before),
            scrub_body(amendment.after),
        )
    report.anonymised_at = utcnow()
    record("anonymised", "report", report.uuid, "detainee text and custody numbers removed")


def anonymise_actions(cutoff: date) -> list[int]:
    """Closed actions raised before `cutoff`: custody number, and the text copied from a
    report about one person. Open ones keep it until they are closed (work still needs it)."""
    query = sa.select(Action).where(
        Action.raised_on < cutoff,
        Action.status == Status.CLOSED,
        sa.or_(
            Action.custody_number.not_in(["", REMOVED]),
            sa.and_(
                Action.category.in_(DETAINEE_CATEGORIES),
                sa.or_(*(getattr(Action, name).not_in(["", REMOVED]) for name in ACTION_TEXT)),
            ),
        ),
    )
    done = []
    for action in db.session.scalars(query.order_by(Action.id)).all():
        anonymise_action(action)
        done.append(action.id)
    return done


def anonymise_action(action: Action) -> None:
    action.custody_number = scrub(action.custody_number)
    if action.category in DETAINEE_CATEGORIES:
        for name in ACTION_TEXT:
            setattr(action, name, scrub(getattr(action, name)))
    for source in action.sources:
        if source.kind in DETAINEE_CATEGORIES:
            source.detail = scrub(source.detail)
    _scrub_timeline(action)
    record("anonymised", "action", action.id, "custody number and detainee text removed")


def _scrub_timeline(action: Action) -> None:
    """The timeline is append-only in the application; retention is its one exception, and
    it replaces only copied detainee text (through Core, which the ORM guard does not see)."""
    events = db.session.execute(
        sa.select(ActionEvent.id, ActionEvent.changes, ActionEvent.note).where(
            ActionEvent.action_id == action.id
        )
    ).all()
    table = ActionEvent.__table__
    about_a_person = action.category in DETAINEE_CATEGORIES
    for event_id, changes, note in events:
        copied = any(key in (changes or {}) for key in EVENT_TEXT)
        if not copied and not (about_a_person and scrub(note) != note):
            continue
        clean = {
            key: [scrub(v) for v in value]
            if key in EVENT_TEXT and isinstance(value, list)
            else value
            for key, value in (changes or {}).items()
        }
        values = {"changes": clean if changes is not None else None}
        if about_a_person:
            values["note"] = scrub(note)  # a note on an allegation may describe the person
        db.session.execute(sa.update(table).where(table.c.id == event_id).values(**values))
    db.session.expire(action, ["events"])


def _scrub_change(key: str, value):
    if key in EVENT_TEXT and isinstance(value, list):
        return [scrub(v) for v in value]
    return value


def purge_volunteers(cutoff: date) -> list[int]:
    """Volunteers deactivated before `cutoff`: contact details, availability and dates away go;
    the user row stays (as "Former volunteer #id") so visit history and figures still add up."""
    query = sa.select(User).where(
        User.role == Role.VOLUNTEER,
        User.is_enabled.is_(False),
        User.deactivated_at < _start_of(cutoff),
        User.email.not_like(f"%@{PLACEHOLDER_DOMAIN}"),
    )
    done = []
    for user in db.session.scalars(query.order_by(User.id)).all():
        purge_volunteer(user)
        done.append(user.id)
    return done


def purge_volunteer(user: User) -> None:
    user.name = f"Former volunteer #{user.id}"
    user.email = f"former-volunteer-{user.id}@{PLACEHOLDER_DOMAIN}"
    user.phone = ""
    user.password_hash = None
    user.totp_secret = None
    user.totp_enabled_at = None
    user.availability = []
    user.absences = []
    user.recovery_codes = []
    for token in user.api_tokens:
        token.label = ""
    # Their declines' notes, and messages kept for them in the app (they name them).
    answers = VisitAnswer.__table__
    db.session.execute(sa.update(answers).where(answers.c.user_id == user.id).values(note=""))
    db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
    _purge_service(user)
    record("purged", "user", user.id, "name, email, phone, availability, absences, "
           "appraisals and notes on time given removed")  # fmt: skip


def _purge_service(user: User) -> None:
    """Their appraisals go; their time given stays, without its notes, so the hours
    published for past years still add up (icv.volunteering)."""
    db.session.execute(sa.delete(Appraisal).where(Appraisal.user_id == user.id))
    time_given = TimeGiven.__table__
    db.session.execute(sa.update(time_given).where(time_given.c.user_id == user.id).values(note=""))


# --- recruitment (issue 18): applications not taken forward, with their equality answers ---


def months_before(today: date, months: int) -> date:
    """The same day `months` earlier (or that month's last day, e.g. 31 August -> 28 February)."""
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    return today.replace(year=year, month=month + 1, day=min(today.day, _days_in(year, month + 1)))


def _days_in(year: int, month: int) -> int:
    following = date(year + month // 12, month % 12 + 1, 1)
    return (following - date(year, month, 1)).days


def delete_applications(cutoff: date) -> list[int]:
    """Applications not taken forward before `cutoff`: deleted, equality answers first (they
    are not shown with it anywhere, but they go with it)."""
    query = sa.select(Application.id).where(
        Application.stage == Stage.NOT_TAKEN_FORWARD,
        Application.stage_changed_at < _start_of(cutoff),
    )
    done = list(db.session.scalars(query.order_by(Application.id)))
    if done:
        db.session.execute(
            sa.delete(DiversityAnswers).where(DiversityAnswers.application_id.in_(done))
        )
        db.session.execute(sa.delete(Application).where(Application.id.in_(done)))
    for application_id in done:
        record("deleted", "application", application_id, "not taken forward; retention period")
    return done


def scheduled_run(today: date) -> str:
    """The scheduler's job `apply_retention` (daily; idempotent)."""
    from flask import current_app

    return str(run(today, current_app.config))
