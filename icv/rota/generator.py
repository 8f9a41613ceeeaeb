"""Propose a rota: greedy, most constrained suites first, with a one-step repair for gaps.

Every visit obeys the hard rules in icv.rota.rules. Among the valid choices it prefers, in
this order of weight: a fair load (fewest visits so far, relative to each person's monthly
maximum), a new pair, an experienced partner for a new volunteer, and a weekday and band
the suite has had least (never the same weekday and band as the neighbouring weeks).
Ties are broken with a seeded random generator, so a seed always gives the same draft.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

from icv.rota.explain import explain_gap, period_notes
from icv.rota.improve import balance, repair_gap
from icv.rota.levelling import level_load
from icv.rota.rules import Ledger, away_on, pair_allowed, qualified_for, valid_for
from icv.rota.schedule import (
    BANDS,
    DAY,
    Draft,
    DraftVisit,
    Gap,
    RotaRequest,
    SuiteNeed,
    Volunteer,
    Window,
    demand_windows,
)

SLOT_TRIES = 6  # feasible slots compared per visit
CANDIDATES = 8  # least-loaded people considered per slot
LOAD_WEIGHT, PAIR_WEIGHT, NOVICE_WEIGHT, SLOT_WEIGHT = 3.0, 4.0, 3.5, 1.0
REPEAT_PENALTY = 50.0  # same weekday and band as a neighbouring week: only if nothing else
NEIGHBOUR_OFFSETS = (-14, -7, 0, 7, 14)
BALANCING_ROUNDS = 3
BAND_INDEX = {band: index for index, band in enumerate(BANDS)}


def generate(request: RotaRequest) -> Draft:
    return _Planner(request).run()


def pair_key(pair) -> tuple[int, int]:
    return tuple(sorted(pair))


class _Planner:
    def __init__(self, request: RotaRequest) -> None:
        self.request = request
        self.rng = random.Random(request.seed)  # noqa: S311 (reproducible, not secret)
        self.people = {v.id: v for v in sorted(request.volunteers, key=lambda v: v.id)}
        self.by_panel: dict[int, list[Volunteer]] = defaultdict(list)
        self.by_slot: dict[tuple, list[Volunteer]] = defaultdict(list)
        for person in self.people.values():
            self.by_panel[person.panel_id].append(person)
            for weekday, band in sorted(person.availability):
                self.by_slot[(person.panel_id, weekday, band)].append(person)
        self.ledger = Ledger()
        self.pairs: Counter[tuple[int, int]] = Counter()
        self.suites = {suite.id: suite for suite in request.suites}
        # suite -> band -> {day ordinal: visits}, to spot the same weekday and band running
        self.slots_taken: dict[tuple[int, str], Counter] = defaultdict(Counter)
        self.weekdays: dict[int, list[int]] = defaultdict(lambda: [0] * 7)
        self.bands: dict[int, list[int]] = defaultdict(lambda: [0] * len(BANDS))
        self.tiebreak: dict[int, float] = {}
        self.visits_of: dict[int, list[int]] = defaultdict(list)  # person -> draft indexes
        self.draft = Draft()
        self.valid_cache: dict[tuple, set[int]] = {}
        self.demand_window: dict = {}  # day -> the week it was planned for
        for visit in request.fixed:
            self.record(visit, in_period=self._in_period(visit))

    def _in_period(self, visit: DraftVisit) -> bool:
        return self.request.starts_on <= visit.day <= self.request.ends_on

    def run(self) -> Draft:
        self.draft.notes = period_notes(self.request)
        for window in demand_windows(self.request.starts_on, self.request.ends_on):
            self.demand_window.update(dict.fromkeys(window.days, window))
            self.tiebreak = {person_id: self.rng.random() for person_id in self.people}
            for suite in self._most_constrained_first(window):
                self._plan_one(suite, window)
        for _ in range(BALANCING_ROUNDS):
            if not balance(self):
                break
        level_load(self)
        self.draft.visits.sort(key=lambda v: (v.window.starts_on, v.suite_id, v.day, v.band))
        self.draft.gaps.sort(key=lambda g: (g.window.starts_on, g.suite_id))
        return self.draft

    def _most_constrained_first(self, window: Window) -> list[SuiteNeed]:
        ready = Counter(
            person.panel_id for person in self.people.values() if valid_for(person, window)
        )
        demands = [
            suite
            for suite in sorted(self.request.suites, key=lambda s: s.id)
            for _ in range(suite.needs_visits(window))
        ]
        keys = {id(s): self.rng.random() for s in demands}
        # A TACT suite counts only its panel's TACT-trained people: fewer, so planned sooner.
        return sorted(demands, key=lambda s: (
            len(self._valid_ids(s, window)) if s.tact_designated else ready[s.panel_id],
            keys[id(s)],
        ))  # fmt: skip

    def visit_window(self, window: Window, day) -> Window:
        return Window(day, day) if self.request.granularity == DAY else window

    def open_window_around(self, suite_id: int, day) -> Window:
        """The window a visit to this suite planned for `day` may use: its (open) week."""
        return self.suites[suite_id].open_window(self.demand_window[day])

    # --- choosing a slot and a pair -------------------------------------------------------

    def _plan_one(self, suite: SuiteNeed, week: Window) -> None:
        window = suite.open_window(week)  # the week, or a contingency suite's open days
        best = None
        feasible = 0
        for slot_cost, day, band in self._slots_by_preference(suite, window):
            found = self._best_pair(suite, self.visit_window(window, day), day, band)
            if found is None:
                continue
            pair_cost, pair = found
            cost = SLOT_WEIGHT * slot_cost + pair_cost
            if best is None or cost < best[0]:
                best = (cost, day, band, pair)
            feasible += 1
            if feasible >= SLOT_TRIES:
                break
        if best is not None:
            _, day, band, pair = best
            self.add(DraftVisit(suite.id, self.visit_window(window, day), day, band, pair))
        elif not repair_gap(self, suite, window):
            message = explain_gap(suite, week, window, self.by_panel[suite.panel_id], self)
            self.draft.gaps.append(Gap(suite.id, week, *message))

    def _slots_by_preference(self, suite: SuiteNeed, window: Window) -> list:
        scored = [
            (self.slot_cost(suite.id, day, band, low) + self.rng.random(), day, band)
            for low in [self.lowest(suite.id)]
            for day in window.days
            for band in BANDS
        ]
        scored.sort()
        return scored

    def lowest(self, suite_id: int) -> int:
        return min(self.weekdays[suite_id]) + min(self.bands[suite_id])

    def slot_cost(self, suite_id: int, day, band: str, lowest: int | None = None) -> float:
        """How far this slot would push the suite's weekdays and bands from even."""
        lowest = self.lowest(suite_id) if lowest is None else lowest
        weekdays, bands = self.weekdays[suite_id], self.bands[suite_id]
        cost = weekdays[day.weekday()] + bands[BAND_INDEX[band]] - lowest
        return cost + (REPEAT_PENALTY if self.repeats_pattern(suite_id, day, band) else 0)

    def candidates(self, suite: SuiteNeed, window: Window, day, band) -> list[Volunteer]:
        """People who could take this slot now: every hard rule except the pairing."""
        valid = self._valid_ids(suite, window)
        is_free = self.ledger.is_free
        return [
            person
            for person in self.by_slot.get((suite.panel_id, day.weekday(), band), ())
            if person.id in valid
            and not (person.away and away_on(person, day))
            and is_free(person, window)
        ]

    def _valid_ids(self, suite: SuiteNeed, window: Window) -> set[int]:
        """Panel members whose status, appointment, vetting (and TACT training, for a
        TACT-designated suite) allow the window (cached)."""
        key = (suite.panel_id, suite.tact_designated, window)
        if key not in self.valid_cache:
            people = self.by_panel.get(suite.panel_id, ())
            self.valid_cache[key] = {p.id for p in people if qualified_for(p, suite, window)}
        return self.valid_cache[key]

    def _best_pair(self, suite, window, day, band):
        people = self.candidates(suite, window, day, band)
        if len(people) < 2:
            return None
        load, tiebreak = self.ledger.load, self.tiebreak
        ratio = {p.id: load[p.id] / max(p.max_per_month, 1) for p in people}
        people.sort(key=lambda p: (ratio[p.id], tiebreak[p.id]))
        shortlist = people[:CANDIDATES]
        shortlist += [p for p in people[CANDIDATES:] if p.experienced][: CANDIDATES // 2]
        best = None
        for index, first in enumerate(shortlist):
            for second in shortlist[index + 1 :]:
                if not pair_allowed(first, second):
                    continue
                pair = pair_key((first.id, second.id))
                cost = (
                    LOAD_WEIGHT * (ratio[first.id] + ratio[second.id])
                    + PAIR_WEIGHT * self.pairs[pair]
                    + NOVICE_WEIGHT * (not first.experienced and not second.experienced)
                )  # as pair_cost(), inlined: this loop is the generator's hottest
                if best is None or cost < best[0]:
                    best = (cost, pair)
        return best

    def _load_key(self, person: Volunteer):
        ratio = self.ledger.load[person.id] / max(person.max_per_month, 1)
        return (ratio, self.tiebreak[person.id])

    def pair_cost(self, first: Volunteer, second: Volunteer) -> float:
        load = sum(self._load_key(p)[0] for p in (first, second))
        novices = not first.experienced and not second.experienced
        repeats = self.pairs[pair_key((first.id, second.id))]
        return LOAD_WEIGHT * load + PAIR_WEIGHT * repeats + NOVICE_WEIGHT * novices

    # --- bookkeeping -----------------------------------------------------------------------

    def record(self, visit: DraftVisit, *, in_period: bool = True, sign: int = 1) -> None:
        """Count a visit in (or, with sign=-1, out of) the ledger, pairs and suite patterns."""
        for person_id in visit.pair:
            if sign > 0:
                self.ledger.commit(person_id, visit.window, counts_for_load=in_period)
            else:
                self.ledger.release(person_id, visit.window, counts_for_load=in_period)
        self.pairs[pair_key(visit.pair)] += sign
        self.slots_taken[(visit.suite_id, visit.band)][visit.day.toordinal()] += sign
        if in_period:
            self.weekdays[visit.suite_id][visit.day.weekday()] += sign
            self.bands[visit.suite_id][BAND_INDEX[visit.band]] += sign

    def unrecord(self, visit: DraftVisit) -> None:
        self.record(visit, sign=-1)

    def add(self, visit: DraftVisit) -> None:
        self.record(visit)
        for person_id in visit.pair:
            self.visits_of[person_id].append(len(self.draft.visits))
        self.draft.visits.append(visit)

    def place(self, index: int, visit: DraftVisit) -> None:
        """Put an already recorded visit at `index` instead of the (unrecorded) old one."""
        for person_id in self.draft.visits[index].pair:
            self.visits_of[person_id].remove(index)
        for person_id in visit.pair:
            self.visits_of[person_id].append(index)
        self.draft.visits[index] = visit

    def repeats_pattern(self, suite_id: int, day, band) -> bool:
        taken = self.slots_taken.get((suite_id, band))
        if not taken:
            return False
        ordinal, seen = day.toordinal(), taken.get
        return any((seen(ordinal + offset) or 0) > 0 for offset in NEIGHBOUR_OFFSETS)
