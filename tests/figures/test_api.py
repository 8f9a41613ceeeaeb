"""GET /api/v1/stats/annual and /api/v1/stats: fields, scope, errors, and the OpenAPI schemas."""

from __future__ import annotations

from datetime import date

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from icv.auth.accounts import issue_token
from icv.extensions import db
from icv.figures.aggregate import figures_for
from icv.figures.periods import parse_year
from icv.models import TACT_COURSE, TrainingRecord
from icv.sync.openapi import openapi_document
from icv.volunteering.time_given import record_time
from tests.conftest import sign_in
from tests.figures.conftest import file_report

REGISTRY = Registry().with_resource("urn:icv", Resource.opaque(openapi_document()))
REQUIRED = ["financial_year", "volunteers", "visits_scheduled", "visits_made", "completion_rate",
            "detainees_in_custody", "detainees_interviewed", "detainees_declined",
            "detainees_unavailable", "interview_rate", "unavailable_by_reason", "by_quarter",
            "by_panel", "by_suite"]  # fmt: skip


def schema_errors(name: str, instance) -> list[str]:
    validator = Draft202012Validator(
        {"$ref": f"urn:icv#/components/schemas/{name}"}, registry=REGISTRY
    )
    return [error.message for error in validator.iter_errors(instance)]


@pytest.fixture
def filed(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", ["interviewed", "declined"])
    file_report(scheme, scheme.suite_a2, "2019-10-05 03:00", [("unavailable", "asleep")])
    file_report(scheme, scheme.suite_b, "2020-01-09 14:00", ["interviewed"] * 4)
    return scheme


def get(app, user, url, token=None):
    client = app.test_client()
    headers = {}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    elif user is not None:
        sign_in(client, user)
    return client.get(url, headers=headers)


def test_annual_stats_has_the_fields_the_issue_lists(app, filed):
    response = get(app, filed.analyst, "/api/v1/stats/annual?year=2019-20")
    assert response.status_code == 200
    body = response.get_json()
    assert set(REQUIRED) <= body.keys()
    assert schema_errors("StatsAnnual", body) == []
    assert body["financial_year"] == "2019-20"
    assert (body["from"], body["to"]) == ("2019-04-01", "2020-03-31")
    assert (body["visits_made"], body["detainees_in_custody"]) == (3, 7)
    assert body["interview_rate"] == round(5 / 7, 4)
    assert body["unavailable_by_reason"]["asleep"] == 1
    assert [q["visits_made"] for q in body["by_quarter"]] == [1, 0, 1, 1]
    assert [p["panel"] for p in body["by_panel"]] == ["Panel A", "Panel B"]
    assert [s["detainees_in_custody"] for s in body["by_suite"]] == [2, 1, 4]


def test_annual_stats_are_the_aggregate_numbers(app, app_ctx, filed):
    body = get(app, filed.admin, "/api/v1/stats/annual?year=2019-20").get_json()
    total = figures_for(parse_year("2019-20")).total
    assert {key: body[key] for key in ("visits_made", "volunteers", "detainees_declined")} == {
        key: total[key] for key in ("visits_made", "volunteers", "detainees_declined")
    }


def test_a_bearer_token_works_without_a_session(app, filed):
    token = issue_token(filed.analyst, "spreadsheet")
    response = get(app, None, "/api/v1/stats/annual?year=2019-20", token=token)
    assert response.status_code == 200
    assert response.get_json()["visits_made"] == 3


def test_coordinator_sees_only_their_panels(app, filed):
    body = get(app, filed.coordinator, "/api/v1/stats/annual?year=2019-20").get_json()
    assert body["scope"] == {"panel_ids": [filed.panel_a.id], "suite_id": None}
    assert (body["visits_made"], body["detainees_in_custody"]) == (2, 3)
    assert [p["panel"] for p in body["by_panel"]] == ["Panel A"]
    assert "Bravo" not in {s["suite"] for s in body["by_suite"]}


@pytest.mark.parametrize(
    "query",
    [
        "panel_id={b}",
        "suite_id={bravo}",
        "panel_id={a}&suite_id={bravo}",
        "panel_id=99999",
        "suite_id=99999",
    ],
)
def test_coordinator_guessing_other_ids_gets_404(app, filed, query):
    query = query.format(a=filed.panel_a.id, b=filed.panel_b.id, bravo=filed.suite_b.id)
    for url in (f"/api/v1/stats/annual?year=2019-20&{query}",
                f"/api/v1/stats?from=2019-04-01&to=2020-03-31&{query}"):  # fmt: skip
        response = get(app, filed.coordinator, url)
        assert response.status_code == 404, url
        assert "Bravo" not in response.get_data(as_text=True)


def test_analyst_may_ask_for_one_suite(app, filed):
    url = f"/api/v1/stats/annual?year=2019-20&suite_id={filed.suite_b.id}"
    body = get(app, filed.analyst, url).get_json()
    assert (body["visits_made"], body["detainees_in_custody"]) == (1, 4)


def test_volunteers_and_strangers_are_refused(app, filed):
    assert get(app, filed.pair_a[0], "/api/v1/stats/annual?year=2019-20").status_code == 403
    assert get(app, None, "/api/v1/stats/annual?year=2019-20").status_code == 401


@pytest.mark.parametrize(
    ("url", "field", "message"),
    [
        ("/api/v1/stats/annual?year=2019-21", "year", "Give the financial year like 2019-20"),
        ("/api/v1/stats/annual", "year", "Give the financial year like 2019-20"),
        ("/api/v1/stats/annual?year=2019-20&panel_id=x", "panel_id", "Give panel_id as a number"),
        ("/api/v1/stats?to=2020-01-01", "from", "Give the from date like 2019-04-01"),
        ("/api/v1/stats?from=2020-01-02&to=2020-01-01", "to", "must be the same as or after"),
        ("/api/v1/stats?from=2019-04-01&to=2020-03-31&group_by=week", "group_by",
         "Group by quarter, panel, suite or month"),
    ],
)  # fmt: skip
def test_unreadable_parameters_get_422_with_a_message(app, filed, url, field, message):
    response = get(app, filed.analyst, url)
    assert response.status_code == 422
    assert message in response.get_json()["errors"][field][0]


@pytest.mark.parametrize(
    ("group_by", "key", "count"),
    [
        ("quarter", "quarter", 4),
        ("month", "month", 12),
        ("panel", "panel", 2),
        ("suite", "suite", 3),
    ],
)
def test_stats_for_any_period_grouped_four_ways(app, filed, group_by, key, count):
    url = f"/api/v1/stats?from=2019-04-01&to=2020-03-31&group_by={group_by}"
    body = get(app, filed.analyst, url).get_json()
    assert schema_errors("StatsGrouped", body) == []
    assert body["group_by"] == group_by and len(body["groups"]) == count
    assert all(key in group for group in body["groups"])
    for field in ("visits_made", "detainees_in_custody", "detainees_interviewed"):
        assert sum(group[field] for group in body["groups"]) == body["totals"][field]
    assert body["totals"]["visits_made"] == 3


def test_annual_stats_give_the_hours_volunteers_gave(app, filed):
    """Visits: each report's hour on site plus the hour's travel allowance, for each of its two
    visitors; meetings and training once confirmed (a volunteer's own entry waits)."""
    volunteer_a, volunteer_b = filed.pair_a[0], filed.pair_b[0]
    record_time(volunteer_a, kind="meeting", given_on=date(2019, 11, 4), minutes=90, note="",
                by=filed.coordinator)  # fmt: skip
    record_time(volunteer_b, kind="training", given_on=date(2020, 2, 1), minutes=120, note="",
                by=filed.admin)  # fmt: skip
    waiting = record_time(volunteer_a, kind="meeting", given_on=date(2019, 12, 1), minutes=600,
                          note="", by=volunteer_a)  # fmt: skip
    db.session.commit()
    assert not waiting.confirmed

    body = get(app, filed.analyst, "/api/v1/stats/annual?year=2019-20").get_json()
    assert schema_errors("StatsAnnual", body) == []
    assert body["volunteer_hours"] == {"total": 15.5, "visits": 12.0, "meetings": 1.5,
                                       "training": 2.0}  # fmt: skip
    assert [q["volunteer_hours"]["total"] for q in body["by_quarter"]] == [4.0, 0.0, 5.5, 6.0]
    assert [p["volunteer_hours"]["total"] for p in body["by_panel"]] == [9.5, 6.0]

    mine = get(app, filed.coordinator, "/api/v1/stats/annual?year=2019-20").get_json()
    assert mine["volunteer_hours"] == {"total": 9.5, "visits": 8.0, "meetings": 1.5,
                                       "training": 0.0}  # fmt: skip
    suite_b = f"/api/v1/stats/annual?year=2019-20&suite_id={filed.suite_b.id}"
    one_suite = get(app, filed.analyst, suite_b).get_json()
    assert one_suite["volunteer_hours"]["total"] == 4.0  # its visits only: training is elsewhere


def test_tact_counts_by_quarter_for_analysts_who_never_see_the_tact_answers(app, scheme):
    """tact_visits, tact_detainees and tact_interviewed by quarter (and on the page and in the
    download); the reports themselves, with their TACT answers, are not the analyst's."""
    for person in scheme.pair_a[:2]:
        person.trainings.append(TrainingRecord(course_code=TACT_COURSE,
                                               completed_on=date(2019, 1, 1)))  # fmt: skip
    db.session.commit()
    held = {
        "held_under_tact": True,
        "tact_access": "given",
        "tact_staff_presence": "sight",
        "tact_welfare_concern": True,
        "tact_welfare_concern_note": "No inhaler since noon",
    }
    tact = file_report(scheme, scheme.suite_a1, "2019-06-01 21:10",
                       [{"outcome": "interviewed", **held}, {"outcome": "declined", **held},
                        {"outcome": "declined"}], format_version=2)  # fmt: skip
    file_report(scheme, scheme.suite_a1, "2019-11-02 10:00", ["interviewed"], format_version=2)
    file_report(scheme, scheme.suite_a2, "2020-02-09 14:00", [{"outcome": "interviewed", **held}],
                format_version=2)  # fmt: skip

    response = get(app, scheme.analyst, "/api/v1/stats/annual?year=2019-20")

    body = response.get_json()
    assert schema_errors("StatsAnnual", body) == []
    by_quarter = [[q[key] for key in ("tact_visits", "tact_detainees", "tact_interviewed")]
                  for q in body["by_quarter"]]  # fmt: skip
    assert by_quarter == [[1, 2, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1]]
    assert (body["tact_visits"], body["tact_detainees"], body["tact_interviewed"]) == (2, 3, 2)
    client = app.test_client()
    sign_in(client, scheme.analyst)
    page = client.get("/figures/?year=2019&quarter=year").get_data(as_text=True)
    assert "People held under the Terrorism Act (TACT)" in page
    download = client.get("/figures/export.csv?year=2019&quarter=year").get_data(as_text=True)
    assert "tact_detainees" in download.splitlines()[0]
    for text in (response.get_data(as_text=True), page, download):
        assert "inhaler" not in text
    assert client.get(f"/api/v1/visit-reports/{tact.uuid}").status_code == 404
    assert client.get(f"/{tact.uuid}").status_code in (403, 404)
