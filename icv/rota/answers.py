"""A volunteer's side of the rota: their visits, confirming, declining, the pair's time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext

from icv.dates import date_range, utcnow
from icv.extensions import db
from icv.models import User
from icv.rota.models import Answer, Rota, ScheduledVisit, VisitAnswer, VisitStatus
from icv.rota.models import scheduled_visitors as visitors_table
from icv.rota.status import published_clause, refresh_after_answer

RECENT = timedelta(days=14)  # past visits stay listed this long, to start their report
NEXT_VISITS = 2  # how many of the visits still to make the volunteer's Home shows


def visits_of(user: User, today: date, *, include_past: bool = False) -> list[ScheduledVisit]:
    """The user's published visits, soonest first (recent ones too, unless cancelled)."""
    query = (
        sa.select(ScheduledVisit)
        .join(visitors_table)
        .outerjoin(Rota, ScheduledVisit.rota_id == Rota.id)
        .where(visitors_table.c.user_id == user.id, published_clause())
        .order_by(ScheduledVisit.window_starts_on, ScheduledVisit.id)
    )
    if not include_past:
        query = query.where(ScheduledVisit.window_ends_on >= today - RECENT)
    return list(db.session.scalars(query))


def give_answer(
    visit: ScheduledVisit, user: User, answer: Answer, note: str = ""
) -> VisitAnswer | None:
    """Record the answer; returns it if it changed (None when they said the same again)."""
    existing = visit.answer_of(user)
    if existing is not None and existing.answer == answer:
        existing.note = note.strip() or existing.note
        db.session.flush()
        return None
    if existing is None:
        existing = VisitAnswer(user_id=user.id, answer=answer, note=note.strip())
        visit.answers.append(existing)
    else:
        existing.answer, existing.note, existing.answered_at = answer, note.strip(), utcnow()
    db.session.flush()
    db.session.refresh(visit, ["answers"])
    refresh_after_answer(visit)
    db.session.flush()
    return existing


def planned_time_problem(visit: ScheduledVisit, moment: datetime) -> str | None:
    if not visit.window_starts_on <= moment.date() <= visit.window_ends_on:
        return gettext(
            "Choose a date from %(window)s, the visit's window",
            window=date_range(visit.window_starts_on, visit.window_ends_on),
        )
    return None


def set_planned_time(visit: ScheduledVisit, moment: datetime | None) -> None:
    visit.pair_planned_at = moment
    db.session.flush()


def is_answerable(visit: ScheduledVisit, today: date) -> bool:
    return visit.status in (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED) and (
        visit.window_ends_on >= today
    )


def next_visits(user: User, today: date) -> list[ScheduledVisit]:
    """The visits still to make, soonest first: the first thing a volunteer's Home shows."""
    return [visit for visit in visits_of(user, today) if is_answerable(visit, today)][:NEXT_VISITS]
