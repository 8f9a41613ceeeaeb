"""Figures as JSON, for the API and `flask report annual --format json`."""

from __future__ import annotations

from icv.figures.aggregate import Figures
from icv.figures.hours import HoursGiven
from icv.figures.measures import person_breakdowns, reasons_of
from icv.figures.people import published
from icv.figures.periods import Period
from icv.figures.queries import Scope
from icv.figures.tact_copies import copies_by_piece

ROW_FIELDS = (
    "volunteers",
    "visits_scheduled",
    "visits_made",
    "visits_rota_made",
    "visits_ad_hoc",
    "visits_missed",
    "visits_cancelled",
    "completion_rate",
    "visits_remote",
    "visits_refused_entry",
    "visits_delayed",
    "visits_satisfactory",
    "visits_follow_up",
    "detainees_in_custody",
    "detainees_interviewed",
    "detainees_declined",
    "detainees_unavailable",
    "interview_rate",
    "juveniles",
    "vulnerable_adults",
    "actions_opened",
    "actions_answered",
    "actions_closed",
    "actions_overdue",
    "tact_visits",
    "tact_detainees",
    "tact_interviewed",
)
GROUP_KEYS = {"quarter": "quarter", "month": "month", "year": "financial_year"}


def row_json(row: dict) -> dict:
    return {key: row[key] for key in ROW_FIELDS} | {"unavailable_by_reason": reasons_of(row)}


def totals_json(row: dict) -> dict:
    """A total with format 2's breakdowns, published (small counts suppressed: people.py).
    Only totals have them: a breakdown per quarter, panel or suite would let suppressed
    counts be recovered by subtraction, and most of its cells would be small."""
    return row_json(row) | published(person_breakdowns(row))


def period_json(period: Period) -> dict:
    return {"from": period.starts_on.isoformat(), "to": period.ends_on.isoformat()}


def scope_json(scope: Scope) -> dict:
    panels = None if scope.panel_ids is None else sorted(scope.panel_ids)
    return {"panel_ids": panels, "suite_id": scope.suite_id}


def pieces_json(figures: Figures, key: str) -> list[dict]:
    return [
        {key: piece.label, **period_json(piece), **row_json(row)}
        for piece, row in figures.by_piece()
    ]


def panels_json(figures: Figures) -> list[dict]:
    return [
        {"panel_id": panel.id, "panel": panel.name, **row_json(row)}
        for panel, row in figures.by_panel()
    ]


def suites_json(figures: Figures) -> list[dict]:
    return [
        {"suite_id": suite.id, "suite": suite.name, "panel_id": suite.panel_id,
         "panel": suite.panel_name, **row_json(row)}
        for suite, row in figures.by_suite()
    ]  # fmt: skip


def annual_json(figures: Figures, hours: HoursGiven) -> dict:
    """A financial year: the headline, then by quarter, panel and suite; the hours
    volunteers gave with the total, each quarter and each panel."""
    quarters = pieces_json(figures, "quarter")
    for entry, (_piece, row) in zip(quarters, hours.by_piece(), strict=True):
        entry["volunteer_hours"] = row
    panels = panels_json(figures)
    panel_hours = {panel_id: row for panel_id, _name, row in hours.by_panel()}
    for entry in panels:
        entry["volunteer_hours"] = panel_hours[entry["panel_id"]]
    return {
        "financial_year": figures.period.label,
        **period_json(figures.period),
        "scope": scope_json(figures.scope),
        **totals_json(figures.total),
        "volunteer_hours": hours.total,
        "by_quarter": quarters,
        "by_panel": panels,
        "by_suite": suites_json(figures),
        # Counts only: the copies themselves are for coordinators and admins (icv.tact).
        "tact_copies_by_quarter": copies_by_piece(figures),
    }


def grouped_json(figures: Figures, group_by: str) -> dict:
    """Any period: the totals and one entry per quarter, month, panel or suite."""
    if group_by == "panel":
        groups = panels_json(figures)
    elif group_by == "suite":
        groups = suites_json(figures)
    else:
        groups = pieces_json(figures, GROUP_KEYS[group_by])
    return {
        **period_json(figures.period),
        "group_by": group_by,
        "scope": scope_json(figures.scope),
        "totals": totals_json(figures.total),
        "groups": groups,
    }
