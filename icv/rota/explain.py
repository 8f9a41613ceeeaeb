"""Plain-English reasons for what the generator could not do, so no gap is silent."""

from __future__ import annotations

from icv.dates import date_range, day
from icv.rota.rules import away_on, pair_allowed, qualified_for, tact_trained_for, valid_for
from icv.rota.schedule import (
    BANDS,
    ELIGIBLE_STATUSES,
    MIN_OPEN_DAYS,
    RotaRequest,
    SuiteNeed,
    Volunteer,
    Window,
    demand_windows,
)


def _count(number: int, noun: str) -> str:
    if number == 0:
        return f"no {noun}s"
    if number == 1:
        return f"only one {noun}"
    return f"only {number} {noun}s"


def _slots(person: Volunteer, suite: SuiteNeed, window: Window, planner) -> set[tuple]:
    """(day, band) slots in the window this person could take, ignoring other visits."""
    return {
        (day, band)
        for day in window.days
        for band in BANDS
        if (day.weekday(), band) in person.availability
        and not away_on(person, day)
        and qualified_for(person, suite, planner.visit_window(window, day))
    }


def explain_gap(
    suite: SuiteNeed, week: Window, window: Window, panel: list[Volunteer], planner
) -> tuple:
    """The first reason, from the broadest, that no pair could be found in `window` (the
    week, or the open part of it): (code, message)."""
    prefix = f"{suite.name}, {week.label}: "
    statuses = [p for p in panel if p.status in ELIGIBLE_STATUSES]
    if len(statuses) < 2:
        return "too_few_volunteers", prefix + _count(len(statuses), "active volunteer")
    valid = [p for p in statuses if valid_for(p, window)]
    if len(valid) < 2:
        return "too_few_valid", prefix + _count(
            len(valid), "volunteer with valid vetting and appointment"
        )
    if suite.tact_designated:
        valid = [
            p
            for p in valid
            if any(tact_trained_for(p, planner.visit_window(window, d)) for d in window.days)
        ]
        if len(valid) < 2:
            return "too_few_tact_trained", prefix + _count(
                len(valid), "volunteer with TACT training valid that week"
            )
    slots = {p.id: _slots(p, suite, window, planner) for p in valid}
    available = [p for p in valid if slots[p.id]]
    if len(available) < 2:
        return "too_few_available", prefix + _count(len(available), "available volunteer")
    free = [p for p in available if planner.ledger.is_free(p, window)]
    if not free:
        return "too_few_free", prefix + (
            f"all {len(available)} available volunteers already have a visit that week "
            "or have reached their monthly maximum"
        )
    if len(free) == 1:
        return "too_few_free", prefix + (
            "only one available volunteer without another visit that week or a full month"
        )
    if _share_a_slot(free, slots, require_pairing=True):
        return "no_pair_free_together", prefix + (
            "the free volunteers who could pair up are busy or at their monthly maximum "
            "at the times they share"
        )
    if _share_a_slot(free, slots, require_pairing=False):
        return "probation_needs_experienced", prefix + (
            "the free volunteers on probation need an experienced partner, and none is free then"
        )
    return "no_common_slot", prefix + "the free volunteers have no day and time in common"


def _share_a_slot(people: list[Volunteer], slots: dict, *, require_pairing: bool) -> bool:
    for index, first in enumerate(people):
        for second in people[index + 1 :]:
            if slots[first.id] & slots[second.id] and (
                not require_pairing or pair_allowed(first, second)
            ):
                return True
    return False


def period_notes(request: RotaRequest) -> list[str]:
    """Things a coordinator should know that are not gaps: suites left out, people expiring."""
    notes = []
    for suite in sorted(request.suites, key=lambda s: s.name):
        if suite.status == "closed":
            notes.append(f"{suite.name} is closed: no visits planned.")
        elif suite.status == "contingency":
            notes += _contingency_notes(suite, request)
    for person in sorted(request.volunteers, key=lambda p: (p.name, p.id)):
        if person.status not in ELIGIBLE_STATUSES:
            continue
        label = person.name or f"Volunteer {person.id}"
        for what, last_day in (
            ("vetting expires", person.vetting_expires_on),
            ("appointment ends", person.term_ends_on),
        ):
            if last_day and request.starts_on <= last_day <= request.ends_on:
                notes.append(f"{label}: {what} on {day(last_day)}; not planned after it.")
    return notes


def _contingency_notes(suite: SuiteNeed, request: RotaRequest) -> list[str]:
    """When a contingency suite gets visits in the period, and which open days get none."""
    name = f"{suite.name} (contingency)"
    weeks = demand_windows(request.starts_on, request.ends_on)
    usable = [week for week in weeks if suite.open_window(week)]
    if not usable:
        period = f"from {date_range(request.starts_on, request.ends_on)}"
        return [f"{name} is not open {period}: no visits planned."]
    notes = []
    if len(usable) < len(weeks):
        notes.append(
            f"{name} is open in {len(usable)} of the {len(weeks)} weeks: visits planned "
            "only while it is open."
        )
    for week in weeks:
        if week not in usable and any(suite.is_open_on(day) for day in week.days):
            notes.append(
                f"{name}, {week.label}: open fewer than {MIN_OPEN_DAYS} days in a row, "
                "too short for an unannounced visit; none planned."
            )
    return notes
