"""How good a rota is on the soft goals: unpredictable, fair, varied pairs.

Evenness is the normalised entropy of a suite's weekdays (or bands) divided by the most even
spread its number of visits allows, so a suite with 3 visits on 3 different days scores 1.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass

from icv.rota.fairness import REASONS, uneven_groups
from icv.rota.schedule import BANDS, Draft, DraftVisit, RotaRequest


@dataclass(frozen=True)
class Quality:
    visits: int
    gaps: int
    weekday_evenness: float  # mean over suites
    lowest_weekday_evenness: float
    band_evenness: float
    lowest_band_evenness: float
    same_slot_running: int  # a suite's consecutive visits on the same weekday and band
    load_spread: int  # largest visit-count difference among comparable volunteers
    pair_repeats: int  # visits by a pair that had already visited together
    novices_with_experienced: float  # share of visits with a new volunteer that have both
    comparable_groups: int = 0
    uneven: Counter | None = None  # why groups differing by more than one do (fairness.py)
    tact: tuple[int, int] | None = None  # TACT-designated suites' (visits, gaps), if any

    def lines(self) -> list[str]:
        return [
            f"visits planned: {self.visits}; gaps explained: {self.gaps}",
            f"weekday evenness per suite (1 = as even as possible): mean "
            f"{self.weekday_evenness:.3f}, lowest {self.lowest_weekday_evenness:.3f}",
            f"time band evenness per suite: mean {self.band_evenness:.3f}, "
            f"lowest {self.lowest_band_evenness:.3f}",
            f"same weekday and band twice running: {self.same_slot_running}",
            f"load spread among volunteers with similar availability: {self.load_spread}"
            + self._uneven_text(),
            f"visits by a repeated pair: {self.pair_repeats}",
            f"visits with a new volunteer that include an experienced one: "
            f"{self.novices_with_experienced:.0%}",
            *self._tact_lines(),
        ]

    def _tact_lines(self) -> list[str]:
        if self.tact is None:
            return []
        visits, gaps = self.tact
        return [f"TACT-designated suites: visits planned {visits}; gaps explained {gaps}"]

    def _uneven_text(self) -> str:
        if not self.uneven:
            return f" (all {self.comparable_groups} groups within one)"
        count = sum(self.uneven.values())
        why = "; ".join(f"{n} {REASONS[reason]}" for reason, n in self.uneven.most_common())
        return f" ({count} of {self.comparable_groups} groups differ by more: {why})"


def evenness(counts: Counter, categories: int) -> float:
    total = sum(counts.values())
    if total <= 1:
        return 1.0
    best = _entropy(_most_even(total, categories))
    return 1.0 if best == 0 else max(0.0, _entropy(list(counts.values())) / best)


def _entropy(counts: list[int]) -> float:
    total = sum(counts)
    return -sum(c / total * math.log(c / total) for c in counts if c)


def _most_even(total: int, categories: int) -> list[int]:
    share, extra = divmod(total, categories)
    return [share + 1] * extra + [share] * (categories - extra)


def measure(draft: Draft, request: RotaRequest) -> Quality:
    fixed = [v for v in request.fixed if request.starts_on <= v.day <= request.ends_on]
    visits = sorted([*fixed, *draft.visits], key=lambda v: (v.day, BANDS.index(v.band)))
    by_suite: dict[int, list[DraftVisit]] = defaultdict(list)
    for visit in visits:
        by_suite[visit.suite_id].append(visit)
    weekday_scores = [
        evenness(Counter(v.day.weekday() for v in rows), 7) for rows in by_suite.values()
    ]
    largest, groups, uneven = uneven_groups(visits, draft.visits, request)
    band_scores = [
        evenness(Counter(v.band for v in rows), len(BANDS)) for rows in by_suite.values()
    ]
    return Quality(
        visits=len(draft.visits),
        gaps=len(draft.gaps),
        weekday_evenness=_mean(weekday_scores),
        lowest_weekday_evenness=min(weekday_scores, default=1.0),
        band_evenness=_mean(band_scores),
        lowest_band_evenness=min(band_scores, default=1.0),
        same_slot_running=sum(_running_repeats(rows) for rows in by_suite.values()),
        load_spread=largest,
        pair_repeats=_pair_repeats(visits),
        novices_with_experienced=_novice_share(visits, request),
        comparable_groups=groups,
        uneven=uneven,
        tact=_tact_counts(draft, request),
    )


def _tact_counts(draft: Draft, request: RotaRequest) -> tuple[int, int] | None:
    tact = {suite.id for suite in request.suites if suite.tact_designated}
    if not tact:
        return None
    return (
        sum(1 for v in draft.visits if v.suite_id in tact),
        sum(1 for g in draft.gaps if g.suite_id in tact),
    )


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else 1.0


def _running_repeats(rows: list[DraftVisit]) -> int:
    return sum(
        1
        for before, after in zip(rows, rows[1:], strict=False)
        if (before.day.weekday(), before.band) == (after.day.weekday(), after.band)
    )


def _pair_repeats(visits: list[DraftVisit]) -> int:
    seen = Counter(tuple(sorted(v.pair)) for v in visits)
    return sum(count - 1 for count in seen.values())


def _novice_share(visits: list[DraftVisit], request: RotaRequest) -> float:
    experienced = {p.id for p in request.volunteers if p.experienced}
    with_novice = [v for v in visits if not set(v.pair) <= experienced]
    if not with_novice:
        return 1.0
    return sum(1 for v in with_novice if set(v.pair) & experienced) / len(with_novice)
