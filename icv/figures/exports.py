"""CSV and XLSX downloads: the headline, every breakdown, and visit-level rows.

Each table is built from the same Figures the page shows (tables.py), so the numbers match;
icv.spreadsheets writes them and keeps text from running as a formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from icv.figures import action_timing as timing
from icv.figures import hours, people, tables
from icv.figures.aggregate import Figures, figures_for, heat_map, year_on_year
from icv.figures.periods import Period
from icv.figures.queries import Scope
from icv.figures.visit_rows import COLUMNS as VISIT_COLUMNS
from icv.figures.visit_rows import visit_rows
from icv.spreadsheets import Sheet, csv_text, xlsx_bytes

TABLES = {
    "headline": "Headline figures",
    "summary": "Totals by quarter, panel and suite",
    "breakdown": "One row per quarter, panel and suite",
    "heat_map": "Visits by day of week and time of day",
    "year_on_year": "Year on year",
    "action_timings": "Days to police response and to close, by category and suite",
    "visits": "Each visit, without personal data",
    "people": "People in custody by sex, age and what was recorded (small counts suppressed)",
    "hours": "Hours volunteers gave, by quarter, panel and volunteer",
}
HOURS_COLUMNS = ["level", "period", "panel", "volunteer", "total", *hours.KINDS]
TIMING_COLUMNS = ["measure", "group", "name", "count", "mean_days", "median_days", "max_days"]


@dataclass
class Table:
    name: str
    columns: list[str]
    rows: list[dict]


def build(
    name: str, period: Period, scope: Scope, figures: Figures | None = None, named: bool = False
) -> Table:
    """One table; `named`: the hours table lists volunteers by name (for their managers)."""
    if name == "hours":
        return Table(name, HOURS_COLUMNS, hours_rows(period, scope, named))
    figures = figures or figures_for(period, scope, detail=True)
    if name == "headline":
        rows = [{"measure": key, "label": label, "value": value}
                for key, label, _shown, value in tables.headline(figures.total)]  # fmt: skip
        return Table(name, ["measure", "label", "value"], rows)
    if name == "summary":
        return Table(name, ["level", "period", "panel", "suite", *tables.MEASURES],
                     tables.summary_rows(figures))  # fmt: skip
    if name == "breakdown":
        columns = ["period", "from", "to", "panel", "suite", *tables.MEASURES]
        return Table(name, columns, tables.breakdown_rows(figures))
    if name == "heat_map":
        columns = ["weekday", "time_band", "visits", "people_in_custody"]
        return Table(name, columns, tables.heat_rows(heat_map(period, scope)))
    if name == "year_on_year":
        rows = tables.year_rows(year_on_year(period, scope, known=figures))
        return Table(name, ["financial_year", *tables.MEASURES], rows)
    if name == "action_timings":
        return Table(name, TIMING_COLUMNS, timing.flat_rows(timing.timings_in(period, scope)))
    if name == "visits":
        return Table(name, VISIT_COLUMNS, visit_rows(period, scope))
    if name == "people":
        return Table(name, people.COLUMNS, people.published_rows(figures.total))
    raise KeyError(name)


def hours_rows(period: Period, scope: Scope, named: bool) -> list[dict]:
    """The total, each quarter (or month), each panel, and with `named` each volunteer."""
    given = hours.hours_given(period, scope)
    whole = period.label

    def row(level, label, panel="", volunteer=""):
        return {"level": level, "period": label, "panel": panel, "volunteer": volunteer}

    rows = [row("total", whole) | given.total]
    rows += [row("quarter", piece.label) | hours_of for piece, hours_of in given.by_piece()]
    rows += [row("panel", whole, name) | hours_of for _id, name, hours_of in given.by_panel()]
    if named:
        rows += [row("volunteer", whole, panel, name) | hours_of
                 for _id, name, panel, hours_of in given.by_volunteer()]  # fmt: skip
    return rows


def _cell(value):
    if isinstance(value, bool):
        return "yes" if value else "no"
    return "" if value is None else value


def _cells(table: Table) -> Iterator[list]:
    return ([_cell(row[column]) for column in table.columns] for row in table.rows)


def to_csv(table: Table) -> str:
    return csv_text([table.columns, *_cells(table)])


def to_xlsx(period: Period, scope: Scope, named: bool = False) -> bytes:
    """Every table, one sheet each."""
    figures = figures_for(period, scope, detail=True)
    tables_built = (build(name, period, scope, figures, named) for name in TABLES)
    return xlsx_bytes(Sheet(table.name, table.columns, _cells(table)) for table in tables_built)


def filename(period: Period, name: str, extension: str) -> str:
    label = period.label.replace(" ", "-")
    return f"icv-figures-{label}-{name}.{extension}"
