"""The hard rules of the rota, in one place: the generator, swaps and replacements all use them.

- a suite open 24/7, or a contingency suite open on every day of the window (never a
  closed suite);
- two distinct volunteers of the suite's panel;
- active, or on probation and paired with an experienced volunteer;
- vetting and appointment valid for the whole window;
- at a TACT-designated suite, TACT training valid for the whole window;
- nobody in two overlapping windows;
- soft: the pair available, and not away, at a time in common within the window (a day
  window: that day and band); nobody over their visits per month (by window start).

Soft rules a coordinator may set aside for one visit, giving a reason (editing.py); the
generator never breaks any.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime

from flask_babel import gettext

from icv import dates
from icv.rota.schedule import (
    BANDS,
    ELIGIBLE_STATUSES,
    DraftVisit,
    SuiteNeed,
    Volunteer,
    Window,
)
from icv.rota.words import month_year, weekday


class Problem(str):
    """Why a visit breaks a rule, in words. A hard one always stops a change."""

    soft = False


class SoftProblem(Problem):
    """Availability, dates away or the monthly maximum: may be set aside with a reason.

    `key` names the rule and the people by id (never by name, so a record of it setting
    aside outlives a volunteer's name being purged): see set_aside_words()."""

    soft = True

    def __new__(cls, text: str, *key):
        problem = super().__new__(cls, text)
        problem.key = key
        return problem


AVAILABILITY, MONTHLY_MAXIMUM = "availability", "monthly maximum"


def set_aside_words(key, names: dict[int, str]) -> str:
    """A stored key in words, with people's current names."""
    rule, *ids = key
    if rule == MONTHLY_MAXIMUM:
        person_id, month = ids
        return gettext(
            "%(name)s: more visits in %(month)s than their monthly maximum",
            name=names[person_id],
            month=_month_words(month),
        )
    if len(ids) == 2:
        return gettext(
            "%(first)s and %(second)s: no time in common in the window",
            first=names[ids[0]],
            second=names[ids[1]],
        )
    return gettext(
        "%(name)s: not available, or away, at any time in the window", name=names[ids[0]]
    )


def _month_words(month: str) -> str:
    """A month kept in a rule's key ("April 2026", always English: it is data) in words."""
    try:
        return month_year(datetime.strptime(month, "%B %Y").date())
    except ValueError:
        return month


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


def tact_trained_for(volunteer: Volunteer, window: Window) -> bool:
    """TACT training valid on every day of the window."""
    return any(s <= window.starts_on and window.ends_on <= e for s, e in volunteer.tact_trained)


def qualified_for(volunteer: Volunteer, suite: SuiteNeed, window: Window) -> bool:
    """valid_for(), and TACT-trained throughout when the suite is TACT-designated."""
    return valid_for(volunteer, window) and (
        not suite.tact_designated or tact_trained_for(volunteer, window)
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


def free_times(volunteer: Volunteer, visit: DraftVisit) -> set[tuple[date, str]]:
    """When in the visit's window the volunteer is available and not away. A one-day window
    is that day and the visit's band; in a longer one the pair choose any day and band."""
    window = visit.window
    if window.starts_on == window.ends_on:
        times = [(window.starts_on, visit.band)]
    else:
        times = [(day, band) for day in window.days for band in BANDS]
    return {
        (day, band)
        for day, band in times
        if (day.weekday(), band) in volunteer.availability and not away_on(volunteer, day)
    }


def first_time(times: set[tuple[date, str]]) -> tuple[date, str]:
    return min(times, key=lambda time: (time[0], BANDS.index(time[1])))


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

    def clashes(self, volunteer: Volunteer, window: Window) -> bool:
        return not self._busy.get(volunteer.id, set()).isdisjoint(window.days)

    def month_full(self, volunteer: Volunteer, window: Window) -> bool:
        return self._per_month[self._month(volunteer.id, window)] >= volunteer.max_per_month

    def is_free(self, volunteer: Volunteer, window: Window) -> bool:
        """Neither clashes() nor month_full(), inlined: the generator's innermost check."""
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
        return [gettext("%(suite)s is closed", suite=suite.name)]
    if not suite.is_open_throughout(window):
        return [gettext("%(suite)s is not open on every day of the window", suite=suite.name)]
    return []


def visit_problems(
    visit: DraftVisit,
    volunteers: dict[int, Volunteer],
    suite: SuiteNeed,
    others: Iterable[DraftVisit] = (),
) -> list[Problem]:
    """Why a visit breaks the rules (empty when it does not), given the other visits."""
    closed = [Problem(text) for text in suite_closed_problem(suite, visit.window)]
    people = [volunteers.get(person_id) for person_id in visit.pair]
    if len(set(visit.pair)) != 2 or None in people:
        return [*closed, Problem(gettext("needs two different volunteers"))]
    problems = [p for person in people for p in _person_problems(person, visit, suite)]
    if not problems and not pair_allowed(*people):
        problems.append(Problem(gettext("a volunteer on probation needs an experienced partner")))
    if not problems:
        first, second = people
        if not free_times(first, visit) & free_times(second, visit):
            problems.append(
                SoftProblem(
                    gettext(
                        "%(first)s and %(second)s have no time in common",
                        first=_label(first),
                        second=_label(second),
                    ),
                    AVAILABILITY,
                    first.id,
                    second.id,
                )
            )
    ledger = Ledger()
    for other in others:
        for person_id in set(other.pair) & set(visit.pair):
            ledger.commit(person_id, other.window)
    for person in people:
        if ledger.clashes(person, visit.window):
            problems.append(
                Problem(gettext("%(name)s has another visit in the same days", name=_label(person)))
            )
        elif ledger.month_full(person, visit.window):
            month = f"{visit.window.starts_on:%B %Y}"  # kept in the key: always English
            problems.append(
                SoftProblem(
                    gettext(
                        "%(name)s has no visits left in %(month)s (at most %(most)s a month)",
                        name=_label(person),
                        month=month_year(visit.window.starts_on),
                        most=person.max_per_month,
                    ),
                    MONTHLY_MAXIMUM,
                    person.id,
                    month,
                )
            )
    return closed + problems


def _label(person: Volunteer) -> str:
    return person.name or gettext("Volunteer %(id)s", id=person.id)


def _person_problems(person: Volunteer, visit: DraftVisit, suite: SuiteNeed) -> list[Problem]:
    label = _label(person)
    problems = []
    if person.panel_id != suite.panel_id:
        problems.append(Problem(gettext("%(name)s is not on this suite's panel", name=label)))
    if not valid_for(person, visit.window):
        problems.append(
            Problem(
                gettext(
                    "%(name)s is not active, vetted and appointed for the whole window",
                    name=label,
                )
            )
        )
    elif suite.tact_designated and not tact_trained_for(person, visit.window):
        problems.append(
            Problem(gettext("%(name)s has no TACT training valid for the whole window", name=label))
        )
    elif not free_times(person, visit):
        problems.append(SoftProblem(_unavailable(person, visit), AVAILABILITY, person.id))
    return problems


def _unavailable(person: Volunteer, visit: DraftVisit) -> str:
    label, day = _label(person), visit.day
    if visit.window.starts_on != visit.window.ends_on:
        return gettext("%(name)s is not available at any time in the window", name=label)
    if away_on(person, day):
        return gettext("%(name)s is away on %(day)s", name=label, day=dates.day(day))
    return gettext(
        "%(name)s is not available %(weekday)s %(band)s",
        name=label,
        weekday=weekday(day),
        band=gettext(visit.band),
    )
