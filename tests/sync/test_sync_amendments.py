"""POST /api/v1/visit-reports/<uuid>/amendments: corrections keep the original and say who."""

from __future__ import annotations

import copy

import sqlalchemy as sa

from icv.extensions import db
from icv.visits.models import ReportAmendment, VisitReport
from tests.sync.factory import new_uuid, report_body


def sent_report(team, api_as, **overrides):
    uuid = new_uuid()
    body = report_body(team.suite, [team.alice, team.bob], **overrides)
    assert api_as(team.alice).put(uuid, body).status_code == 201
    return uuid, body


def test_amendment_keeps_the_original_and_records_who_when_and_why(team, api_as):
    uuid, body = sent_report(team, api_as)
    corrected = dict(body, departed_at="2019-06-01T22:35:00+01:00", rating="unsatisfactory")

    response = api_as(team.bob).post(
        f"/api/v1/visit-reports/{uuid}/amendments",
        {"reason": "We left at 22:35, not 22:05", "report": corrected},
    )

    assert response.status_code == 201, response.get_json()
    answer = response.get_json()
    assert answer["amendment"]["changed_by"] == {"id": team.bob.id, "name": "Bob Baker"}
    assert answer["amendment"]["reason"] == "We left at 22:35, not 22:05"
    assert answer["amendment"]["changes"] == ["departed_at", "rating"]
    assert answer["report"]["departed_at"] == "2019-06-01T21:35:00+00:00"
    assert answer["original_report"]["departed_at"] == "2019-06-01T21:05:00+00:00"
    assert answer["amended_at"] is not None
    amendment = db.session.scalar(sa.select(ReportAmendment))
    assert amendment.before["rating"] == "satisfactory"
    assert amendment.after["rating"] == "unsatisfactory"
    # Resending the original body is still recognised as the original (a late retry).
    assert api_as(team.alice).put(uuid, body).status_code == 200
    fetched = api_as(team.coordinator).get(f"/api/v1/visit-reports/{uuid}").get_json()
    assert fetched["report"]["rating"] == "unsatisfactory"
    assert len(fetched["amendments"]) == 1


def test_amendment_can_change_the_rows(team, api_as):
    uuid, body = sent_report(team, api_as)
    rows = [{"outcome": "declined"}] * 4
    corrected = dict(body, detainees_in_custody=4, detainees=rows)

    response = api_as(team.alice).post(
        f"/api/v1/visit-reports/{uuid}/amendments", {"reason": "Missed one", "report": corrected}
    )

    assert response.status_code == 201, response.get_json()
    report = db.session.scalar(sa.select(VisitReport))
    db.session.refresh(report)
    assert [row.outcome for row in report.detainees] == ["declined"] * 4


def test_coordinator_may_amend(team, api_as):
    uuid, body = sent_report(team, api_as)
    response = api_as(team.coordinator).post(
        f"/api/v1/visit-reports/{uuid}/amendments",
        {"reason": "Typo", "report": dict(body, positive_findings="Clean cells")},
    )
    assert response.status_code == 201


def test_amendment_is_revalidated(team, api_as):
    uuid, body = sent_report(team, api_as)
    corrected = dict(body, departed_at="2019-06-01T20:00:00+01:00")

    response = api_as(team.alice).post(
        f"/api/v1/visit-reports/{uuid}/amendments", {"reason": "", "report": corrected}
    )

    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "reason": ["Say why you are changing the report"],
        "report.departed_at": ["Departure time must be after arrival time"],
    }
    assert db.session.scalar(sa.select(sa.func.count(ReportAmendment.id))) == 0
    hidden = api_as(team.alice).post(
        f"/api/v1/visit-reports/{uuid}/amendments",
        {"reason": "Typo\u202e in times", "report": dict(body, juveniles=1)},
    )
    assert hidden.get_json()["errors"] == {
        "reason": ["Remove the hidden character (U+202E) from this text"]
    }


def test_amendment_that_changes_nothing_is_refused(team, api_as):
    uuid, body = sent_report(team, api_as)
    response = api_as(team.alice).post(
        f"/api/v1/visit-reports/{uuid}/amendments", {"reason": "Just because", "report": body}
    )
    assert response.status_code == 422
    assert response.get_json()["errors"] == {
        "report": ["This amendment changes nothing in the report"]
    }


def test_retried_amendment_is_stored_once(team, api_as):
    uuid, body = sent_report(team, api_as)
    request = {"reason": "Rating", "report": dict(body, rating="unsatisfactory")}
    api = api_as(team.alice)
    first = api.post(f"/api/v1/visit-reports/{uuid}/amendments", request)
    again = api.post(f"/api/v1/visit-reports/{uuid}/amendments", request)
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.get_json()["amendment"]["id"] == first.get_json()["amendment"]["id"]
    assert db.session.scalar(sa.select(sa.func.count(ReportAmendment.id))) == 1


def test_people_who_cannot_see_the_report_cannot_amend_it(team, api_as):
    uuid, body = sent_report(team, api_as)
    request = {"reason": "Mine now", "report": dict(body, rating="unsatisfactory")}
    for person in (team.trainee, team.outsider, team.other_coordinator, team.analyst):
        response = api_as(person).post(f"/api/v1/visit-reports/{uuid}/amendments", request)
        assert response.status_code == 404
    assert db.session.scalar(sa.select(sa.func.count(ReportAmendment.id))) == 0


def test_amendment_moving_to_another_panels_suite_is_forbidden(team, api_as):
    uuid, body = sent_report(team, api_as)
    request = {"reason": "Wrong suite", "report": dict(body, suite_id=team.other_suite.id)}
    response = api_as(team.alice).post(f"/api/v1/visit-reports/{uuid}/amendments", request)
    assert response.status_code == 403


def test_amendment_moving_the_report_to_another_scheduled_visit(team, api_as, make_scheduled_visit):
    first = make_scheduled_visit(team.suite, [team.alice, team.bob])
    second = make_scheduled_visit(team.suite, [team.alice, team.bob], starts_in_days=7)
    uuid, body = sent_report(team, api_as, scheduled_visit_id=first.id)
    request = {"reason": "Wrong week", "report": dict(body, scheduled_visit_id=second.id)}

    response = api_as(team.alice).post(f"/api/v1/visit-reports/{uuid}/amendments", request)

    assert response.status_code == 201
    db.session.refresh(first)
    db.session.refresh(second)
    assert (first.status, second.status) == ("scheduled", "made")


def test_format_2_fields_are_amended_and_a_format_1_report_may_become_format_2(team, api_as):
    uuid, body = sent_report(team, api_as)  # format 1
    url, api = f"/api/v1/visit-reports/{uuid}/amendments", api_as(team.coordinator)
    upgraded = copy.deepcopy(body) | {"format_version": 2}
    upgraded["detainees"][0] |= {
        "sex": "male", "strip_searched": True, "strip_searched_note": "Drugs suspected",
        "custody_record_examined": True, "custody_record_consent": True,
    }  # fmt: skip

    response = api.post(url, {"reason": "Add what we saw", "report": upgraded})

    assert response.status_code == 201, response.get_json()
    changes = response.get_json()["amendment"]["changes"]
    assert {"format_version", "detainees.0.sex", "detainees.0.strip_searched_note"} <= set(changes)
    assert response.get_json()["report"]["detainees"][0]["sex"] == "male"
    assert response.get_json()["original_report"]["format_version"] == 1
    # A format-2 rule is checked on amendment too, at the path in the request.
    refused = copy.deepcopy(upgraded)
    refused["detainees"][0]["custody_record_consent"] = False
    answer = api.post(url, {"reason": "Consent", "report": refused})
    assert answer.status_code == 422
    assert list(answer.get_json()["errors"]) == ["report.detainees.0.custody_record_consent"]
    # A correction in format 1 would drop the format-2 answers: refused.
    older = api.post(url, {"reason": "Old app", "report": dict(body, juveniles=1)})
    assert older.get_json()["errors"] == {
        "report.format_version": ["This report is format 2: send the correction in it"]
    }
    # Changing one answer changes only it, and the report page says so in words.
    noted = copy.deepcopy(upgraded)
    noted["detainees"][0] |= {"strip_searched": False, "strip_searched_note": ""}
    again = api.post(url, {"reason": "Not searched after all", "report": noted})
    assert again.get_json()["amendment"]["changes"] == [
        "detainees.0.strip_searched", "detainees.0.strip_searched_note"
    ]  # fmt: skip
    report = db.session.scalar(sa.select(VisitReport))
    db.session.refresh(report)
    assert report.detainees[0].strip_searched is False and report.detainees[0].sex == "male"
    page = api_as(team.coordinator).client.get(f"/visits/{uuid}").get_data(as_text=True)
    assert "Person 1: strip-searched" in page and "Person 1: sex" in page
