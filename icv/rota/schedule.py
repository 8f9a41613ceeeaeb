"""Plain data the rota generator reads and writes: no Flask, no database.

The planning module turns model objects into these and back, so the generator can be tested
(and benchmarked) on its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

# Same order and spelling as icv.models.TimeBand (a test keeps them in step).
BANDS = ("morning", "afternoon", "evening", "night")
ELIGIBLE_STATUSES = frozenset({"active", "probation"})
WEEK, DAY = "week", "day"
# An edge of the period shorter than this joins the neighbouring week instead of standing alone.
SHORTEST_WINDOW_DAYS = 4
# A contingency suite open for fewer days in a row in a week gets no visit that week: a
# shorter window leaves the pair too little room to choose an unannounced time.
MIN_OPEN_DAYS = 2

Span = tuple[date, date]  # inclusive


@dataclass(frozen=True)
class Volunteer:
    id: int
    panel_id: int
    status: str
    experienced: bool
    availability: frozenset[tuple[int, str]]  # (weekday 0 = Monday, band)
    appointed_on: date | None
    term_ends_on: date | None
    vetting_expires_on: date | None
    max_per_month: int = 1
    away: tuple[Span, ...] = ()
    name: str = ""
    tact_trained: tuple[Span, ...] = ()  # days their TACT training is valid (merged spans)


@dataclass(frozen=True)
class SuiteNeed:
    id: int
    panel_id: int
    name: str
    status: str  # open | contingency | closed
    visits_per_week: int
    open_spans: tuple[Span, ...] = ()  # when a contingency suite is open (date.max: no end)
    tact_designated: bool = False  # only TACT-trained volunteers visit it

    def is_open_on(self, day: date) -> bool:
        if self.status == "open":
            return True
        return self.status == "contingency" and any(s <= day <= e for s, e in self.open_spans)

    def open_window(self, week: Window) -> Window | None:
        """Where this week's visits may fall: all of it for a 24/7 suite; for a contingency
        suite its longest run of open days (the earliest, if two are as long), or None if
        that is shorter than MIN_OPEN_DAYS; None for a closed suite."""
        if self.status == "open":
            return week
        best, run = None, []
        for day in week.days:
            run = [*run, day] if self.is_open_on(day) else []
            if len(run) >= MIN_OPEN_DAYS and (best is None or len(run) > len(best.days)):
                best = Window(run[0], run[-1])
        return best

    def is_open_throughout(self, window: Window) -> bool:
        return all(self.is_open_on(day) for day in window.days)

    def needs_visits(self, week: Window) -> int:
        return self.visits_per_week if self.open_window(week) else 0


@dataclass(frozen=True, order=True)
class Window:
    starts_on: date
    ends_on: date

    @cached_property
    def days(self) -> tuple[date, ...]:
        count = (self.ends_on - self.starts_on).days + 1
        return tuple(self.starts_on + timedelta(days=n) for n in range(count))

    @property
    def label(self) -> str:
        return f"week of {self.starts_on:%-d %B}"

    def overlaps(self, other: Window) -> bool:
        return self.starts_on <= other.ends_on and other.starts_on <= self.ends_on


@dataclass(frozen=True)
class DraftVisit:
    suite_id: int
    window: Window  # what the pair are given: a week, or a single day
    day: date  # the planned day (the suggested day of a week window)
    band: str
    pair: tuple[int, int]


@dataclass(frozen=True)
class Gap:
    suite_id: int
    window: Window
    reason: str  # a code, e.g. "too_few_available"
    message: str  # "Colindale, week of 6 Jan: only one available volunteer"


@dataclass(frozen=True)
class RotaRequest:
    volunteers: tuple[Volunteer, ...]
    suites: tuple[SuiteNeed, ...]
    starts_on: date
    ends_on: date
    granularity: str = WEEK
    seed: int = 0
    # Visits already planned (other rotas, or the part of a draft being kept): the
    # generator works around them and counts them for load, pairs and patterns.
    fixed: tuple[DraftVisit, ...] = ()


@dataclass
class Draft:
    visits: list[DraftVisit] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def merged_spans(spans) -> tuple[Span, ...]:
    """Spans joined where they overlap or touch: two TACT trainings back to back cover a
    window that neither covers alone."""
    merged: list[list[date]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1] + timedelta(days=1):
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((start, end) for start, end in merged)


def demand_windows(starts_on: date, ends_on: date) -> list[Window]:
    """Monday-to-Sunday weeks covering the period; short edges join their neighbour."""
    if ends_on < starts_on:
        return []
    bounds = [starts_on]
    monday = starts_on + timedelta(days=(7 - starts_on.weekday()) % 7 or 7)
    while monday <= ends_on:
        bounds.append(monday)
        monday += timedelta(days=7)
    spans = [
        [start, (bounds[i + 1] - timedelta(days=1)) if i + 1 < len(bounds) else ends_on]
        for i, start in enumerate(bounds)
    ]
    if len(spans) > 1 and _length(spans[0]) < SHORTEST_WINDOW_DAYS:
        first = spans.pop(0)
        spans[0][0] = first[0]
    if len(spans) > 1 and _length(spans[-1]) < SHORTEST_WINDOW_DAYS:
        last = spans.pop()
        spans[-1][1] = last[1]
    return [Window(start, end) for start, end in spans]


def _length(span) -> int:
    return (span[1] - span[0]).days + 1
