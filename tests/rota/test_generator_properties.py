"""Property tests: over random panels, availabilities and periods, every generated rota obeys
every hard rule, every missing visit is explained, and a seed always gives the same rota."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icv.rota.generator import generate
from icv.rota.schedule import BANDS, DAY, WEEK, RotaRequest, SuiteNeed, Volunteer, demand_windows
from tests.rota.rota_checks import hard_rule_breaches

EXAMPLES = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
START = date(2024, 1, 1)
slots = st.frozensets(st.tuples(st.integers(0, 6), st.sampled_from(BANDS)), max_size=20)
some_day = st.integers(-60, 150).map(lambda n: START + timedelta(days=n))
LONG_AGO, FAR_AHEAD = START - timedelta(days=900), START + timedelta(days=900)


def mostly(usual: date, *, missing: int, near: int):
    """Usually a date that allows visiting; sometimes none, sometimes one inside the period."""
    return st.integers(0, 9).flatmap(
        lambda roll: (
            st.none() if roll < missing else some_day if roll < missing + near else st.just(usual)
        )
    )


@st.composite
def volunteers(draw, panels):
    count = draw(st.integers(0, 12))
    people = []
    for number in range(1, count + 1):
        away_start = draw(st.one_of(st.none(), some_day))
        away = (
            ()
            if away_start is None
            else ((away_start, away_start + timedelta(days=draw(st.integers(0, 20)))),)
        )
        people.append(
            Volunteer(
                id=number,
                panel_id=draw(st.sampled_from(panels)),
                status=draw(
                    st.sampled_from(["active", "active", "probation", "on_leave", "ended"])
                ),
                experienced=draw(st.booleans()),
                availability=draw(slots),
                appointed_on=draw(mostly(LONG_AGO, missing=1, near=2)),
                term_ends_on=draw(mostly(FAR_AHEAD, missing=4, near=2)),
                vetting_expires_on=draw(mostly(FAR_AHEAD, missing=1, near=3)),
                max_per_month=draw(st.integers(1, 3)),
                away=away,
                name=f"Person {number}",
            )
        )
    return tuple(people)


@st.composite
def open_spans(draw):
    """Up to three periods a contingency suite is open, apart; the last may have no end."""
    spans, day = [], START + timedelta(days=draw(st.integers(-20, 60)))
    for _ in range(draw(st.integers(0, 3))):
        last = day + timedelta(days=draw(st.integers(0, 30)))
        spans.append((day, last))
        day = last + timedelta(days=draw(st.integers(2, 25)))
    if spans and draw(st.booleans()):
        spans[-1] = (spans[-1][0], date.max)
    return tuple(spans)


@st.composite
def requests(draw):
    panels = [1, 2] if draw(st.booleans()) else [1]
    suites = tuple(
        SuiteNeed(
            id=number,
            panel_id=draw(st.sampled_from(panels)),
            name=f"Suite {number}",
            status=draw(st.sampled_from(["open", "open", "contingency", "closed"])),
            visits_per_week=draw(st.integers(0, 2)),
            open_spans=draw(open_spans()),
        )
        for number in range(1, draw(st.integers(1, 3)) + 1)
    )
    starts_on = START + timedelta(days=draw(st.integers(0, 40)))
    ends_on = starts_on + timedelta(days=draw(st.integers(0, 70)))
    return RotaRequest(
        volunteers=draw(volunteers(panels)),
        suites=suites,
        starts_on=starts_on,
        ends_on=ends_on,
        granularity=draw(st.sampled_from([WEEK, DAY])),
        seed=draw(st.integers(0, 2**32)),
    )


@EXAMPLES
@given(requests())
def test_every_generated_visit_obeys_every_hard_rule(req):
    draft = generate(req)
    assert hard_rule_breaches(draft, req) == []


@EXAMPLES
@given(requests())
def test_no_visit_window_reaches_outside_an_open_period_and_closed_suites_get_none(req):
    suites = {suite.id: suite for suite in req.suites}
    for visit in generate(req).visits:
        suite = suites[visit.suite_id]
        assert suite.status != "closed"
        if suite.status == "contingency":
            assert any(
                start <= visit.window.starts_on and visit.window.ends_on <= end
                for start, end in suite.open_spans
            ), (visit, suite.open_spans)


@EXAMPLES
@given(requests())
def test_every_wanted_visit_is_either_planned_or_explained(req):
    draft = generate(req)
    for window in demand_windows(req.starts_on, req.ends_on):
        for suite in req.suites:
            planned = [
                v
                for v in draft.visits
                if v.suite_id == suite.id and window.starts_on <= v.day <= window.ends_on
            ]
            gaps = [g for g in draft.gaps if g.suite_id == suite.id and g.window == window]
            assert len(planned) + len(gaps) == suite.needs_visits(window)
            for gap in gaps:
                assert gap.message.startswith(f"{suite.name}, {window.label}: ")
                assert len(gap.message) > len(f"{suite.name}, {window.label}: ") + 10


@settings(max_examples=25, deadline=None)
@given(requests())
def test_the_same_request_always_gives_the_same_rota(req):
    assert generate(req) == generate(req)
