"""The panel meeting pack as tables, written as CSV (one file, a section per table) or XLSX
(a sheet per table) by icv.spreadsheets, which keeps free text from running as a formula."""

from __future__ import annotations

from dataclasses import dataclass

from icv.actions.models import CATEGORY_LABELS, STATUS_LABELS, Action
from icv.actions.pack import PACK_MEASURES, RATE_MEASURES, Pack, spread_rows
from icv.actions.publishing import CSV_HEADER, csv_rows
from icv.dates import iso, scheme_date
from icv.figures.action_timing import flat_rows
from icv.figures.localtime import BAND_LABELS, BAND_ORDER
from icv.figures.measures import LABELS
from icv.models import WEEKDAYS
from icv.spreadsheets import Sheet, csv_text, xlsx_bytes


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[list]


def pack_tables(pack: Pack) -> list[Table]:
    columns = pack.suites_and_total
    figures = Table(
        "Figures",
        ["Measure", *(name for name, _ in columns)],
        [
            [_measure_label(key), *(_figure(row, key) for _, row in columns)]
            for key in PACK_MEASURES
        ],
    )
    spread = Table(
        "Day and time",
        ["Day", *(BAND_LABELS[band] for band in BAND_ORDER)],
        [[WEEKDAYS[day], *counts] for day, counts in spread_rows(pack)],
    )
    actions = Table("Actions", ACTION_HEADER, [])
    for group, found in (("Opened", pack.opened), ("Closed", pack.closed),
                         ("Overdue", pack.overdue)):  # fmt: skip
        actions.rows += [_action_row(group, action) for action in found]
    findings = Table(
        "Positive findings",
        ["Date", "Suite", "Finding"],
        [
            [iso(scheme_date(r.arrived_at)), r.suite.name, r.positive_findings]
            for r in pack.findings
        ],
    )
    timings = Table(
        "Timings",
        ["Measure", "Group", "Name", "Count", "Average days", "Median days", "Longest (days)"],
        [list(row.values()) for row in flat_rows(pack.timings)],
    )
    people = Table(
        "People in custody",
        ["Breakdown", "Code", "Recorded", "People", "Offered a visit", "Interviewed"],
        [[_blank(value) for value in row.values()] for row in pack.people],
    )
    issues = Table("Published issues", CSV_HEADER, csv_rows(pack.published))
    return [figures, people, spread, actions, timings, findings, issues]


def _blank(value):
    return "" if value is None else value


ACTION_HEADER = [
    "Group", "Action", "Category", "Suite", "Raised", "Due", "Status", "What was found",
    "Police response", "Response date", "Responded", "Closed", "Reason for closing",
]  # fmt: skip


def _action_row(group: str, action: Action) -> list:
    return [
        group, action.id, CATEGORY_LABELS.get(action.category, action.category),
        action.suite.name, action.raised_on.isoformat(), action.due_on.isoformat(),
        STATUS_LABELS.get(action.status, action.status), action.summary, action.police_response,
        iso(action.police_response_on) or "", action.police_responder, iso(action.closed_on) or "",
        action.closed_reason,
    ]  # fmt: skip


def _measure_label(key: str) -> str:
    return f"{LABELS[key]} (%)" if key in RATE_MEASURES else LABELS[key]


def _figure(row: dict, key: str):
    """Counts as numbers; rates as percentages to one decimal place (empty when undefined)."""
    value = row[key]
    if key in RATE_MEASURES:
        return "" if value is None else round(value * 100, 1)
    return value


def to_csv(tables: list[Table], title: str) -> str:
    rows = [[title]]
    for table in tables:
        rows += [[], [table.name], table.header, *table.rows]
    return csv_text(rows)


def to_xlsx(tables: list[Table], title: str) -> bytes:
    return xlsx_bytes(Sheet(t.name, t.header, t.rows, heading=title) for t in tables)
