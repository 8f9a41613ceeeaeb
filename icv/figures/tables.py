"""Figures as tables: the headline, and rows of breakdowns, for the page, exports and CLI.

All built from one `Figures` (aggregate.py), so a number is the same wherever it is shown.
"""

from __future__ import annotations

from icv.figures.aggregate import Figures
from icv.figures.localtime import BAND_ORDER
from icv.figures.measures import ADDITIVE, LABELS, RATES, percent
from icv.models import WEEKDAYS

MEASURES = ("volunteers", *ADDITIVE, *RATES)  # every column of a breakdown row


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
