"""A coordinator's changes to a rota: swap a person, move or add a visit, cancel, mark missed.

Each change is checked against the same hard rules as the generator; a change that breaks
one is refused with the reasons, and nothing is altered.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask_babel import gettext

from icv import dates
from icv.audit import record
from icv.extensions import db
from icv.models import Suite, SuiteStatus, User
from icv.rota.explain import week_label
from icv.rota.generator import generate
from icv.rota.models import (
    Answer,
    OverrideKind,
    Rota,
    ScheduledVisit,
    VisitOverride,
    VisitStatus,
)
from icv.rota.planning import (
    as_draft_visit,
    as_suite_need,
    as_volunteer,
    committed_visits,
    panel_volunteers,
    still_standing,
)
from icv.rota.rules import Problem, first_time, free_times, set_aside_words, visit_problems
from icv.rota.schedule import (
    DAY,
    MIN_OPEN_DAYS,
    DraftVisit,
    RotaRequest,
    Window,
    demand_windows,
)
from icv.rota.status import refresh_after_answer
from icv.rota.words import kept_words

OPEN_STATUSES = (VisitStatus.SCHEDULED, VisitStatus.CONFIRMED)


def _check(visit: ScheduledVisit, planned: DraftVisit, people: list[User]) -> list[Problem]:
    """Rule problems of `planned` (a changed `visit`) against everyone's other visits."""
    others = [
        as_draft_visit(o)
        for o in committed_visits(
            [p.id for p in people],
            planned.window.starts_on,
            planned.window.ends_on,
            rota=visit.rota,
        )
        if o.id != visit.id
    ]
    volunteers = {p.id: as_volunteer(p) for p in people}
    need = as_suite_need(visit.suite)
    found = visit_problems(planned, volunteers, need, [o for o in others if o])
    return still_standing(visit, found)


def _planned(visit: ScheduledVisit, pair, window=None, day=None, band=None) -> DraftVisit:
    current = as_draft_visit(visit)
    return DraftVisit(
        visit.suite_id,
        window or current.window,
        day or current.day,
        band or current.band,
        tuple(sorted(pair)),
    )


def replacement_options(visit: ScheduledVisit, leaving: User) -> list[User]:
    """Panel volunteers who could take `leaving`'s place without breaking a hard rule."""
    partner = next(p for p in visit.visitors if p.id != leaving.id)
    options = []
    for person in panel_volunteers(visit.suite.panel_id):
        if person.id in (leaving.id, partner.id):
            continue
        planned = _planned(visit, (partner.id, person.id))
        if not _check(visit, planned, [partner, person]):
            options.append(person)
    return options


def may_set_aside(problems: list[Problem]) -> bool:
    """Only soft rules stand in the way: a coordinator may go ahead, giving a reason."""
    return bool(problems) and all(p.soft for p in problems)


def _refusal(visit: ScheduledVisit, problems: list[Problem], reason: str, by: User | None):
    """What stops a change: every problem if one is hard, or if no reason is given; soft
    problems given a reason are set aside, and the override kept with the visit."""
    if not problems:
        return []
    if not may_set_aside(problems) or not reason.strip():
        return problems
    visit.overrides.append(
        VisitOverride(
            kind=OverrideKind.RULES,
            rules=[list(p.key) for p in problems],
            reason=reason.strip(),
            made_by=by,
        )
    )
    return []


def _set_aside(problems: list[Problem]) -> str:
    return "; rules set aside: overrides" if problems else ""


def _suggest_a_time(visit: ScheduledVisit, planned: DraftVisit, people: list[User]) -> None:
    """In a week window, a suggested day and band the pair are both free, if there is one."""
    if planned.window.starts_on == planned.window.ends_on:
        return
    common = set.intersection(*(free_times(as_volunteer(p), planned) for p in people))
    if common and (planned.day, planned.band) not in common:
        visit.planned_on, visit.band = first_time(common)


def swap_volunteer(
    visit: ScheduledVisit, leaving: User, joining: User, reason: str = "", by: User | None = None
) -> list[str]:
    """Put `joining` on instead of `leaving`; `reason` sets aside soft rules in the way."""
    if leaving not in visit.visitors or joining in visit.visitors:
        return [Problem(gettext("Choose someone on this visit, and someone who is not"))]
    partner = next(p for p in visit.visitors if p.id != leaving.id)
    planned = _planned(visit, (partner.id, joining.id))
    problems = _check(visit, planned, [partner, joining])
    refused = _refusal(visit, problems, reason, by)
    if refused:
        return refused
    visit.visitors = [partner, joining]
    visit.answers = [a for a in visit.answers if a.user_id != leaving.id]
    visit.pair_planned_at = None  # the new pair agree their own time
    _suggest_a_time(visit, planned, [partner, joining])
    if visit.status == VisitStatus.CONFIRMED:
        visit.status = VisitStatus.SCHEDULED
    summary = f"visitor {leaving.id} swapped for {joining.id}{_set_aside(problems)}"
    record("changed", "scheduled_visit", visit.id, summary)
    db.session.flush()
    return []


def window_for(rota: Rota, day: date, suite: Suite | None = None) -> Window | None:
    """The window a visit planned for `day` gets: its week in the rota (for a contingency
    `suite`, the days of it the suite is open), or the day itself."""
    if not rota.starts_on <= day <= rota.ends_on:
        return None
    if rota.granularity == DAY:
        return Window(day, day)
    week = next(w for w in demand_windows(rota.starts_on, rota.ends_on) if day in w.days)
    if suite is None:
        return week
    return as_suite_need(suite).open_window(week) or week  # a closed week: the check says so


def move_visit(
    visit: ScheduledVisit, day: date, band: str, reason: str = "", by: User | None = None
) -> list[str]:
    """Move to `day` and `band`; `reason` sets aside soft rules in the way."""
    window = window_for(visit.rota, day, visit.suite) if visit.rota else Window(day, day)
    if window is None:
        return [Problem(gettext("Choose a day within the rota's period"))]
    if day not in window.days:
        closed = gettext("%(suite)s is not open on %(day)s", suite=visit.suite.name,
                         day=dates.day(day))  # fmt: skip
        return [Problem(closed)]
    planned = _planned(visit, [p.id for p in visit.visitors], window, day, band)
    problems = _check(visit, planned, list(visit.visitors))
    refused = _refusal(visit, problems, reason, by)
    if refused:
        return refused
    visit.window_starts_on, visit.window_ends_on = window.starts_on, window.ends_on
    visit.planned_on, visit.band = day, band
    visit.pair_planned_at = None
    summary = f"moved: window, planned day, band{_set_aside(problems)}"
    record("changed", "scheduled_visit", visit.id, summary)
    db.session.flush()
    return []


def add_visit(rota: Rota, suite: Suite, day: date) -> tuple[ScheduledVisit | None, str]:
    """Ask the generator for one more visit to `suite` in the week of `day`."""
    window = window_for(rota, day)
    if window is None:
        return None, gettext("Choose a day within the rota's period")
    week = next(w for w in demand_windows(rota.starts_on, rota.ends_on) if day in w.days)
    people = panel_volunteers(rota.panel_id)
    binding = committed_visits([p.id for p in people], week.starts_on, week.ends_on, rota=rota)
    need = replace(as_suite_need(suite), visits_per_week=1)  # one more, now, if it is open
    request = RotaRequest(
        volunteers=tuple(as_volunteer(p) for p in people),
        suites=(need,),
        starts_on=week.starts_on,
        ends_on=week.ends_on,
        granularity=rota.granularity,
        seed=rota.seed + day.toordinal(),
        fixed=tuple(d for d in map(as_draft_visit, binding) if d),
    )
    draft = generate(request)
    if not draft.visits:
        return None, kept_words(draft.gaps[0].message) if draft.gaps else _not_open(suite, week)
    planned = draft.visits[0]
    by_id = {p.id: p for p in people}
    visit = ScheduledVisit(
        suite=suite,
        window_starts_on=planned.window.starts_on,
        window_ends_on=planned.window.ends_on,
        planned_on=planned.day,
        band=planned.band,
        status=VisitStatus.SCHEDULED,
        visitors=[by_id[i] for i in planned.pair],
    )
    rota.visits.append(visit)
    db.session.flush()
    record("created", "scheduled_visit", visit.id, f"added to rota {rota.id}")
    return visit, ""


def add_ad_hoc_visit(
    suite: Suite, day: date, pair: list[User], reason: str, by: User
) -> tuple[ScheduledVisit | None, list[str]]:
    """A visit outside any rota on `day`, for `pair` (e.g. a TACT visit called at short
    notice): refused with the reasons when it breaks a hard rule of the rota (a TACT suite's
    training among them); soft rules in the way are set aside with `reason`."""
    visit = ScheduledVisit(suite=suite, window_starts_on=day, window_ends_on=day, planned_on=day,
                           status=VisitStatus.SCHEDULED, visitors=list(pair))  # fmt: skip
    refused = _refusal(visit, _check(visit, as_draft_visit(visit), list(pair)), reason, by)
    if refused:
        return None, refused
    db.session.add(visit)
    db.session.flush()
    record("created", "scheduled_visit", visit.id, f"ad-hoc visit: {reason}")
    return visit, []


def _not_open(suite: Suite, week: Window) -> str:
    if suite.status == SuiteStatus.CONTINGENCY:
        return gettext(
            "%(suite)s is not open %(days)s days in a row in the %(week)s: "
            "add an open period on the suite's page first",
            suite=suite.name,
            days=MIN_OPEN_DAYS,
            week=kept_words(week_label(week)),
        )
    return gettext("%(suite)s is closed: it gets no visits", suite=suite.name)


def remove_visit(visit: ScheduledVisit) -> None:
    """Drafts only: a published visit is cancelled with a reason instead."""
    record("deleted", "scheduled_visit", visit.id, f"removed from draft rota {visit.rota_id}")
    visit.rota.visits.remove(visit)
    db.session.flush()


def cancel_visit(visit: ScheduledVisit, reason: str) -> None:
    visit.status = VisitStatus.CANCELLED
    visit.cancel_reason = reason.strip()
    record("changed", "scheduled_visit", visit.id, "cancelled: status, cancel_reason")
    db.session.flush()


def can_mark_missed(visit: ScheduledVisit, today: date) -> bool:
    """Published, still open, and its window over: until then the pair may still go."""
    return visit.is_published and visit.status in OPEN_STATUSES and visit.window_ends_on < today


def mark_missed(visit: ScheduledVisit) -> None:
    visit.status = VisitStatus.MISSED
    record("changed", "scheduled_visit", visit.id, "marked missed: status")
    db.session.flush()


def take_back_missed(visit: ScheduledVisit, reason: str, by: User) -> None:
    """Open again (confirmed, if the pair had both confirmed): it no longer counts as missed,
    and the nightly job, seeing the override, does not mark it missed again."""
    visit.status = VisitStatus.SCHEDULED
    refresh_after_answer(visit)
    visit.overrides.append(
        VisitOverride(kind=OverrideKind.NOT_MISSED, reason=reason.strip(), made_by=by)
    )
    record("changed", "scheduled_visit", visit.id, "missed mark taken back: status, overrides")
    db.session.flush()


def set_aside_lines(override: VisitOverride) -> list[str]:
    """The rules an override set aside, in words, naming people as they are now."""
    ids = {i for key in override.rules for i in key[1:] if isinstance(i, int)}
    people = {i: db.session.get(User, i) for i in ids}
    names = {
        i: person.name if person else gettext("Volunteer %(id)s", id=i)
        for i, person in people.items()
    }
    return [set_aside_words(key, names) for key in override.rules]


def declined_by(visit: ScheduledVisit) -> list[User]:
    return [a.user for a in visit.answers if a.answer == Answer.DECLINED]
