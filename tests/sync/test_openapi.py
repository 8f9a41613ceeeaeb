"""GET /api/v1/openapi.json documents every API route, and its schemas match the server."""

from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlencode

import pytest
from hypothesis import given, settings
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from icv.api_params import Params, day, in_order, one_of
from icv.auth.accounts import issue_token
from icv.models import Role
from icv.sync.openapi import EXAMPLE_REPORT, openapi_document
from icv.visits import validation
from tests.sync.factory import new_uuid, report_body
from tests.visits.test_report_properties import valid_reports

DOCUMENT = openapi_document()
REGISTRY = Registry().with_resource("urn:icv", Resource.opaque(DOCUMENT))


def validator(name: str) -> Draft202012Validator:
    return Draft202012Validator({"$ref": f"urn:icv#/components/schemas/{name}"}, registry=REGISTRY)


def schema_errors(name: str, instance) -> list[str]:
    return [error.message for error in validator(name).iter_errors(instance)]


def test_every_api_route_is_documented_and_nothing_else(app):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule.removeprefix("/api/v1"))
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {
        (path, method)
        for path, item in DOCUMENT["paths"].items()
        for method in item
        if method in {"get", "put", "post", "patch", "delete"}
    }
    assert routes, "no /api/v1 routes found"
    assert routes == documented


def test_served_document_is_the_same_and_its_schemas_are_valid(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.get_json() == DOCUMENT
    assert DOCUMENT["openapi"].startswith("3.1")
    for schema in DOCUMENT["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


def test_every_reference_points_at_a_schema():
    text = str(DOCUMENT)
    for name in re.findall(r"#/components/schemas/(\w+)", text):
        assert name in DOCUMENT["components"]["schemas"], name
    schemes = DOCUMENT["components"]["securitySchemes"]
    for item in DOCUMENT["paths"].values():
        for operation in (op for key, op in item.items() if key != "parameters"):
            for requirement in operation["security"]:
                assert set(requirement) <= set(schemes)


def test_documented_example_is_valid_and_the_server_accepts_it(team, api_as):
    assert schema_errors("VisitReport", EXAMPLE_REPORT) == []
    people = [team.alice.id, team.trainee.id]
    example = EXAMPLE_REPORT | {
        "suite_id": team.suite.id,
        "visitor_ids": people,
        "trainee_ids": people[1:],
    }

    response = api_as(team.alice).put(new_uuid(), example)

    assert response.status_code == 201, response.get_json()
    assert schema_errors("StoredReport", response.get_json()) == []


@settings(max_examples=60, deadline=None)
@given(body=valid_reports())
def test_every_report_the_rules_accept_matches_the_schema(body):
    assert validation.normalise(body).errors == {}
    assert schema_errors("VisitReport", body) == []
    assert schema_errors("VisitReport", validation.normalise(body).report) == []


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"colour": "blue"}, "colour"),
        ({"visit_mode": "telepathy"}, "visit_mode"),
        ({"rating": "fine"}, "rating"),
        ({"detainees_in_custody": -1}, "detainees_in_custody"),
        ({"positive_findings": "x" * 4001}, "positive_findings"),
        ({"conditions": {"heating": {"rating": "toasty"}}}, "conditions.heating.rating"),
        ({"visitor_ids": "just me"}, "visitor_ids"),
    ],
)
def test_what_the_schema_refuses_the_server_refuses_too(team, api_as, change, path):
    body = report_body(team.suite, [team.alice, team.bob]) | change
    assert schema_errors("VisitReport", body) != []
    response = api_as(team.alice).put(new_uuid(), body)
    assert response.status_code == 422
    assert path in response.get_json()["errors"]
    assert schema_errors("Error", response.get_json()) == []


def test_answers_match_their_documented_schemas(team, api_as, make_scheduled_visit):
    make_scheduled_visit(team.suite, [team.alice, team.bob])
    alice, uuid = api_as(team.alice), new_uuid()
    body = report_body(team.suite, [team.alice, team.bob])
    alice.put(uuid, body)
    amended = alice.post(
        f"/api/v1/visit-reports/{uuid}/amendments",
        {"reason": "Rating", "report": body | {"rating": "unsatisfactory"}},
    )
    answers = {
        "AmendmentAnswer": amended,
        "StoredReport": alice.get(f"/api/v1/visit-reports/{uuid}"),
        "Conflict": alice.put(uuid, body | {"juveniles": 1}),
        "ReportSummaries": alice.get("/api/v1/visit-reports"),
        "Reference": alice.get("/api/v1/reference"),
        "Session": alice.get("/api/v1/session"),
    }
    for name, response in answers.items():
        assert response.status_code < 500
        assert schema_errors(name, response.get_json()) == [], name
    assert amended.status_code == 201


def test_every_error_answer_has_the_one_documented_shape(app, team, api_as):
    alice, uuid = api_as(team.alice), new_uuid()
    body = report_body(team.suite, [team.alice, team.bob])
    assert alice.put(uuid, body).status_code == 201
    huge = b'{"positive_findings": "' + b"x" * (9 * 1024 * 1024) + b'"}'
    answers = {
        400: api_as(team.alice, csrf=False).put(new_uuid(), body),
        401: app.test_client().get("/api/v1/reference"),
        403: alice.put(new_uuid(), report_body(team.other_suite, [team.alice, team.bob])),
        404: alice.get(f"/api/v1/visit-reports/{new_uuid()}"),
        405: alice.client.delete("/api/v1/reference", headers=alice.headers),
        409: alice.put(uuid, body | {"juveniles": 1}),
        413: alice.client.put(f"/api/v1/visit-reports/{new_uuid()}", data=huge,
                              headers=alice.headers | {"Content-Type": "application/json"}),
        422: alice.put(new_uuid(), body | {"rating": "fine"}),
    }  # fmt: skip
    role_guard = alice.get("/api/v1/rota?from=2026-04-01&to=2026-04-30")  # volunteers: 403
    for status, response in [*answers.items(), (403, role_guard)]:
        answer = response.get_json()
        assert response.status_code == status, answer
        assert schema_errors("Error", answer) == [], (status, answer)
        assert re.fullmatch("[a-z_]+", answer["error"]), answer  # a code, not a sentence
        assert answer["message"].endswith("."), answer
    assert role_guard.get_json()["error"] == "forbidden"
    assert answers[422].get_json()["errors"]["rating"]
    assert schema_errors("Conflict", answers[409].get_json()) == []


def test_one_declaration_reads_a_parameter_explains_it_and_documents_it():
    asked = Params(
        day("from", "First day", required=True),
        day("to", "Last day", required=True),
        one_of("group_by", "How to break it down", ["quarter", "month"], default="quarter"),
        checks=(in_order("from", "to", most_days=31),),
    )

    read = asked.read({"from": "2019-04-01", "to": " 2019-05-01 "})
    missing_and_wrong = asked.read({"to": "2019-04-01", "group_by": "week"})
    too_long = asked.read({"from": "2019-04-01", "to": "2019-05-02"})
    backwards = asked.read({"from": "2019-04-02", "to": "2019-04-01"})

    assert read == ({"from": date(2019, 4, 1), "to": date(2019, 5, 1), "group_by": "quarter"}, {})
    assert missing_and_wrong[1] == {
        "from": ["Give the from date like 2019-04-01"],
        "group_by": ["Give the group_by as one of quarter, month"],
    }
    assert too_long[1] == {"to": ["Ask for 31 days or fewer at a time"]}
    assert backwards[1] == {"to": ["The to date must be the same as or after the from date"]}
    assert asked.openapi() == [
        {"name": "from", "in": "query", "required": True, "description": "First day",
         "schema": {"type": "string", "format": "date"}},
        {"name": "to", "in": "query", "required": True, "description": "Last day",
         "schema": {"type": "string", "format": "date"}},
        {"name": "group_by", "in": "query", "required": False,
         "description": "How to break it down",
         "schema": {"type": "string", "enum": ["quarter", "month"], "default": "quarter"}},
    ]  # fmt: skip


# Values each documented kind of query parameter must refuse: a 422 that names it, never a
# 500 or a quiet default. "²" passes str.isdigit(); 19 digits are beyond any id;
# a date is only YYYY-MM-DD, as format: date says.
UNREADABLE = {
    "integer": ["x", "1.5", "-3", "\u00b2", "9" * 19],
    "date": ["1 June", "20190401", "2019-02-30"],
    "date-time": ["yesterday", "2019-06-01T21:10:00"],
    "enum": ["nope"],
    "pattern": ["twenty", "2019-21"],
}


def _kind(schema: dict) -> str:
    return ("enum" if "enum" in schema else "pattern" if "pattern" in schema
            else schema.get("format", schema["type"]))  # fmt: skip


def test_every_documented_query_parameter_refuses_what_it_cannot_read(client, make_user):
    headers = {"Authorization": f"Bearer {issue_token(make_user(Role.ADMIN), 'test')}"}
    checked = set()
    for path, item in DOCUMENT["paths"].items():
        for parameter in item.get("get", {}).get("parameters", []):
            name = parameter["name"]
            for text in UNREADABLE[_kind(parameter["schema"])]:
                response = client.get(f"/api/v1{path}?{urlencode({name: text})}", headers=headers)
                answer = response.get_json()
                assert response.status_code == 422, (path, name, text, answer)
                assert answer["errors"][name][0].startswith(("Give", "Group")), answer
                assert schema_errors("Error", answer) == []
            checked.add((path, name))
    assert len(checked) == 19, sorted(checked)
