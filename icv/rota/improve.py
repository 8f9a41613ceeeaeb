"""Second thoughts on a greedy rota: fill a gap by freeing someone, and even out the load.

Both work on the generator's planner and only ever make moves the hard rules allow (every
person placed comes from `planner.candidates`, which applies them).
"""

from __future__ import annotations

from icv.rota.rules import away_on, can_take, pair_allowed, qualified_for
from icv.rota.schedule import BANDS, DAY, DraftVisit, SuiteNeed, Volunteer, Window

SLOT_SLACK = 1  # how much less even a suite may get to even out people's load


def _key(first: int, second: int) -> tuple[int, int]:
    return (first, second) if first < second else (second, first)


def repair_gap(planner, suite: SuiteNeed, window: Window) -> bool:
    """Fill one missing visit by handing a busy person's other visit to a free substitute."""
    for _, day, band in planner._slots_by_preference(suite, window):
        target = planner.visit_window(window, day)
        for busy in planner.by_slot.get((suite.panel_id, day.weekday(), band), ()):
            if (
                not can_take(busy, target, day, band)
                or not qualified_for(busy, suite, target)
                or planner.ledger.is_free(busy, target)
            ):
                continue
            for index in list(planner.visits_of[busy.id]):
                if _hand_over(planner, index, busy, (suite, target, day, band)):
                    return True
    return False


def _hand_over(planner, index: int, busy: Volunteer, slot: tuple) -> bool:
    suite, target, day, band = slot
    visit = planner.draft.visits[index]
    partner = partner_of(planner, visit, busy)
    planner.unrecord(visit)
    if planner.ledger.is_free(busy, target):
        old_suite = planner.suites[visit.suite_id]
        for substitute in planner.candidates(old_suite, visit.window, visit.day, visit.band):
            if substitute.id in (busy.id, partner.id) or not pair_allowed(substitute, partner):
                continue
            moved = DraftVisit(
                visit.suite_id, visit.window, visit.day, visit.band, _key(substitute.id, partner.id)
            )
            planner.record(moved)
            mates = [
                p
                for p in planner.candidates(suite, target, day, band)
                if p.id != busy.id and pair_allowed(busy, p)
            ]
            if mates:
                planner.place(index, moved)
                mate = min(mates, key=lambda p: planner.pair_cost(busy, p))
                planner.add(DraftVisit(suite.id, target, day, band, _key(busy.id, mate.id)))
                return True
            planner.unrecord(moved)
    planner.record(visit)
    return False


def balance(planner) -> bool:
    """One pass over the rota moving visits from busier to clearly less busy people."""
    moved = False
    for index in range(len(planner.draft.visits)):
        visit = planner.draft.visits[index]
        busiest = planner.people[max(visit.pair, key=lambda p: _ratio(planner, planner.people[p]))]
        ratio = _ratio(planner, busiest)
        panel = planner.by_panel[planner.suites[visit.suite_id].panel_id]
        lighter = [
            p for p in panel if (planner.ledger.load[p.id] + 1) / max(p.max_per_month, 1) < ratio
        ]
        if give_away(planner, index, busiest, lighter):
            moved = True
    return moved


def _ratio(planner, person: Volunteer) -> float:
    return planner.ledger.load[person.id] / max(person.max_per_month, 1)


def partner_of(planner, visit: DraftVisit, person: Volunteer) -> Volunteer:
    return planner.people[visit.pair[0] if visit.pair[1] == person.id else visit.pair[1]]


def give_away(
    planner,
    index: int,
    leaving: Volunteer,
    takers: list[Volunteer],
    slack: int = SLOT_SLACK,
    *,
    repeat_pairs: bool = False,
) -> bool:
    """Hand `leaving`'s place to one of `takers` (the least loaded that fits), keeping the
    slot if possible, else another slot in the same week; never leaving a new volunteer
    without an experienced partner, nor (unless `repeat_pairs`) adding a repeated pair."""
    visit = planner.draft.visits[index]
    partner = partner_of(planner, visit, leaving)
    suite = planner.suites[visit.suite_id]
    lighter = {
        p.id: p
        for p in takers
        if p.id not in visit.pair
        and pair_allowed(p, partner)
        and (p.experienced or partner.experienced or not leaving.experienced)
    }
    week = planner.open_window_around(suite.id, visit.day)
    # Who could step in at all that week does not depend on this visit: look before undoing it.
    lighter = {i: p for i, p in lighter.items() if _free_some_day(planner, p, suite, week)}
    wanted = partner.availability & set().union(*(p.availability for p in lighter.values()))
    if not any((day.weekday(), band) in wanted for day in week.days for band in BANDS):
        return False  # nobody lighter is free with the partner that week (the usual case)
    planner.unrecord(visit)
    for day, band in _slots(planner, visit, week, wanted, slack):
        target = planner.visit_window(week, day)
        people = planner.candidates(suite, target, day, band)
        if all(p.id != partner.id for p in people):
            continue
        repeats = planner.pairs[visit.pair]
        takers = [
            p
            for p in people
            if p.id in lighter
            and (repeat_pairs or planner.pairs[_key(p.id, partner.id)] <= repeats)
        ]
        if takers:
            taker = min(takers, key=planner._load_key)
            moved = DraftVisit(suite.id, target, day, band, _key(taker.id, partner.id))
            planner.record(moved)
            planner.place(index, moved)
            return True
    planner.record(visit)
    return False


def _free_some_day(planner, person: Volunteer, suite: SuiteNeed, week: Window) -> bool:
    """Qualified for the suite, not away and without another visit or a full month, on some
    day of the week."""
    if planner.request.granularity != DAY:
        return (
            qualified_for(person, suite, week)
            and planner.ledger.is_free(person, week)
            and not all(away_on(person, day) for day in week.days)
        )
    return any(
        qualified_for(person, suite, Window(day, day))
        and not away_on(person, day)
        and planner.ledger.is_free(person, Window(day, day))
        for day in week.days
    )


def _slots(planner, visit: DraftVisit, week: Window, wanted: set, slack: int) -> list:
    """The visit's own slot, then others in its week that the partner and someone lighter
    share (`wanted`) and that keep the suite's weekdays and bands about as even."""
    lowest = planner.lowest(visit.suite_id)
    limit = planner.slot_cost(visit.suite_id, visit.day, visit.band, lowest) + slack
    others = sorted(
        (cost, d, b)
        for d in week.days
        for b in BANDS
        if (d.weekday(), b) in wanted
        and (d, b) != (visit.day, visit.band)
        and (cost := planner.slot_cost(visit.suite_id, d, b, lowest)) <= limit
    )
    return [(visit.day, visit.band), *((d, b) for _, d, b in others)]
