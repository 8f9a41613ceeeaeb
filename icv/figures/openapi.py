"""The OpenAPI description of /api/v1/stats, merged into icv.sync.openapi's document."""

from __future__ import annotations

from icv.figures.measures import LABELS, RATES
from icv.figures.params import GROUPS
from icv.figures.shapes import ROW_FIELDS
from icv.visits import vocabulary

DATE = {"type": "string", "format": "date"}
SECURITY = [{"bearerAuth": []}, {"cookieAuth": []}]
DEFINITIONS = (
    "A visit is made when its report exists (counted on its London arrival date); ad-hoc "
    "visits count as made and also apart; completion rate = rota visits made / rota visits "
    "scheduled, cancelled visits excluded; people are counted once per visit in which they "
    "were in custody. Rates are fractions from 0 to 1 (null when there is nothing to divide). "
    "Analysts and admins see every panel, coordinators their own (another panel or suite id "
    "is 404), volunteers none (403)."
)


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _query(name: str, description: str, schema: dict, required: bool = False) -> dict:
    return {"name": name, "in": "query", "required": required, "description": description,
            "schema": schema}  # fmt: skip


def _answer(description: str, schema: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": _ref(schema)}}}


SCOPE_PARAMS = [
    _query("panel_id", "Only this panel", {"type": "integer"}),
    _query("suite_id", "Only this suite", {"type": "integer"}),
]
ERRORS = {
    "401": _answer("Not signed in", "Problem"),
    "403": _answer("Volunteers do not read figures", "Problem"),
    "404": _answer("A panel or suite that is not yours to read", "Problem"),
    "422": _answer("A parameter could not be read; messages by parameter", "ValidationErrors"),
}


def stats_paths() -> dict:
    year = _query("year", "Financial year, April to March, like 2019-20",
                  {"type": "string", "pattern": r"^\d{4}[-/]\d{2}$"}, required=True)  # fmt: skip
    return {
        "/stats/annual": {
            "get": {
                "operationId": "getAnnualStats",
                "summary": "A financial year's figures: headline, by quarter, panel and suite",
                "description": DEFINITIONS,
                "parameters": [year, *SCOPE_PARAMS],
                "security": SECURITY,
                "responses": {"200": _answer("The year's figures", "StatsAnnual"), **ERRORS},
            }
        },
        "/stats": {
            "get": {
                "operationId": "getStats",
                "summary": "Figures for any run of days, grouped by quarter, month, panel or suite",
                "description": DEFINITIONS,
                "parameters": [
                    _query("from", "First day, inclusive", DATE, required=True),
                    _query("to", "Last day, inclusive", DATE, required=True),
                    _query("group_by", "How to break the totals down", {"enum": list(GROUPS)}),
                    *SCOPE_PARAMS,
                ],
                "security": SECURITY,
                "responses": {"200": _answer("The figures", "StatsGrouped"), **ERRORS},
            }
        },
    }


def _row_schema() -> dict:
    properties = {}
    for key in ROW_FIELDS:
        if key in RATES:
            properties[key] = {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                               "description": LABELS[key]}  # fmt: skip
        else:
            properties[key] = {"type": "integer", "minimum": 0, "description": LABELS[key]}
    reasons = {code: {"type": "integer", "minimum": 0} for code in vocabulary.UNAVAILABLE_REASONS}
    properties["unavailable_by_reason"] = {
        "type": "object",
        "properties": reasons,
        "required": list(reasons),
        "additionalProperties": False,
    }
    return {"type": "object", "properties": properties, "required": list(properties)}


def _with(extra: dict, required: list[str]) -> dict:
    return {"allOf": [_ref("StatsRow")], "type": "object", "properties": extra,
            "required": required}  # fmt: skip


def stats_schemas() -> dict:
    label = {"type": "string"}
    dated = {"from": DATE, "to": DATE}
    piece = _with({"quarter": label, "month": label, **dated}, ["from", "to"])
    panel = _with({"panel_id": {"type": "integer"}, "panel": label}, ["panel_id", "panel"])
    suite = _with(
        {"suite_id": {"type": "integer"}, "suite": label, "panel_id": {"type": "integer"},
         "panel": label},
        ["suite_id", "suite", "panel_id", "panel"],
    )  # fmt: skip
    scope = {
        "type": "object",
        "properties": {
            "panel_ids": {"type": ["array", "null"], "items": {"type": "integer"},
                          "description": "null: every panel"},
            "suite_id": {"type": ["integer", "null"]},
        },
        "required": ["panel_ids", "suite_id"],
    }  # fmt: skip
    return {
        "StatsRow": _row_schema(),
        "StatsAnnual": {
            "allOf": [_ref("StatsRow")],
            "type": "object",
            "properties": {
                "financial_year": {"type": "string", "examples": ["2019-20"]},
                **dated,
                "scope": scope,
                "by_quarter": {"type": "array", "items": piece},
                "by_panel": {"type": "array", "items": panel},
                "by_suite": {"type": "array", "items": suite},
            },
            "required": [
                "financial_year",
                "from",
                "to",
                "scope",
                "by_quarter",
                "by_panel",
                "by_suite",
            ],
        },  # fmt: skip
        "StatsGrouped": {
            "type": "object",
            "properties": {
                **dated,
                "group_by": {"enum": list(GROUPS)},
                "scope": scope,
                "totals": _ref("StatsRow"),
                "groups": {"type": "array", "items": {"anyOf": [piece, panel, suite]}},
            },
            "required": ["from", "to", "group_by", "scope", "totals", "groups"],
        },
    }
