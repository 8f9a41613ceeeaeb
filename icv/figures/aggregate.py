"""The one place figures are computed, for the page, the exports, the API and the command line.

`figures_for(period, scope)` runs a handful of GROUP BY queries (see queries.py) that return
one row per (piece of the period, suite), never a row per visit or person, then adds those up
into the total and the breakdowns by piece (quarter, month or year), panel and suite. Every
breakdown is a sum of the same grouped counts, so they always add up to the total.
Definitions: see measures.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import sqlalchemy as sa

from icv.extensions import db
from icv.figures import queries
from icv.figures.measures import ADDITIVE, with_rates
from icv.figures.periods import (
    LONDON,
    Period,
    financial_year,
    financial_year_of,
    previous_years,
    split,
)
from icv.figures.queries import Scope

NONE = -1  # the "no piece / no key" marker in volunteer_counts
KEYS = tuple(ADDITIVE)
POSITION = {key: index for index, key in enumerate(KEYS)}
ZEROS = [0] * len(KEYS)


@dataclass(frozen=True)
class SuiteInfo:
    id: int
    name: str
    status: str
    panel_id: int
    panel_name: str


@dataclass(frozen=True)
class PanelInfo:
    id: int
    name: str


@dataclass
class Figures:
    period: Period
    scope: Scope
    pieces: list[Period]
    suites: list[SuiteInfo]
    # (piece, suite) -> counts in the order of measures.ADDITIVE (lists add up fast)
    cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    volunteers: dict[tuple[str, int, int], int] = field(default_factory=dict)
    detail: bool = False
    _index: dict | None = field(default=None, repr=False)

    def _row(self, cells: list[list[int]], volunteers_key) -> dict:
        sums = [sum(column) for column in zip(*cells, strict=True)] if cells else ZEROS
        row = dict(zip(KEYS, sums, strict=True))
        row["volunteers"] = self.volunteers.get(volunteers_key, 0)
        return with_rates(row)

    @property
    def total(self) -> dict:
        return self._row(list(self.cells.values()), ("total", NONE, NONE))

    def by_piece(self) -> list[tuple[Period, dict]]:
        return [
            (piece, self._row(self._cells(piece=i), ("piece", i, NONE)))
            for i, piece in enumerate(self.pieces)
        ]

    def by_panel(self) -> list[tuple[PanelInfo, dict]]:
        panels = {s.panel_id: PanelInfo(s.panel_id, s.panel_name) for s in self.suites}
        return [
            (panel, self._row(self._cells(panel_id=panel.id), ("panel", NONE, panel.id)))
            for panel in panels.values()
        ]

    def by_suite(self) -> list[tuple[SuiteInfo, dict]]:
        return [
            (suite, self._row(self._cells(suite_id=suite.id), ("suite", NONE, suite.id)))
            for suite in self.suites
        ]

    def cube(self) -> list[tuple[Period, SuiteInfo, dict]]:
        """One row per piece x suite (each suite names its panel): the finest grain.

        Needs figures_for(..., detail=True): only then are volunteers counted per cell."""
        if not self.detail:
            raise ValueError("cube() needs figures_for(..., detail=True)")
        return [
            (piece, suite, self._row(self._cells(i, suite_id=suite.id), ("cell", i, suite.id)))
            for i, piece in enumerate(self.pieces)
            for suite in self.suites
        ]

    def _cells(self, piece=None, *, panel_id=None, suite_id=None) -> list[list[int]]:
        """The grouped counts for one piece, panel or suite (or a piece of one suite)."""
        if self._index is None:
            self._index = defaultdict(list)
            panel_of = {s.id: s.panel_id for s in self.suites}
            for (at, suite), counts in self.cells.items():
                for key in (("piece", at), ("panel", panel_of.get(suite)), ("suite", suite)):
                    self._index[key].append(counts)
                self._index[("cell", at, suite)].append(counts)
        if suite_id is not None and piece is not None:
            return self._index[("cell", piece, suite_id)]
        if suite_id is not None:
            return self._index[("suite", suite_id)]
        if panel_id is not None:
            return self._index[("panel", panel_id)]
        return self._index[("piece", piece)]


def figures_for(
    period: Period,
    scope: Scope | None = None,
    *,
    split_by: str = "quarter",
    detail: bool = False,
    today: date | None = None,
) -> Figures:
    """The figures for a period and scope. `detail` adds issues (allegations, suite concerns);
    `today` decides which follow-up actions are overdue."""
    scope = scope or Scope()
    pieces = split(period, split_by)
    if db.session.get_bind().dialect.name == "postgresql":
        # Sorts and hashes of a year's rows fit in memory instead of spilling to disk; LOCAL
        # ends with this transaction (the request's), so nothing else is affected.
        db.session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
    suites = [SuiteInfo(*row) for row in db.session.execute(queries.suites_in(scope))]
    figures = Figures(period, scope, pieces, suites, detail=detail)
    cells: dict = defaultdict(lambda: [0] * len(KEYS))
    statements = [
        queries.report_counts(period, pieces, scope, detail),
        queries.unreported_visit_counts(period, pieces, scope),
        queries.action_counts(period, pieces, scope, today or london_today()),
    ]
    for statement in statements:
        result = db.session.execute(statement)
        positions = [POSITION[name] for name in list(result.keys())[2:]]
        for piece, suite, *values in result:
            cell = cells[(piece, suite)]
            for position, value in zip(positions, values, strict=True):
                cell[position] += value or 0
    scheduled, rota_made = POSITION["visits_scheduled"], POSITION["visits_rota_made"]
    for counts in cells.values():
        # Reported rota visits were counted as made; they were scheduled as well.
        counts[scheduled] += counts[rota_made]
    figures.cells = dict(cells)
    statement = queries.volunteer_counts(period, pieces, scope, cells=detail)
    for row in db.session.execute(statement):
        figures.volunteers[(row.level, row.piece, row.key)] = row[3]
    return figures


def london_today() -> date:
    return datetime.now(LONDON).date()


def open_actions(scope: Scope | None = None, today: date | None = None) -> dict:
    """Follow-up actions not closed yet in the scope, and how many of them are overdue."""
    statement = queries.open_actions(scope or Scope(), today or london_today())
    still_open, overdue = db.session.execute(statement).one()
    return {"open": still_open, "overdue": overdue}


def heat_map(period: Period, scope: Scope | None = None) -> dict[tuple[int, str], dict]:
    """{(weekday 0 = Monday, band): {"visits": n, "people": n}} in Europe/London time."""
    rows = db.session.execute(queries.heat_map(period, scope or Scope()))
    return {
        (row.weekday, row.band): {"visits": row.visits, "people": row.people or 0} for row in rows
    }


def year_on_year(period: Period, scope: Scope | None = None, years: int = 3, known=None):
    """The headline of the period's financial year and the years before it, oldest first.

    `known`: that year's figures when the caller has them already (they are not recomputed)."""
    this_year = financial_year(financial_year_of(period.starts_on))
    if known is None or known.period != this_year:
        span = previous_years(period, years - 1)
        return figures_for(span, scope, split_by="year").by_piece()
    earlier = previous_years(period, years - 1)
    earlier = Period(earlier.starts_on, this_year.starts_on - timedelta(days=1), earlier.label)
    return [*figures_for(earlier, scope, split_by="year").by_piece(), (this_year, known.total)]
