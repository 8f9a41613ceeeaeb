"""An independent reading of the rota's hard rules, to check generated rotas against.

Written separately from icv.rota.rules on purpose: a bug there should not hide itself here.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta


def hard_rule_breaches(draft, request) -> list[str]:
    people = {p.id: p for p in request.volunteers}
    suites = {s.id: s for s in request.suites}
    breaches = []
    for visit in draft.visits:
        breaches += [f"{visit}: {problem}" for problem in _visit_breaches(visit, people, suites)]
    breaches += _overlaps_and_monthly_limits([*request.fixed, *draft.visits], people)
    return breaches


def _visit_breaches(visit, people, suites):
    suite = suites[visit.suite_id]
    first, second = (people[i] for i in visit.pair)
    if first.id == second.id:
        yield "the same person twice"
    if not visit.window.starts_on <= visit.day <= visit.window.ends_on:
        yield "planned day outside the window"
    for person, other in ((first, second), (second, first)):
        if person.panel_id != suite.panel_id:
            yield f"{person.id} is from another panel"
        if person.status not in ("active", "probation"):
            yield f"{person.id} is {person.status}"
        if person.status == "probation" and not other.experienced:
            yield f"{person.id} is on probation without an experienced partner"
        if person.appointed_on is None or person.appointed_on > visit.window.starts_on:
            yield f"{person.id} not yet appointed"
        if person.term_ends_on is not None and person.term_ends_on < visit.window.ends_on:
            yield f"{person.id} appointment ends during the window"
        if person.vetting_expires_on is None or person.vetting_expires_on <= visit.window.ends_on:
            yield f"{person.id} vetting expires during the window"
        if suite.tact_designated and not _tact_covers(person, visit.window):
            yield f"{person.id} has no TACT training valid throughout the window"
        if (visit.day.weekday(), visit.band) not in person.availability:
            yield f"{person.id} not available then"
        if any(start <= visit.day <= end for start, end in person.away):
            yield f"{person.id} is away"
    if suite.status == "closed":
        yield "visit to a closed suite"
    if suite.status == "contingency":
        day = visit.window.starts_on
        while day <= visit.window.ends_on:
            if not any(start <= day <= end for start, end in suite.open_spans):
                yield f"visit to contingency suite {suite.id} on {day}, when it is not open"
            day += timedelta(days=1)


def _tact_covers(person, window) -> bool:
    day = window.starts_on
    while day <= window.ends_on:
        if not any(start <= day <= end for start, end in person.tact_trained):
            return False
        day += timedelta(days=1)
    return True


def _overlaps_and_monthly_limits(visits, people):
    breaches = []
    days_taken: dict[int, list] = {}
    per_month = Counter()
    for visit in visits:
        for person_id in visit.pair:
            day = visit.window.starts_on
            while day <= visit.window.ends_on:
                if day in days_taken.setdefault(person_id, []):
                    breaches.append(f"{person_id} has two visits on {day}")
                days_taken[person_id].append(day)
                day += timedelta(days=1)
            month = (person_id, visit.window.starts_on.year, visit.window.starts_on.month)
            per_month[month] += 1
    for (person_id, year, month), count in per_month.items():
        if count > people[person_id].max_per_month:
            breaches.append(f"{person_id} has {count} visits in {year}-{month:02d}")
    return breaches
