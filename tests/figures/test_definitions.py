"""Every definition of the figures, on small hand-built data filed through the real code."""

from __future__ import annotations

from datetime import date, timedelta

from icv.figures.aggregate import figures_for
from icv.figures.periods import Period, parse_period, parse_year
from icv.figures.queries import Scope
from icv.rota.models import VisitStatus
from icv.visits.amendments import amend_report
from icv.visits.reports import report_body
from tests.figures.conftest import draft_rota, file_report, schedule

YEAR = parse_year("2019-20")


def test_a_visit_is_made_when_its_report_exists(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10")
    file_report(scheme, scheme.suite_b, "2019-07-02 10:00")
    total = figures_for(YEAR).total
    assert total["visits_made"] == 2


def test_ad_hoc_visits_count_as_made_and_are_shown_apart(scheme):
    visit = schedule(scheme, scheme.suite_a1, date(2019, 5, 27))
    file_report(scheme, scheme.suite_a1, "2019-05-28 09:00", visit=visit)
    file_report(scheme, scheme.suite_a1, "2019-05-30 22:00")  # not on the rota
    total = figures_for(YEAR).total
    assert total["visits_made"] == 2
    assert total["visits_ad_hoc"] == 1
    assert total["visits_rota_made"] == 1
    assert total["visits_scheduled"] == 1
    assert total["completion_rate"] == 1.0  # the ad-hoc visit is not in it


def test_completion_rate_leaves_cancelled_visits_out(scheme):
    made = schedule(scheme, scheme.suite_a1, date(2019, 4, 1))
    file_report(scheme, scheme.suite_a1, "2019-04-02 14:00", visit=made)
    schedule(scheme, scheme.suite_a1, date(2019, 4, 8), VisitStatus.MISSED)
    schedule(scheme, scheme.suite_a1, date(2019, 4, 15), VisitStatus.CANCELLED)
    schedule(scheme, scheme.suite_a1, date(2019, 4, 22), VisitStatus.CANCELLED)
    total = figures_for(YEAR).total
    assert total["visits_scheduled"] == 2
    assert total["visits_cancelled"] == 2
    assert total["visits_missed"] == 1
    assert total["completion_rate"] == 0.5


def test_visits_in_a_draft_rota_are_not_scheduled(scheme):
    schedule(scheme, scheme.suite_a1, date(2019, 4, 1), rota=draft_rota(scheme.panel_a))
    schedule(scheme, scheme.suite_a1, date(2019, 4, 8))  # outside any rota: counts as published
    assert figures_for(YEAR).total["visits_scheduled"] == 1


def test_unmade_rota_visit_counts_in_the_period_its_window_starts(scheme):
    schedule(scheme, scheme.suite_a1, date(2020, 3, 30))  # window runs into the next year
    schedule(scheme, scheme.suite_a1, date(2019, 3, 25))  # last year's, though it ends in this one
    assert figures_for(YEAR).total["visits_scheduled"] == 1


def test_made_rota_visit_counts_in_the_period_it_was_made(scheme):
    visit = schedule(scheme, scheme.suite_a1, date(2019, 6, 24))  # window starts in Q1
    file_report(scheme, scheme.suite_a1, "2019-07-01 08:00", visit=visit)  # made in Q2
    by_quarter = {p.label: row for p, row in figures_for(YEAR).by_piece()}
    assert by_quarter["2019-20 Q1"]["visits_scheduled"] == 0
    assert by_quarter["2019-20 Q2"]["visits_scheduled"] == 1
    assert by_quarter["2019-20 Q2"]["visits_rota_made"] == 1


def test_people_are_counted_once_per_visit_with_their_outcomes(scheme):
    file_report(
        scheme,
        scheme.suite_a1,
        "2019-06-01 21:10",
        ["interviewed", "interviewed", "declined", ("unavailable", "asleep")],
    )
    file_report(scheme, scheme.suite_a2, "2019-06-02 03:00", [("unavailable", "at_hospital")])
    total = figures_for(YEAR).total
    assert total["detainees_in_custody"] == 5
    assert total["detainees_interviewed"] == 2
    assert total["detainees_declined"] == 1
    assert total["detainees_unavailable"] == 2
    assert total["unavailable_asleep"] == 1
    assert total["unavailable_at_hospital"] == 1
    assert total["interview_rate"] == 0.4


def test_a_visit_with_nobody_in_custody_still_counts(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", [])
    total = figures_for(YEAR).total
    assert total["visits_made"] == 1
    assert total["detainees_in_custody"] == 0
    assert total["interview_rate"] is None  # nothing to divide, not 0%


def test_an_amended_report_is_counted_once_as_it_now_reads(scheme):
    report = file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", ["interviewed"] * 3)
    corrected = report_body(report)
    corrected["detainees_in_custody"] = 2
    corrected["detainees"] = [
        {**corrected["detainees"][0]},
        {"outcome": "declined", "unavailable_reason": None},
    ]
    result = amend_report(report, {"reason": "Miscounted", "report": corrected}, scheme.pair_a[0])
    assert result.created, result.errors
    total = figures_for(YEAR).total
    assert (total["visits_made"], total["detainees_in_custody"]) == (1, 2)
    assert (total["detainees_interviewed"], total["detainees_declined"]) == (1, 1)


def test_volunteers_are_different_people_who_visited(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", visitors=scheme.pair_a[:2])
    file_report(scheme, scheme.suite_a2, "2019-06-08 21:10", visitors=scheme.pair_a[1:])
    figures = figures_for(YEAR)
    assert figures.total["volunteers"] == 3
    suites = {suite.name: row["volunteers"] for suite, row in figures.by_suite()}
    assert suites == {"Alpha One": 2, "Alpha Two": 2, "Bravo": 0}
    assert [row["volunteers"] for _, row in figures.by_panel()] == [3, 0]


def test_juveniles_vulnerable_delays_and_ratings(scheme):
    delay = {"minutes": 20, "reason": "Disturbance", "authorised_by_rank": "Inspector"}
    file_report(
        scheme,
        scheme.suite_a1,
        "2019-06-01 21:10",
        ["interviewed", "declined"],
        juveniles=1,
        vulnerable_adults=2,
        delay=delay,
        admitted_at="2019-06-01T21:30:00+01:00",
        rating="unsatisfactory",
    )
    file_report(scheme, scheme.suite_a1, "2019-06-08 21:10")
    total = figures_for(YEAR).total
    assert (total["juveniles"], total["vulnerable_adults"]) == (1, 2)
    assert (total["visits_delayed"], total["visits_satisfactory"]) == (1, 1)


def test_visits_count_by_their_london_date_at_the_year_boundary(scheme):
    file_report(scheme, scheme.suite_a1, "2019-04-01 00:30")  # 31 March 23:30 UTC: this year
    file_report(scheme, scheme.suite_a1, "2020-04-01 00:30")  # next year
    file_report(scheme, scheme.suite_a1, "2019-03-31 23:30")  # last year
    figures = figures_for(YEAR)
    assert figures.total["visits_made"] == 1
    assert figures.by_piece()[0][1]["visits_made"] == 1


def test_a_quarter_is_its_three_months(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-30 23:59")
    file_report(scheme, scheme.suite_a1, "2019-07-01 00:01")
    assert figures_for(parse_period("2019-20 Q1")).total["visits_made"] == 1
    assert figures_for(parse_period("2019-20 Q2")).total["visits_made"] == 1


def test_scope_keeps_to_the_panels_or_suite_asked_for(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", ["interviewed"] * 2)
    file_report(scheme, scheme.suite_a2, "2019-06-02 21:10", ["declined"])
    file_report(scheme, scheme.suite_b, "2019-06-03 21:10", ["declined"] * 4)
    panel_a = figures_for(YEAR, Scope(panel_ids=frozenset({scheme.panel_a.id})))
    assert panel_a.total["detainees_in_custody"] == 3
    assert [s.name for s in panel_a.suites] == ["Alpha One", "Alpha Two"]
    one_suite = figures_for(YEAR, Scope(suite_id=scheme.suite_b.id))
    assert one_suite.total["detainees_in_custody"] == 4
    nothing = figures_for(YEAR, Scope(panel_ids=frozenset()))
    assert nothing.total["visits_made"] == 0 and nothing.suites == []


def test_follow_up_actions_opened_answered_closed_and_overdue(scheme):
    from icv.actions.models import Action, Status
    from icv.extensions import db
    from icv.figures.aggregate import open_actions

    concern = {"heating": {"rating": "concern", "note": "Cells cold"}}
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", conditions=concern)
    file_report(scheme, scheme.suite_b, "2019-06-02 21:10", conditions=concern)
    actions = db.session.scalars(db.select(Action).order_by(Action.id)).all()
    assert len(actions) == 2
    actions[0].police_response_on = date(2019, 6, 10)
    actions[1].status, actions[1].closed_on = Status.CLOSED, date(2019, 6, 20)
    db.session.commit()
    later, same_day = date(2030, 1, 1), date(2019, 6, 1)
    total = figures_for(YEAR, today=later).total
    assert (total["actions_opened"], total["actions_answered"]) == (2, 1)
    assert (total["actions_closed"], total["actions_overdue"]) == (1, 1)
    assert figures_for(YEAR, today=same_day).total["actions_overdue"] == 0
    panel_a = Scope(panel_ids=frozenset({scheme.panel_a.id}))
    assert open_actions(panel_a, today=later) == {"open": 1, "overdue": 1}
    assert open_actions(Scope(panel_ids=frozenset({scheme.panel_b.id})), later)["open"] == 0


def test_year_on_year_is_the_same_whether_this_years_figures_are_reused_or_not(scheme):
    from icv.figures.aggregate import year_on_year

    file_report(scheme, scheme.suite_a1, "2018-06-01 21:10", ["declined"])
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", ["interviewed", "declined"])
    known = figures_for(YEAR, detail=True)
    reused = year_on_year(YEAR, known=known)
    fresh = year_on_year(YEAR)
    assert [p.label for p, _ in reused] == ["2017-18", "2018-19", "2019-20"]
    assert [p.label for p, _ in fresh] == [p.label for p, _ in reused]
    keys = ("visits_made", "detainees_in_custody", "detainees_declined", "volunteers")
    assert [[row[k] for k in keys] for _, row in reused] == [
        [row[k] for k in keys] for _, row in fresh
    ]
    assert [row["visits_made"] for _, row in fresh] == [0, 1, 1]


def test_upcoming_visits_are_not_counted_until_made_or_due(app, scheme, make_user):
    """Visits are unannounced: figures for today or later must not show where one is planned,
    not even to an analyst asking for a single day by suite (who gets nothing from the rota)."""
    from icv.dates import scheme_today as london_today
    from tests.actions.helpers import api_for

    today = london_today()
    schedule(scheme, scheme.suite_a1, today)  # this week's window: still open
    schedule(scheme, scheme.suite_b, today + timedelta(days=14))  # a fortnight away
    schedule(scheme, scheme.suite_a2, today - timedelta(days=14))  # its window has ended: due
    period = Period(today - timedelta(days=30), today + timedelta(days=60), "around now")
    assert figures_for(period, today=today).total["visits_scheduled"] == 1

    analyst = api_for(app, scheme.analyst)
    for day in (today, today + timedelta(days=14)):
        answer = analyst.get(f"/api/v1/stats?from={day}&to={day}&group_by=suite").get_json()
        assert answer["totals"]["visits_scheduled"] == 0, answer
        assert all(group["visits_scheduled"] == 0 for group in answer["groups"]), answer
