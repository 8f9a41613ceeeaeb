"""What state a scheduled visit is in, and the completion rate ("990 of 994").

A visit counts as scheduled once its rota is published, unless it was cancelled (a closed
suite cancels its visits; they are not missed). It counts towards the rate once it is due:
made, missed, or its window has ended.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask_babel import format_percent, gettext

from icv.extensions import db
from icv.language import N_
from icv.models import Suite
from icv.rota.models import Answer, Rota, ScheduledVisit, VisitStatus, published_clause

TAGS = {
    VisitStatus.SCHEDULED: (N_("Scheduled"), "govuk-tag--blue"),
    VisitStatus.CONFIRMED: (N_("Confirmed"), "govuk-tag--green"),
    VisitStatus.MADE: (N_("Made"), "govuk-tag--turquoise"),
    VisitStatus.MISSED: (N_("Missed"), "govuk-tag--red"),
    VisitStatus.CANCELLED: (N_("Cancelled"), "govuk-tag--grey"),
}
# The time bands' names in a sentence ("Tuesday evening"); the bands themselves are data.
BAND_WORDS = (N_("morning"), N_("afternoon"), N_("evening"), N_("night"))


def band_words(band: str | None) -> str:
    """A time band in words, in the language being written ("" for none)."""
    return gettext(band) if band else ""


def tag(status: str) -> dict:
    text, classes = TAGS.get(status, (str(status).title(), "govuk-tag--grey"))
    return {"text": gettext(text), "classes": classes}


@dataclass(frozen=True)
class Completion:
    made: int
    scheduled: int

    @property
    def text(self) -> str:
        if not self.scheduled:
            return gettext("No visits due yet")
        share = format_percent(self.made / self.scheduled, "#,##0.0%")
        return gettext(
            "%(made)s of %(scheduled)s (%(share)s)",
            made=self.made,
            scheduled=self.scheduled,
            share=share,
        )


def completion(panel_ids: set[int] | None, starts_on: date, ends_on: date, today: date):
    """Visits made out of visits due, for windows starting in the period (None = all panels)."""
    query = (
        sa.select(ScheduledVisit.status, sa.func.count())
        .join(Suite, ScheduledVisit.suite_id == Suite.id)
        .outerjoin(Rota, ScheduledVisit.rota_id == Rota.id)
        .where(
            published_clause(),
            ScheduledVisit.status != VisitStatus.CANCELLED,
            ScheduledVisit.window_starts_on.between(starts_on, ends_on),
            sa.or_(
                ScheduledVisit.status.in_([VisitStatus.MADE, VisitStatus.MISSED]),
                ScheduledVisit.window_ends_on < today,
            ),
        )
        .group_by(ScheduledVisit.status)
    )
    if panel_ids is not None:
        query = query.where(Suite.panel_id.in_(panel_ids))
    counts = dict(db.session.execute(query).all())
    return Completion(counts.get(VisitStatus.MADE, 0), sum(counts.values()))


def refresh_after_answer(visit: ScheduledVisit) -> None:
    """Confirmed once every visitor has confirmed; back to scheduled if anyone has not."""
    if visit.status not in (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED):
        return
    answers = {a.user_id: a.answer for a in visit.answers}
    everyone = all(answers.get(p.id) == Answer.CONFIRMED for p in visit.visitors)
    visit.status = VisitStatus.CONFIRMED if everyone else VisitStatus.SCHEDULED


def open_published_query():
    """Published visits still scheduled or confirmed."""
    return (
        sa.select(ScheduledVisit)
        .outerjoin(Rota, ScheduledVisit.rota_id == Rota.id)
        .where(
            published_clause(),
            ScheduledVisit.status.in_([VisitStatus.SCHEDULED, VisitStatus.CONFIRMED]),
        )
    )


CONFIRM_WITHIN_DAYS = 7  # a visit nobody has confirmed this close to its window needs a coordinator


def awaiting_confirmation_query(today: date):
    """Published visits not yet confirmed whose window opens within a week and has not ended:
    the ones a coordinator must chase (some may have been declined). Soonest first."""
    return (
        sa.select(ScheduledVisit)
        .outerjoin(Rota, ScheduledVisit.rota_id == Rota.id)
        .where(
            published_clause(),
            ScheduledVisit.status == VisitStatus.SCHEDULED,
            ScheduledVisit.window_ends_on >= today,
            ScheduledVisit.window_starts_on <= today + timedelta(days=CONFIRM_WITHIN_DAYS),
        )
        .order_by(ScheduledVisit.window_starts_on)
    )


def upcoming_published_query(today: date):
    """Open published visits whose window has not ended: soonest first."""
    return (
        open_published_query()
        .where(ScheduledVisit.window_ends_on >= today)
        .order_by(ScheduledVisit.window_starts_on, ScheduledVisit.id)
    )


def overdue_query(today: date):
    """Published visits whose window has ended, still scheduled or confirmed."""
    return (
        open_published_query()
        .where(ScheduledVisit.window_ends_on < today)
        .order_by(ScheduledVisit.id)
    )
