"""Rotas in the database: ask the generator for a draft, regenerate part of it, publish it.

Domain actions take and return model objects, flush but never commit (the caller does).
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext

from icv.audit import record
from icv.dates import utcnow
from icv.extensions import db
from icv.models import TACT_COURSE, Panel, Role, Suite, User
from icv.rota.generator import generate
from icv.rota.models import (
    OverrideKind,
    Rota,
    RotaStatus,
    ScheduledVisit,
    VisitStatus,
    scheduled_visitors,
)
from icv.rota.rules import Problem, visit_problems
from icv.rota.schedule import (
    WEEK,
    Draft,
    DraftVisit,
    RotaRequest,
    SuiteNeed,
    Volunteer,
    Window,
    merged_spans,
)
from icv.rota.words import Said

# Visits this far either side of a period still matter: overlaps and monthly limits.
MARGIN = timedelta(days=31)
MAX_PERIOD_DAYS = 370


def as_volunteer(user: User) -> Volunteer:
    return Volunteer(
        id=user.id,
        panel_id=user.panel_id or 0,
        status=user.status or "",
        experienced=user.experienced,
        availability=frozenset((slot.weekday, slot.band) for slot in user.availability),
        appointed_on=user.appointed_on,
        term_ends_on=user.term_ends_on,
        vetting_expires_on=user.vetting_expires_on,
        max_per_month=user.max_visits_per_month,
        away=tuple((a.starts_on, a.ends_on) for a in user.absences),
        name=user.name,
        tact_trained=tact_spans(user),
    )


def tact_spans(user: User):
    """The days the user's TACT training is valid: up to the day before it expires."""
    return merged_spans(
        (t.completed_on, t.last_valid_day or date.max)
        for t in user.trainings
        if t.course_code == TACT_COURSE and (t.expires_on is None or t.expires_on > t.completed_on)
    )


def as_suite_need(suite: Suite) -> SuiteNeed:
    spans = tuple((p.opens_on, p.closes_on or date.max) for p in suite.open_periods)
    return SuiteNeed(
        suite.id,
        suite.panel_id,
        suite.name,
        suite.status,
        suite.target_visits_per_week,
        spans,
        tact_designated=suite.tact_designated,
    )


def as_draft_visit(visit: ScheduledVisit) -> DraftVisit | None:
    """The generator's view of a stored visit (None if it has no pair to count)."""
    people = tuple(sorted(person.id for person in visit.visitors))
    if len(people) != 2:
        return None
    return DraftVisit(
        visit.suite_id,
        Window(visit.window_starts_on, visit.window_ends_on),
        visit.planned_on or visit.window_starts_on,
        visit.band or "evening",
        people,
    )


def panel_volunteers(panel_id: int) -> list[User]:
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role == Role.VOLUNTEER, User.panel_id == panel_id, User.is_enabled)
            .options(
                so.selectinload(User.availability),
                so.selectinload(User.absences),
                so.selectinload(User.trainings),
            )
            .order_by(User.id)
        )
    )


def committed_visits(user_ids, starts_on: date, ends_on: date, *, rota: Rota | None = None):
    """Visits that bind these people around the period: published (or in `rota`), not
    cancelled, and within a month either side."""
    query = (
        sa.select(ScheduledVisit)
        .join(scheduled_visitors)
        .outerjoin(Rota, ScheduledVisit.rota_id == Rota.id)
        .where(
            scheduled_visitors.c.user_id.in_(list(user_ids)),
            ScheduledVisit.status != VisitStatus.CANCELLED,
            ScheduledVisit.window_ends_on >= starts_on - MARGIN,
            ScheduledVisit.window_starts_on <= ends_on + MARGIN,
            sa.or_(
                ScheduledVisit.rota_id.is_(None),
                Rota.status == RotaStatus.PUBLISHED,
                ScheduledVisit.rota_id == (rota.id if rota else -1),
            ),
        )
        .distinct()
    )
    return list(db.session.scalars(query))


def period_problem(starts_on: date | None, ends_on: date | None) -> str | None:
    if starts_on is None or ends_on is None:
        return None
    if ends_on < starts_on:
        return gettext("The end date must be on or after the start date")
    if (ends_on - starts_on).days > MAX_PERIOD_DAYS:
        return gettext("A rota can cover a year at most")
    return None


def published_overlapping(panel_id: int, starts_on: date, ends_on: date) -> list[Rota]:
    """The panel's published rotas sharing a day with the period: a draft for it would plan
    visits on top of theirs, not instead of them."""
    query = sa.select(Rota).where(
        Rota.panel_id == panel_id,
        Rota.status == RotaStatus.PUBLISHED,
        Rota.starts_on <= ends_on,
        Rota.ends_on >= starts_on,
    )
    return list(db.session.scalars(query.order_by(Rota.starts_on)))


def generate_draft(
    panel: Panel,
    starts_on: date,
    ends_on: date,
    *,
    seed: int | None = None,
    granularity: str = WEEK,
    created_by: User | None = None,
) -> Rota:
    """A new draft rota for the panel and period, worked around published visits."""
    seed = secrets.randbelow(2**31) if seed is None else seed
    rota = Rota(
        panel=panel,
        starts_on=starts_on,
        ends_on=ends_on,
        seed=seed,
        granularity=granularity,
        status=RotaStatus.DRAFT,
        created_by_id=created_by.id if created_by else None,
    )
    db.session.add(rota)
    suites = list(db.session.scalars(sa.select(Suite).where(Suite.panel_id == panel.id)))
    draft = _run(rota, suites, starts_on, ends_on, seed, kept=[])
    rota.gaps = _gap_rows(draft, suites)
    rota.notes = [_kept(note) for note in draft.notes]
    db.session.flush()
    return rota


def regenerate_part(
    rota: Rota, starts_on: date, ends_on: date, *, suite: Suite | None = None, seed=None
) -> Rota:
    """Replace the draft's visits (and gaps) in a date range, for one suite or all."""
    starts_on, ends_on = max(starts_on, rota.starts_on), min(ends_on, rota.ends_on)

    def in_part(suite_id: int, day: date) -> bool:
        return starts_on <= day <= ends_on and (suite is None or suite_id == suite.id)

    for visit in [v for v in rota.visits if in_part(v.suite_id, v.window_starts_on)]:
        rota.visits.remove(visit)
    kept_gaps = [
        g for g in rota.gaps if not in_part(g["suite_id"], date.fromisoformat(g["starts_on"]))
    ]
    db.session.flush()
    suites = [suite] if suite else list(rota.panel.suites)
    seed = secrets.randbelow(2**31) if seed is None else seed
    draft = _run(rota, suites, starts_on, ends_on, seed, kept=rota.visits)
    gaps = kept_gaps + _gap_rows(draft, suites)
    rota.gaps = sorted(gaps, key=lambda g: (g["starts_on"], g["suite"]))
    db.session.flush()
    return rota


def _run(rota: Rota, suites, starts_on, ends_on, seed, *, kept) -> Draft:
    people = panel_volunteers(rota.panel_id)
    others = committed_visits([p.id for p in people], starts_on, ends_on)
    fixed = {v.id: v for v in [*others, *kept] if v.id is not None}
    request = RotaRequest(
        volunteers=tuple(as_volunteer(p) for p in people),
        suites=tuple(as_suite_need(s) for s in suites),
        starts_on=starts_on,
        ends_on=ends_on,
        granularity=rota.granularity,
        seed=seed,
        fixed=tuple(d for d in map(as_draft_visit, fixed.values()) if d is not None),
    )
    draft = generate(request)
    by_id = {p.id: p for p in people}
    for planned in draft.visits:
        rota.visits.append(
            ScheduledVisit(
                suite_id=planned.suite_id,
                window_starts_on=planned.window.starts_on,
                window_ends_on=planned.window.ends_on,
                planned_on=planned.day,
                band=planned.band,
                status=VisitStatus.SCHEDULED,
                visitors=[by_id[i] for i in planned.pair],
            )
        )
    return draft


def _gap_rows(draft: Draft, suites) -> list[dict]:
    names = {suite.id: suite.name for suite in suites}
    return [
        {
            "suite_id": gap.suite_id,
            "suite": names.get(gap.suite_id, ""),
            "starts_on": gap.window.starts_on.isoformat(),
            "ends_on": gap.window.ends_on.isoformat(),
            "reason": gap.reason,
            "message": str(gap.message),
            "words": _kept(gap.message),
        }
        for gap in draft.gaps
    ]


def _kept(words) -> dict[str, str]:
    """Words kept with the rota, in every language (icv.rota.words)."""
    return words.kept() if isinstance(words, Said) else {"en": str(words)}


def rota_problems(rota: Rota) -> dict[int, list[str]]:
    """Rule problems of each visit (after edits, less those set aside), against every
    binding visit."""
    people = {p.id: p for p in panel_volunteers(rota.panel_id)}
    for visit in rota.visits:  # someone moved to another panel still needs checking
        for person in visit.visitors:
            people.setdefault(person.id, person)
    volunteers = {i: as_volunteer(p) for i, p in people.items()}
    binding = committed_visits(list(people), rota.starts_on, rota.ends_on, rota=rota)
    by_person = defaultdict(list)
    for visit in binding:
        for person in visit.visitors:
            by_person[person.id].append(visit)
    problems = {}
    needs = {}
    for visit in rota.visits:
        if visit.status == VisitStatus.CANCELLED:
            continue
        planned = as_draft_visit(visit)
        if planned is None:
            problems[visit.id] = [gettext("needs two volunteers")]
            continue
        others = {o.id: o for p in planned.pair for o in by_person[p] if o.id != visit.id}
        need = needs.setdefault(visit.suite_id, as_suite_need(visit.suite))
        found = visit_problems(
            planned,
            volunteers,
            need,
            [d for d in map(as_draft_visit, others.values()) if d],
        )
        found = still_standing(visit, found)
        if found:
            problems[visit.id] = found
    return problems


def still_standing(visit: ScheduledVisit, problems: list[Problem]) -> list[Problem]:
    """The problems a coordinator has not set aside for this visit, with a reason."""
    waived = {
        tuple(key) for o in visit.overrides if o.kind == OverrideKind.RULES for key in o.rules
    }
    return [p for p in problems if not (p.soft and p.key in waived)]


def publish(rota: Rota) -> list[str]:
    """Publish if no visit breaks a hard rule; otherwise say which ones do."""
    problems = rota_problems(rota)
    if problems:
        return [
            gettext(
                "%(count)s visit(s) break a rule: fix or remove them first", count=len(problems)
            )
        ]
    rota.status = RotaStatus.PUBLISHED
    rota.published_at = utcnow()
    record("published", "rota", rota.id, f"panel {rota.panel_id}, {len(rota.visits)} visits")
    db.session.flush()
    return []


def discard(rota: Rota) -> None:
    record("deleted", "rota", rota.id, f"draft of panel {rota.panel_id} discarded")
    db.session.delete(rota)
    db.session.flush()
