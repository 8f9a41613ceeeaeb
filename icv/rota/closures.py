"""A suite that closes cancels its published visits: they are not missed, and the pair hear.

A suite closes when a contingency suite's open period is ended early, shortened or removed,
or when its status becomes closed. Visits whose window has not ended and no longer lies
wholly inside the days the suite is open are cancelled with the reason "Suite closed".
Drafts are left alone: their visits are flagged by the hard-rule check and cannot be
published until fixed.
"""

from __future__ import annotations

from datetime import date

from icv.extensions import db
from icv.models import Suite
from icv.rota.editing import cancel_visit
from icv.rota.models import ScheduledVisit
from icv.rota.notices import notify_cancelled
from icv.rota.planning import as_suite_need
from icv.rota.rules import suite_closed_problem
from icv.rota.schedule import Window
from icv.rota.status import upcoming_published_query

SUITE_CLOSED = "Suite closed"


def visits_while_closed(suite: Suite, today: date) -> list[ScheduledVisit]:
    """Published visits to the suite, not yet over, whose window it is not open throughout."""
    need = as_suite_need(suite)
    query = upcoming_published_query(today).where(ScheduledVisit.suite_id == suite.id)
    return [
        visit
        for visit in db.session.scalars(query)
        if suite_closed_problem(need, Window(visit.window_starts_on, visit.window_ends_on))
    ]


def cancel_while_closed(suite: Suite, today: date) -> list[ScheduledVisit]:
    """Cancel those visits (flushed, not committed); tell their pairs with `tell_pairs`."""
    visits = visits_while_closed(suite, today)
    for visit in visits:
        cancel_visit(visit, SUITE_CLOSED)
    return visits


def tell_pairs(visits: list[ScheduledVisit]) -> int:
    """Email each visitor of the cancelled visits once (commits: call after your commit)."""
    return sum(notify_cancelled(visit) for visit in visits)
