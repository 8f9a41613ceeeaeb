"""The hard rules of the rota, in one place: the generator, swaps and replacements all use them.

- a suite open 24/7, or a contingency suite open on every day of the window (never a
  closed suite);
- two distinct volunteers of the suite's panel;
- active, or on probation and paired with an experienced volunteer;
- vetting and appointment valid for the whole window;
- available on the planned weekday and band, and not away that day;
- nobody in two overlapping windows; nobody over their visits per month (by window start).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

from icv.rota.schedule import ELIGIBLE_STATUSES, DraftVisit, SuiteNeed, Volunteer, Window


def valid_for(volunteer: Volunteer, window: Window) -> bool:
    """Status, appointment and vetting allow visiting on every day of the window.

    Vetting is valid up to the day before it expires; an appointment up to its last day.
    """
    return (
        volunteer.status in ELIGIBLE_STATUSES
        and volunteer.appointed_on is not None
        and volunteer.appointed_on <= window.starts_on
        and (volunteer.term_ends_on is None or volunteer.term_ends_on >= window.ends_on)
        and volunteer.vetting_expires_on is not None
        and volunteer.vetting_expires_on > window.ends_on
    )


def away_on(volunteer: Volunteer, day: date) -> bool:
    return any(start <= day <= end for start, end in volunteer.away)


def can_take(volunteer: Volunteer, window: Window, day: date, band: str) -> bool:
    """Everything about one volunteer and one visit slot, except their other visits."""
    return (
        valid_for(volunteer, window)
        and (day.weekday(), band) in volunteer.availability
        and not away_on(volunteer, day)
    )


def pair_allowed(first: Volunteer, second: Volunteer) -> bool:
    """Two different people; anyone on probation goes with an experienced volunteer."""
    if first.id == second.id or first.panel_id != second.panel_id:
        return False
    if first.status == "probation" and not second.experienced:
        return False
    return not (second.status == "probation" and not first.experienced)


class Ledger:
    """Who is already committed when: overlapping windows and visits per month."""

    def __init__(self) -> None:
        self._busy: dict[int, set[date]] = defaultdict(set)
        self._per_month: Counter[tuple[int, int, int]] = Counter()
        self.load: Counter[int] = Counter()  # visits counted for fairness

    @staticmethod
    def _month(volunteer_id: int, window: Window) -> tuple[int, int, int]:
        return (volunteer_id, window.starts_on.year, window.starts_on.month)

    def is_free(self, volunteer: Volunteer, window: Window) -> bool:
        busy = self._busy.get(volunteer.id)
        if busy and not busy.isdisjoint(window.days):
            return False
        month = (volunteer.id, window.starts_on.year, window.starts_on.month)  # as _month()
        return self._per_month[month] < volunteer.max_per_month

    def commit(self, volunteer_id: int, window: Window, *, counts_for_load: bool = True) -> None:
        self._busy[volunteer_id].update(window.days)
        self._per_month[self._month(volunteer_id, window)] += 1
        if counts_for_load:
            self.load[volunteer_id] += 1

    def release(self, volunteer_id: int, window: Window, *, counts_for_load: bool = True) -> None:
        self._busy[volunteer_id].difference_update(window.days)
        self._per_month[self._month(volunteer_id, window)] -= 1
        if counts_for_load:
            self.load[volunteer_id] -= 1


def suite_closed_problem(suite: SuiteNeed, window: Window) -> list[str]:
    """Why the suite cannot be visited in this window, if it cannot."""
    if suite.status == "closed":
        return [f"{suite.name} is closed"]
    if not suite.is_open_throughout(window):
        return [f"{suite.name} is not open on every day of the window"]
    return []


def visit_problems(
    visit: DraftVisit,
    volunteers: dict[int, Volunteer],
    suite: SuiteNeed,
    others: Iterable[DraftVisit] = (),
) -> list[str]:
    """Why a visit breaks the hard rules (empty when it does not), given the other visits."""
    closed = suite_closed_problem(suite, visit.window)
    problems = []
    people = [volunteers.get(person_id) for person_id in visit.pair]
    if len(set(visit.pair)) != 2 or None in people:
        return [*closed, "needs two different volunteers"]
    for person in people:
        label = person.name or f"Volunteer {person.id}"
        if person.panel_id != suite.panel_id:
            problems.append(f"{label} is not on this suite's panel")
        if not valid_for(person, visit.window):
            problems.append(f"{label} is not active, vetted and appointed for the whole window")
        elif (visit.day.weekday(), visit.band) not in person.availability:
            problems.append(f"{label} is not available {visit.day:%A} {visit.band}")
        if away_on(person, visit.day):
            problems.append(f"{label} is away on {visit.day:%-d %b}")
    if not problems and not pair_allowed(*people):
        problems.append("a volunteer on probation needs an experienced partner")
    ledger = Ledger()
    for other in others:
        for person_id in set(other.pair) & set(visit.pair):
            ledger.commit(person_id, other.window)
    for person in people:
        if not ledger.is_free(person, visit.window):
            label = person.name or f"Volunteer {person.id}"
            problems.append(f"{label} has another visit then, or no visits left that month")
    return closed + problems
