"""Figures as tables: the headline, and rows of breakdowns, for the page, exports and CLI.

All built from one `Figures` (aggregate.py), so a number is the same wherever it is shown.
The page's tables are declared here column by column (`Column`, `grid`) and drawn by one
macro (templates/_tables.html).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from flask_babel import gettext

from icv.figures.aggregate import Figures
from icv.figures.hours import LABELS as HOURS_LABELS
from icv.figures.hours import HoursGiven
from icv.figures.localtime import BAND_LABELS, BAND_ORDER, weekday_name
from icv.figures.measures import (
    ADDITIVE,
    CONCERN_MEASURES,
    PERSON_MEASURES,
    RATES,
    REASON_MEASURES,
    measure_label,
    percent,
    person_breakdowns,
    shown_number,
)
from icv.figures.people import breakdown_label, code_label
from icv.figures.periods import shown_label
from icv.language import N_
from icv.models import WEEKDAYS

# Every column of a breakdown row. Format 2's counts are left out: they are published for
# totals only, suppressed (people.py), in a table of their own.
MEASURES = ("volunteers", *(key for key in ADDITIVE if key not in PERSON_MEASURES), *RATES)


# A period split by quarter or by month: the heading of its column.
PIECE_HEADINGS = {"quarter": N_("Quarter"), "month": N_("Month")}


def number(value) -> str:
    return "–" if value is None else shown_number(value)


def piece_heading(piece_name: str) -> str:
    return gettext(PIECE_HEADINGS[piece_name])


def pieces(pairs) -> list[tuple[str, object]]:
    """(period, row) pairs as (label as people read it, row)."""
    return [(shown_label(piece.label), row) for piece, row in pairs]


def headline(row: dict) -> list[tuple[str, str, str, object]]:
    """(measure, label, shown, raw value) for the headline table, in reading order."""
    made, scheduled = row["visits_rota_made"], row["visits_scheduled"]
    people = row["detainees_in_custody"]

    def share(key):
        part = row[key]
        return f"{number(part)} ({percent(part / people)})" if people else number(part)

    lines = [
        ("volunteers", number(row["volunteers"])),
        ("visits_scheduled", number(scheduled)),
        ("visits_made", number(row["visits_made"])),
        ("completion_rate", gettext("%(made)s of %(scheduled)s, %(rate)s", made=number(made),
                                    scheduled=number(scheduled),
                                    rate=percent(row["completion_rate"])) if scheduled else "–"),
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
        ("visits_satisfactory", gettext("%(part)s of %(whole)s", part=number(
            row["visits_satisfactory"]), whole=number(row["visits_made"]))),
        ("actions_opened", number(row["actions_opened"])),
        ("actions_answered", number(row["actions_answered"])),
        ("actions_overdue", number(row["actions_overdue"])),
    ]  # fmt: skip
    return [(key, measure_label(key), shown, row[key]) for key, shown in lines]


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
        {"weekday": weekday_name(day), "time_band": band,
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
    """A column of a table on the page: its heading (in English, marked N_: grid translates
    it), the row's key, and how a value is shown."""

    heading: str
    key: str
    shown: Callable[[object], str] = number
    numeric: bool = True


SCHEDULED = Column(N_("Scheduled"), "visits_scheduled")
MADE = Column(N_("Made"), "visits_made")
COMPLETION = Column(N_("Completion"), "completion_rate", percent)
IN_CUSTODY = Column(N_("In custody"), "detainees_in_custody")
OUTCOMES = (Column(N_("Interviewed"), "detainees_interviewed"),
            Column(N_("Declined"), "detainees_declined"),
            Column(N_("Unavailable"), "detainees_unavailable"))  # fmt: skip
INTERVIEWED_SHARE = Column(N_("Interviewed %"), "interview_rate", percent)

PIECE_COLUMNS = (SCHEDULED, MADE, COMPLETION, IN_CUSTODY, *OUTCOMES, INTERVIEWED_SHARE)
PANEL_COLUMNS = (Column(N_("Volunteers"), "volunteers"), SCHEDULED, MADE, COMPLETION, IN_CUSTODY,
                 INTERVIEWED_SHARE)  # fmt: skip
YEAR_COLUMNS = PANEL_COLUMNS
SUITE_COLUMNS = (Column(N_("Panel"), "panel_name", str, numeric=False), SCHEDULED, MADE,
                 Column(N_("Cancelled"), "visits_cancelled"), IN_CUSTODY, *OUTCOMES)  # fmt: skip
REASON_COLUMNS = (Column(N_("People"), "n"), Column(N_("Share of unavailable"), "share", percent))
ISSUE_KEYS = ("allegations", "issues_raised_with_staff", "detainee_follow_ups", "visits_delayed",
              "visits_follow_up", "visits_refused_entry", "actions_opened", "actions_answered",
              "actions_closed", "actions_overdue")  # fmt: skip
PERSON_COLUMNS = (Column(N_("In custody"), "in_custody"), Column(N_("Offered a visit"), "offered"),
                  Column(N_("Interviewed"), "interviewed"))  # fmt: skip
# Visits to people held under the Terrorism Act: counts only (their answers are in the reports).
TACT_COLUMNS = (Column(N_("Visits"), "tact_visits"), Column(N_("People held"), "tact_detainees"),
                Column(N_("Interviewed"), "tact_interviewed"))  # fmt: skip
HEAT_COLUMNS = (*(Column(BAND_LABELS[band], band) for band in BAND_ORDER),
                Column(N_("All day"), "all"))  # fmt: skip


def grid(first: str, columns: Iterable[Column], rows, nowrap: bool = False) -> dict:
    """govukTable's head and rows: (label, row) pairs become the row's header cell, then a
    cell for each column; a row that is None had no data. The headings (`first` and each
    column's) are translated here; the row labels are shown as given (names are data)."""
    columns = tuple(columns)
    head = [{"text": gettext(str(first))}]
    head += [{"text": gettext(str(c.heading)), "format": _format(c)} for c in columns]
    body = []
    for label, row in rows:
        header = {"text": label, "classes": "app-nowrap" if nowrap else None}
        if row is None:
            body.append([header, {"text": gettext("no data"), "colspan": len(columns)}])
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

    reasons = [(measure_label(key), {"n": total[key], "share": share(total[key])})
               for key in REASON_MEASURES]  # fmt: skip
    heat_rows = []
    for day in range(len(WEEKDAYS)):
        counts = {band: heat.get((day, band), {}).get("visits", 0) for band in BAND_ORDER}
        heat_rows.append((weekday_name(day), {**counts, "all": sum(counts.values())}))
    return {
        "headline": headline_grid(total),
        "pieces": grid(piece_heading(piece_name), PIECE_COLUMNS, pieces(figures.by_piece()),
                       nowrap=True),
        "panels": grid(N_("Panel"), PANEL_COLUMNS,
                       [(panel.name, row) for panel, row in figures.by_panel()]),
        "suites": grid(N_("Suite"), SUITE_COLUMNS,
                       [(suite.name, {**row, "panel_name": suite.panel_name})
                        for suite, row in figures.by_suite()]),
        "reasons": grid(N_("Reason"), REASON_COLUMNS, reasons),
        "issues": grid(N_("Issue"), [Column(N_("Number"), "n")],
                       [(measure_label(key), {"n": total[key]}) for key in ISSUE_KEYS]),
        "concerns": grid(N_("Item"), [Column(N_("Visits"), "n")],
                         [(measure_label(key), {"n": total[key]}) for key in CONCERN_MEASURES]),
        **person_grids(total),
        "tact": grid(piece_heading(piece_name), TACT_COLUMNS,
                     [*pieces(figures.by_piece()), (gettext("Total"), total)], nowrap=True),
        "heat": grid(N_("Day"), HEAT_COLUMNS, heat_rows),
        "years": grid(N_("Year"), YEAR_COLUMNS, pieces(years), nowrap=True),
    }  # fmt: skip


def person_grids(total: dict) -> dict[str, dict]:
    """Format 2's breakdowns, exact (the page is for signed-in readers; published outputs
    suppress small counts: people.py)."""
    shaped = person_breakdowns(total)

    def coded(key):
        return [(code_label(key, code), cell) for code, cell in shaped[key].items()]

    recorded = [
        (f"{breakdown_label(key)}: {label}", {"n": n})
        for key in ("appropriate_adult", "interpreter")
        for label, n in coded(key)
    ]
    recorded += [
        (breakdown_label(key), {"n": value})
        for key, value in shaped.items()
        if not isinstance(value, dict)
    ]
    concerns = [(label, {"n": n}) for label, n in coded("custody_record_concerns")]
    return {
        "by_sex": grid(N_("Sex"), PERSON_COLUMNS, coded("by_sex")),
        "by_age_band": grid(N_("Age"), PERSON_COLUMNS, coded("by_age_band")),
        "recorded": grid(N_("Recorded"), [Column(N_("People"), "n")], recorded),
        "custody_records": grid(N_("Check"), [Column(N_("People"), "n")], concerns),
    }  # fmt: skip


def shown_count(value) -> str:
    """A count as published (people.py): a number, "<5", "[c]", or blank where not asked."""
    return value if isinstance(value, str) else "" if value is None else shown_number(value)


PUBLISHED_PEOPLE_COLUMNS = (Column(N_("People"), "people", shown_count),
                            Column(N_("Offered a visit"), "offered", shown_count),
                            Column(N_("Interviewed"), "interviewed", shown_count))  # fmt: skip


def published_people_grid(rows: list[dict]) -> dict:
    """people.published_rows as a table (the panel meeting pack)."""
    return grid(N_("Recorded"), PUBLISHED_PEOPLE_COLUMNS, [(row["label"], row) for row in rows])


def headline_grid(total: dict) -> dict:
    """The headline as a table; each figure carries its measure and raw value for scripts."""
    rows = [
        [{"text": label}, {"text": shown, "format": "numeric",
                           "attributes": {"data-measure": key, "data-value": _raw(value)}}]
        for key, label, shown, value in headline(total)
    ]  # fmt: skip
    head = [{"text": gettext("Measure")}, {"text": gettext("Figure"), "format": "numeric"}]
    return {"head": head, "rows": rows}


def _raw(value) -> object:
    return "" if value is None else value


def hours_shown(value: float) -> str:
    return shown_number(value, 1)


HOURS_COLUMNS = tuple(Column(label, key, hours_shown)
                      for key, label in HOURS_LABELS.items())  # fmt: skip


def hours_grids(given: HoursGiven, piece_name: str, named: bool) -> dict[str, dict]:
    """The hours volunteers gave: by piece with the total, by panel, and with `named` by
    volunteer (name and panel)."""
    grids = {
        "pieces": grid(piece_heading(piece_name), HOURS_COLUMNS,
                       [*pieces(given.by_piece()), (gettext("Total"), given.total)], nowrap=True),
        "panels": grid(N_("Panel"), HOURS_COLUMNS,
                       [(name, row) for _id, name, row in given.by_panel()]),
    }  # fmt: skip
    if named:
        volunteers = [(name, {**row, "panel": panel})
                      for _id, name, panel, row in given.by_volunteer()]  # fmt: skip
        columns = (Column(N_("Panel"), "panel", str, numeric=False), *HOURS_COLUMNS)
        grids["volunteers"] = grid(N_("Volunteer"), columns, volunteers)
    return grids
