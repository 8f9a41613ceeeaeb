"""PUT/GET /api/v1/visit-reports/<uuid>: stored exactly once, whatever is resent."""

from __future__ import annotations

import re

import sqlalchemy as sa

from icv.auth.accounts import issue_token
from icv.extensions import db
from icv.visits.models import DetaineeRecord, VisitReport
from tests.sync.factory import Api, new_uuid, report_body


def count_reports() -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count(VisitReport.id)))


def test_report_is_created_then_a_resend_returns_the_same_stored_report(team, api_as):
    api, uuid = api_as(team.alice), new_uuid()
    body = report_body(team.suite, [team.alice, team.bob])

    first = api.put(uuid, body)
    again = api.put(uuid, body)

    assert first.status_code == 201, first.get_json()
    assert again.status_code == 200
    assert again.get_json() == first.get_json()
    assert first.get_json()["uuid"] == uuid
    assert first.get_json()["report"]["detainees_in_custody"] == 3
    assert count_reports() == 1
    assert db.session.scalar(sa.select(sa.func.count(DetaineeRecord.id))) == 3
    assert first.headers["Cache-Control"] == "no-store"


def test_same_report_with_equivalent_times_and_defaults_is_the_same_report(team, api_as):
    api, uuid = api_as(team.alice), new_uuid()
    body = report_body(team.suite, [team.alice, team.bob])
    assert api.put(uuid, body).status_code == 201

    same = dict(
        body,
        arrived_at="2019-06-01T20:10:00Z",
        visitor_ids=[team.bob.id, team.alice.id],
        trainee_ids=[],
        conditions={"heating": {"rating": "not_checked"}},
    )

    assert api.put(uuid, same).status_code == 200
    assert count_reports() == 1


def test_different_body_for_a_stored_uuid_is_a_conflict_and_changes_nothing(team, api_as):
    api, uuid = api_as(team.alice), new_uuid()
    body = report_body(team.suite, [team.alice, team.bob])
    api.put(uuid, body)

    response = api.put(uuid, dict(body, rating="unsatisfactory"))

    assert response.status_code == 409
    answer = response.get_json()
    assert answer["error"] == "conflict"
    assert "amendment" in answer["message"]
    one_style = r"received on \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d\."  # in UK time
    assert re.search(one_style, answer["message"]), answer["message"]
    assert answer["report"]["rating"] == "satisfactory"
    assert count_reports() == 1


def test_uppercase_uuid_is_the_same_report(team, api_as):
    api, uuid = api_as(team.alice), new_uuid()
    body = report_body(team.suite, [team.alice, team.bob])
    assert api.put(uuid, body).status_code == 201
    assert api.put(uuid.upper(), body).status_code == 200
    assert count_reports() == 1


def test_junk_uuid_is_not_found(team, api_as):
    api = api_as(team.alice)
    body = report_body(team.suite, [team.alice, team.bob])
    assert api.put("not-a-uuid", body).status_code == 404
    assert api.put("12345678-1234-1234-1234-12345678901g", body).status_code == 404
    assert count_reports() == 0


def test_invalid_report_gets_field_errors(team, api_as):
    api = api_as(team.alice)
    body = report_body(team.suite, [team.alice, team.bob], departed_at="2019-06-01T21:00:00+01:00")
    body["detainees"].pop()

    response = api.put(new_uuid(), body)

    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["departed_at"] == ["Departure time must be after arrival time"]
    assert errors["detainees"] == ["Add a row for every person in custody: 3 in custody but 2 rows"]
    assert count_reports() == 0


def test_body_that_is_not_json_gets_a_422(team, api_as):
    api = api_as(team.alice)
    response = api.client.put(
        f"/api/v1/visit-reports/{new_uuid()}", data="hello", headers=api.headers
    )
    assert response.status_code == 422
    assert "JSON" in response.get_json()["errors"][""][0]


def test_deeply_nested_json_is_refused_not_a_crash(team, api_as):
    api = api_as(team.alice)
    for body in (
        "[" * 100_000,
        "[" * 900 + "]" * 900,
        '{"detainees": ' + "[" * 900 + "]" * 900 + "}",
    ):
        response = api.client.put(
            f"/api/v1/visit-reports/{new_uuid()}",
            data=body,
            content_type="application/json",
            headers=api.headers,
        )
        assert response.status_code == 422
        assert response.get_json()["errors"]


def test_signed_out_is_401_json(client, team):
    Api(client)  # no session: no CSRF token either; a bearer-less anonymous client
    response = client.get(f"/api/v1/visit-reports/{new_uuid()}")
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert client.get("/api/v1/reference").status_code == 401
    assert client.get("/api/v1/session").status_code == 401


def test_suite_of_another_panel_is_forbidden(team, api_as):
    api = api_as(team.alice)
    body = report_body(team.other_suite, [team.alice, team.bob])
    response = api.put(new_uuid(), body)
    assert response.status_code == 403
    assert response.get_json()["errors"] == {"suite_id": ["You cannot file reports for this suite"]}
    assert count_reports() == 0


def test_unknown_suite_is_forbidden_too(team, api_as):
    body = report_body(team.suite, [team.alice, team.bob], suite_id=999_999)
    assert api_as(team.alice).put(new_uuid(), body).status_code == 403


def test_analyst_may_not_file_reports(team, api_as):
    body = report_body(team.suite, [team.alice, team.bob])
    assert api_as(team.analyst).put(new_uuid(), body).status_code == 403


def test_report_is_visible_to_its_visitors_coordinator_and_admin_only(team, api_as):
    uuid = new_uuid()
    api_as(team.alice).put(uuid, report_body(team.suite, [team.alice, team.bob]))
    url = f"/api/v1/visit-reports/{uuid}"

    seen = {
        name: api_as(getattr(team, name)).get(url).status_code
        for name in (
            "alice",
            "bob",
            "coordinator",
            "admin",
            "trainee",
            "outsider",
            "other_coordinator",
            "analyst",
        )
    }

    assert seen == {
        "alice": 200,
        "bob": 200,
        "coordinator": 200,
        "admin": 200,
        "trainee": 404,
        "outsider": 404,
        "other_coordinator": 404,
        "analyst": 404,
    }


def test_unknown_uuid_is_not_found(team, api_as):
    assert api_as(team.alice).get(f"/api/v1/visit-reports/{new_uuid()}").status_code == 404


def test_resend_by_someone_who_cannot_see_the_report_reveals_nothing(team, api_as):
    uuid = new_uuid()
    body = report_body(team.suite, [team.alice, team.bob])
    api_as(team.alice).put(uuid, body)

    response = api_as(team.other_coordinator).put(uuid, body)

    assert response.status_code == 409
    assert "report" not in response.get_json()


def test_bearer_token_works_without_csrf(app, team):
    token = issue_token(team.alice, "phone")
    api = Api(app.test_client(), token=token)
    body = report_body(team.suite, [team.alice, team.bob])
    uuid = new_uuid()
    assert api.put(uuid, body).status_code == 201
    assert api.get(f"/api/v1/visit-reports/{uuid}").status_code == 200
    assert api.get("/api/v1/reference").status_code == 200


def test_cookie_session_without_csrf_header_is_refused(team, api_as):
    api = api_as(team.alice, csrf=False)
    response = api.put(new_uuid(), report_body(team.suite, [team.alice, team.bob]))
    assert response.status_code == 400
    assert response.get_json()["error"] == "csrf_failed"
    assert count_reports() == 0


def test_cookie_session_with_a_wrong_csrf_header_is_refused(team, api_as):
    api = api_as(team.alice)
    api.headers["X-CSRFToken"] = "forged"
    response = api.put(new_uuid(), report_body(team.suite, [team.alice, team.bob]))
    assert response.status_code == 400
    assert count_reports() == 0


def test_an_invalid_bearer_token_is_a_401_even_with_a_signed_in_cookie(team, api_as):
    api = api_as(team.alice, csrf=False)  # a signed-in cookie, no CSRF header
    api.headers["Authorization"] = "Bearer icv_not-a-real-token"
    response = api.put(new_uuid(), report_body(team.suite, [team.alice, team.bob]))
    assert response.status_code == 401
    assert response.get_json()["error"] == "unauthorized"
    assert api.get("/api/v1/reference").status_code == 401
    assert count_reports() == 0


def test_a_page_form_with_an_invalid_bearer_token_is_refused_too(team, api_as):
    api = api_as(team.alice, csrf=False)
    response = api.client.post(
        "/sign-out", headers={"Authorization": "Bearer forged"}, follow_redirects=False
    )
    assert response.status_code == 401
    assert api.client.get("/").status_code == 200  # still signed in: the forged POST did nothing


def test_scheduled_visit_is_marked_made(team, api_as, make_scheduled_visit):
    visit = make_scheduled_visit(team.suite, [team.alice, team.bob])
    body = report_body(team.suite, [team.alice, team.bob], scheduled_visit=visit)

    assert api_as(team.alice).put(new_uuid(), body).status_code == 201

    db.session.refresh(visit)
    assert visit.status == "made"


def test_second_report_for_the_same_scheduled_visit_is_refused(team, api_as, make_scheduled_visit):
    visit = make_scheduled_visit(team.suite, [team.alice, team.bob])
    body = report_body(team.suite, [team.alice, team.bob], scheduled_visit=visit)
    api_as(team.alice).put(new_uuid(), body)

    response = api_as(team.bob).put(new_uuid(), body)

    assert response.status_code == 422
    assert (
        "Alice Able already sent the report"
        in response.get_json()["errors"]["scheduled_visit_id"][0]
    )
    assert count_reports() == 1


def test_own_reports_are_listed_since_a_time(team, api_as):
    first, second = new_uuid(), new_uuid()
    alice = api_as(team.alice)
    alice.put(first, report_body(team.suite, [team.alice, team.bob]))
    stamp = alice.get(f"/api/v1/visit-reports/{first}").get_json()["received_at"]
    alice.put(second, report_body(team.suite, [team.alice, team.trainee]))

    everything = alice.get("/api/v1/visit-reports").get_json()["reports"]
    later = alice.get(f"/api/v1/visit-reports?since={stamp}").get_json()["reports"]
    bobs = api_as(team.bob).get("/api/v1/visit-reports").get_json()["reports"]

    assert [r["uuid"] for r in everything] == [first, second]
    assert [r["uuid"] for r in later] == [second]
    assert [r["uuid"] for r in bobs] == [first]
    assert api_as(team.outsider).get("/api/v1/visit-reports").get_json()["reports"] == []


def test_since_must_be_a_time_with_an_offset(team, api_as):
    response = api_as(team.alice).get("/api/v1/visit-reports?since=yesterday")
    assert response.status_code == 422
    assert "since" in response.get_json()["errors"]


def test_a_body_too_large_to_be_a_report_is_refused_without_reading_it(team, api_as):
    api = api_as(team.alice)
    huge = b'{"suite_id": 1, "positive_findings": "' + b"x" * (9 * 1024 * 1024) + b'"}'
    response = api.client.put(
        f"/api/v1/visit-reports/{new_uuid()}",
        data=huge,
        headers=api.headers | {"Content-Type": "application/json"},
    )
    assert response.status_code == 413
    assert response.get_json()["error"] == "too_large"
    assert count_reports() == 0


def test_only_checked_suite_conditions_take_a_row_but_all_are_answered(team, api_as):
    from icv.visits.models import ConditionCheck
    from icv.visits.vocabulary import SUITE_CONDITIONS

    conditions = {
        "heating": {"rating": "concern", "note": "Cell 4 cold"},
        "lighting": {"rating": "not_checked", "note": "Bulb out, could not tell"},
    }
    body = report_body(team.suite, [team.alice, team.bob], conditions=conditions)

    report = api_as(team.alice).put(new_uuid(), body).get_json()["report"]

    assert db.session.scalar(sa.select(sa.func.count(ConditionCheck.id))) == 2
    assert set(report["conditions"]) == set(SUITE_CONDITIONS)
    assert report["conditions"]["heating"] == conditions["heating"]
    assert report["conditions"]["lighting"] == conditions["lighting"]
    assert report["conditions"]["cleanliness"] == {"rating": "not_checked", "note": ""}
