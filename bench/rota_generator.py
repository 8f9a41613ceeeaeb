"""Benchmark the rota generator against a naive baseline on London- and national-sized schemes.

    .venv/bin/python bench/rota_generator.py            # London quarter and national year
    .venv/bin/python bench/rota_generator.py london     # just one

Prints generation time, peak Python memory (tracemalloc, measured in a second run) and the
quality figures for both. The baseline takes the first slot of each window where any valid
pair is free and picks a random valid pair there: the obvious thing a spreadsheet would do.
About 15% of suites are contingency suites, open for one to three spells of 5 to 60 days
(visited only then). A few suites are TACT-designated: only their panel's TACT-trained
volunteers (about half of it, some of whose training lapses during the period) visit them.
Results and how to read them: docs/rota.md.
"""

from __future__ import annotations

import random
import sys
import time
import tracemalloc
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from icv.rota.generator import generate  # noqa: E402
from icv.rota.quality import measure  # noqa: E402
from icv.rota.rules import Ledger, away_on, pair_allowed, qualified_for  # noqa: E402
from icv.rota.schedule import (  # noqa: E402
    BANDS,
    Draft,
    DraftVisit,
    Gap,
    RotaRequest,
    SuiteNeed,
    Volunteer,
    demand_windows,
)

BAND_WEIGHTS = (1.0, 1.0, 2.0, 0.7)  # evenings are popular, nights less so


def scheme(panels: int, suites: int, volunteers: int, start: date, seed: int = 1):
    """A synthetic scheme: suites and volunteers spread over panels, realistic mixes."""
    rng = random.Random(seed)
    suite_list = []
    for number in range(suites):
        status = "contingency" if rng.random() < 0.15 else "open"
        spans = _open_spans(rng, start) if status == "contingency" else ()
        name = f"Suite {number + 1}"
        suite_list.append(SuiteNeed(number + 1, number % panels, name, status, 1, spans))
    people = []
    for number in range(volunteers):
        status = rng.choices(["active", "probation", "on_leave"], weights=[82, 12, 6])[0]
        visits_made = 0 if status == "probation" else rng.randint(0, 60)
        slots = {
            (rng.randrange(7), rng.choices(BANDS, weights=BAND_WEIGHTS)[0])
            for _ in range(rng.randint(4, 16))
        }
        away = ()
        if rng.random() < 0.3:
            leave = start + timedelta(days=rng.randrange(300))
            away = ((leave, leave + timedelta(days=rng.randint(3, 21))),)
        people.append(
            Volunteer(
                id=number + 1,
                panel_id=number % panels,
                status=status,
                experienced=visits_made >= 12,
                availability=frozenset(slots),
                appointed_on=start - timedelta(days=rng.randint(30, 2000)),
                term_ends_on=start + timedelta(days=rng.randint(200, 1500)),
                vetting_expires_on=start + timedelta(days=rng.randint(100, 1500)),
                max_per_month=rng.choices([1, 2], weights=[65, 35])[0],
                away=away,
                name=f"Volunteer {number + 1}",
            )
        )
    return _with_tact(tuple(people), tuple(suite_list), start, seed)


def _with_tact(people: tuple, suites: tuple, start: date, seed: int, share: float = 0.07):
    """About `share` of the suites TACT-designated, and about half of their panels' volunteers
    (experienced ones more often) TACT-trained; a random generator of its own, so the rest of
    the scheme is the one benchmarked before TACT suites existed."""
    rng = random.Random(seed + 1_000)
    chosen = set(rng.sample([s.id for s in suites if s.status == "open"],
                            max(1, round(share * len(suites)))))  # fmt: skip
    panels = {s.panel_id for s in suites if s.id in chosen}
    suites = tuple(replace(s, tact_designated=s.id in chosen) for s in suites)
    trained = []
    for person in people:
        if person.panel_id in panels and rng.random() < (0.7 if person.experienced else 0.4):
            ends = start + timedelta(days=rng.randint(30, 1500))  # some lapse in the period
            person = replace(person, tact_trained=((start - timedelta(days=400), ends),))
        trained.append(person)
    return tuple(trained), suites


def _open_spans(rng, start: date) -> tuple:
    """A contingency suite's year: one to three spells open, of 5 to 60 days, starting on any
    day of the week; the last sometimes has no end yet."""
    spans, day = [], start + timedelta(days=rng.randrange(120))
    for _ in range(rng.randint(1, 3)):
        last = day + timedelta(days=rng.randint(5, 60))
        spans.append((day, last))
        day = last + timedelta(days=rng.randint(10, 100))
    if rng.random() < 0.2:
        spans[-1] = (spans[-1][0], date.max)
    return tuple(spans)


def baseline(request: RotaRequest) -> Draft:
    """First free slot in each window, random valid pair: no care for patterns or fairness."""
    rng = random.Random(request.seed)
    ledger, draft = Ledger(), Draft()
    by_panel: dict[int, list[Volunteer]] = {}
    for person in request.volunteers:
        by_panel.setdefault(person.panel_id, []).append(person)
    for week in demand_windows(request.starts_on, request.ends_on):
        for suite in request.suites:
            window = suite.open_window(week)  # a contingency suite: its open days
            for _ in range(suite.needs_visits(week)):
                visit = _first_slot(suite, window, by_panel.get(suite.panel_id, []), ledger, rng)
                if visit is None:
                    draft.gaps.append(Gap(suite.id, week, "none", "no pair"))
                    continue
                for person_id in visit.pair:
                    ledger.commit(person_id, visit.window)
                draft.visits.append(visit)
    return draft


def _first_slot(suite, window, panel, ledger, rng):
    for day in window.days:
        for band in BANDS:
            free = [
                p
                for p in panel
                if (day.weekday(), band) in p.availability
                and qualified_for(p, suite, window)
                and not away_on(p, day)
                and ledger.is_free(p, window)
            ]
            pairs = [
                (a, b) for i, a in enumerate(free) for b in free[i + 1 :] if pair_allowed(a, b)
            ]
            if pairs:
                first, second = rng.choice(pairs)
                return DraftVisit(suite.id, window, day, band, tuple(sorted((first.id, second.id))))
    return None


def run(name: str, request: RotaRequest) -> None:
    print(f"\n== {name}: {len(request.volunteers)} volunteers, {len(request.suites)} suites, "
          f"{request.starts_on} to {request.ends_on}")  # fmt: skip
    for label, planner in (("generator", generate), ("baseline", baseline)):
        started = time.perf_counter()
        draft = planner(request)
        seconds = time.perf_counter() - started
        tracemalloc.start()
        planner(request)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(f"-- {label}: {seconds:.2f} s, peak Python memory {peak:.1f} MB")
        for line in measure(draft, request).lines():
            print("   " + line)
        if label == "generator":
            for gap in draft.gaps[:3]:
                print("   e.g. " + gap.message)


def main(which: list[str]) -> None:
    if not which or "london" in which:
        start = date(2019, 4, 1)
        people, suites = scheme(panels=20, suites=30, volunteers=224, start=start)
        run("London quarter", RotaRequest(people, suites, start, date(2019, 6, 30), seed=7))
    if not which or "national" in which:
        start = date(2019, 4, 1)
        people, suites = scheme(panels=100, suites=200, volunteers=2000, start=start, seed=2)
        run("National year", RotaRequest(people, suites, start, date(2020, 3, 29), seed=7))


if __name__ == "__main__":
    main(sys.argv[1:])
