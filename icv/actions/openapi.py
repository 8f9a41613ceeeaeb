"""The OpenAPI description of GET /api/v1/actions, merged into icv.sync.openapi's document."""

from __future__ import annotations

from icv.actions.models import Category, Owner, Status

DATE = {"type": "string", "format": "date"}
MAYBE_DATE = {"type": ["string", "null"], "format": "date"}
MAYBE_NUMBER = {"type": ["number", "null"]}


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, description: str, schema: dict) -> dict:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


def _answer(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


def actions_path() -> dict:
    return {
        "get": {
            "operationId": "listActions",
            "summary": "Follow-up actions you may read, with time to police response and to close",
            "description": "Coordinators get their panels' actions, admins and analysts every "
            "action, volunteers those raised from reports they visited for or sent. Custody "
            "numbers are included for coordinators and admins only. Days are counted from the "
            "visit to the police response, or to closing (duplicates left out).",
            "parameters": [
                _query("status", "Only actions with this status", {"enum": list(Status)}),
                _query("panel_id", "Only this panel's actions (404 if not yours to read)",
                       {"type": "integer"}),
                _query("from", "Raised on or after this day", DATE),
                _query("to", "Raised on or before this day", DATE),
            ],
            "security": [{"bearerAuth": []}, {"cookieAuth": []}],
            "responses": {
                "200": _answer("The actions, oldest first, and their timings", "ActionList"),
                "401": _answer("Not signed in", "Problem"),
                "404": _answer("A panel that is not yours to read", "Problem"),
                "422": _answer("A filter could not be read; messages by parameter",
                               "ValidationErrors"),
            },
        }
    }  # fmt: skip


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
    by_category = {
        "allOf": [stats],
        "required": ["category", "label"],
        "properties": {"category": {"enum": list(Category)}, "label": {"type": "string"}},
    }
    by_suite = {
        "allOf": [stats],
        "required": ["suite_id", "suite"],
        "properties": {"suite_id": {"type": "integer"}, "suite": {"type": "string"}},
    }
    timing = {
        "type": "object",
        "required": ["overall", "by_category", "by_suite"],
        "properties": {
            "overall": _ref("TimingStats"),
            "by_category": {"type": "array", "items": by_category},
            "by_suite": {"type": "array", "items": by_suite},
        },
    }
    return {
        "TimingStats": stats,
        "Timing": timing,
        "Action": _action_schema(),
        "ActionList": {
            "type": "object",
            "required": ["actions", "timings"],
            "additionalProperties": False,
            "properties": {
                "actions": {"type": "array", "items": _ref("Action")},
                "timings": {
                    "type": "object",
                    "required": ["time_to_response", "time_to_close"],
                    "properties": {
                        "time_to_response": _ref("Timing"),
                        "time_to_close": _ref("Timing"),
                    },
                },
            },
        },
    }


def _action_schema() -> dict:
    response = {
        "type": ["object", "null"],
        "required": ["text", "received_on", "responder"],
        "properties": {
            "text": {"type": "string"},
            "received_on": MAYBE_DATE,
            "responder": {"type": "string"},
        },
    }
    properties = {
        "id": {"type": "integer"},
        "panel_id": {"type": "integer"},
        "panel": {"type": "string"},
        "suite_id": {"type": "integer"},
        "suite": {"type": "string"},
        "category": {"enum": list(Category)},
        "summary": {"type": "string", "description": "What was found; never a name"},
        "custody_number": {
            "type": "string",
            "description": "Coordinators and admins only; empty unless about one person",
        },
        "owner": {"enum": list(Owner)},
        "owner_other": {"type": "string"},
        "raised_on": DATE,
        "due_on": DATE,
        "status": {"enum": list(Status)},
        "overdue": {"type": "boolean"},
        "sent_to_police_on": MAYBE_DATE,
        "police_response": response,
        "escalated_on": MAYBE_DATE,
        "closed_on": MAYBE_DATE,
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
