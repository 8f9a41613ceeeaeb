"""Plain-English reasons for what the generator could not do, so no gap is silent."""

from __future__ import annotations

from icv.dates import date_range, day
from icv.language import N_
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
from icv.rota.words import Said, short_day

# How many volunteers could go, in words: none, one, or a number (English keeps its wording
# from before issue 19, "no volunteer with valid vetting and appointments").
COUNTED = {
    "active": (
        N_("no active volunteers"),
        N_("only one active volunteer"),
        N_("only %(num)d active volunteers"),
    ),
    "valid": (
        N_("no volunteer with valid vetting and appointments"),
        N_("only one volunteer with valid vetting and appointment"),
        N_("only %(num)d volunteer with valid vetting and appointments"),
    ),
    "tact": (
        N_("no volunteer with TACT training valid that weeks"),
        N_("only one volunteer with TACT training valid that week"),
        N_("only %(num)d volunteer with TACT training valid that weeks"),
    ),
    "available": (
        N_("no available volunteers"),
        N_("only one available volunteer"),
        N_("only %(num)d available volunteers"),
    ),
}


def _count(number: int, noun: str) -> Said:
    none, one, many = COUNTED[noun]
    if number == 0:
        return Said(none)
    if number == 1:
        return Said(one)
    return Said(many, num=number)


def week_label(week: Window) -> Said:
    """ "week of 6 January" """
    return Said(N_("week of %(day)s"), day=lambda: short_day(week.starts_on))


def _gap(suite: SuiteNeed, week: Window, why: Said) -> Said:
    return Said(
        N_("%(suite)s, %(week)s: %(why)s"), suite=suite.name, week=week_label(week), why=why
    )


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

    def gap(why: Said) -> Said:
        return _gap(suite, week, why)

    statuses = [p for p in panel if p.status in ELIGIBLE_STATUSES]
    if len(statuses) < 2:
        return "too_few_volunteers", gap(_count(len(statuses), "active"))
    valid = [p for p in statuses if valid_for(p, window)]
    if len(valid) < 2:
        return "too_few_valid", gap(_count(len(valid), "valid"))
    if suite.tact_designated:
        valid = [
            p
            for p in valid
            if any(tact_trained_for(p, planner.visit_window(window, d)) for d in window.days)
        ]
        if len(valid) < 2:
            return "too_few_tact_trained", gap(_count(len(valid), "tact"))
    slots = {p.id: _slots(p, suite, window, planner) for p in valid}
    available = [p for p in valid if slots[p.id]]
    if len(available) < 2:
        return "too_few_available", gap(_count(len(available), "available"))
    free = [p for p in available if planner.ledger.is_free(p, window)]
    if not free:
        return "too_few_free", gap(
            Said(
                N_(
                    "all %(count)s available volunteers already have a visit that week "
                    "or have reached their monthly maximum"
                ),
                count=len(available),
            )
        )
    if len(free) == 1:
        return "too_few_free", gap(
            Said(N_("only one available volunteer without another visit that week or a full month"))
        )
    if _share_a_slot(free, slots, require_pairing=True):
        return "no_pair_free_together", gap(
            Said(
                N_(
                    "the free volunteers who could pair up are busy or at their monthly maximum "
                    "at the times they share"
                )
            )
        )
    if _share_a_slot(free, slots, require_pairing=False):
        return "probation_needs_experienced", gap(
            Said(
                N_(
                    "the free volunteers on probation need an experienced partner, "
                    "and none is free then"
                )
            )
        )
    return "no_common_slot", gap(Said(N_("the free volunteers have no day and time in common")))


def _share_a_slot(people: list[Volunteer], slots: dict, *, require_pairing: bool) -> bool:
    for index, first in enumerate(people):
        for second in people[index + 1 :]:
            if slots[first.id] & slots[second.id] and (
                not require_pairing or pair_allowed(first, second)
            ):
                return True
    return False


def period_notes(request: RotaRequest) -> list[Said]:
    """Things a coordinator should know that are not gaps: suites left out, people expiring."""
    notes = []
    for suite in sorted(request.suites, key=lambda s: s.name):
        if suite.status == "closed":
            notes.append(Said(N_("%(suite)s is closed: no visits planned."), suite=suite.name))
        elif suite.status == "contingency":
            notes += _contingency_notes(suite, request)
    for person in sorted(request.volunteers, key=lambda p: (p.name, p.id)):
        if person.status not in ELIGIBLE_STATUSES:
            continue
        label = person.name or Said(N_("Volunteer %(id)s"), id=person.id)
        for what, last_day in (
            (N_("%(name)s: vetting expires on %(day)s; not planned after it."),
             person.vetting_expires_on),
            (N_("%(name)s: appointment ends on %(day)s; not planned after it."),
             person.term_ends_on),
        ):  # fmt: skip
            if last_day and request.starts_on <= last_day <= request.ends_on:
                notes.append(Said(what, name=label, day=lambda last_day=last_day: day(last_day)))
    return notes


def _contingency_notes(suite: SuiteNeed, request: RotaRequest) -> list[Said]:
    """When a contingency suite gets visits in the period, and which open days get none."""
    name = Said(N_("%(suite)s (contingency)"), suite=suite.name)
    weeks = demand_windows(request.starts_on, request.ends_on)
    usable = [week for week in weeks if suite.open_window(week)]
    if not usable:
        period = lambda: date_range(request.starts_on, request.ends_on)  # noqa: E731
        return [Said(N_("%(suite)s is not open from %(period)s: no visits planned."), suite=name,
                     period=period)]  # fmt: skip
    notes = []
    if len(usable) < len(weeks):
        notes.append(
            Said(
                N_(
                    "%(suite)s is open in %(open)s of the %(weeks)s weeks: visits planned "
                    "only while it is open."
                ),
                suite=name,
                open=len(usable),
                weeks=len(weeks),
            )
        )
    for week in weeks:
        if week not in usable and any(suite.is_open_on(day) for day in week.days):
            notes.append(
                Said(
                    N_(
                        "%(suite)s, %(week)s: open fewer than %(days)s days in a row, "
                        "too short for an unannounced visit; none planned."
                    ),
                    suite=name,
                    week=week_label(week),
                    days=MIN_OPEN_DAYS,
                )
            )
    return notes
