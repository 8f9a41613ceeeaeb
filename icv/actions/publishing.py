"""Publishing a quarter's issues and the police's responses (issue 17).

Each quarter a coordinator approves which of their panels' actions are listed publicly, and
the wording of what was found and of the police's response that may go with them. The
public list (a page without sign-in, a CSV, and the panel meeting pack's table) shows an
approved action's suite, category and current state, and only the approved wording: never a
custody number, the name of who responded, or any text the coordinator did not approve.

An action belongs to the quarter it was raised in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext

from icv.actions.models import (
    CATEGORY_LABELS,
    Action,
    ActionPublication,
    category_label,
    status_label,
)
from icv.actions.workflow import TEXT_LIMIT, Refused
from icv.audit import record
from icv.dates import financial_year_of, utcnow
from icv.extensions import db
from icv.figures.periods import Period, parse_period, quarter
from icv.language import N_
from icv.models import Suite, User

# The wording the coordinator approves: the form's checkbox values, with their labels.
WORDING = {
    "summary": N_("What was found, as worded below"),
    "response": N_("The police's response, as worded below"),
}
CSV_HEADER = [
    N_("Quarter"), N_("Suite"), N_("Category"), N_("What was found"), N_("Police response"),
    N_("State"),
]  # fmt: skip
NOT_PUBLISHED = N_("Not published")
NO_RESPONSE = N_("No response yet")


def csv_header() -> list[str]:
    """The public list's CSV headings, in the language being written."""
    return [gettext(heading) for heading in CSV_HEADER]


def quarter_of(day: date) -> Period:
    """The financial quarter of a day: an action is listed in the one it was raised in."""
    start = financial_year_of(day)
    return next(q for q in (quarter(start, n) for n in (1, 2, 3, 4)) if day <= q.ends_on)


def slug(period: Period) -> str:
    """The quarter in a public address: 2019-20-Q1."""
    return period.label.replace("/", "-").replace(" ", "-")


def from_slug(text: str) -> Period | None:
    """A quarter from its address (2019-20-Q1), or None for anything else."""
    head, _, number = text.rpartition("-")
    try:
        period = parse_period(f"{head} {number}")
    except ValueError:
        return None
    return period if period.label.endswith(number.upper()) and " Q" in period.label else None


def approve(action: Action, by: User, wording: list[str], summary: str, response: str) -> None:
    """List the action in its quarter, with the wording ticked (and only that). Approving
    again replaces what was approved before."""
    texts = {"summary": summary, "response": response}
    for part, message in (
        ("summary", N_("Enter what was found as it should be published, or untick it")),
        ("response", N_("Enter the police's response as it should be published, or untick it")),
    ):
        texts[part] = (texts[part] or "").strip() if part in wording else ""
        if part in wording and not texts[part]:
            raise Refused(part, gettext(message))
        if len(texts[part]) > TEXT_LIMIT:
            raise Refused(part, gettext("Enter %(num)d characters or fewer", num=TEXT_LIMIT))
    publication = action.publication or ActionPublication(action=action)
    publication.summary, publication.response = texts["summary"], texts["response"]
    publication.approved_by, publication.approved_at = by, utcnow()
    db.session.add(publication)
    parts = [name for name in WORDING if texts[name]] or ["no wording"]
    summary = f"approved for publishing: {', '.join(parts)}"
    record("published", "action", action.id, summary, actor=by)


def withdraw(action: Action, by: User) -> None:
    """Take the action off the public list (nothing happens if it was not on it)."""
    if action.publication is not None:
        db.session.delete(action.publication)
        record("changed", "action", action.id, "withdrawn from publishing", actor=by)


@dataclass(frozen=True)
class PublishedIssue:
    """One line of the public list: nothing in it that the coordinator did not approve."""

    quarter: str
    suite: str
    category: str
    summary: str  # the approved wording, or ""
    response: str  # the approved wording, or ""
    state: str
    has_response: bool  # the police have responded (whether or not its wording is published)

    @property
    def response_shown(self) -> str:
        """The approved response; else whether there is one (its text was not approved)."""
        if self.response:
            return self.response
        return gettext(NOT_PUBLISHED if self.has_response else NO_RESPONSE)


def published(period: Period, panel_ids=None) -> list[PublishedIssue]:
    """The quarter's approved actions (of these panels, or all), by suite then category."""
    query = (
        sa.select(Action)
        .join(ActionPublication, ActionPublication.action_id == Action.id)
        .join(Suite, Suite.id == Action.suite_id)
        .where(Action.raised_on.between(period.starts_on, period.ends_on))
        .options(so.contains_eager(Action.suite), so.joinedload(Action.publication))
        .order_by(Suite.name, Action.raised_on, Action.id)
    )
    if panel_ids is not None:
        query = query.where(Action.panel_id.in_(sorted(panel_ids)))
    actions = db.session.scalars(query).unique().all()
    order = list(CATEGORY_LABELS)
    actions = sorted(actions, key=lambda a: (a.suite.name, order.index(a.category)))
    return [_issue(period, action) for action in actions]


def _issue(period: Period, action: Action) -> PublishedIssue:
    return PublishedIssue(
        quarter=period.label,
        suite=action.suite.name,
        category=category_label(action.category),
        summary=action.publication.summary,
        response=action.publication.response,
        # Closed as a duplicate reads as closed: which action it joined is internal.
        state=status_label(action.status),
        has_response=bool(action.police_response),
    )


def by_suite(issues: list[PublishedIssue]) -> list[tuple[str, list[PublishedIssue]]]:
    grouped: dict[str, list[PublishedIssue]] = {}
    for issue in issues:
        grouped.setdefault(issue.suite, []).append(issue)
    return list(grouped.items())


def csv_rows(issues: list[PublishedIssue]) -> list[list[str]]:
    return [[i.quarter, i.suite, i.category, i.summary, i.response_shown, i.state] for i in issues]


def published_quarters() -> list[tuple[Period, int]]:
    """Quarters with anything published, newest first, with how many issues each lists."""
    approved = sa.select(ActionPublication.action_id)
    raised = db.session.scalars(sa.select(Action.raised_on).where(Action.id.in_(approved)))
    counts: dict[Period, int] = {}
    for day in raised:
        period = quarter_of(day)
        counts[period] = counts.get(period, 0) + 1
    return sorted(counts.items(), key=lambda item: item[0].starts_on, reverse=True)


def quarter_actions(user_query, period: Period) -> list[Action]:
    """The actions a coordinator may publish for a quarter (their panels'), oldest first."""
    query = user_query.where(Action.raised_on.between(period.starts_on, period.ends_on))
    return list(db.session.scalars(query.order_by(Action.raised_on, Action.id)))
