"""What needs a coordinator's attention, for their home page: each item a count and a link.

The same rules as the daily message to coordinators (rota/jobs.py) and the lists the links
open, scoped by icv.policy to the panels the user manages (all panels for an admin). A few
counting reads, whatever the number of visits, actions or reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from flask import url_for
from flask_babel import ngettext

from icv import policy
from icv.extensions import db
from icv.models import Suite, User

NEW_REPORT_DAYS = 14  # a report with concerns counts as new for two weeks after the visit


@dataclass(frozen=True)
class Item:
    count: int
    text: str
    href: str


def needing_attention(user: User, today: date) -> list[Item]:
    """Only what has something in it, most urgent first."""
    declined, unconfirmed = _visits_to_chase(user, today)
    gaps, overdue = _gaps(user, today), _overdue_actions(user, today)
    recent = today - timedelta(days=NEW_REPORT_DAYS)
    concerns = _recent_reports_with_concerns(user, recent)
    rota = url_for("rota.index")
    reports = url_for(
        "visits.index", concerns="yes", arrived_from=[recent.day, recent.month, recent.year]
    )
    candidates = [
        (declined, lambda n: ngettext("%(num)d visit someone cannot make",
                                      "%(num)d visits someone cannot make", n), rota),
        (unconfirmed, lambda n: ngettext("%(num)d visit nobody has confirmed yet",
                                         "%(num)d visits nobody has confirmed yet", n), rota),
        (gaps, lambda n: ngettext("%(num)d visit still without a full pair",
                                  "%(num)d visits still without a full pair", n), rota),
        (overdue, lambda n: ngettext("%(num)d action overdue", "%(num)d actions overdue", n),
         url_for("actions.index", overdue="yes")),
        (concerns, lambda n: ngettext("%(num)d report with concerns from the last %(days)d days",
                                      "%(num)d reports with concerns from the last %(days)d days",
                                      n, days=NEW_REPORT_DAYS), reports),
        *_service_items(user),
        (_claims_to_decide(user),
         lambda n: ngettext("%(num)d expenses claim waiting for a decision",
                            "%(num)d expenses claims waiting for a decision", n),
         url_for("expenses.review")),
    ]  # fmt: skip
    return [Item(count, text(count), href) for count, text, href in candidates if count]


def _visits_to_chase(user: User, today: date) -> tuple[int, int]:
    """(declined by someone, not confirmed by anyone yet) among visits opening within a week."""
    from icv.rota.models import Answer, ScheduledVisit, VisitAnswer
    from icv.rota.status import awaiting_confirmation_query

    declined = (
        sa.exists()
        .where(VisitAnswer.scheduled_visit_id == ScheduledVisit.id)
        .where(VisitAnswer.answer == Answer.DECLINED)
    )
    query = (
        awaiting_confirmation_query(today)
        .order_by(None)
        .join(Suite, ScheduledVisit.suite_id == Suite.id)
        .with_only_columns(declined.label("declined"), sa.func.count())
        .group_by(declined)
    )
    allowed = policy.managed_panel_ids(user)
    if allowed is not None:
        query = query.where(Suite.panel_id.in_(allowed))
    counts = dict(db.session.execute(query).all())
    return counts.get(True, 0), counts.get(False, 0)


def _gaps(user: User, today: date) -> int:
    from icv.rota.unfilled import unfilled_by_panel

    allowed = policy.managed_panel_ids(user)
    return sum(
        len(lines)
        for panel, lines in unfilled_by_panel(today).items()
        if allowed is None or panel.id in allowed
    )


def _overdue_actions(user: User, today: date) -> int:
    from icv.actions.workflow import overdue_clause

    query = policy.actions_query(user).where(overdue_clause(today))
    return _how_many(query)


def _recent_reports_with_concerns(user: User, since: date) -> int:
    from icv.visits.listing import ReportFilters, narrow

    filters = ReportFilters(arrived_from=since, concerns=True)
    return _how_many(narrow(policy.visible_reports_query(user), filters))


def _how_many(query) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def _service_items(user: User) -> list[tuple]:
    """Volunteers who may end probation now, and time given waiting for confirmation."""
    from icv.volunteering.models import TimeGiven
    from icv.volunteering.probation import ready_to_end

    ready = len(ready_to_end(policy.volunteers_query(user)))
    waiting = _how_many(policy.managed_time_query(user).where(TimeGiven.confirmed_at.is_(None)))
    service = url_for("volunteering.index")
    return [
        (ready, lambda n: ngettext("%(num)d volunteer ready to end probation",
                                   "%(num)d volunteers ready to end probation", n), service),
        (waiting, lambda n: ngettext("%(num)d time record from volunteers to confirm",
                                     "%(num)d time records from volunteers to confirm", n),
         service),
    ]  # fmt: skip


def _claims_to_decide(user: User) -> int:
    """Claims from the user's panels waiting for a coordinator (never their own)."""
    from icv.expenses.claims import claims_query
    from icv.expenses.models import ClaimStatus, ExpenseClaim

    query = claims_query(user).where(
        ExpenseClaim.status == ClaimStatus.SUBMITTED, ExpenseClaim.claimant_id != user.id
    )
    return _how_many(query)
