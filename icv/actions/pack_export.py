"""The panel meeting pack as tables, written as CSV (one file, a section per table) or XLSX
(a sheet per table) by icv.spreadsheets, which keeps free text from running as a formula."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from icv.actions import notes
from icv.actions.models import Action, category_label, status_label
from icv.actions.pack import PACK_MEASURES, RATE_MEASURES, Pack, shown, spread_rows
from icv.actions.publishing import csv_header, csv_rows
from icv.dates import iso, scheme_date, weekday_names
from icv.figures.action_timing import flat_rows
from icv.figures.localtime import BAND_LABELS, BAND_ORDER
from icv.figures.measures import LABELS
from icv.language import N_
from icv.spreadsheets import Sheet, csv_text, xlsx_bytes


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[list]


def pack_tables(pack: Pack) -> list[Table]:
    columns = pack.suites_and_total
    figures = Table(
        gettext("Figures"),
        [gettext("Measure"), *(name for name, _ in columns)],
        [
            [_measure_label(key), *(_figure(row, key) for _, row in columns)]
            for key in PACK_MEASURES
        ],
    )
    weekdays = weekday_names()
    spread = Table(
        gettext("Day and time"),
        [gettext("Day"), *(shown(BAND_LABELS[band]) for band in BAND_ORDER)],
        [[weekdays[day], *counts] for day, counts in spread_rows(pack)],
    )
    actions = Table(gettext("Actions"), [gettext(h) for h in ACTION_HEADER], [])
    for group, found in ((gettext("Opened"), pack.opened), (gettext("Closed"), pack.closed),
                         (gettext("Overdue"), pack.overdue)):  # fmt: skip
        actions.rows += [_action_row(group, action) for action in found]
    findings = Table(
        gettext("Positive findings"),
        [gettext("Date"), gettext("Suite"), gettext("Finding")],
        [
            [iso(scheme_date(r.arrived_at)), r.suite.name, r.positive_findings]
            for r in pack.findings
        ],
    )
    timings = Table(
        gettext("Timings"),
        [gettext(h) for h in TIMING_HEADER],
        [list(_timing_row(row).values()) for row in flat_rows(pack.timings)],
    )
    people = Table(
        gettext("People in custody"),
        [gettext(h) for h in PEOPLE_HEADER],
        [[_blank(value) for value in row.values()] for row in pack.people],
    )
    issues = Table(gettext("Published issues"), csv_header(), csv_rows(pack.published))
    return [figures, people, spread, actions, timings, findings, issues]


def _blank(value):
    return "" if value is None else value


def _timing_row(row: dict) -> dict:
    """A timings row with its name as people read it: "All", or a category's label (the
    measure and group stay codes, as in the figures' downloads)."""
    if row["group"] == "all":
        return {**row, "name": gettext("All")}
    if row["group"] == "category":
        return {**row, "name": shown(row["name"])}
    return row


ACTION_HEADER = [
    N_("Group"), N_("Action"), N_("Category"), N_("Suite"), N_("Raised"), N_("Due"),
    N_("Status"), N_("What was found"), N_("Police response"), N_("Response date"),
    N_("Responded"), N_("Closed"), N_("Reason for closing"),
]  # fmt: skip
TIMING_HEADER = [
    N_("Measure"), N_("Group"), N_("Name"), N_("Count"), N_("Average days"), N_("Median days"),
    N_("Longest (days)"),
]  # fmt: skip
PEOPLE_HEADER = [
    N_("Breakdown"), N_("Code"), N_("Recorded"), N_("People"), N_("Offered a visit"),
    N_("Interviewed"),
]  # fmt: skip


def _action_row(group: str, action: Action) -> list:
    return [
        group, action.id, category_label(action.category),
        action.suite.name, action.raised_on.isoformat(), action.due_on.isoformat(),
        status_label(action.status), notes.summary_shown(action.summary),
        notes.response_shown(action.police_response),
        iso(action.police_response_on) or "", action.police_responder, iso(action.closed_on) or "",
        notes.shown(action.closed_reason),
    ]  # fmt: skip


def _measure_label(key: str) -> str:
    return f"{shown(LABELS[key])} (%)" if key in RATE_MEASURES else shown(LABELS[key])


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
