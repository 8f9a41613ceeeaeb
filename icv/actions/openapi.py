"""The OpenAPI description of GET /api/v1/actions, merged into icv.sync.openapi's document."""

from __future__ import annotations

from icv.actions.api import FILTERS
from icv.actions.models import Category, Owner, Status
from icv.api_errors import error_answers
from icv.openapi_common import (
    DATE,
    NULLABLE_DATE,
    answer,
    closed_object,
    enum,
    extends,
    json_content,
    nullable,
    read_operation,
    ref,
)

MAYBE_NUMBER = {"type": ["number", "null"]}


def actions_path() -> dict:
    return read_operation(
        "listActions",
        "Follow-up actions you may read, with time to police response and to close",
        "Coordinators get their panels' actions, admins and analysts every action, volunteers "
        "those raised from reports they visited for or sent. Custody numbers are included for "
        "coordinators and admins only. Days are counted from the visit to the police response, "
        "or to closing (duplicates left out).",
        FILTERS.openapi(),
        answer("The actions, oldest first, and their timings", "ActionList"),
        error_answers({
            401: "Not signed in",
            403: "Staff signed in with a session have not set up two-factor sign-in",
            404: "A panel that is not yours to read",
            422: "A filter could not be read; messages by parameter",
        }),
    )  # fmt: skip


def responses_path() -> dict:
    return {
        "post": {
            "operationId": "answerAction",
            "summary": "A police user's response to an action of their suites",
            "description": "For police users (custody inspectors and managers), with a bearer "
            "token from a force's own systems: the same as responding in the app. Give what "
            "you found in response, and what was done and when; or disagrees true, with why "
            "in response. The coordinator reads it in the action's timeline.",
            "parameters": [{"name": "action_id", "in": "path", "required": True,
                            "schema": {"type": "integer"}}],
            "security": [{"bearerAuth": []}, {"cookieAuth": [], "csrfToken": []}],
            "requestBody": {"required": True, "content": json_content("ActionAnswerRequest")},
            "responses": {
                "201": answer("Your response, stored, and the action now", "ActionAnswer"),
                **error_answers({
                    401: "Not signed in",
                    403: "Not an action of your suites, or it is closed",
                    404: "No action has this id",
                    422: "An empty response, or a field that could not be read",
                }),
            },
        }
    }  # fmt: skip


def answer_schemas() -> dict:
    request = closed_object(
        {
            "response": {"type": "string", "minLength": 1, "maxLength": 5000,
                         "description": "What you found; if you disagree, why"},
            "action_taken": {"type": "string", "maxLength": 5000},
            "done_on": {**DATE, "description": "The day it was done"},
            "disagrees": {"type": "boolean", "default": False},
        },
        ["response"],
    )  # fmt: skip
    stored = closed_object(
        {
            "id": {"type": "integer"},
            "action_id": {"type": "integer"},
            "at": {"type": "string", "format": "date-time"},
            "response": {"type": "string"},
            "action_taken": {"type": "string"},
            "done_on": NULLABLE_DATE,
            "disagrees": {"type": "boolean"},
            "action": ref("Action"),
        },
        ["id", "action_id", "at", "response", "action_taken", "done_on", "disagrees", "action"],
    )
    return {"ActionAnswerRequest": request, "ActionAnswer": stored}


def action_schemas() -> dict:
    stats = {
        "type": "object",
        "required": ["count", "mean_days", "median_days", "max_days"],
        "properties": {
            "count": {"type": "integer"},
            "mean_days": MAYBE_NUMBER,
            "median_days": MAYBE_NUMBER,
            "max_days": MAYBE_NUMBER,
        },
    }
    by_category = extends(
        "TimingStats",
        {"category": enum(Category), "label": {"type": "string"}},
        ["category", "label"],
    )
    by_suite = extends(
        "TimingStats",
        {"suite_id": {"type": "integer"}, "suite": {"type": "string"}},
        ["suite_id", "suite"],
    )
    timing = {
        "type": "object",
        "required": ["overall", "by_category", "by_suite"],
        "properties": {
            "overall": ref("TimingStats"),
            "by_category": {"type": "array", "items": ref("TimingByCategory")},
            "by_suite": {"type": "array", "items": ref("TimingBySuite")},
        },
    }
    return {
        "TimingStats": stats,
        "TimingByCategory": by_category,
        "TimingBySuite": by_suite,
        "Timing": timing,
        "PoliceResponse": {
            "type": "object",
            "required": ["text", "received_on", "responder"],
            "properties": {
                "text": {"type": "string"},
                "received_on": NULLABLE_DATE,
                "responder": {"type": "string"},
            },
        },
        "Action": _action_schema(),
        "ActionTimings": {
            "type": "object",
            "description": "Days from the visit to the police's first answer (its own time; "
            "else the response recorded), and to closing (the day the police said it was "
            "done, when their answer gives one; else the day it was closed)",
            "required": ["time_to_response", "time_to_close"],
            "properties": {"time_to_response": ref("Timing"), "time_to_close": ref("Timing")},
        },
        "ActionList": {
            "type": "object",
            "required": ["actions", "timings"],
            "additionalProperties": False,
            "properties": {
                "actions": {"type": "array", "items": ref("Action")},
                "timings": ref("ActionTimings"),
            },
        },
    }  # fmt: skip


def _action_schema() -> dict:
    properties = {
        "id": {"type": "integer"},
        "panel_id": {"type": "integer"},
        "panel": {"type": "string"},
        "suite_id": {"type": "integer"},
        "suite": {"type": "string"},
        "category": enum(Category),
        "summary": {"type": "string", "description": "What was found; never a name"},
        "custody_number": {
            "type": "string",
            "description": "Coordinators and admins only; empty unless about one person",
        },
        "owner": enum(Owner),
        "owner_other": {"type": "string"},
        "raised_on": DATE,
        "due_on": DATE,
        "status": enum(Status),
        "overdue": {"type": "boolean"},
        "sent_to_police_on": NULLABLE_DATE,
        "police_response": nullable("PoliceResponse"),
        "escalated_on": NULLABLE_DATE,
        "closed_on": NULLABLE_DATE,
        "closed_reason": {"type": "string"},
        "duplicate_of_id": {"type": ["integer", "null"]},
        "sources": {"type": "integer", "description": "How many report items it came from"},
    }
    required = [key for key in properties if key != "custody_number"]
    return {
        "type": "object",
        "required": required,
        "additionalProperties": False,
        "properties": properties,
    }
