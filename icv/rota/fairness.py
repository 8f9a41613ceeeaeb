"""Fair load, measured: who is comparable, how far their visit counts differ, and why a group
still differs by more than one.

The goal is that among volunteers with similar availability visit counts differ by at most
one. Where a group differs by more, `why_uneven` looks at its busiest and least busy member
and asks, from the hard rules alone, whether the less busy one could take any of the busier
one's visits: if not, it names the rule that held them apart most often (the probation
pairing rule, the monthly maximum or other visits, availability and dates away); if so, a
soft goal kept them apart (the levelling pass, icv.rota.levelling, never pairs two new
volunteers or bunches a suite's days to even out a load).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from icv.rota.rules import Ledger, away_on, can_take, pair_allowed, valid_for
from icv.rota.schedule import BANDS, DraftVisit, RotaRequest, Volunteer, Window

AVAILABILITY_BUCKETS = (3, 7, 14, 28)  # weekly slots: 1-3, 4-7, 8-14, 15-28
REASONS = {  # why a group differs by more than one; the first three are hard rules
    "pairing": "held by the probation rule (no experienced partner free)",
    "busy": "held by the monthly maximum or other visits the same week",
    "availability": "held by availability or dates away (no time free with the partners)",
    "soft": "not held by a hard rule (one of the busier one's visits could go to the less "
    "busy one)",
}


def comparable_groups(request: RotaRequest) -> list[list[Volunteer]]:
    """Volunteers who could take the same share, in groups of two or more.

    Comparable means: same panel, status (probation needs an experienced partner) and monthly
    maximum, a similar number of weekly slots, able to visit throughout the period, and TACT
    training valid on the same days of it (only the trained visit TACT-designated suites).
    """
    period = Window(request.starts_on, request.ends_on)
    groups: dict[tuple, list[Volunteer]] = defaultdict(list)
    for person in request.volunteers:
        if not person.availability or not valid_for(person, period):
            continue
        if any(s <= request.ends_on and request.starts_on <= e for s, e in person.away):
            continue
        slots = len(person.availability)
        bucket = next(i for i, top in enumerate(AVAILABILITY_BUCKETS) if slots <= top)
        tact = _tact_days(person, period)
        groups[(person.panel_id, person.status, person.max_per_month, bucket, tact)].append(person)
    return [group for _, group in sorted(groups.items()) if len(group) > 1]


def _tact_days(person: Volunteer, period: Window) -> tuple:
    """The parts of the period the person's TACT training covers."""
    return tuple(
        (max(start, period.starts_on), min(end, period.ends_on))
        for start, end in person.tact_trained
        if start <= period.ends_on and period.starts_on <= end
    )


def spread(group: list[Volunteer], load: Counter) -> int:
    counts = [load[person.id] for person in group]
    return max(counts) - min(counts)


def uneven_groups(
    visits: list[DraftVisit], movable: list[DraftVisit], request: RotaRequest
) -> tuple[int, int, Counter]:
    """(largest spread, number of groups, why each group differing by more than one does).

    `visits` are all the period's visits; `movable` those the generator planned (visits
    already published cannot be handed to someone else).
    """
    load = Counter(person for v in visits for person in v.pair)
    groups = comparable_groups(request)
    people = {person.id: person for person in request.volunteers}
    reasons = Counter(
        why_uneven(group, load, visits, movable, people)
        for group in groups
        if spread(group, load) > 1
    )
    return max((spread(g, load) for g in groups), default=0), len(groups), reasons


def why_uneven(group, load: Counter, visits, movable, people: dict) -> str:
    """Why the least busy member could not take one of the busiest one's visits: 'soft' if
    they could for one of them, else what stopped them most often."""
    busiest = max(group, key=lambda person: (load[person.id], -person.id))
    lightest = min(group, key=lambda person: (load[person.id], person.id))
    ledger = Ledger()
    for visit in visits:
        if lightest.id in visit.pair:
            ledger.commit(lightest.id, visit.window)
    found = Counter()
    for visit in movable:
        if busiest.id in visit.pair:
            partner_id = visit.pair[0] if visit.pair[1] == busiest.id else visit.pair[1]
            found[_blocker(visit, lightest, people.get(partner_id), ledger)] += 1
    if found["soft"]:
        return "soft"
    order = list(REASONS)
    return min(found, key=lambda reason: (-found[reason], order.index(reason)), default="busy")


def _blocker(visit: DraftVisit, light: Volunteer, partner: Volunteer | None, ledger) -> str:
    """What stops `light` taking this visit in the partner's company ('soft': nothing does)."""
    if partner is not None and not pair_allowed(light, partner):
        return "pairing"
    shared = [
        (day, band)
        for day in visit.window.days
        for band in BANDS
        if can_take(light, visit.window, day, band)
        and (partner is None or ((day.weekday(), band) in partner.availability
                                 and not away_on(partner, day)))
    ]  # fmt: skip
    if not shared:
        return "availability"
    return "soft" if ledger.is_free(light, visit.window) else "busy"
