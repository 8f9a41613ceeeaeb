"""Figures as tables: the headline, and rows of breakdowns, for the page, exports and CLI.

All built from one `Figures` (aggregate.py), so a number is the same wherever it is shown.
The page's tables are declared here column by column (`Column`, `grid`) and drawn by one
macro (templates/_tables.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from icv.figures.aggregate import Figures
from icv.figures.hours import LABELS as HOURS_LABELS
from icv.figures.hours import HoursGiven
from icv.figures.localtime import BAND_LABELS, BAND_ORDER
from icv.figures.measures import (
    ADDITIVE,
    CONCERN_MEASURES,
    LABELS,
    PERSON_MEASURES,
    RATES,
    REASON_MEASURES,
    percent,
    person_breakdowns,
)
from icv.figures.people import BREAKDOWN_LABELS, CODE_LABELS
from icv.models import WEEKDAYS

# Every column of a breakdown row. Format 2's counts are left out: they are published for
# totals only, suppressed (people.py), in a table of their own.
MEASURES = ("volunteers", *(key for key in ADDITIVE if key not in PERSON_MEASURES), *RATES)


def number(value) -> str:
    return "–" if value is None else f"{value:,}"


def headline(row: dict) -> list[tuple[str, str, str, object]]:
    """(measure, label, shown, raw value) for the headline table, in reading order."""
    made, scheduled = row["visits_rota_made"], row["visits_scheduled"]
    people = row["detainees_in_custody"]

    def share(key):
        part = row[key]
        return f"{part:,} ({percent(part / people)})" if people else number(part)

    lines = [
        ("volunteers", number(row["volunteers"])),
        ("visits_scheduled", number(scheduled)),
        ("visits_made", number(row["visits_made"])),
        ("completion_rate", f"{made:,} of {scheduled:,}, {percent(row['completion_rate'])}"
         if scheduled else "–"),
        ("visits_ad_hoc", number(row["visits_ad_hoc"])),
        ("visits_missed", number(row["visits_missed"])),
        ("visits_cancelled", number(row["visits_cancelled"])),
        ("visits_remote", number(row["visits_remote"])),
        ("detainees_in_custody", number(people)),
        ("detainees_interviewed", share("detainees_interviewed")),
        ("detainees_declined", share("detainees_declined")),
        ("detainees_unavailable", share("detainees_unavailable")),
        ("juveniles", number(row["juveniles"])),
        ("vulnerable_adults", number(row["vulnerable_adults"])),
        ("visits_delayed", number(row["visits_delayed"])),
        ("visits_satisfactory", f"{row['visits_satisfactory']:,} of {row['visits_made']:,}"),
        ("actions_opened", number(row["actions_opened"])),
        ("actions_answered", number(row["actions_answered"])),
        ("actions_overdue", number(row["actions_overdue"])),
    ]  # fmt: skip
    return [(key, LABELS[key], shown, row[key]) for key, shown in lines]


def summary_rows(figures: Figures) -> list[dict]:
    """The total, then each piece (quarter), panel and suite: one row each, every measure."""
    rows = [{"level": "total", "period": figures.period.label, "panel": "", "suite": "",
             **_measures(figures.total)}]  # fmt: skip
    for piece, row in figures.by_piece():
        rows.append({"level": "quarter", "period": piece.label, "panel": "", "suite": "",
                     **_measures(row)})  # fmt: skip
    for panel, row in figures.by_panel():
        rows.append({"level": "panel", "period": figures.period.label, "panel": panel.name,
                     "suite": "", **_measures(row)})  # fmt: skip
    for suite, row in figures.by_suite():
        rows.append({"level": "suite", "period": figures.period.label, "panel": suite.panel_name,
                     "suite": suite.name, **_measures(row)})  # fmt: skip
    return rows


def breakdown_rows(figures: Figures) -> list[dict]:
    """One row per period piece x panel x suite (each suite belongs to one panel)."""
    return [
        {"period": piece.label, "from": piece.starts_on.isoformat(),
         "to": piece.ends_on.isoformat(), "panel": suite.panel_name, "suite": suite.name,
         **_measures(row)}
        for piece, suite, row in figures.cube()
    ]  # fmt: skip


def heat_rows(cells: dict) -> list[dict]:
    return [
        {"weekday": WEEKDAYS[day], "time_band": band,
         "visits": cells.get((day, band), {}).get("visits", 0),
         "people_in_custody": cells.get((day, band), {}).get("people", 0)}
        for day in range(7) for band in BAND_ORDER
    ]  # fmt: skip


def year_rows(years) -> list[dict]:
    return [{"financial_year": piece.label, **_measures(row)} for piece, row in years]


def _measures(row: dict) -> dict:
    return {key: row[key] for key in MEASURES}


@dataclass(frozen=True)
class Column:
    """A column of a table on the page: its heading, the row's key, and how a value is shown."""

    heading: str
    key: str
    shown: Callable[[object], str] = number
    numeric: bool = True


SCHEDULED = Column("Scheduled", "visits_scheduled")
MADE = Column("Made", "visits_made")
COMPLETION = Column("Completion", "completion_rate", percent)
IN_CUSTODY = Column("In custody", "detainees_in_custody")
OUTCOMES = (Column("Interviewed", "detainees_interviewed"),
            Column("Declined", "detainees_declined"),
            Column("Unavailable", "detainees_unavailable"))  # fmt: skip
INTERVIEWED_SHARE = Column("Interviewed %", "interview_rate", percent)

PIECE_COLUMNS = (SCHEDULED, MADE, COMPLETION, IN_CUSTODY, *OUTCOMES, INTERVIEWED_SHARE)
PANEL_COLUMNS = (Column("Volunteers", "volunteers"), SCHEDULED, MADE, COMPLETION, IN_CUSTODY,
                 INTERVIEWED_SHARE)  # fmt: skip
YEAR_COLUMNS = PANEL_COLUMNS
SUITE_COLUMNS = (Column("Panel", "panel_name", str, numeric=False), SCHEDULED, MADE,
                 Column("Cancelled", "visits_cancelled"), IN_CUSTODY, *OUTCOMES)  # fmt: skip
REASON_COLUMNS = (Column("People", "n"), Column("Share of unavailable", "share", percent))
ISSUE_KEYS = ("allegations", "issues_raised_with_staff", "detainee_follow_ups", "visits_delayed",
              "visits_follow_up", "visits_refused_entry", "actions_opened", "actions_answered",
              "actions_closed", "actions_overdue")  # fmt: skip
PERSON_COLUMNS = (Column("In custody", "in_custody"), Column("Offered a visit", "offered"),
                  Column("Interviewed", "interviewed"))  # fmt: skip
# Visits to people held under the Terrorism Act: counts only (their answers are in the reports).
TACT_COLUMNS = (Column("Visits", "tact_visits"), Column("People held", "tact_detainees"),
                Column("Interviewed", "tact_interviewed"))  # fmt: skip
HEAT_COLUMNS = (*(Column(BAND_LABELS[band], band) for band in BAND_ORDER),
                Column("All day", "all"))  # fmt: skip


def grid(first: str, columns: Iterable[Column], rows, nowrap: bool = False) -> dict:
    """govukTable's head and rows: (label, row) pairs become the row's header cell, then a
    cell for each column; a row that is None had no data."""
    columns = tuple(columns)
    head = [{"text": first}, *({"text": c.heading, "format": _format(c)} for c in columns)]
    body = []
    for label, row in rows:
        header = {"text": label, "classes": "app-nowrap" if nowrap else None}
        if row is None:
            body.append([header, {"text": "no data", "colspan": len(columns)}])
        else:
            body.append([header, *({"text": c.shown(row[c.key]), "format": _format(c)}
                                   for c in columns)])  # fmt: skip
    return {"head": head, "rows": body}


def _format(column: Column) -> str | None:
    return "numeric" if column.numeric else None


def page_grids(figures: Figures, heat: dict, years, piece_name: str) -> dict[str, dict]:
    """Every table of the figures page but the action timings, as govukTable parameters."""
    total = figures.total
    unavailable = total["detainees_unavailable"]

    def share(n):
        return n / unavailable if unavailable else None

    reasons = [(label, {"n": total[key], "share": share(total[key])})
               for key, label in REASON_MEASURES.items()]  # fmt: skip
    heat_rows = []
    for day, name in enumerate(WEEKDAYS):
        counts = {band: heat.get((day, band), {}).get("visits", 0) for band in BAND_ORDER}
        heat_rows.append((name, {**counts, "all": sum(counts.values())}))
    return {
        "headline": headline_grid(total),
        "pieces": grid(piece_name.capitalize(), PIECE_COLUMNS,
                       [(piece.label, row) for piece, row in figures.by_piece()], nowrap=True),
        "panels": grid("Panel", PANEL_COLUMNS,
                       [(panel.name, row) for panel, row in figures.by_panel()]),
        "suites": grid("Suite", SUITE_COLUMNS,
                       [(suite.name, {**row, "panel_name": suite.panel_name})
                        for suite, row in figures.by_suite()]),
        "reasons": grid("Reason", REASON_COLUMNS, reasons),
        "issues": grid("Issue", [Column("Number", "n")],
                       [(LABELS[key], {"n": total[key]}) for key in ISSUE_KEYS]),
        "concerns": grid("Item", [Column("Visits", "n")],
                         [(label, {"n": total[key]}) for key, label in CONCERN_MEASURES.items()]),
        **person_grids(total),
        "tact": grid(piece_name.capitalize(), TACT_COLUMNS,
                     [(piece.label, row) for piece, row in figures.by_piece()]
                     + [("Total", total)], nowrap=True),
        "heat": grid("Day", HEAT_COLUMNS, heat_rows),
        "years": grid("Year", YEAR_COLUMNS, [(piece.label, row) for piece, row in years],
                      nowrap=True),
    }  # fmt: skip


def person_grids(total: dict) -> dict[str, dict]:
    """Format 2's breakdowns, exact (the page is for signed-in readers; published outputs
    suppress small counts: people.py)."""
    shaped = person_breakdowns(total)

    def coded(key):
        return [(CODE_LABELS[key][code], cell) for code, cell in shaped[key].items()]

    recorded = [
        (f"{BREAKDOWN_LABELS[key]}: {label}", {"n": n})
        for key in ("appropriate_adult", "interpreter")
        for label, n in coded(key)
    ]
    recorded += [
        (label, {"n": shaped[key]})
        for key, label in BREAKDOWN_LABELS.items()
        if not isinstance(shaped[key], dict)
    ]
    concerns = [(label, {"n": n}) for label, n in coded("custody_record_concerns")]
    return {
        "by_sex": grid("Sex", PERSON_COLUMNS, coded("by_sex")),
        "by_age_band": grid("Age", PERSON_COLUMNS, coded("by_age_band")),
        "recorded": grid("Recorded", [Column("People", "n")], recorded),
        "custody_records": grid("Check", [Column("People", "n")], concerns),
    }  # fmt: skip


def shown_count(value) -> str:
    """A count as published (people.py): a number, "<5", "[c]", or blank where not asked."""
    return value if isinstance(value, str) else "" if value is None else f"{value:,}"


PUBLISHED_PEOPLE_COLUMNS = (Column("People", "people", shown_count),
                            Column("Offered a visit", "offered", shown_count),
                            Column("Interviewed", "interviewed", shown_count))  # fmt: skip


def published_people_grid(rows: list[dict]) -> dict:
    """people.published_rows as a table (the panel meeting pack)."""
    return grid("Recorded", PUBLISHED_PEOPLE_COLUMNS, [(row["label"], row) for row in rows])


def headline_grid(total: dict) -> dict:
    """The headline as a table; each figure carries its measure and raw value for scripts."""
    rows = [
        [{"text": label}, {"text": shown, "format": "numeric",
                           "attributes": {"data-measure": key, "data-value": _raw(value)}}]
        for key, label, shown, value in headline(total)
    ]  # fmt: skip
    return {"head": [{"text": "Measure"}, {"text": "Figure", "format": "numeric"}], "rows": rows}


def _raw(value) -> object:
    return "" if value is None else value


def hours_shown(value: float) -> str:
    return f"{value:,.1f}"


HOURS_COLUMNS = tuple(Column(label, key, hours_shown)
                      for key, label in HOURS_LABELS.items())  # fmt: skip


def hours_grids(given: HoursGiven, piece_name: str, named: bool) -> dict[str, dict]:
    """The hours volunteers gave: by piece with the total, by panel, and with `named` by
    volunteer (name and panel)."""
    pieces = [(piece.label, row) for piece, row in given.by_piece()]
    grids = {
        "pieces": grid(piece_name.capitalize(), HOURS_COLUMNS,
                       [*pieces, ("Total", given.total)], nowrap=True),
        "panels": grid("Panel", HOURS_COLUMNS,
                       [(name, row) for _id, name, row in given.by_panel()]),
    }  # fmt: skip
    if named:
        volunteers = [(name, {**row, "panel": panel})
                      for _id, name, panel, row in given.by_volunteer()]  # fmt: skip
        columns = (Column("Panel", "panel", str, numeric=False), *HOURS_COLUMNS)
        grids["volunteers"] = grid("Volunteer", columns, volunteers)
    return grids
