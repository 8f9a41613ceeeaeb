"""Property-based: random reports, rota visits and amendments against a plain-Python oracle.

The oracle recomputes the year's figures from the generated specification (not from the
database), so a wrong join, a missed boundary or a double count shows up as a difference.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icv.actions.models import Action
from icv.dates import SCHEME_TIME_ZONE as LONDON
from icv.extensions import db
from icv.figures.aggregate import figures_for
from icv.figures.measures import ADDITIVE
from icv.figures.periods import parse_year
from icv.rota.models import Rota, ScheduledVisit, VisitStatus
from icv.visits.amendments import amend_report
from icv.visits.models import VisitReport
from icv.visits.reports import report_body
from tests.figures.conftest import file_report, schedule

YEAR = parse_year("2019-20")
FIRST_DAY = date(2019, 2, 1)  # a little before the year, to a little after it
DAYS = 450
PEOPLE = [
    "interviewed",
    "declined",
    ("unavailable", "asleep"),
    ("unavailable", "with_solicitor"),
    ("unavailable", "at_court_or_in_transfer"),
]
people = st.lists(st.sampled_from(PEOPLE), max_size=5)
reports = st.lists(
    st.fixed_dictionaries(
        {
            "suite": st.integers(0, 2),
            "day": st.integers(0, DAYS),
            "hour": st.integers(0, 23),
            "people": people,
            "on_rota": st.booleans(),
            "window_back": st.integers(0, 6),
            "amended_to": st.none() | people,
            "pair": st.integers(0, 1),
        }
    ),
    max_size=10,
)
unreported = st.lists(
    st.tuples(
        st.integers(0, 2),
        st.integers(0, DAYS),
        st.sampled_from([VisitStatus.SCHEDULED, VisitStatus.CONFIRMED, VisitStatus.MISSED,
                         VisitStatus.CANCELLED]),
    ),
    max_size=8,
)  # fmt: skip


def _wipe() -> None:
    """Each example starts from no visits (the scheme itself is kept)."""
    tables = {model.__table__ for model in (VisitReport, ScheduledVisit, Rota, Action)}
    for table in reversed(db.metadata.sorted_tables):
        if table in tables or any(fk.column.table in tables for fk in table.foreign_keys):
            db.session.execute(table.delete())
    db.session.commit()


def _outcomes(spec) -> Counter:
    counts = Counter()
    for person in spec:
        outcome, reason = person if isinstance(person, tuple) else (person, None)
        counts[f"detainees_{outcome}"] += 1
        counts["detainees_in_custody"] += 1
        # Format 1: no answers, so sex and age band count as "not recorded".
        for prefix in ("sex", "age"):
            counts[f"{prefix}_not_recorded_in_custody"] += 1
            counts[f"{prefix}_not_recorded_interviewed"] += outcome == "interviewed"
        if reason:
            counts[f"unavailable_{reason}"] += 1
    return counts


def _build(scheme, report_specs, unreported_specs) -> dict:
    """Store everything; return the oracle's rows keyed by ("total",), (quarter,), (suite,)."""
    suites = [scheme.suite_a1, scheme.suite_a2, scheme.suite_b]
    oracle: dict = {}

    def count(suite, day, counts: Counter, visitors=()):
        if not YEAR.contains(day):
            return
        quarter = (day.month - 4) % 12 // 3
        for key in (("total",), ("quarter", quarter), ("suite", suite.name),
                    ("panel", suite.panel.name)):  # fmt: skip
            row = oracle.setdefault(key, {"counts": Counter(), "people": set()})
            row["counts"].update(counts)
            row["people"].update(visitors)

    for spec in report_specs:
        suite = suites[spec["suite"]]
        day = FIRST_DAY + timedelta(days=spec["day"])
        moment = datetime.combine(day, time(spec["hour"], 15), LONDON)
        pair = (
            scheme.pair_a[spec["pair"] : spec["pair"] + 2] if spec["suite"] < 2 else scheme.pair_b
        )
        visit = None
        if spec["on_rota"]:
            visit = schedule(scheme, suite, day - timedelta(days=spec["window_back"]))
        report = file_report(
            scheme, suite, moment.replace(tzinfo=None).isoformat(), spec["people"],
            visit=visit, visitors=pair,
        )  # fmt: skip
        final = spec["people"]
        if spec["amended_to"] is not None and spec["amended_to"] != spec["people"]:
            final = spec["amended_to"]
            _amend(report, final, pair[0])
        counts = _outcomes(final) + Counter(visits_made=1, visits_satisfactory=1)
        counts["visits_rota_made" if visit else "visits_ad_hoc"] += 1
        counts["visits_scheduled"] += 1 if visit else 0
        london_day = moment.astimezone(LONDON).date()
        count(suite, london_day, counts, {p.id for p in pair})
    for index, day_offset, status in unreported_specs:
        suite, day = suites[index], FIRST_DAY + timedelta(days=day_offset)
        schedule(scheme, suite, day, status)
        cancelled = status == VisitStatus.CANCELLED
        count(suite, day, Counter(visits_scheduled=0 if cancelled else 1,
                                  visits_cancelled=int(cancelled),
                                  visits_missed=int(status == VisitStatus.MISSED)))  # fmt: skip
    return oracle


def _amend(report, people_spec, user) -> None:
    body = report_body(report)
    rows = []
    for person in people_spec:
        outcome, reason = person if isinstance(person, tuple) else (person, None)
        rows.append({"outcome": outcome, "unavailable_reason": reason})
    body.update(detainees=rows, detainees_in_custody=len(rows))
    result = amend_report(report, {"reason": "Recounted", "report": body}, user)
    assert result.created, result.errors


def _check_row(row: dict, expected: dict | None) -> None:
    counts = expected["counts"] if expected else Counter()
    for key in ADDITIVE:
        assert row[key] == counts.get(key, 0), key
    assert row["volunteers"] == len(expected["people"] if expected else ())


def _sum(rows) -> dict:
    rows = list(rows)
    return {key: sum(row[key] for row in rows) for key in ADDITIVE}


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(report_specs=reports, unreported_specs=unreported)
def test_figures_match_the_oracle_and_add_up(app_ctx, scheme, report_specs, unreported_specs):
    _wipe()
    oracle = _build(scheme, report_specs, unreported_specs)
    figures = figures_for(YEAR, detail=True)
    total = figures.total
    _check_row(total, oracle.get(("total",)))
    for index, (_quarter, row) in enumerate(figures.by_piece()):
        _check_row(row, oracle.get(("quarter", index)))
    for suite, row in figures.by_suite():
        _check_row(row, oracle.get(("suite", suite.name)))
    for panel, row in figures.by_panel():
        _check_row(row, oracle.get(("panel", panel.name)))
    # The invariants, stated directly.
    additive = {key: total[key] for key in ADDITIVE}
    assert _sum(row for _, row in figures.by_piece()) == additive
    assert _sum(row for _, row in figures.by_panel()) == additive
    assert _sum(row for _, row in figures.by_suite()) == additive
    assert _sum(row for _, _, row in figures.cube()) == additive
    outcomes = ("detainees_interviewed", "detainees_declined", "detainees_unavailable")
    for _, _, row in figures.cube():
        assert sum(row[key] for key in outcomes) == row["detainees_in_custody"]
        assert row["visits_made"] == row["visits_rota_made"] + row["visits_ad_hoc"]
        assert row["visits_rota_made"] <= row["visits_scheduled"]


@pytest.mark.parametrize("status", [VisitStatus.CANCELLED])
def test_cancelled_visits_are_never_scheduled(app_ctx, scheme, status):
    for week in range(5):
        schedule(scheme, scheme.suite_a1, date(2019, 4, 1) + timedelta(weeks=week), status)
    total = figures_for(YEAR).total
    assert (total["visits_scheduled"], total["visits_cancelled"]) == (0, 5)
    assert total["completion_rate"] is None
