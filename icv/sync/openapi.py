"""The OpenAPI 3.1 document of /api/v1, written by hand.

Codes and limits come from the vocabulary and the validation module, so they cannot drift;
tests/sync/test_openapi.py checks that every route is here and that the schemas accept what
the server accepts (and describe what it answers).
"""

from __future__ import annotations

import json

from icv import api_errors
from icv.actions.openapi import action_schemas, actions_path, answer_schemas, responses_path
from icv.expenses.openapi import expense_claim_paths, expense_claim_schemas
from icv.figures.openapi import stats_paths, stats_schemas
from icv.openapi_common import SECURITY, answer, enum, extends, json_content, nullable, ref
from icv.openapi_common import closed_object as _object  # the report schemas' short name
from icv.rota.api import rota_api_paths, rota_api_schemas
from icv.sync.params import SINCE
from icv.tact.openapi import reviewer_copy_path
from icv.visits import report_format, validation, vocabulary

TIME = {"type": "string", "format": "date-time", "description": "ISO 8601 with an offset"}
STRING = {"type": "string"}
EXAMPLE_REPORT = {
    "format_version": 1,
    "suite_id": 12,
    "scheduled_visit_id": None,
    "visitor_ids": [7, 19],
    "trainee_ids": [19],
    "visit_mode": "in_person",
    "arrived_at": "2019-06-01T21:10:00+01:00",
    "admitted_at": "2019-06-01T21:12:00+01:00",
    "departed_at": "2019-06-01T22:05:00+01:00",
    "delay": {
        "minutes": 2,
        "reason": "Staff busy with a booking",
        "authorised_by_rank": "Inspector",
    },
    "detainees_in_custody": 3,
    "juveniles": 0,
    "vulnerable_adults": 1,
    "detainees": [
        {
            "outcome": "interviewed",
            "checks": {"told_rights": "yes", "food_and_drink": "no"},
            "issues_raised": "No drink since arrest",
            "raised_with_staff": True,
        },
        {"outcome": "declined", "custody_number": "AB/12345/19"},
        {"outcome": "unavailable", "unavailable_reason": "asleep"},
    ],
    "conditions": {"heating": {"rating": "concern", "note": "Cell 4 cold"}},
    "raised_with_sergeant": "Drinks for the person in cell 2",
    "sergeant_response": "Arranged at once",
    "rating": "satisfactory",
    "positive_findings": "Clean, calm suite",
    "follow_up_needed": False,
}

EXAMPLE_REPORT_FORMAT_2 = EXAMPLE_REPORT | {
    "format_version": 2,
    "detainees": [
        EXAMPLE_REPORT["detainees"][0]
        | {
            "sex": "female",
            "age_band": "16_17",
            "appropriate_adult": "needed_present",
            "interpreter": "needed_provided",
            "language": "Polish",
            "mental_health_concern": False,
            "safety_clothing": True,
            "safety_clothing_note": "Risk assessment at booking in",
            "custody_record_examined": True,
            "custody_record_consent": True,
            "custody_record_findings": {"risk_assessment": "ok", "meals_drinks": "concern"},
            "custody_record_note": "No drink recorded for 6 hours",
        },
        EXAMPLE_REPORT["detainees"][1] | {"sex": "male", "age_band": "adult"},
        EXAMPLE_REPORT["detainees"][2] | {"offered_visit": False},
    ],
}


def _text(key: str) -> dict:
    return {"type": "string", "maxLength": validation.LIMITS[validation.TEXT_LIMITS[key]]}


def _enum(codes) -> dict:
    return enum(sorted(codes))


def _person_field(field: dict) -> dict:
    """The schema of one of format 2's per-person fields, from its declaration."""
    kind = field["kind"]
    if kind == "code":
        schema = {"oneOf": [{"type": "null"}, _enum(field["codes"])]}
    elif kind == "flag":
        schema = {"type": ["boolean", "null"]}
    elif kind == "text":
        schema = {"type": "string", "maxLength": validation.LIMITS[field["limit"]]}
    else:
        answer = _enum(field["answers"])
        schema = _object({code: answer for code in field["codes"]}) | {"type": ["object", "null"]}
    described = f"Format 2 only. {field['label']}."
    rules = "; ".join(_rule_text(rule) for rule in field["rules"])
    if rules:
        described += f" {rules[:1].upper()}{rules[1:]}."
    return schema | {"description": described}


def _rule_text(rule: dict) -> str:
    when = rule["when"]
    if "contains" in when:
        condition = f"{when['field']} has a {when['contains']}"
    else:
        condition = f"{when['field']} is " + " or ".join(map(json.dumps, when["in"]))
    if rule["check"] == "required":
        return f"required when {condition}"
    if rule["check"] == "only_when":
        return f"left empty unless {condition}"
    filled = " (filled in when left out)" if rule.get("fill") else ""
    return f"must be {json.dumps(rule['value'])} when {condition}{filled}"


def _by_format() -> dict:
    """Unless format_version is 2 (left out is 1), the rows have format 1's fields only."""
    return {
        "if": {"properties": {"format_version": {"const": 2}}, "required": ["format_version"]},
        "else": {"properties": {"detainees": {"items": ref("DetaineeFormat1")}}},
    }


def report_schemas() -> dict:
    ids = {"type": "array", "items": {"type": "integer"}, "uniqueItems": True}
    count = {"type": "integer", "minimum": 0, "maximum": validation.LIMITS["detainees"]}
    unrecorded = count | {
        "type": ["integer", "null"],
        "description": "Of those in custody; null or left out: not recorded (not counted)",
    }
    checks = {code: _enum(vocabulary.CHECK_ANSWERS) for code in sorted(validation.CHECK_CODES)}
    condition = _object({"rating": _enum(vocabulary.CONDITION_RATINGS), "note": _text("note")})
    texts = (
        "not_completed_reason",
        "raised_with_sergeant",
        "sergeant_response",
        "positive_findings",
        "follow_up_note",
    )
    report = {
        "format_version": {
            "type": "integer",
            "enum": list(report_format.FORMAT_VERSIONS),
            "default": report_format.DEFAULT_FORMAT_VERSION,
            "description": "1 when left out. Format 2 adds the per-person fields marked "
            "'Format 2 only'; a format 1 report is accepted as it is.",
        },
        "suite_id": {"type": "integer"},
        "scheduled_visit_id": {"type": ["integer", "null"]},
        "visitor_ids": ids | {"minItems": 2},
        "trainee_ids": ids,
        "visit_mode": _enum(vocabulary.VISIT_MODES)
        | {"default": validation.DEFAULT_VISIT_MODE, "description": "in_person when left out"},
        "arrived_at": TIME,
        "admitted_at": TIME | {"type": ["string", "null"]},
        "departed_at": TIME,
        "delay": {
            "oneOf": [{"type": "null"}, ref("Delay")],
            "description": "Required when admitted_at is more than "
            f"{validation.DELAY_GRACE_MINUTES} minutes after arrived_at (signing in at the "
            "counter is no delay); null or left out otherwise, or when access was refused.",
        },
        "detainees_in_custody": count,
        "juveniles": unrecorded,
        "vulnerable_adults": unrecorded,
        "detainees": {"type": "array", "items": ref("Detainee")},
        "conditions": _object({code: condition for code in vocabulary.SUITE_CONDITIONS}),
        "rating": {
            "oneOf": [{"type": "null"}, _enum(validation.RATINGS)],
            "description": "The overall rating; null or left out: not given",
        },
        "follow_up_needed": {"type": "boolean"},
    } | {key: _text(key) for key in texts}
    detainee = {
        "custody_number": _text("custody_number"),
        "outcome": _enum(vocabulary.OUTCOMES),
        "unavailable_reason": {"oneOf": [{"type": "null"}, _enum(vocabulary.UNAVAILABLE_REASONS)]},
        "unavailable_other": _text("unavailable_other"),
        "checks": _object(checks),
        "raised_with_staff": {"type": "boolean"},
        "follow_up": {"type": "boolean"},
    } | {key: _text(key) for key in validation.INTERVIEW_ONLY}
    person_fields = {field["name"]: _person_field(field) for field in report_format.PERSON_FIELDS}
    # The issue's minimum contract: everything else may be left out.
    required = (
        "suite_id",
        "visitor_ids",
        "arrived_at",
        "departed_at",
        "detainees_in_custody",
        "detainees",
    )
    return {
        "VisitReport": _object(
            report,
            required,
            description="A visit report as the phone sends it. The server also checks what a "
            "schema cannot say (rows = detainees_in_custody, times in order, visitors of the "
            "suite's panel...): see docs/visit-report-contract.md.",
            examples=[EXAMPLE_REPORT, EXAMPLE_REPORT_FORMAT_2],
            **_by_format(),
        ),
        "Detainee": _object(detainee | person_fields, ["outcome"]),
        "DetaineeFormat1": _object(detainee, ["outcome"]),
        "Delay": _object(
            {
                "minutes": {
                    "type": ["integer", "null"],
                    "minimum": 1,
                    "maximum": validation.LIMITS["delay_minutes"],
                },
                "reason": _text("reason"),
                "authorised_by_rank": _text("authorised_by_rank"),
            },
        ),
    }


def response_schemas() -> dict:
    person = _object({"id": {"type": "integer"}, "name": {"type": "string"}}, ["id", "name"])
    amendment = _object(
        {
            "id": {"type": "integer"},
            "changed_by": person,
            "changed_at": TIME,
            "reason": {"type": "string"},
            "changes": {"type": "array", "items": {"type": "string"}},
        },
        ["id", "changed_by", "changed_at", "reason", "changes"],
    )
    stored = {
        "uuid": {"type": "string", "format": "uuid"},
        "received_at": TIME,
        "amended_at": TIME | {"type": ["string", "null"]},
        "submitted_by": person,
        "report": ref("VisitReport"),
        "original_report": ref("VisitReport"),
        "amendments": {"type": "array", "items": ref("Amendment")},
    }
    summary = _object(
        {
            "uuid": {"type": "string"},
            "received_at": TIME,
            "amended_at": stored["amended_at"],
            "suite_id": {"type": "integer"},
            "scheduled_visit_id": {"type": ["integer", "null"]},
            "arrived_at": TIME,
            "detainees_in_custody": {"type": "integer"},
        },
        ["uuid", "received_at", "suite_id"],
    )
    return {
        "Person": person,
        "Amendment": amendment,
        "StoredReport": _object(stored, ["uuid", "received_at", "submitted_by", "report"]),
        "ReportSummaries": _object({"reports": {"type": "array", "items": summary}}, ["reports"]),
        "AmendmentRequest": _object(
            {
                "reason": {"type": "string", "minLength": 1, "maxLength": 1000},
                "report": ref("VisitReport"),
            },
            ["reason", "report"],
        ),
        "AmendmentAnswer": _object(
            stored | {"amendment": amendment},
            ["uuid", "received_at", "submitted_by", "report", "amendment"],
        ),
        api_errors.SCHEMA_NAME: api_errors.SCHEMA,
        # The stored report is included when you may see it.
        "Conflict": extends(
            api_errors.SCHEMA_NAME,
            {key: stored[key] for key in ("uuid", "received_at", "report")},
            [],
        ),
        "Session": _object(
            {
                "user_id": {"type": "integer"},
                "name": {"type": "string"},
                "role": {"type": "string"},
                "csrf_token": {"type": "string"},
            },
            ["user_id", "name", "role", "csrf_token"],
        ),
    } | reference_schemas()


def _codes_schema(codes: dict) -> dict:
    """One list of reference codes: code -> label (Labels), groups of those (interview
    checks), or a name -> its other spellings."""
    first = next(iter(codes.values()))
    if isinstance(first, dict):
        return {"type": "object", "additionalProperties": ref("Labels")}
    if isinstance(first, list):
        return {"type": "object", "additionalProperties": {"type": "array", "items": STRING}}
    return ref("Labels")


def reference_schemas() -> dict:
    """GET /reference, every part typed; its codes and rules are read from the modules that
    make them, so a new code appears here by itself."""
    string, integer = STRING, {"type": "integer"}
    labels = {
        "type": "object",
        "additionalProperties": string,
        "description": "Code -> label, in the order to offer them",
    }
    codes = {key: _codes_schema(value) for key, value in vocabulary.reference_codes().items()}
    numbers = {"type": "object", "additionalProperties": integer}
    strings = {"type": "array", "items": string}
    rules = {
        "format_version": integer,
        "limits": numbers,
        "text_limits": numbers,
        "fields": strings,
        "detainee_fields": strings,
        "interview_only_fields": strings,
        "ratings": ref("Labels"),
        "minimum_visitors": integer,
        "delay_grace_minutes": integer,
        "default_visit_mode": string,
        "format_versions": {"type": "array", "items": integer},
        "default_format_version": integer,
        "unknown_format_message": string,
        "multiline_texts": strings,
        "detainee_fields_by_format": {"type": "object", "additionalProperties": strings},
        "person_fields": {"type": "array", "items": ref("PersonField")},
        "person_fields_asked_of_everyone": {
            **strings,
            "description": "Person fields the phone asks about everyone; the others only "
            "about someone interviewed",
        },
        "person_fields_asked_of_everyone_at_tact_suites": {
            **strings,
            "description": "Person fields the phone also asks about everyone at a "
            "TACT-designated suite",
        },
        "person_kind_messages": {"type": "object", "additionalProperties": string},
        "interview_only_texts": strings,
        "delay_fields": strings,
        "delay_required": {"type": "object", "additionalProperties": string},
        "condition_fields": strings,
        "counts": ref("Labels"),
        "time_example": string,
        "earliest": TIME,
        "messages": {
            "type": "object",
            "additionalProperties": string,
            "description": "Message templates by name; {name} is filled in as Python's format",
        },
        "hidden_characters": _object(
            {
                "refused": {
                    "type": "array",
                    "items": {"type": "array", "items": integer, "minItems": 2, "maxItems": 2},
                    "description": "Code point ranges (first, last) refused in any text",
                },
                "long_text_allows": string,
            },
            ["refused", "long_text_allows"],
        ),
    }
    condition = _object(
        {
            "field": string,
            "in": {"type": "array", "items": {"type": ["string", "boolean"]}},
            "contains": string,
        },
        ["field"],
    )
    rule = _object(
        {
            "check": enum(["equals", "only_when", "required"]),
            "when": ref("PersonFieldCondition"),
            "message": string,
            "value": {"type": "boolean"},
            "fill": {"type": "boolean"},
        },
        ["check", "when", "message"],
    )
    person_field = _object(
        {
            "name": string,
            "kind": enum(["code", "findings", "flag", "text"]),
            "label": string,
            "format_version": integer,
            "codes": ref("Labels"),
            "answers": ref("Labels"),
            "limit": string,
            "max_length": integer,
            "invalid": string,
            "unknown_code": string,
            "invalid_answer": string,
            "rules": {"type": "array", "items": ref("PersonFieldRule")},
        },
        ["name", "kind", "label", "format_version", "rules"],
        description="One of format 2's per-person fields and its rules "
        "(icv/visits/report_format.py; docs/visit-report-contract.md)",
    )
    visit = _object(
        {
            "id": integer,
            "suite_id": integer,
            "suite_name": string,
            "window_starts_on": {"type": "string", "format": "date"},
            "window_ends_on": {"type": "string", "format": "date"},
            "band": {"type": ["string", "null"]},
            "status": string,
            "co_visitors": {"type": "array", "items": ref("Person")},
        },
        ["id", "suite_id", "window_starts_on", "window_ends_on"],
    )
    reference = {
        "generated_at": TIME,
        "language": {
            "type": "string",
            "enum": ["en", "cy"],
            "description": "The language of the labels and messages below: the "
            "user's setting, else Accept-Language",
        },
        "user_id": integer,
        "name": string,
        "role": string,
        "panel": nullable("Person"),
        "suites": {"type": "array", "items": ref("ReferenceSuite")},
        "volunteers": {"type": "array", "items": ref("ReferenceVolunteer")},
        "tact_trained": ref("TactTrained"),
        "codes": ref("ReferenceCodes"),
        "rules": ref("ReferenceRules"),
        "scheduled_visits": {"type": "array", "items": ref("ReferenceVisit")},
    }
    return {
        "Labels": labels,
        "ReferenceSuite": _object(
            {"id": integer, "name": string, "panel_id": integer,
             "tact_designated": {"type": "boolean",
                                 "description": "Designated for people held under TACT"}},
            ["id", "name", "panel_id", "tact_designated"],
        ),
        "ReferenceVolunteer": _object(
            {"id": integer, "name": string, "panel_id": integer,
             "probation": {"type": "boolean", "description": "A trainee"},
             "tact_trained": ref("TactTrained")},
            ["id", "name", "panel_id", "probation", "tact_trained"],
        ),
        "TactTrained": {
            "type": "array",
            "items": {"type": "array", "minItems": 2, "maxItems": 2,
                      "prefixItems": [{"type": "string", "format": "date"},
                                      {"type": ["string", "null"], "format": "date"}]},
            "description": "TACT training: [first valid day, last valid day or null (does not "
                           "expire)] each. A report on someone held under TACT needs every "
                           "visitor's valid on the visit's day",
        },
        "ReferenceCodes": _object(codes, list(codes)),
        "ReferenceRules": _object(rules, list(rules)),
        "PersonField": person_field,
        "PersonFieldRule": rule,
        "PersonFieldCondition": condition,
        "ReferenceVisit": visit,
        "Reference": _object(
            reference,
            ["user_id", "name", "suites", "volunteers", "codes", "rules", "scheduled_visits"],
            description="What the phone caches to record visits offline.",
        ),
    }  # fmt: skip


ERRORS = {
    400: "Missing or stale CSRF token (cookie session): fetch /session and resend",
    401: "Not signed in",
    403: "Staff signed in with a session have not set up two-factor sign-in",
    404: "Not found, or not yours to see",
    413: "The body is larger than 8 MB: not a visit report",
    422: "The request breaks a rule; messages by JSON path or parameter",
    429: "Too many uploads in a short while: wait as Retry-After says, then send again",
}
SUITE_REFUSED = (
    "You may not file reports for this suite (or staff have not set up two-factor sign-in)"
)


def _answers(*codes: int, ok: str | None = None, ok_code: int = 200, **described) -> dict:
    """The errors with these codes (ERRORS' descriptions unless given, like e403=...)."""
    answers = api_errors.error_answers(
        {code: described.get(f"e{code}", ERRORS[code]) for code in codes if code != 409}
    )
    if 409 in codes:
        answers["409"] = answer("A different report was already stored with this UUID",
                                "Conflict")  # fmt: skip
    if ok:
        answers[str(ok_code)] = answer("OK", ok)
    return answers


READ = SECURITY
WRITE = [{"bearerAuth": []}, {"cookieAuth": [], "csrfToken": []}]
UUID_PARAM = {
    "name": "report_uuid",
    "in": "path",
    "required": True,
    "description": "Made on the phone when the report is started",
    "schema": {"type": "string", "format": "uuid"},
}


def paths() -> dict:
    report_path = {
        "parameters": [UUID_PARAM],
        "put": {
            "operationId": "putReport",
            "summary": "Send a report (idempotent)",
            "security": WRITE,
            "requestBody": {"required": True, "content": json_content("VisitReport")},
            "responses": _answers(
                400, 401, 403, 404, 409, 413, 422, 429, ok="StoredReport", e403=SUITE_REFUSED
            )
            | {
                "201": answer("Stored for the first time", "StoredReport"),
                "200": answer(
                    "Already stored with an identical body: nothing changed", "StoredReport"
                ),
            },
        },
        "get": {
            "operationId": "getReport",
            "summary": "Read a stored report",
            "security": READ,
            "responses": _answers(401, 403, 404, ok="StoredReport"),
        },
    }
    return {
        "/visit-reports/{report_uuid}": report_path,
        "/visit-reports": {
            "get": {
                "operationId": "listReports",
                "summary": "Your reports received or amended since",
                "parameters": SINCE.openapi(),
                "security": READ,
                "responses": _answers(401, 403, 422, ok="ReportSummaries"),
            }
        },
        "/visit-reports/{report_uuid}/amendments": {
            "parameters": [UUID_PARAM],
            "post": {
                "operationId": "amendReport",
                "summary": "Correct a sent report; the original is kept",
                "security": WRITE,
                "requestBody": {"required": True, "content": json_content("AmendmentRequest")},
                "responses": _answers(
                    400,
                    401,
                    403,
                    404,
                    413,
                    422,
                    ok="AmendmentAnswer",
                    ok_code=201,
                    e403=SUITE_REFUSED,
                )
                | {
                    "200": answer(
                        "A retry of your last amendment: nothing new stored", "AmendmentAnswer"
                    )
                },
            },
        },
        "/reference": {
            "get": {
                "operationId": "getReference",
                "security": READ,
                "summary": "Suites, co-visitors, codes, rules and your visits",
                "responses": _answers(401, 403, ok="Reference"),
            }
        },
        "/session": {
            "get": {
                "operationId": "getSession",
                "security": READ,
                "summary": "Who is signed in, and a fresh CSRF token",
                "responses": _answers(401, 403, ok="Session"),
            }
        },
        "/visit-reports/{report_uuid}/reviewer-copy": reviewer_copy_path(),  # TACT (icv.tact)
        "/actions": actions_path(),  # follow-up actions (icv.actions)
        "/actions/{action_id}/responses": responses_path(),  # the police's answers
        **stats_paths(),  # figures (icv.figures)
        **rota_api_paths(),  # the rota, volunteers and suites (icv.rota.api)
        **expense_claim_paths(),  # volunteers' expenses claims (icv.expenses)
        "/openapi.json": {
            "get": {
                "operationId": "getOpenapi",
                "security": [],
                "summary": "This document",
                "responses": {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {
                            "application/json": {
                                "schema": {"type": "object", "additionalProperties": True}
                            }
                        },
                    }
                },
            }
        },
    }


def openapi_document() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "icv visit reports API",
            "version": "1",
            "description": "Offline-first sync of custody visit reports. Send each report with "
            "PUT to its own UUID as often as needed: it is stored exactly once.",
        },
        "servers": [{"url": "/api/v1"}],
        "paths": paths(),
        "components": {
            "schemas": report_schemas()
            | response_schemas()
            | action_schemas()
            | answer_schemas()
            | stats_schemas()
            | rota_api_schemas()
            | expense_claim_schemas(),
            "securitySchemes": {
                "bearerAuth": {
                    "type": "http",
                    "scheme": "bearer",
                    "description": "Personal API token (flask users token EMAIL)",
                },
                "cookieAuth": {"type": "apiKey", "in": "cookie", "name": "session"},
                "csrfToken": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "X-CSRFToken",
                    "description": "From GET /session; needed with the cookie only",
                },
            },
        },
    }
