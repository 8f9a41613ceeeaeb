"""How long the police take to respond, and actions take to close, by category and suite.

Days are counted from the day the concern was raised (the visit) to the day of the police
response (a police user's own first answer when there is one), or of closing (the day the
police said it was done, when their answer gives one). Actions closed as duplicates are left
out of the time to close: their report items live on in the action they were linked into.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from statistics import mean, median

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext

from icv.actions.models import CATEGORY_LABELS, Action
from icv.dates import scheme_date
from icv.extensions import db


def timings_for(
    starts_on: date,
    ends_on: date,
    panel_ids: Iterable[int] | None = None,
    suite_id: int | None = None,
) -> dict:
    """Timings of the actions raised in a date range (every panel, these panels, one suite): for
    the figures pages and downloads, so they show the same numbers as the API and the pack."""
    query = (
        sa.select(Action)
        .where(Action.raised_on.between(starts_on, ends_on))
        # each row names its suite, and may be timed by its police answers: no query per row
        .options(so.joinedload(Action.suite), so.selectinload(Action.responses))
    )
    if panel_ids is not None:
        query = query.where(Action.panel_id.in_(sorted(panel_ids)))
    if suite_id is not None:
        query = query.where(Action.suite_id == suite_id)
    return timing_summary(list(db.session.scalars(query)))


def timings_in(period, scope) -> dict:
    """timings_for a figures Period (starts_on, ends_on) and Scope (panel_ids, suite_id)."""
    return timings_for(period.starts_on, period.ends_on, scope.panel_ids, scope.suite_id)


def timing_summary(actions: list[Action]) -> dict:
    """{"time_to_response": {...}, "time_to_close": {...}}, each overall, by category, by suite."""
    return {
        "time_to_response": _summarise(actions, days_to_response),
        "time_to_close": _summarise(actions, days_to_close),
    }


def days_to_response(action: Action) -> int | None:
    """From the police's own first answer in the app or API when there is one (their clock,
    not a date typed in later); otherwise from the response the coordinator recorded."""
    if action.responses:
        return (scheme_date(action.responses[0].at) - action.raised_on).days
    if action.police_response_on is None:
        return None
    return (action.police_response_on - action.raised_on).days


def days_to_close(action: Action) -> int | None:
    """To the day the police said it was done, in their latest answer that gave one (their
    own date, not the day a coordinator got round to closing it); otherwise to closing."""
    if action.closed_on is None or action.duplicate_of_id is not None:
        return None
    done = [
        answer.done_on for answer in action.responses if answer.done_on and not answer.disagrees
    ]
    closed = min(done[-1], action.closed_on) if done else action.closed_on
    return (closed - action.raised_on).days


def _summarise(actions: list[Action], measure) -> dict:
    overall, by_category, by_suite, suites = [], defaultdict(list), defaultdict(list), {}
    for action in actions:
        days = measure(action)
        if days is None:
            continue
        overall.append(days)
        by_category[action.category].append(days)
        by_suite[action.suite_id].append(days)
        suites[action.suite_id] = action.suite.name
    return {
        "overall": stats(overall),
        "by_category": [
            {"category": code, "label": label, **stats(by_category[code])}
            for code, label in CATEGORY_LABELS.items()
            if by_category[code]
        ],
        "by_suite": [
            {"suite_id": suite_id, "suite": suites[suite_id], **stats(by_suite[suite_id])}
            for suite_id in sorted(by_suite, key=lambda key: suites[key])
        ],
    }


def stats(days: list[int]) -> dict:
    if not days:
        return {"count": 0, "mean_days": None, "median_days": None, "max_days": None}
    return {
        "count": len(days),
        "mean_days": round(mean(days), 1),
        "median_days": median(days),
        "max_days": max(days),
    }


MEASURES = ("time_to_response", "time_to_close")


def tables(timings: dict) -> dict:
    """The figures pages' and the pack's two tables: by category and by suite."""
    return {by: side_by_side(timings, by) for by in ("category", "suite")}


def side_by_side(timings: dict, by: str) -> list[dict]:
    """Rows for a table by "category" or "suite": each name's police responses and closings
    side by side, in the summary's order, then the overall row (name None)."""
    key, label = ("category", "label") if by == "category" else ("suite_id", "suite")
    rows: dict = {}
    for measure in MEASURES:
        for row in timings[measure][f"by_{by}"]:
            rows.setdefault(row[key], {"name": row[label]})[measure] = row
    empty = stats([])
    ordered = sorted(rows.values(), key=lambda row: _position(timings, by, row["name"]))
    if by == "category":  # categories' labels in the reader's language (suites are names)
        ordered = [{**row, "name": gettext(str(row["name"]))} for row in ordered]
    overall = {"name": None, **{measure: timings[measure]["overall"] for measure in MEASURES}}
    return [{**{m: empty for m in MEASURES}, **row} for row in [*ordered, overall]]


def _position(timings: dict, by: str, name: str) -> tuple:
    if by == "suite":
        return (name,)
    return (list(CATEGORY_LABELS.values()).index(name),)


def flat_rows(timings: dict) -> list[dict]:
    """One row per measure x (overall, category, suite): for CSV and XLSX downloads; names in
    the reader's language, measures and groups as data."""
    rows = []
    for measure in MEASURES:
        summary = timings[measure]
        rows.append(
            {"measure": measure, "group": "all", "name": gettext("All"), **summary["overall"]}
        )
        rows += [{"measure": measure, "group": "category", "name": gettext(str(row["label"])),
                  **_numbers(row)} for row in summary["by_category"]]  # fmt: skip
        rows += [{"measure": measure, "group": "suite", "name": row["suite"], **_numbers(row)}
                 for row in summary["by_suite"]]  # fmt: skip
    return rows


def _numbers(row: dict) -> dict:
    return {key: row[key] for key in ("count", "mean_days", "median_days", "max_days")}
