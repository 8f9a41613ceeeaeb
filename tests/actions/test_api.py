"""GET /api/v1/actions: scoped like the pages, filtered, timed, and as documented."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from icv.actions import workflow
from icv.actions.models import Action, Category
from icv.extensions import db
from icv.sync.openapi import openapi_document
from tests.actions.helpers import api_for, bell_body, concern_body, new_uuid

DOCUMENT = openapi_document()
LIST_SCHEMA = Draft202012Validator(
    {"$ref": "urn:icv#/components/schemas/ActionList"},
    registry=Registry().with_resource("urn:icv", Resource.opaque(DOCUMENT)),
)


def file_reports(app, scheme) -> dict[str, Action]:
    north = api_for(app, scheme.alice)
    assert (
        north.put(new_uuid(), concern_body(scheme.suite, [scheme.alice, scheme.bob])).status_code
        == 201
    )
    south = bell_body(
        scheme.other_suite, [scheme.outsider, scheme.outsider_two], "2019-07-02T10:00:00+01:00"
    )
    assert api_for(app, scheme.outsider).put(new_uuid(), south).status_code == 201
    actions = db.session.scalars(sa.select(Action).where(Action.panel_id == scheme.panel.id))
    return {action.category: action for action in actions}


def answer(app, user, query: str = ""):
    response = api_for(app, user).get(f"/api/v1/actions{query}")
    return response.status_code, response.get_json()


def test_coordinators_get_their_panels_actions_with_custody_numbers(app, scheme):
    file_reports(app, scheme)
    status, body = answer(app, scheme.coordinator)
    assert status == 200
    assert not list(LIST_SCHEMA.iter_errors(body))
    assert {a["panel_id"] for a in body["actions"]} == {scheme.panel.id}
    allegation = next(a for a in body["actions"] if a["category"] == "allegation")
    assert allegation["custody_number"] == "NT/1234/19"
    assert allegation["overdue"] is True and allegation["due_on"] == "2019-06-03"


def test_analysts_read_every_panel_but_never_a_custody_number(app, scheme):
    file_reports(app, scheme)
    status, body = answer(app, scheme.analyst)
    assert status == 200 and not list(LIST_SCHEMA.iter_errors(body))
    assert {a["panel_id"] for a in body["actions"]} == {scheme.panel.id, scheme.other_panel.id}
    assert all("custody_number" not in a for a in body["actions"])
    assert "NT/1234/19" not in str(body)


def test_volunteers_get_only_actions_from_their_own_reports(app, scheme):
    file_reports(app, scheme)
    _, visited = answer(app, scheme.bob)
    assert len(visited["actions"]) == 3 and "NT/1234/19" not in str(visited)
    _, stayed_home = answer(app, scheme.carol)
    assert stayed_home["actions"] == []
    assert answer(app, scheme.carol, f"?panel_id={scheme.other_panel.id}")[0] == 404


def test_filters_narrow_the_list_and_bad_ones_are_explained(app, scheme):
    file_reports(app, scheme)
    _, south = answer(app, scheme.admin, f"?panel_id={scheme.other_panel.id}")
    assert [a["suite"] for a in south["actions"]] == ["Southtown"]
    _, july = answer(app, scheme.admin, "?from=2019-07-01&to=2019-07-31")
    assert [a["suite"] for a in july["actions"]] == ["Southtown"]
    _, open_ones = answer(app, scheme.admin, "?status=closed")
    assert open_ones["actions"] == []
    status, problems = answer(app, scheme.admin, "?status=done&from=1%20June&panel_id=x")
    assert status == 422
    assert problems["errors"]["from"] == ["Give the from date like 2019-04-01"]
    assert problems["errors"]["panel_id"] == ["Give the panel as its number, like 3"]
    assert "status" in problems["errors"]


def test_a_coordinator_asking_for_another_panel_gets_404(app, scheme):
    file_reports(app, scheme)
    assert answer(app, scheme.coordinator, f"?panel_id={scheme.other_panel.id}")[0] == 404
    assert answer(app, scheme.coordinator, "?panel_id=999999")[0] == 404


def test_timings_count_days_from_the_visit_by_category_and_suite(app, app_ctx, scheme):
    actions = file_reports(app, scheme)
    coordinator = db.session.merge(scheme.coordinator)
    allegation = db.session.merge(actions[Category.ALLEGATION])
    bell = db.session.merge(actions[Category.SUITE_CONDITION])
    workflow.record_response(allegation, coordinator, "Referred", date(2019, 6, 5), "Insp Patel")
    workflow.close(allegation, coordinator, "", today=date(2019, 6, 21))
    workflow.record_response(bell, coordinator, "Repaired", date(2019, 6, 11), "Sgt Cole")
    db.session.commit()

    _, body = answer(app, scheme.coordinator)

    response = body["timings"]["time_to_response"]
    assert response["overall"] == {"count": 2, "mean_days": 7.0, "median_days": 7.0, "max_days": 10}
    by_category = {row["category"]: row["mean_days"] for row in response["by_category"]}
    assert by_category == {"allegation": 4, "suite_condition": 10}
    assert [row["suite"] for row in response["by_suite"]] == ["Northtown"]
    closing = body["timings"]["time_to_close"]
    assert closing["overall"]["count"] == 1 and closing["overall"]["max_days"] == 20
    assert not list(LIST_SCHEMA.iter_errors(body))


def test_signed_out_callers_get_401(client):
    assert client.get("/api/v1/actions").status_code == 401


def test_the_figures_pages_can_get_the_same_timings_for_a_period(app, app_ctx, scheme):
    from icv.figures.action_timing import timings_for

    actions = file_reports(app, scheme)
    bell = db.session.merge(actions[Category.SUITE_CONDITION])
    workflow.record_response(bell, db.session.merge(scheme.coordinator), "Repaired",
                             date(2019, 6, 11), "Sgt Cole")  # fmt: skip
    db.session.commit()
    north = timings_for(date(2019, 4, 1), date(2019, 6, 30), [scheme.panel.id])
    assert north["time_to_response"]["overall"]["count"] == 1
    assert north["time_to_response"]["by_suite"][0]["suite"] == "Northtown"
    _, body = answer(app, scheme.coordinator, "?from=2019-04-01&to=2019-06-30")
    assert body["timings"] == north
    everyone = timings_for(date(2019, 4, 1), date(2020, 3, 31))
    assert everyone["time_to_close"]["overall"]["count"] == 0
