"""GET /api/v1/rota, /volunteers and /suites: who reads what, and never the pair's time."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from icv.auth.accounts import issue_token
from icv.extensions import db
from icv.models import Absence, Role, SuiteOpenPeriod, TrainingRecord
from icv.rota.models import ScheduledVisit
from tests.conftest import sign_in
from tests.sync.test_openapi import schema_errors


@pytest.fixture
def api(client):
    """api(user) -> get(url) with the user's bearer token."""

    def _as(user):
        token = issue_token(user, "test")
        return lambda url: client.get(url, headers={"Authorization": f"Bearer {token}"})

    return _as


def period(scheme, weeks: int = 8) -> str:
    last = scheme.start + timedelta(days=7 * weeks)
    return f"from={scheme.start - timedelta(days=60)}&to={last}"


def past_visit(scheme, suite, people) -> ScheduledVisit:
    """An ad-hoc visit whose window ended last month."""
    start = date.today() - timedelta(days=40)
    visit = ScheduledVisit(suite=suite, window_starts_on=start, visitors=people,
                           window_ends_on=start + timedelta(days=6), status="made")  # fmt: skip
    db.session.add(visit)
    db.session.commit()
    return visit


def test_coordinator_reads_their_panels_published_visits_only(scheme, make_rota, api):
    ours = make_rota(published=True)
    make_rota(published=False, seed=2)  # a draft for the same panel: never in the API
    make_rota(scheme.panel_b, published=True)

    response = api(scheme.coordinator)(f"/api/v1/rota?{period(scheme)}")

    assert response.status_code == 200
    visits = response.get_json()["visits"]
    assert sorted(v["id"] for v in visits) == sorted(v.id for v in ours.visits)
    first, visit = visits[0], ours.visits[0]
    assert first["window_start"] == visit.window_starts_on.isoformat()
    assert first["window_end"] == visit.window_ends_on.isoformat()
    assert first["suite_id"] == scheme.suite_a.id and first["panel_id"] == scheme.panel_a.id
    assert first["volunteer_ids"] == sorted(p.id for p in visit.visitors)
    assert first["status"] == "scheduled"
    assert schema_errors("RotaVisits", response.get_json()) == []


def test_the_pairs_agreed_time_never_appears(scheme, make_rota, api):
    visit = make_rota(published=True).visits[0]
    visit.pair_planned_at = datetime.combine(visit.window_starts_on, datetime.min.time()).replace(
        hour=21, minute=37
    )
    db.session.commit()
    for reader in (scheme.coordinator, scheme.admin):
        body = api(reader)(f"/api/v1/rota?{period(scheme)}").get_data(as_text=True)
        assert str(visit.id) in body
        assert "21:37" not in body and "planned" not in body


def test_panel_b_stays_hidden_from_panel_a_coordinator_whatever_is_asked(scheme, make_rota, api):
    make_rota(scheme.panel_b, published=True)
    get = api(scheme.coordinator)
    hidden = [
        f"/api/v1/rota?{period(scheme)}&panel_id={scheme.panel_b.id}",
        f"/api/v1/rota?{period(scheme)}&suite_id={scheme.suite_b.id}",
        f"/api/v1/rota?{period(scheme)}&panel_id={scheme.panel_a.id}&suite_id={scheme.suite_b.id}",
        f"/api/v1/volunteers?panel_id={scheme.panel_b.id}",
        f"/api/v1/suites?panel_id={scheme.panel_b.id}",
        "/api/v1/suites?panel_id=999999",
    ]
    for url in hidden:
        assert get(url).status_code == 404, url
    assert get(f"/api/v1/rota?{period(scheme)}").get_json()["visits"] == []
    people = get("/api/v1/volunteers").get_json()["volunteers"]
    assert {p["id"] for p in people} == {p.id for p in scheme.people_a}
    suites = get("/api/v1/suites").get_json()["suites"]
    assert [s["id"] for s in suites] == [scheme.suite_a.id]


def test_admin_reads_every_panel_and_can_narrow_to_one(scheme, make_rota, api):
    a, b = make_rota(published=True), make_rota(scheme.panel_b, published=True)
    get = api(scheme.admin)
    everything = get(f"/api/v1/rota?{period(scheme)}").get_json()["visits"]
    assert {v["id"] for v in everything} == {v.id for v in a.visits + b.visits}
    only_b = get(f"/api/v1/rota?{period(scheme)}&panel_id={scheme.panel_b.id}").get_json()
    assert {v["id"] for v in only_b["visits"]} == {v.id for v in b.visits}
    suites = get("/api/v1/suites").get_json()["suites"]
    assert {s["id"] for s in suites} == {scheme.suite_a.id, scheme.suite_b.id}


def test_analysts_read_every_panel_but_only_visits_whose_window_has_ended(scheme, make_rota, api):
    upcoming = make_rota(published=True)
    ended = past_visit(scheme, scheme.suite_b, scheme.people_b[:2])
    get = api(scheme.analyst)
    visits = get(f"/api/v1/rota?{period(scheme)}").get_json()["visits"]
    assert [v["id"] for v in visits] == [ended.id]
    assert visits[0]["rota_id"] is None and visits[0]["status"] == "made"
    assert upcoming.visits  # there was something upcoming to withhold
    scheme.people_a[0].trainings.append(
        TrainingRecord(course_code="tact", completed_on=date(2025, 1, 6))
    )
    db.session.commit()  # fmt: skip
    answer = get("/api/v1/volunteers")
    people = answer.get_json()["volunteers"]
    assert len(people) == len(scheme.people_a) + len(scheme.people_b)
    assert all("trainings" not in person for person in people)  # analysts see no training
    assert schema_errors("Volunteers", answer.get_json()) == []


def test_volunteers_are_refused_and_strangers_must_sign_in(scheme, client, api):
    volunteer = scheme.people_a[0]
    for path in (f"/api/v1/rota?{period(scheme)}", "/api/v1/volunteers", "/api/v1/suites"):
        assert api(volunteer)(path).status_code == 403
        assert client.get(path).status_code == 401
        assert client.get(path).get_json()["error"] == "unauthorized"


def test_a_signed_in_session_works_as_well_as_a_token(scheme, make_rota, client):
    make_rota(published=True)
    sign_in(client, scheme.coordinator)
    response = client.get(f"/api/v1/rota?{period(scheme)}")
    assert response.status_code == 200 and len(response.get_json()["visits"]) == 4


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("to=2026-06-30", "from"),
        ("from=2026-04-01", "to"),
        ("from=2026-04-01&to=2026-13-01", "to"),
        ("from=1%2F4%2F2026&to=2026-06-30", "from"),
        ("from=20260401&to=2026-06-30", "from"),
        ("from=2026-06-30&to=2026-04-01", "to"),
        ("from=2026-01-01&to=2027-06-30", "to"),
        ("from=2026-04-01&to=2026-06-30&panel_id=barnet", "panel_id"),
        ("from=2026-04-01&to=2026-06-30&suite_id=-3", "suite_id"),
    ],
)
def test_bad_rota_parameters_are_422_with_a_message_for_the_field(scheme, api, query, field):
    response = api(scheme.coordinator)(f"/api/v1/rota?{query}")
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert list(errors) == [field] and errors[field][0].startswith(("Give", "The", "Ask"))
    assert schema_errors("Error", response.get_json()) == []


def test_bad_panel_filter_on_volunteers_and_suites_is_422(scheme, api):
    get = api(scheme.admin)
    for path in ("/api/v1/volunteers?panel_id=1.5", "/api/v1/suites?panel_id=x"):
        response = get(path)
        assert response.status_code == 422
        assert response.get_json()["errors"]["panel_id"] == ["Give panel_id as a number, like 12"]


def test_volunteers_carry_what_planning_needs_and_nothing_that_identifies_them(scheme, api):
    person = scheme.people_a[0]
    today = date.today()
    person.absences = [
        Absence(starts_on=today - timedelta(days=30), ends_on=today - timedelta(days=20),
                note="Old holiday"),
        Absence(starts_on=today + timedelta(days=5), ends_on=today + timedelta(days=9),
                note="Hospital appointment"),
    ]  # fmt: skip
    db.session.commit()

    response = api(scheme.coordinator)(f"/api/v1/volunteers?panel_id={scheme.panel_a.id}")

    assert response.status_code == 200
    assert schema_errors("Volunteers", response.get_json()) == []
    shown = next(p for p in response.get_json()["volunteers"] if p["id"] == person.id)
    assert shown["panel_id"] == scheme.panel_a.id and shown["status"] == "active"
    assert shown["experienced"] is True
    assert shown["vetting_expires_on"] == person.vetting_expires_on.isoformat()
    assert shown["appointment_ends_on"] == person.term_ends_on.isoformat()
    assert len(shown["availability"]) == 28
    assert {"weekday": 0, "band": "evening"} in shown["availability"]
    upcoming = person.absences[1]
    assert shown["dates_away"] == [
        {"starts_on": upcoming.starts_on.isoformat(), "ends_on": upcoming.ends_on.isoformat()}
    ]
    text = response.get_data(as_text=True)
    for private in (person.email, person.name, "Hospital", "Old holiday", "phone", "email"):
        assert private not in text


def test_suites_give_their_status_and_weekly_target(scheme, api):
    scheme.suite_a.target_visits_per_week = 2
    db.session.commit()
    response = api(scheme.coordinator)("/api/v1/suites")
    assert response.get_json() == {
        "suites": [
            {"id": scheme.suite_a.id, "name": "Colindale", "panel_id": scheme.panel_a.id,
             "status": "open", "visits_per_week": 2, "tact_designated": False,
             "open_periods": []}
        ]
    }  # fmt: skip
    assert schema_errors("Suites", response.get_json()) == []


def test_volunteers_carry_their_training_and_suites_their_tact_designation(scheme, api):
    person = scheme.people_a[0]
    person.trainings = [
        TrainingRecord(course_code="induction", completed_on=date(2024, 3, 2)),
        TrainingRecord(course_code="tact", completed_on=date(2025, 1, 6),
                       expires_on=date(2028, 1, 6)),
    ]  # fmt: skip
    scheme.suite_a.tact_designated = True
    db.session.commit()
    get = api(scheme.coordinator)
    answer = get(f"/api/v1/volunteers?panel_id={scheme.panel_a.id}").get_json()
    shown = {p["id"]: p["trainings"] for p in answer["volunteers"]}
    assert shown[person.id] == [
        {"code": "induction", "completed_on": "2024-03-02", "expires_on": None},
        {"code": "tact", "completed_on": "2025-01-06", "expires_on": "2028-01-06"},
    ]
    assert shown[scheme.people_a[1].id] == []
    assert schema_errors("Volunteers", answer) == []
    (suite,) = get("/api/v1/suites").get_json()["suites"]
    assert suite["tact_designated"] is True


def test_suites_give_a_contingency_suites_open_periods_without_their_notes(scheme, api):
    scheme.suite_a.status = "contingency"
    scheme.suite_a.open_periods = [
        SuiteOpenPeriod(opens_on=date(2026, 1, 5), closes_on=date(2026, 1, 25), note="Refit"),
        SuiteOpenPeriod(opens_on=date(2026, 3, 2), closes_on=None),
    ]
    db.session.commit()
    response = api(scheme.coordinator)("/api/v1/suites")
    (suite,) = response.get_json()["suites"]
    assert suite["open_periods"] == [
        {"opens_on": "2026-01-05", "closes_on": "2026-01-25"},
        {"opens_on": "2026-03-02", "closes_on": None},
    ]
    assert "Refit" not in response.get_data(as_text=True)
    assert schema_errors("Suites", response.get_json()) == []


def test_coordinators_of_several_panels_read_all_of_theirs(scheme, make_user, make_rota, api):
    both = make_user(Role.COORDINATOR, panels=[scheme.panel_a, scheme.panel_b])
    a, b = make_rota(published=True), make_rota(scheme.panel_b, published=True)
    visits = api(both)(f"/api/v1/rota?{period(scheme)}").get_json()["visits"]
    assert {v["id"] for v in visits} == {v.id for v in a.visits + b.visits}
