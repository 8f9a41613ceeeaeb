"""The OpenAPI description of /api/v1/stats, merged into icv.sync.openapi's document."""

from __future__ import annotations

from icv.api_errors import error_answers
from icv.figures.hours import LABELS as HOURS_LABELS
from icv.figures.measures import (
    BY_ANSWER,
    BY_CHARACTERISTIC,
    LABELS,
    PERSON_COUNTS,
    PERSON_GROUPS,
    RATES,
)
from icv.figures.params import ANNUAL, GROUPED, GROUPS
from icv.figures.people import HIDDEN, SMALL
from icv.figures.shapes import ROW_FIELDS
from icv.figures.tact_copies import LABELS as TACT_COPY_LABELS
from icv.openapi_common import DATE, answer, closed_object, enum, extends, read_operation, ref
from icv.visits import vocabulary

DEFINITIONS = (
    "A visit is made when its report exists (counted on its London arrival date); ad-hoc "
    "visits count as made and also apart; completion rate = rota visits made / rota visits "
    "scheduled, cancelled visits excluded; people are counted once per visit in which they "
    "were in custody. Rates are fractions from 0 to 1 (null when there is nothing to divide). "
    "Analysts and admins see every panel, coordinators their own (another panel or suite id "
    "is 404), volunteers none (403). Totals also carry format 2's breakdowns of people "
    "(by_sex, by_age_band, offered_visit, ...), published with small counts suppressed: "
    '1 to 4 as "<5", and a breakdown\'s lone small cell hides its smallest other '
    'non-zero cell as "[c]". Format-1 reports record none of them: their people count '
    "as not recorded for sex and age band, and in no other breakdown."
)


ERRORS = error_answers(
    {
        401: "Not signed in",
        403: "Volunteers do not read figures (or staff have not set up two-factor sign-in)",
        404: "A panel or suite that is not yours to read",
        422: "A parameter could not be read; messages by parameter",
    }
)


def stats_paths() -> dict:
    return {
        "/stats/annual": read_operation(
            "getAnnualStats",
            "A financial year's figures: headline, by quarter, panel and suite",
            DEFINITIONS,
            ANNUAL.openapi(),
            answer("The year's figures", "StatsAnnual"),
            ERRORS,
        ),
        "/stats": read_operation(
            "getStats",
            "Figures for any run of days, grouped by quarter, month, panel or suite",
            DEFINITIONS,
            GROUPED.openapi(),
            answer("The figures", "StatsGrouped"),
            ERRORS,
        ),
    }


def _row_schema() -> dict:
    properties = {}
    for key in ROW_FIELDS:
        if key in RATES:
            properties[key] = {"type": ["number", "null"], "minimum": 0, "maximum": 1,
                               "description": LABELS[key]}  # fmt: skip
        else:
            properties[key] = {"type": "integer", "minimum": 0, "description": LABELS[key]}
    properties["unavailable_by_reason"] = ref("UnavailableByReason")
    return {"type": "object", "properties": properties, "required": list(properties)}


def _coded(codes, cell) -> dict:
    return {"type": "object", "properties": dict.fromkeys(codes, cell),
            "required": list(codes), "additionalProperties": False}  # fmt: skip


def _people_schemas() -> dict:
    count = ref("PublishedCount")
    groups = _coded(PERSON_GROUPS, count)
    properties = {key: _coded(codes, groups) for key, (_, codes) in BY_CHARACTERISTIC.items()}
    properties |= {key: _coded(codes, count) for key, codes in BY_ANSWER.items()}
    properties |= dict.fromkeys(PERSON_COUNTS, count)
    properties["custody_record_concerns"] = _coded(vocabulary.CUSTODY_RECORD_FINDINGS, count)
    return {
        "PublishedCount": {
            "oneOf": [{"type": "integer", "minimum": 0}, {"enum": [SMALL, HIDDEN]}],
            "description": f"A count as published: {SMALL} for 1 to 4, {HIDDEN} when hidden "
                           "so that a small count next to it cannot be worked out",
        },
        "PeopleBreakdowns": {"type": "object", "properties": properties,
                             "required": list(properties)},
        "StatsTotals": {"allOf": [ref("StatsRow"), ref("PeopleBreakdowns")]},
    }  # fmt: skip


def _hours_schema() -> dict:
    hours = {key: {"type": "number", "minimum": 0, "description": f"{label}, in hours"}
             for key, label in HOURS_LABELS.items()}  # fmt: skip
    return {
        "type": "object",
        "description": "Hours volunteers gave (to one decimal place): visits from the reports' "
        "arrival and departure plus the travel allowance, and confirmed panel meetings and "
        "training. Given by GET /stats/annual, for the year, each quarter and each panel.",
        "properties": hours,
        "required": list(hours),
        "additionalProperties": False,
    }


def _tact_copies_schema() -> dict:
    counts = {key: {"type": "integer", "minimum": 0, "description": label}
              for key, label in TACT_COPY_LABELS.items()}  # fmt: skip
    return closed_object(
        {"quarter": {"type": "string", "examples": ["2019-20 Q1"]}, "from": DATE, "to": DATE,
         **counts},
        ["quarter", "from", "to", *counts],
        description="Copies of the reports of the quarter's visits with a person held under "
        "the Terrorism Act, for the Independent Reviewer: sent, and not sent yet (today)",
    )  # fmt: skip


def stats_schemas() -> dict:
    label = {"type": "string"}
    dated = {"from": DATE, "to": DATE}
    reasons = {code: {"type": "integer", "minimum": 0} for code in vocabulary.UNAVAILABLE_REASONS}
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
        **_people_schemas(),
        "UnavailableByReason": {
            "type": "object",
            "description": "People unavailable to visitors, by reason",
            "properties": reasons,
            "required": list(reasons),
            "additionalProperties": False,
        },
        "StatsScope": scope,
        "VolunteerHours": _hours_schema(),
        "StatsPeriodRow": extends("StatsRow", {"quarter": label, "month": label, **dated,
                                               "volunteer_hours": ref("VolunteerHours")},
                                  ["from", "to"]),
        "StatsPanelRow": extends("StatsRow", {"panel_id": {"type": "integer"}, "panel": label,
                                              "volunteer_hours": ref("VolunteerHours")},
                                 ["panel_id", "panel"]),
        "StatsSuiteRow": extends(
            "StatsRow",
            {"suite_id": {"type": "integer"}, "suite": label, "panel_id": {"type": "integer"},
             "panel": label},
            ["suite_id", "suite", "panel_id", "panel"],
        ),
        "StatsAnnual": extends(
            "StatsTotals",
            {
                "financial_year": {"type": "string", "examples": ["2019-20"]},
                **dated,
                "scope": ref("StatsScope"),
                "volunteer_hours": ref("VolunteerHours"),
                "by_quarter": {"type": "array", "items": ref("StatsPeriodRow")},
                "by_panel": {"type": "array", "items": ref("StatsPanelRow")},
                "by_suite": {"type": "array", "items": ref("StatsSuiteRow")},
                "tact_copies_by_quarter": {"type": "array", "items": ref("TactCopiesQuarter")},
            },
            ["financial_year", "from", "to", "scope", "volunteer_hours", "by_quarter", "by_panel",
             "by_suite", "tact_copies_by_quarter"],
        ),
        "TactCopiesQuarter": _tact_copies_schema(),
        "StatsGrouped": {
            "type": "object",
            "properties": {
                **dated,
                "group_by": enum(GROUPS),
                "scope": ref("StatsScope"),
                "totals": ref("StatsTotals"),
                "groups": {
                    "type": "array",
                    "items": {"anyOf": [ref("StatsPeriodRow"), ref("StatsPanelRow"),
                                        ref("StatsSuiteRow")]},
                },
            },
            "required": ["from", "to", "group_by", "scope", "totals", "groups"],
        },
    }  # fmt: skip
