"""Fair load, repaired: even out visit counts within each group of comparable volunteers
(icv.rota.fairness) until they differ by at most one, as far as the rules allow.

Why it is needed: the greedy pass shares visits out by load as it goes, but it weighs load
against pair variety, experienced partners and even weekdays, and relative to each person's
monthly maximum; so people who are free less often, or whose partners rarely share their
times, fall behind a little each week, and over a year the gap within a group reaches three
to five visits. Balancing (icv.rota.improve) only moves a visit when someone clearly lighter
shares its slot with the partner.

This pass works group by group: while the busiest member has two or more visits above
someone in their group, it hands one of their visits to that lighter person, directly or
through a colleague (the busy person's visit goes to a colleague, who hands one of theirs
to the lighter person, or the other way round, so the colleague's count stays the same).
Every move goes through `give_away`, so it keeps every hard rule, never adds a repeated pair
and never leaves a new volunteer without an experienced partner. It first keeps a suite's
weekdays and bands as even as balancing does, and only for the groups still uneven lets
them bend a little more (never to the same weekday and band as a neighbouring week).
"""

from __future__ import annotations

from typing import NamedTuple

from icv.rota.fairness import comparable_groups, spread
from icv.rota.improve import give_away
from icv.rota.schedule import Volunteer


class Allowance(NamedTuple):
    slack: int  # how much less even a suite's weekdays and bands may get
    repeat_pairs: bool  # whether a pair may visit together again


# The balancing pass's allowance first, then more for the groups still uneven. Fair load
# comes before pair variety, but only once nothing else evens a group out.
ALLOWANCES = (Allowance(1, False), Allowance(3, False), Allowance(12, False), Allowance(12, True))
MAX_ROUNDS = 4  # passes over the groups per allowance; each move strictly evens a group


def level_load(planner) -> int:
    """Even out every group as far as the rules allow; returns the moves made."""
    groups = comparable_groups(planner.request)
    moves = 0
    for allowance in ALLOWANCES:
        for _ in range(MAX_ROUNDS):
            made = 0
            for group in groups:
                while spread(group, planner.ledger.load) > 1 and _even_out_once(
                    planner, group, allowance
                ):
                    made += 1
            moves += made
            if not made:
                break
    return moves


def _even_out_once(planner, group: list[Volunteer], allowance: Allowance) -> bool:
    """Move one visit from a busiest member to someone two or more below them."""
    load = planner.ledger.load
    top = max(load[person.id] for person in group)
    busiest = [person for person in group if load[person.id] == top]
    lighter = sorted(
        (person for person in group if load[person.id] <= top - 2),
        key=lambda person: (load[person.id], person.id),
    )
    for busy in busiest:
        for light in lighter:
            if _hand(planner, (busy, light), allowance) or _through_a_colleague(
                planner, busy, light, allowance
            ):
                return True
    return False


def _give(planner, index: int, move: tuple, allowance: Allowance) -> bool:
    giver, taker = move
    return give_away(planner, index, giver, [taker], allowance.slack,
                     repeat_pairs=allowance.repeat_pairs)  # fmt: skip


def _hand(planner, move: tuple, allowance: Allowance) -> bool:
    """Hand one of move[0]'s visits to move[1]."""
    visits = list(planner.visits_of[move[0].id])
    return any(_give(planner, index, move, allowance) for index in visits)


def _through_a_colleague(planner, busy: Volunteer, light: Volunteer, allowance) -> bool:
    """One of `busy`'s visits to a colleague and one of the colleague's to `light`, in either
    order (a colleague at their monthly maximum must pass one on before taking another)."""
    for colleague in planner.by_panel[busy.panel_id]:
        if colleague.id in (busy.id, light.id):
            continue
        there, on = (busy, colleague), (colleague, light)
        if _two_moves(planner, there, on, allowance) or _two_moves(planner, on, there, allowance):
            return True
    return False


def _two_moves(planner, first: tuple, second: tuple, allowance: Allowance) -> bool:
    """Hand a visit as `first` says, then another as `second` says; if the second finds
    none, the first is put back."""
    for index in list(planner.visits_of[first[0].id]):
        before = planner.draft.visits[index]
        if not _give(planner, index, first, allowance):
            continue
        if _hand(planner, second, allowance):
            return True
        planner.unrecord(planner.draft.visits[index])
        planner.record(before)
        planner.place(index, before)
    return False
