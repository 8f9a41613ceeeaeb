"""Planning the demo's 2019/20: which visits were scheduled, which were made, when, and who
was in custody. Pure functions of a seeded random generator; demo_year.py stores the result.

The year is built so that the ordinary figures (aggregate.py) come out as London published
them: 994 visits scheduled, 990 made, 10,264 people in custody (4,661 interviewed, 1,191
declined, 4,412 unavailable), 224 volunteers. Its shape is realistic: 24/7 suites weekly or
fortnightly, contingency suites only while open (some visits cancelled when they closed
early), four missed visits, more people in custody at weekends and at night, and March 2020
disrupted by the pandemic (late visits cancelled, the rest made remotely).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from icv.dates import SCHEME_TIME_ZONE, local
from icv.figures.localtime import band_for

YEAR_STARTS = date(2019, 4, 1)  # a Monday: windows run Monday to Sunday
WEEKS = 52
TARGET = {"scheduled": 994, "made": 990, "people": 10_264, "interviewed": 4_661,
          "declined": 1_191, "unavailable": 4_412}  # fmt: skip
FORTNIGHTLY_SUITES = 9  # the smallest 24/7 suites are visited every other week
CONTINGENCY_SPELLS = {"Kentish Town": (10, 8), "Acton": (24, 6), "Wimbledon": (40, 4)}
CLOSED_EARLY = 2  # each spell's last two visits were cancelled: the suite closed again
PANDEMIC_FROM = date(2020, 3, 16)  # visits from this week were cancelled or made remotely
BAND_WEIGHTS = {"morning": 22, "afternoon": 30, "evening": 33, "night": 15}
BAND_HOURS = {"morning": (6, 12), "afternoon": (12, 18), "evening": (18, 24), "night": (0, 6)}
BUSY_BANDS = {"night": 1.3, "evening": 1.15, "afternoon": 0.9, "morning": 0.8}
AWAY_BANDS = {"night": 2.2, "morning": 1.4, "evening": 0.9, "afternoon": 0.8}


@dataclass
class Slot:
    """One rota visit: a suite and a week, and what became of it."""

    suite: object  # a Suite (only .id, .name, .panel_id, .cells are used)
    week: int
    status: str = "made"  # made / missed / cancelled
    cancel_reason: str = ""
    arrived_at: datetime | None = None  # UTC
    people: list[str] = field(default_factory=list)  # outcomes or "unavailable:<reason>"

    @property
    def window_starts_on(self) -> date:
        return YEAR_STARTS + timedelta(weeks=self.week)

    @property
    def local_arrival(self) -> datetime:
        return local(self.arrived_at)


def plan_year(suites: list, rng) -> list[Slot]:
    """Every rota visit of the year, with arrival times and people for the visits made."""
    slots = _rota(suites)
    _cancel(slots)
    _miss(slots, rng)
    made = [slot for slot in slots if slot.status == "made"]
    for slot in made:
        slot.arrived_at = _arrival(slot, rng)
    _people(made, rng)
    return slots


def _rota(suites: list) -> list[Slot]:
    open_suites = [s for s in suites if s.status == "open"]
    fortnightly = {
        s.id for s in sorted(open_suites, key=lambda s: (s.cells, s.name))[:FORTNIGHTLY_SUITES]
    }
    slots = []
    for index, suite in enumerate(open_suites):
        every = 2 if suite.id in fortnightly else 1
        slots += [Slot(suite, week) for week in range(index % every, WEEKS, every)]
    for suite in suites:
        if suite.name in CONTINGENCY_SPELLS:
            first, weeks = CONTINGENCY_SPELLS[suite.name]
            spell = [Slot(suite, week) for week in range(first, first + weeks)]
            for slot in spell[-CLOSED_EARLY:]:
                slot.status, slot.cancel_reason = "cancelled", "Contingency suite closed"
            slots += spell
    return sorted(slots, key=lambda s: (s.week, s.suite.name))


def _cancel(slots: list[Slot]) -> None:
    """Cancel the latest pandemic-week visits until exactly the target remain scheduled."""
    extra = sum(s.status != "cancelled" for s in slots) - TARGET["scheduled"]
    late = [s for s in reversed(slots) if s.status != "cancelled"]
    late = [s for s in late if s.window_starts_on >= PANDEMIC_FROM]
    if extra < 0 or extra > len(late):
        raise RuntimeError(f"the demo rota cannot reach {TARGET['scheduled']} visits")
    for slot in late[:extra]:
        slot.status, slot.cancel_reason = "cancelled", "Visits suspended: COVID-19 lockdown"


def _miss(slots: list[Slot], rng) -> None:
    candidates = [s for s in slots if s.status == "made" and 4 <= s.week < 48]
    count = TARGET["scheduled"] - TARGET["made"]
    for slot in rng.sample(candidates, count):
        slot.status = "missed"


def _arrival(slot: Slot, rng) -> datetime:
    """A day in the week and an hour in a band: no pattern a custody suite could learn."""
    day = slot.window_starts_on + timedelta(days=rng.randrange(7))
    band = rng.choices(list(BAND_WEIGHTS), weights=list(BAND_WEIGHTS.values()))[0]
    start, end = BAND_HOURS[band]
    hour, minute = rng.randrange(start, end), rng.randrange(60)
    local = datetime(day.year, day.month, day.day, hour, minute, tzinfo=SCHEME_TIME_ZONE)
    return local.astimezone(UTC)


def _people(made: list[Slot], rng) -> None:
    """Share the year's people between visits, then the outcomes between people, exactly."""
    weights = [_busy(slot, rng) for slot in made]
    counts = apportion(TARGET["people"], weights)
    persons = [(visit, index) for visit, count in enumerate(counts) for index in range(count)]
    for slot, count in zip(made, counts, strict=True):
        slot.people = ["interviewed"] * count
    away = _weighted_pick(persons, TARGET["unavailable"], rng, lambda p: _away(made[p[0]]))
    rest = [person for person in persons if person not in away]
    for visit, index in sorted(away):
        band = band_for(made[visit].local_arrival.hour)
        made[visit].people[index] = "unavailable:" + _reason(band, rng)
    for visit, index in rng.sample(rest, TARGET["declined"]):
        made[visit].people[index] = "declined"


def _busy(slot: Slot, rng) -> float:
    local = slot.local_arrival
    weekend = local.weekday() >= 5 or (local.weekday() == 4 and local.hour >= 18)
    weight = (0.6 + slot.suite.cells / 25) * BUSY_BANDS[band_for(local.hour)]
    weight *= 1.35 if weekend else 1.0
    weight *= 0.7 if local.date() >= PANDEMIC_FROM else 1.0
    return weight * rng.uniform(0.6, 1.4)


def _away(slot: Slot) -> float:
    return AWAY_BANDS[band_for(slot.local_arrival.hour)]


def apportion(total: int, weights: list[float]) -> list[int]:
    """Whole numbers in proportion to the weights that add up to exactly `total`."""
    whole = sum(weights)
    shares = [total * weight / whole for weight in weights]
    counts = [int(share) for share in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: counts[i] - shares[i])
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def _weighted_pick(items: list, count: int, rng, weight) -> set:
    """`count` items without replacement, each in proportion to its weight (Efraimidis-Spirakis)."""
    keyed = sorted(items, key=lambda item: rng.random() ** (1 / weight(item)), reverse=True)
    return set(keyed[:count])


NIGHT_REASONS = {"asleep": 60, "intoxicated": 10, "being_booked_in_or_released": 5,
                 "receiving_healthcare": 5, "risk_assessed_unsafe": 5, "at_hospital": 4,
                 "with_solicitor": 3, "in_police_interview": 3, "at_court_or_in_transfer": 2,
                 "other": 3}  # fmt: skip
DAY_REASONS = {"asleep": 25, "in_police_interview": 20, "with_solicitor": 15,
               "at_court_or_in_transfer": 12, "being_booked_in_or_released": 10,
               "receiving_healthcare": 6, "at_hospital": 4, "intoxicated": 4,
               "risk_assessed_unsafe": 2, "other": 2}  # fmt: skip


def _reason(band: str, rng) -> str:
    table = NIGHT_REASONS if band in ("night", "evening") else DAY_REASONS
    return rng.choices(list(table), weights=list(table.values()))[0]
