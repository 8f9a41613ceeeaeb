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
from datetime import date, timedelta
from operator import add, itemgetter
from typing import NamedTuple

import sqlalchemy as sa

from icv.dates import financial_year_of, scheme_today
from icv.extensions import db
from icv.figures import queries
from icv.figures.measures import ACTION_MEASURES, ADDITIVE, with_rates
from icv.figures.models import COUNTS
from icv.figures.periods import Period, financial_year, previous_years, split
from icv.figures.queries import Scope

NONE = -1  # the "no piece / no key" marker in volunteer_counts
KEYS = tuple(ADDITIVE)
# A cell's counts are stored in the order the queries return them (the reports' counts
# first, as report_counts selects them), so a grouped row becomes a cell in one step.
ORDER = ("visits_made", *COUNTS, "visits_scheduled", "visits_missed", "visits_cancelled",
         *ACTION_MEASURES)  # fmt: skip
SLOT = {key: index for index, key in enumerate(ORDER)}
IN_KEY_ORDER = itemgetter(*[SLOT[key] for key in KEYS])  # stored order -> measures' order
ZEROS = [0] * len(ORDER)
assert sorted(ORDER) == sorted(KEYS), "every additive measure has exactly one slot"


class SuiteInfo(NamedTuple):
    id: int
    name: str
    status: str
    panel_id: int
    panel_name: str


class PanelInfo(NamedTuple):
    id: int
    name: str


def _add_up(lists: list[list[int]]) -> list[int]:
    """Element-wise sum of lists of counts: a few through map(add), many by column (both in C)."""
    if len(lists) > 8:
        return [sum(column) for column in zip(*lists, strict=True)]
    total = ZEROS
    for counts in lists:
        total = list(map(add, total, counts))
    return total


@dataclass
class Figures:
    period: Period
    scope: Scope
    pieces: list[Period]
    suites: list[SuiteInfo]
    # (piece, suite) -> counts in ORDER (lists add up fast)
    cells: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    volunteers: dict[tuple[str, int, int], int] = field(default_factory=dict)
    detail: bool = False
    _sums: dict | None = field(default=None, repr=False)
    _counted: set = field(default_factory=set, repr=False)  # volunteer levels counted

    def count_volunteers(self, levels) -> None:
        """Different volunteers at these levels (queries.LEVELS, or "cell"), in one query."""
        levels = [level for level in levels if level not in self._counted]
        if levels:
            statement = queries.volunteer_counts(self.period, self.pieces, self.scope, levels)
            for level, piece, key, volunteers in db.session.execute(statement).all():
                self.volunteers[(level, piece, key)] = volunteers
            self._counted.update(levels)

    def _row(self, counts: list[int], volunteers_key) -> dict:
        row = dict(zip(KEYS, IN_KEY_ORDER(counts), strict=True))
        self.count_volunteers([volunteers_key[0]])  # a level not asked for yet: now
        row["volunteers"] = self.volunteers.get(volunteers_key, 0)
        return with_rates(row)

    @property
    def total(self) -> dict:
        return self._row(self._sum("total"), ("total", NONE, NONE))

    def by_piece(self) -> list[tuple[Period, dict]]:
        return [
            (piece, self._row(self._sum("piece", i), ("piece", i, NONE)))
            for i, piece in enumerate(self.pieces)
        ]

    def by_panel(self) -> list[tuple[PanelInfo, dict]]:
        panels = {s.panel_id: PanelInfo(s.panel_id, s.panel_name) for s in self.suites}
        return [
            (panel, self._row(self._sum("panel", panel.id), ("panel", NONE, panel.id)))
            for panel in panels.values()
        ]

    def by_suite(self) -> list[tuple[SuiteInfo, dict]]:
        return [
            (suite, self._row(self._sum("suite", suite.id), ("suite", NONE, suite.id)))
            for suite in self.suites
        ]

    def cube(self) -> list[tuple[Period, SuiteInfo, dict]]:
        """One row per piece x suite (each suite names its panel): the finest grain.

        Needs figures_for(..., detail=True); volunteers per cell are counted on first use."""
        if not self.detail:
            raise ValueError("cube() needs figures_for(..., detail=True)")
        self.count_volunteers(["cell"])
        return [
            (piece, suite, self._row(self.cells.get((i, suite.id), ZEROS), ("cell", i, suite.id)))
            for i, piece in enumerate(self.pieces)
            for suite in self.suites
        ]

    def _sum(self, level: str, key=None) -> list[int]:
        """The counts of the whole scope, a piece, a panel or a suite (added up once)."""
        if self._sums is None:
            groups = defaultdict(list)
            for (piece, suite), counts in self.cells.items():
                groups[("piece", piece)].append(counts)
                groups[("suite", suite)].append(counts)
            sums = {group: _add_up(lists) for group, lists in groups.items()}
            panels = defaultdict(list)
            for suite in self.suites:
                panels[("panel", suite.panel_id)].append(sums.get(("suite", suite.id), ZEROS))
            sums |= {group: _add_up(lists) for group, lists in panels.items()}
            pieces = [counts for (level_, _), counts in sums.items() if level_ == "piece"]
            sums[("total", None)] = _add_up(pieces)
            self._sums = sums
        return self._sums.get((level, key), ZEROS)


def figures_for(
    period: Period,
    scope: Scope | None = None,
    *,
    split_by: str = "quarter",
    detail: bool = False,
    today: date | None = None,
    volunteer_levels=queries.LEVELS,
) -> Figures:
    """The figures for a period and scope. `detail` adds issues (allegations, suite concerns)
    and the piece x suite cube; `today` decides which follow-up actions are overdue, and which
    rota visits are due (upcoming ones are secret: see queries.unreported_visit_counts).
    Volunteers are counted at `volunteer_levels` now, at any other level when first shown."""
    scope, today = scope or Scope(), today or scheme_today()
    pieces = split(period, split_by)
    if db.session.get_bind().dialect.name == "postgresql":
        # Sorts and hashes of a year's rows fit in memory instead of spilling to disk; LOCAL
        # ends with this transaction (the request's), so nothing else is affected.
        db.session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
    suites = [SuiteInfo(*row) for row in db.session.execute(queries.suites_in(scope)).all()]
    figures = Figures(period, scope, pieces, suites, detail=detail)
    cells: dict = {}
    for piece, suite, *values in db.session.execute(
        queries.report_counts(period, pieces, scope, detail)
    ).all():
        cells[(piece, suite)] = values + ZEROS[len(values) :]  # report_counts fills ORDER first
    others = [
        queries.unreported_visit_counts(period, pieces, scope, today),
        queries.action_counts(period, pieces, scope, today),
    ]
    for statement in others:
        result = db.session.execute(statement)
        slots = [SLOT[name] for name in list(result.keys())[2:]]
        for piece, suite, *values in result.all():
            cell = cells.get((piece, suite)) or cells.setdefault((piece, suite), list(ZEROS))
            for slot, value in zip(slots, values, strict=True):
                cell[slot] += value or 0
    scheduled, rota_made = SLOT["visits_scheduled"], SLOT["visits_rota_made"]
    for counts in cells.values():
        # Reported rota visits were counted as made; they were scheduled as well.
        counts[scheduled] += counts[rota_made]
    figures.cells = cells
    figures.count_volunteers(volunteer_levels)
    return figures


def open_actions(scope: Scope | None = None, today: date | None = None) -> dict:
    """Follow-up actions not closed yet in the scope, and how many of them are overdue."""
    statement = queries.open_actions(scope or Scope(), today or scheme_today())
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
    by_year = {"split_by": "year", "volunteer_levels": ("piece",)}  # only by_piece is used
    if known is None or known.period != this_year:
        span = previous_years(period, years - 1)
        return figures_for(span, scope, **by_year).by_piece()
    earlier = previous_years(period, years - 1)
    earlier = Period(earlier.starts_on, this_year.starts_on - timedelta(days=1), earlier.label)
    return [*figures_for(earlier, scope, **by_year).by_piece(), (this_year, known.total)]
