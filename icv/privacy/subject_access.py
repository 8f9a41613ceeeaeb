"""Everything held about one person, for a subject-access request (UK GDPR article 15).

Other people appear by id only. Detainees are third parties: their custody numbers and what
was written about them are left out; the per-person outcomes and the visit's suite-level
findings (which the pair wrote) are in. Secrets (password and token hashes, the two-factor
secret, recovery codes) are never included; that they exist is. See docs/data-protection.md.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext

from icv import policy
from icv.actions.models import ActionEvent
from icv.audit.models import AuditEvent
from icv.dates import iso, utcnow
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.models import WEEKDAYS, User
from icv.notifications.models import Notification
from icv.recruitment.models import Application
from icv.rota.models import CalendarFeed, ScheduledVisit, scheduled_visitors
from icv.visits.models import VisitReport
from icv.volunteering.models import Appraisal, TimeGiven

PROFILE = (
    "id",
    "name",
    "email",
    "phone",
    "role",
    "status",
    "appointed_on",
    "probation_completed_on",
    "term_ends_on",
    "vetting_expires_on",
    "visits_made",
    "experienced",
    "max_visits_per_month",
    "is_enabled",
    "created_at",
    "deactivated_at",
    "failed_sign_ins",
    "locked_until",
)
APPRAISAL_FIELDS = ("kind", "held_on", "held_by", "outcome", "notes", "recorded_at")
TIME_GIVEN_FIELDS = ("kind", "given_on", "minutes", "note", "recorded_at", "confirmed_at")
TRAINING_FIELDS = ("course_code", "completed_on", "expires_on", "recorded_by_id", "recorded_at")
REPORT_FIELDS = (
    "visit_mode",
    "detainees_in_custody",
    "juveniles",
    "vulnerable_adults",
    "rating",
    "positive_findings",
    "delay_minutes",
    "delay_reason",
    "delay_authorised_by_rank",
    "not_completed_reason",
    "follow_up_needed",
)


def plain(value):
    """JSON-ready: dates as ISO text, everything else as it is."""
    if isinstance(value, date):  # a datetime is a date too
        return iso(value)
    return value


def export_for(user: User) -> dict:
    return {
        # The one sentence for people; the keys and values are data (English, as the API's).
        "about": gettext("Personal data held by the custody visiting scheme about one person"),
        "generated_at": iso(utcnow()),
        "profile": _profile(user),
        "availability": [
            {"day": WEEKDAYS[slot.weekday], "time_band": slot.band} for slot in user.availability
        ],
        "absences": [
            {"starts_on": plain(a.starts_on), "ends_on": plain(a.ends_on), "note": a.note}
            for a in user.absences
        ],
        "rota_visits": _rota_visits(user),
        "visit_reports": _reports(user),
        "api_tokens": [
            {
                "label": t.label,
                "created_at": plain(t.created_at),
                "last_used_at": plain(t.last_used_at),
                "revoked_at": plain(t.revoked_at),
            }
            for t in user.api_tokens
        ],
        "calendar_feeds": _feeds(user),
        "notifications": _notifications(user),
        "expense_claims": _expense_claims(user),
        "action_timeline_entries": _action_events(user),
        "audit_events": _audit(user),
        "applications": _applications(user),
        "trainings": [
            {name: plain(getattr(row, name)) for name in TRAINING_FIELDS}
            for row in sorted(user.trainings, key=lambda row: row.id)
        ],
        **_service(user),
    }


def _service(user: User) -> dict:
    """Their appraisals (notes included: they are about them) and the time they gave."""
    appraisals = sa.select(Appraisal).where(Appraisal.user_id == user.id).order_by(Appraisal.id)
    time_given = sa.select(TimeGiven).where(TimeGiven.user_id == user.id).order_by(TimeGiven.id)
    return {
        "appraisals": [
            {name: plain(getattr(row, name)) for name in APPRAISAL_FIELDS}
            for row in db.session.scalars(appraisals)
        ],
        "time_given": [
            {name: plain(getattr(row, name)) for name in TIME_GIVEN_FIELDS}
            for row in db.session.scalars(time_given)
        ],
    }


def _profile(user: User) -> dict:
    profile = {name: plain(getattr(user, name)) for name in PROFILE}
    profile["panel"] = {"id": user.panel.id, "name": user.panel.name} if user.panel else None
    profile["coordinated_panels"] = [{"id": p.id, "name": p.name} for p in user.coordinated_panels]
    profile["two_factor_enabled_at"] = plain(user.totp_enabled_at)
    profile["unused_recovery_codes"] = sum(1 for c in user.recovery_codes if c.used_at is None)
    profile["has_password"] = user.password_hash is not None
    return profile


def _rota_visits(user: User) -> list[dict]:
    query = (
        sa.select(ScheduledVisit)
        .join(scheduled_visitors)
        .where(scheduled_visitors.c.user_id == user.id)
        .order_by(ScheduledVisit.window_starts_on, ScheduledVisit.id)
    )
    rows = []
    for visit in db.session.scalars(query):
        answer = visit.answer_of(user)
        rows.append(
            {
                "id": visit.id,
                "suite": visit.suite.name,
                "window_starts_on": plain(visit.window_starts_on),
                "window_ends_on": plain(visit.window_ends_on),
                "band": visit.band,
                "status": visit.status,
                "pair_planned_at": plain(visit.pair_planned_at),
                "other_visitor_ids": [p.id for p in visit.visitors if p.id != user.id],
                "answer": answer.answer if answer else None,
                "answer_note": answer.note if answer else "",
            }
        )
    return rows


def _reports(user: User) -> list[dict]:
    query = policy.own_reports_query(user).order_by(VisitReport.arrived_at, VisitReport.id)
    rows = []
    for report in db.session.scalars(query):
        mine = next((v for v in report.visitors if v.user_id == user.id), None)
        rows.append(
            {
                "uuid": report.uuid,
                "suite": report.suite.name,
                "arrived_at": plain(report.arrived_at),
                "departed_at": plain(report.departed_at),
                "sent_by_this_person": report.submitted_by_id == user.id,
                "visited": mine is not None,
                "as_trainee": bool(mine and mine.is_trainee),
                "other_visitor_ids": [v.user_id for v in report.visitors if v.user_id != user.id],
                **{name: plain(getattr(report, name)) for name in REPORT_FIELDS},
                "people_seen": [
                    {"outcome": d.outcome, "unavailable_reason": d.unavailable_reason}
                    for d in report.detainees
                ],
                "suite_conditions": [
                    {"item": c.code, "rating": c.rating, "note": c.note} for c in report.conditions
                ],
                "amendments_by_this_person": [
                    {"changed_at": plain(a.changed_at), "reason": a.reason}
                    for a in report.amendments
                    if a.changed_by_id == user.id
                ],
            }
        )
    return rows


def _feeds(user: User) -> list[dict]:
    feeds = db.session.scalars(sa.select(CalendarFeed).where(CalendarFeed.user_id == user.id))
    return [{"created_at": plain(f.created_at), "revoked_at": plain(f.revoked_at)} for f in feeds]


def _notifications(user: User) -> list[dict]:
    query = policy.own_notifications_query(user).order_by(Notification.created_at)
    return [
        {
            "subject": n.subject,
            "body": n.body,
            "created_at": plain(n.created_at),
            "read_at": plain(n.read_at),
        }
        for n in db.session.scalars(query)
    ]


EXPENSE_CLAIM_FIELDS = ("uuid", "kind", "incurred_on", "meeting", "start_place", "end_place",
                        "miles_tenths", "rate_pence", "amount_pence", "description", "status",
                        "return_reason", "decided_at", "paid_at", "created_at")  # fmt: skip


def _expense_claims(user: User) -> list[dict]:
    """Their expenses claims; the receipt photo only as whether one is held (the admin can
    send the photos themselves from each claim's page)."""
    query = policy.own_claims_query(user).order_by(ExpenseClaim.id)
    return [
        {name: plain(getattr(claim, name)) for name in EXPENSE_CLAIM_FIELDS}
        | {
            "report_id": claim.report_id,
            "receipt_photo_held": bool(claim.receipt_name),
            "decided_by_user_id": claim.decided_by_id,
        }  # fmt: skip
        for claim in db.session.scalars(query)
    ]


def _action_events(user: User) -> list[dict]:
    """What they did on follow-up actions: which, when and what kind (not the text)."""
    query = sa.select(ActionEvent).where(ActionEvent.by_id == user.id).order_by(ActionEvent.id)
    return [
        {"action_id": e.action_id, "at": plain(e.at), "kind": e.kind, "fields": sorted(e.changes)}
        for e in db.session.scalars(query)
    ]


# Recruitment (issue 18): the applications they made, linked on appointment or by their email
# address. Their equality-monitoring answers are left out: no page links them to a person.
APPLICATION_FIELDS = ("id", "name", "email", "phone", "statement", "stage", "applied_at",
                      "stage_changed_at", "reason")  # fmt: skip


def _applications(user: User) -> list[dict]:
    query = sa.select(Application).where(
        sa.or_(
            Application.volunteer_id == user.id,
            sa.func.lower(Application.email) == user.email.lower(),
        )
    )
    return [
        {**{name: plain(getattr(a, name)) for name in APPLICATION_FIELDS}, "panel": a.panel.name}
        for a in db.session.scalars(query.order_by(Application.id))
    ]


def _audit(user: User) -> list[dict]:
    """Entries about them and entries of what they did."""
    about = sa.and_(AuditEvent.object_type == "user", AuditEvent.object_id == str(user.id))
    query = sa.select(AuditEvent).where(sa.or_(about, AuditEvent.actor_id == user.id))
    return [
        {
            "at": plain(e.at),
            "by_user_id": e.actor_id,
            "action": e.action,
            "object_type": e.object_type,
            "object_id": e.object_id,
            "summary": e.summary,
        }
        for e in db.session.scalars(query.order_by(AuditEvent.id))
    ]
