"""The SQL behind the figures: each function is one GROUP BY run by the database.

Reports are counted from their summary rows (models.py, written with each report), never from
the people or suite-condition rows; rota visits and actions from their own tables. Every
query groups by (piece of the period, suite): the finest grain any page, export or API
answer needs. `aggregate.py` adds those few grouped rows up into totals, quarters, panels and
suites, so all of them come from the same counts. Volunteers are different people, which do
not add up, so the database counts them separately at each level.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from icv.actions.models import Action, Status
from icv.figures.models import COUNTS, DETAIL_ONLY, figure_visitors, report_figures
from icv.figures.periods import Period
from icv.models import Panel, Suite
from icv.rota.models import Rota, RotaStatus, ScheduledVisit, VisitStatus
from icv.tact.models import ReviewerCopy
from icv.visits.models import VisitReport

summary, visitors, report, visit = report_figures, figure_visitors, VisitReport, ScheduledVisit


@dataclass(frozen=True)
class Scope:
    """Which suites count: every panel (None), a set of panels, and optionally one suite."""

    panel_ids: frozenset[int] | None = None
    suite_id: int | None = None


def _in_scope(suite_column, scope: Scope) -> list:
    conditions = []
    if scope.suite_id is not None:
        conditions.append(suite_column == scope.suite_id)
    if scope.panel_ids is not None:
        panel_suites = sa.select(Suite.id).where(Suite.panel_id.in_(sorted(scope.panel_ids)))
        conditions.append(suite_column.in_(panel_suites))
    return conditions


def _summaries_in(table, period: Period, scope: Scope) -> list:
    """The summary rows (models.py) of the reports that arrived in the period, in scope."""
    return [
        table.c.arrived_at >= period.starts_at,
        table.c.arrived_at < period.ends_before,
        *_in_scope(table.c.suite_id, scope),
    ]


def _piece_of_time(column, pieces: list[Period]):
    """Which piece of the period a stored UTC time falls in (0, 1, ...), as SQL."""
    if len(pieces) == 1:
        return sa.literal(0)
    whens = [(column < piece.ends_before, index) for index, piece in enumerate(pieces[:-1])]
    return sa.case(*whens, else_=len(pieces) - 1)


def _piece_of_day(column, pieces: list[Period]):
    if len(pieces) == 1:
        return sa.literal(0)
    whens = [(column <= piece.ends_on, index) for index, piece in enumerate(pieces[:-1])]
    return sa.case(*whens, else_=len(pieces) - 1)


def _count(condition):
    return sa.func.count().filter(condition)


# GROUP BY the output name, not the CASE again: PostgreSQL would see the CASE's bound
# parameters as different values and refuse to match the two expressions.
PIECE = sa.text("piece")


def report_counts(period: Period, pieces: list[Period], scope: Scope, detail: bool = False):
    """Everything counted from the reports, in one pass over their summary rows: visits made,
    rota and ad hoc, people by outcome and reason, ...; `detail` adds issues and concerns."""
    piece = _piece_of_time(summary.c.arrived_at, pieces).label("piece")
    names = [name for name in COUNTS if detail or name not in DETAIL_ONLY]
    query = sa.select(
        piece,
        summary.c.suite_id,
        sa.func.count().label("visits_made"),
        *[sa.func.sum(summary.c[name]).label(name) for name in names],
    )
    return query.where(*_summaries_in(summary, period, scope)).group_by(PIECE, summary.c.suite_id)


def unreported_visit_counts(period: Period, pieces: list[Period], scope: Scope, today: date):
    """Rota visits with no report whose window has ended, in the period their window starts in.

    A visit still to come is not counted at all: visits are unannounced, and a count of
    scheduled visits per suite and day would tell anyone with the figures (analysts, exports)
    when the next one is. It counts once it is made (a report) or its window is over."""
    piece = _piece_of_day(visit.window_starts_on, pieces).label("piece")
    published = sa.or_(
        visit.rota_id.is_(None),
        visit.rota_id.in_(sa.select(Rota.id).where(Rota.status == RotaStatus.PUBLISHED)),
    )
    has_report = sa.exists().where(report.scheduled_visit_id == visit.id)
    cancelled = visit.status == VisitStatus.CANCELLED
    query = sa.select(
        piece,
        visit.suite_id,
        _count(~cancelled).label("visits_scheduled"),
        _count(visit.status == VisitStatus.MISSED).label("visits_missed"),
        _count(cancelled).label("visits_cancelled"),
    ).where(
        visit.window_starts_on >= period.starts_on,
        visit.window_starts_on <= period.ends_on,
        visit.window_ends_on < today,
        published,
        ~has_report,
        *_in_scope(visit.suite_id, scope),
    )
    return query.group_by(PIECE, visit.suite_id)


def action_counts(period: Period, pieces: list[Period], scope: Scope, today: date):
    """Follow-up actions raised in the period, by the day raised; duplicates left out."""
    piece = _piece_of_day(Action.raised_on, pieces).label("piece")
    still_open = Action.status != Status.CLOSED
    query = sa.select(
        piece,
        Action.suite_id,
        sa.func.count().label("actions_opened"),
        _count(Action.police_response_on.is_not(None)).label("actions_answered"),
        _count(~still_open).label("actions_closed"),
        _count(still_open & (Action.due_on < today)).label("actions_overdue"),
    ).where(
        Action.raised_on >= period.starts_on,
        Action.raised_on <= period.ends_on,
        Action.duplicate_of_id.is_(None),
        *_in_scope(Action.suite_id, scope),
    )
    return query.group_by(PIECE, Action.suite_id)


def open_actions(scope: Scope, today: date):
    """Actions not closed yet, whenever raised: (open, of which overdue)."""
    return sa.select(sa.func.count(), _count(Action.due_on < today)).where(
        Action.status != Status.CLOSED, *_in_scope(Action.suite_id, scope)
    )


LEVELS = ("total", "piece", "panel", "suite")


def volunteer_counts(period: Period, pieces: list[Period], scope: Scope, levels=LEVELS):
    """Different volunteers at each level, in one statement: (level, piece, key, volunteers).

    Each level counts the distinct (group, person) pairs of the period's visitor rows, read
    from their covering index; count(*) over a DISTINCT, not count(DISTINCT), so the database
    may hash instead of sort. Level "cell" is per piece x suite (for the downloads).
    """
    piece, suite = _piece_of_time(visitors.c.arrived_at, pieces), visitors.c.suite_id
    groups = {"total": (None, None), "piece": (piece, None), "panel": (None, Suite.panel_id),
              "suite": (None, suite), "cell": (piece, suite)}  # fmt: skip
    nothing = sa.literal(-1)
    selects = []
    for level in levels:
        at, key = groups[level]
        pairs = sa.select(
            (nothing if at is None else at).label("piece"),
            (nothing if key is None else key).label("key"),
            visitors.c.user_id,
        ).where(*_summaries_in(visitors, period, scope))
        if key is Suite.panel_id:
            pairs = pairs.join(Suite, Suite.id == visitors.c.suite_id)
        pairs = pairs.distinct().subquery()
        selects.append(
            sa.select(
                sa.literal(level).label("level"),
                pairs.c.piece,
                pairs.c.key,
                sa.func.count().label("volunteers"),
            ).group_by(pairs.c.piece, pairs.c.key)
        )
    return sa.union_all(*selects)


def suites_in(scope: Scope):
    query = (
        sa.select(Suite.id, Suite.name, Suite.status, Panel.id.label("panel_id"),
                  Panel.name.label("panel_name"))
        .join(Panel, Panel.id == Suite.panel_id)
        .where(*_in_scope(Suite.id, scope))
        .order_by(Panel.name, Suite.name)
    )  # fmt: skip
    return query


def heat_map(period: Period, scope: Scope):
    """Visits and people in custody by local day of week and time band (stored at receipt)."""
    query = sa.select(
        summary.c.weekday,
        summary.c.band,
        sa.func.count().label("visits"),
        sa.func.sum(summary.c.detainees_in_custody).label("people"),
    ).where(*_summaries_in(summary, period, scope))
    return query.group_by(summary.c.weekday, summary.c.band)


# --- the Reviewer's copies of TACT reports (issue 16, icv.tact) ------------------------------


def reviewer_copy_states(period: Period, scope: Scope):
    """(arrived_at, state) of each Reviewer's copy of a report that arrived in the period, in
    scope: a few dozen a year at most, so the quarters are counted from these rows."""
    return (
        sa.select(report.arrived_at, ReviewerCopy.state)
        .join(report, ReviewerCopy.report_id == report.id)
        .where(report.arrived_at >= period.starts_at, report.arrived_at < period.ends_before,
               *_in_scope(report.suite_id, scope))
    )  # fmt: skip
