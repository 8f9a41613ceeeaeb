"""What the phone caches for offline use: who you are, where and with whom you may visit."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv import policy
from icv.dates import iso, utcnow
from icv.extensions import db
from icv.language import page_language
from icv.models import TACT_COURSE, Role, TrainingRecord, User, VolunteerStatus
from icv.rota.models import Rota, ScheduledVisit, VisitStatus, scheduled_visitors
from icv.rota.status import published_clause
from icv.sync.shapes import person
from icv.visits import validation, vocabulary
from icv.visits.tact import tact_spans

# A visit made on the window's last day may be written up a few days later, even after the
# nightly job has marked it missed (the report then marks it made).
RECENT_WINDOW_DAYS = 7
REPORTABLE = [VisitStatus.SCHEDULED, VisitStatus.CONFIRMED, VisitStatus.MISSED]


def reference_data(user: User) -> dict:
    suites = db.session.scalars(policy.visitable_suites_query(user)).all()
    panel_ids = {suite.panel_id for suite in suites}
    fellows = _fellow_volunteers(user, panel_ids)
    tact = _tact_training({user.id, *(fellow.id for fellow in fellows)})
    return {
        "generated_at": iso(utcnow()),
        # Labels and messages below are in this language (the phone refetches on a switch).
        "language": page_language(),
        "user_id": user.id,
        "name": user.name,
        "role": str(user.role),
        "panel": {"id": user.panel.id, "name": user.panel.name} if user.panel else None,
        "suites": [
            {
                "id": s.id,
                "name": s.name,
                "panel_id": s.panel_id,
                "tact_designated": s.tact_designated,
            }
            for s in suites
        ],  # fmt: skip
        "volunteers": [_volunteer(v) | {"tact_trained": tact.get(v.id, [])} for v in fellows],
        # Reporting on someone held under TACT needs it valid on the visit's day (icv.visits.tact).
        "tact_trained": tact.get(user.id, []),
        "codes": vocabulary.reference_codes(),
        "rules": validation.machine_rules(),
        "scheduled_visits": [_visit(visit, user) for visit in _upcoming_visits(user)],
    }


def _fellow_volunteers(user: User, panel_ids: set[int]) -> list[sa.Row]:
    # Only the columns the phone gets: a whole User per volunteer of the panel cost more.
    query = (
        sa.select(User.id, User.name, User.panel_id, User.status)
        .where(
            User.role == Role.VOLUNTEER,
            User.panel_id.in_(panel_ids),
            User.status.in_([VolunteerStatus.ACTIVE, VolunteerStatus.PROBATION]),
            User.is_enabled.is_(True),
            User.id != user.id,
        )
        .order_by(User.name)
    )
    return list(db.session.execute(query))


def _tact_training(user_ids: set[int]) -> dict[int, list]:
    """Each person's TACT training spans, for the phone's TACT rule offline."""
    records = db.session.scalars(
        sa.select(TrainingRecord)
        .where(TrainingRecord.user_id.in_(user_ids), TrainingRecord.course_code == TACT_COURSE)
        .order_by(TrainingRecord.completed_on)
    )
    spans: dict[int, list] = {}
    for record in records:
        spans.setdefault(record.user_id, []).extend(tact_spans([record]))
    return spans


def _volunteer(volunteer: sa.Row) -> dict:
    return {
        **person(volunteer),
        "panel_id": volunteer.panel_id,
        "probation": volunteer.status == VolunteerStatus.PROBATION,
    }


def _upcoming_visits(user: User) -> list[ScheduledVisit]:
    mine = sa.select(scheduled_visitors.c.scheduled_visit_id).where(
        scheduled_visitors.c.user_id == user.id
    )
    query = (
        sa.select(ScheduledVisit)
        .outerjoin(Rota, ScheduledVisit.rota_id == Rota.id)
        .where(
            ScheduledVisit.id.in_(mine),
            published_clause(),  # a draft rota is seen only by coordinators
            ScheduledVisit.status.in_(REPORTABLE),
            ScheduledVisit.window_ends_on >= date.today() - timedelta(days=RECENT_WINDOW_DAYS),
        )
        .order_by(ScheduledVisit.window_starts_on)
        # Suite and co-visitors for all the visits at once, not one query per visit.
        .options(so.joinedload(ScheduledVisit.suite), so.selectinload(ScheduledVisit.visitors))
    )
    return list(db.session.scalars(query))


def _visit(visit: ScheduledVisit, user: User) -> dict:
    return {
        "id": visit.id,
        "suite_id": visit.suite_id,
        "suite_name": visit.suite.name,
        "window_starts_on": visit.window_starts_on.isoformat(),
        "window_ends_on": visit.window_ends_on.isoformat(),
        "band": visit.band,
        "status": str(visit.status),
        "co_visitors": [person(other) for other in visit.visitors if other.id != user.id],
    }
