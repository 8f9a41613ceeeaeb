"""GET /api/v1/reference and /api/v1/session: what the phone caches, scoped to the user."""

from __future__ import annotations

from datetime import date, timedelta

from icv.extensions import db
from icv.models import TACT_COURSE, TrainingRecord
from icv.rota.models import Rota
from icv.visits.vocabulary import reference_codes
from tests.sync.factory import Api


def test_reference_is_scoped_to_the_volunteers_panel(team, api_as, make_scheduled_visit):
    mine = make_scheduled_visit(team.suite, [team.alice, team.bob], starts_in_days=3)
    make_scheduled_visit(team.suite, [team.bob, team.trainee])  # not Alice's
    make_scheduled_visit(team.suite, [team.alice, team.bob], starts_in_days=-30)  # long past
    make_scheduled_visit(team.suite, [team.alice, team.bob], status="cancelled")
    make_scheduled_visit(team.suite, [team.alice, team.bob], rota=draft_rota(team))

    tact = [
        (team.bob, date(2019, 3, 1), date(2022, 3, 1)),
        (team.alice, date(2020, 1, 6), None),
        (team.trainee, date(2020, 1, 6), date(2020, 1, 6)),
    ]  # the last: never valid
    for person, completed_on, expires_on in tact:
        db.session.add(
            TrainingRecord(
                user=person,
                course_code=TACT_COURSE,
                completed_on=completed_on,
                expires_on=expires_on,
            )
        )
    db.session.add(
        TrainingRecord(user=team.trainee, course_code="induction", completed_on=date(2020, 1, 6))
    )
    db.session.commit()
    response = api_as(team.alice).get("/api/v1/reference")

    assert response.status_code == 200
    data = response.get_json()
    assert data["user_id"] == team.alice.id
    assert data["name"] == "Alice Able"
    assert data["panel"] == {"id": team.panel.id, "name": "North"}
    assert data["suites"] == [{"id": team.suite.id, "name": "Northtown", "panel_id": team.panel.id,
                               "tact_designated": False}]  # fmt: skip
    names = [v["name"] for v in data["volunteers"]]
    assert names == ["Bob Baker", "Tara Trainee"]  # not herself, not ended, not another panel
    assert [v["probation"] for v in data["volunteers"]] == [False, True]
    # TACT training as [first valid day, last valid day]: the phone's TACT rule offline.
    assert [v["tact_trained"] for v in data["volunteers"]] == [[["2019-03-01", "2022-02-28"]], []]
    assert data["tact_trained"] == [["2020-01-06", None]]
    assert data["codes"] == reference_codes()
    assert data["rules"]["limits"]["detainees"] == 500
    assert [visit["id"] for visit in data["scheduled_visits"]] == [mine.id]
    visit = data["scheduled_visits"][0]
    assert visit["suite_id"] == team.suite.id
    assert visit["co_visitors"] == [{"id": team.bob.id, "name": "Bob Baker"}]
    assert visit["window_ends_on"] > visit["window_starts_on"]
    assert response.headers["Cache-Control"] == "no-store"


def draft_rota(team) -> Rota:
    today = date.today()
    rota = Rota(panel=team.panel, starts_on=today, ends_on=today + timedelta(days=90))
    db.session.add(rota)
    db.session.commit()
    return rota


def test_visit_marked_missed_last_week_can_still_be_reported(team, api_as, make_scheduled_visit):
    missed = make_scheduled_visit(team.suite, [team.alice, team.bob], starts_in_days=-9,
                                  status="missed")  # fmt: skip
    data = api_as(team.alice).get("/api/v1/reference").get_json()
    assert [visit["id"] for visit in data["scheduled_visits"]] == [missed.id]


def test_reference_for_a_volunteer_of_another_panel_shows_only_theirs(team, api_as):
    data = api_as(team.outsider).get("/api/v1/reference").get_json()
    assert [s["name"] for s in data["suites"]] == ["Southtown"]
    assert data["volunteers"] == []


def test_reference_for_a_coordinator_covers_their_panels(team, api_as):
    data = api_as(team.coordinator).get("/api/v1/reference").get_json()
    assert [s["name"] for s in data["suites"]] == ["Northtown"]
    assert {v["name"] for v in data["volunteers"]} == {"Alice Able", "Bob Baker", "Tara Trainee"}
    assert data["panel"] is None


def test_session_gives_a_fresh_csrf_token_that_works(team, api_as):
    api = api_as(team.alice, csrf=False)
    session = api.get("/api/v1/session")
    assert session.status_code == 200
    data = session.get_json()
    assert data["user_id"] == team.alice.id and data["name"] == "Alice Able"
    api.headers["X-CSRFToken"] = data["csrf_token"]
    response = api.post(f"/api/v1/visit-reports/{'0' * 8}-0000-4000-8000-{'0' * 12}/amendments", {})
    assert response.status_code == 404  # past the CSRF check: the report does not exist


def test_session_when_signed_out_is_401_json(client):
    response = Api(client).get("/api/v1/session")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
