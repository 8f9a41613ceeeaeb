"""The panel meeting pack as tables, written as CSV (one file, a section per table) or XLSX
(a sheet per table). Free text is made safe to open in a spreadsheet (no formulas)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Font

from icv.actions.intake import visit_date
from icv.actions.models import CATEGORY_LABELS, STATUS_LABELS, Action
from icv.actions.pack import PACK_MEASURES, RATE_MEASURES, Pack, spread_rows
from icv.figures.action_timing import flat_rows
from icv.figures.localtime import BAND_LABELS, BAND_ORDER
from icv.figures.measures import LABELS
from icv.models import WEEKDAYS

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
            [visit_date(r.arrived_at).isoformat(), r.suite.name, r.positive_findings]
            for r in pack.findings
        ],
    )
    timings = Table(
        "Timings",
        ["Measure", "Group", "Name", "Count", "Average days", "Median days", "Longest (days)"],
        [list(row.values()) for row in flat_rows(pack.timings)],
    )
    return [figures, spread, actions, timings, findings]


ACTION_HEADER = [
    "Group", "Action", "Category", "Suite", "Raised", "Due", "Status", "What was found",
    "Police response", "Response date", "Responded", "Closed", "Reason for closing",
]  # fmt: skip


def _action_row(group: str, action: Action) -> list:
    return [
        group, action.id, CATEGORY_LABELS.get(action.category, action.category),
        action.suite.name, action.raised_on.isoformat(), action.due_on.isoformat(),
        STATUS_LABELS.get(action.status, action.status), action.summary, action.police_response,
        _iso(action.police_response_on), action.police_responder, _iso(action.closed_on),
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


def _iso(day) -> str:
    return day.isoformat() if day else ""


def safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(tables: list[Table], title: str) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([safe(title)])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.name])
        writer.writerow(table.header)
        writer.writerows([safe(value) for value in row] for row in table.rows)
    return out.getvalue()


def to_xlsx(tables: list[Table], title: str) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for table in tables:
        sheet = book.create_sheet(table.name)
        sheet.append([title])
        sheet.append([])
        sheet.append(table.header)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append(row)
        for line in sheet.iter_rows():
            for cell in line:  # stored as text, never run as a formula
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
