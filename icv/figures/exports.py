"""CSV and XLSX downloads: the headline, every breakdown, and visit-level rows.

Each table is built from the same Figures the page shows (tables.py), so the numbers match;
icv.spreadsheets writes them and keeps text from running as a formula.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from flask_babel import gettext

from icv.figures import action_timing as timing
from icv.figures import hours, people, tables
from icv.figures.aggregate import Figures, figures_for, heat_map, year_on_year
from icv.figures.measures import LABELS, measure_label
from icv.figures.periods import Period
from icv.figures.queries import Scope
from icv.figures.visit_rows import COLUMNS as VISIT_COLUMNS
from icv.figures.visit_rows import visit_rows
from icv.language import DEFAULT_LANGUAGE, N_, page_language
from icv.spreadsheets import Sheet, csv_text, xlsx_bytes

TABLES = {  # each table's code (its sheet in English) and what the download link says
    "headline": N_("Headline figures"),
    "summary": N_("Totals by quarter, panel and suite"),
    "breakdown": N_("One row per quarter, panel and suite"),
    "heat_map": N_("Visits by day of week and time of day"),
    "year_on_year": N_("Year on year"),
    "action_timings": N_("Days to police response and to close, by category and suite"),
    "visits": N_("Each visit, without personal data"),
    "people": N_("People in custody by sex, age and what was recorded (small counts suppressed)"),
    "hours": N_("Hours volunteers gave, by quarter, panel and volunteer"),
}
# In English the sheets and columns are named by their codes (docs/figures.md: what scripts
# read, like the API's fields); in another language, by these names in it (at most 31
# characters for a sheet). Measures' columns are named by their labels (measures.label).
SHEETS = {
    "headline": N_("Headline figures"),
    "summary": N_("Totals"),
    "breakdown": N_("Breakdown"),
    "heat_map": N_("Day and time"),
    "year_on_year": N_("Year on year"),
    "action_timings": N_("Action timings"),
    "visits": N_("Visits"),
    "people": N_("People in custody"),
    "hours": N_("Hours"),
}
HEADINGS = {
    "level": N_("Level"), "period": N_("Period"), "panel": N_("Panel"), "suite": N_("Suite"),
    "from": N_("From"), "to": N_("To"), "volunteer": N_("Volunteer"),
    "financial_year": N_("Financial year"), "measure": N_("Measure"),
    "label": N_("Description"), "value": N_("Value"),
    # heat map
    "weekday": N_("Day of the week"), "time_band": N_("Time of day"), "visits": N_("Visits"),
    "people_in_custody": N_("People in custody"),
    # hours (their visits column is hours.LABELS' "Visits" too)
    "total": N_("Total"), "meetings": N_("Panel meetings"), "training": N_("Training"),
    # action timings
    "group": N_("Group"), "name": N_("Name"), "count": N_("Count"),
    "mean_days": N_("Average days"), "median_days": N_("Median days"),
    "max_days": N_("Longest (days)"),
    # each visit
    "report_id": N_("Report"), "quarter": N_("Quarter"), "date": N_("Date"),
    "on_rota": N_("On the rota"), "visit_mode": N_("How the visit was made"),
    "minutes_delayed": N_("Minutes delayed at the door"),
    "access_refused": N_("Not completed or access refused"), "rating": N_("Rating"),
    "follow_up_needed": N_("Follow-up needed"),
    "suite_concerns": N_("Suite conditions rated a concern"),
    # people in custody
    "breakdown": N_("Breakdown"), "code": N_("Code"), "people": N_("People"),
    "offered": N_("Offered a visit"), "interviewed": N_("Interviewed"),
}  # fmt: skip
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


def in_english() -> bool:
    return page_language() == DEFAULT_LANGUAGE


def headings(table: Table) -> list[str]:
    """The header row: the columns' codes in English, their names in another language."""
    if in_english():
        return list(table.columns)
    return [_heading(code) for code in table.columns]


def _heading(code: str) -> str:
    if code in HEADINGS:
        return gettext(HEADINGS[code])
    return measure_label(code) if code in LABELS else code


def sheet_name(name: str) -> str:
    return name if in_english() else gettext(SHEETS[name])


def to_csv(table: Table) -> str:
    return csv_text([headings(table), *_cells(table)])


def to_xlsx(period: Period, scope: Scope, named: bool = False) -> bytes:
    """Every table, one sheet each."""
    figures = figures_for(period, scope, detail=True)
    tables_built = (build(name, period, scope, figures, named) for name in TABLES)
    return xlsx_bytes(
        Sheet(sheet_name(table.name), headings(table), _cells(table)) for table in tables_built
    )


def filename(period: Period, name: str, extension: str) -> str:
    label = period.label.replace(" ", "-")
    return f"icv-figures-{label}-{name}.{extension}"
