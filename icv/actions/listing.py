"""Which actions a list shows: the user's scope (icv.policy) narrowed by the chosen filters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from icv import policy
from icv.actions.models import (
    CATEGORY_LABELS,
    STATUS_LABELS,
    Action,
    Status,
    category_label,
    status_label,
)
from icv.actions.workflow import overdue_clause
from icv.extensions import db
from icv.language import N_
from icv.models import Suite, User

LIST_LIMIT = 200
OVERDUE_CHOICES = {"yes": N_("Overdue only")}


@dataclass
class Filters:
    status: str | None = None
    suite_id: int | None = None
    category: str | None = None
    overdue: bool = False
    panel_id: int | None = None
    raised_from: date | None = None
    raised_to: date | None = None


def find_actions(user: User, filters: Filters, today: date, limit: int = LIST_LIMIT):
    """Open actions first, soonest due first; closed ones after, latest closed first."""
    query = narrow(policy.actions_query(user), filters, today)
    query = query.order_by(
        sa.case((Action.status == Status.CLOSED, 1), else_=0),
        Action.due_on,
        Action.closed_on.desc(),
        Action.id,
    )
    return list(db.session.scalars(query.limit(limit)))


def narrow(query, filters: Filters, today: date):
    if filters.status:
        query = query.where(Action.status == filters.status)
    if filters.suite_id:
        query = query.where(Action.suite_id == filters.suite_id)
    if filters.category:
        query = query.where(Action.category == filters.category)
    if filters.overdue:
        query = query.where(overdue_clause(today))
    if filters.panel_id:
        query = query.where(Action.panel_id == filters.panel_id)
    if filters.raised_from:
        query = query.where(Action.raised_on >= filters.raised_from)
    if filters.raised_to:
        query = query.where(Action.raised_on <= filters.raised_to)
    return query


def suite_choices(user: User) -> list[tuple[str, str]]:
    """Suites that have actions the user can see (so no filter ever shows nothing by design)."""
    with_actions = policy.actions_query(user).with_only_columns(Action.suite_id)
    suites = db.session.scalars(
        sa.select(Suite).where(Suite.id.in_(with_actions)).order_by(Suite.name)
    )
    return [(str(suite.id), suite.name) for suite in suites]


def status_choices() -> list[tuple[str, str]]:
    return [(str(value), status_label(value)) for value in STATUS_LABELS]


def category_choices() -> list[tuple[str, str]]:
    return [(str(value), category_label(value)) for value in CATEGORY_LABELS]
