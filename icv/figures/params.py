"""Reading what figures were asked for (period, panel, suite) and whose they may be.

Shared by the page, the exports and the API, so all three answer the same question the same
way. Errors are messages by parameter name; scope checks go through icv.policy (404 for a
panel or suite the user may not see).
"""

from __future__ import annotations

from flask import abort

from icv import policy
from icv.figures.periods import PeriodError, parse_period, parse_range, parse_year
from icv.figures.queries import Scope
from icv.models import User

GROUPS = ("quarter", "panel", "suite", "month")


def read_id(args, name: str, errors: dict) -> int | None:
    text = (args.get(name) or "").strip()
    if not text:
        return None
    if not text.isdigit():
        errors[name] = [f"Give {name} as a number, like 12"]
        return None
    return int(text)


def read_year(args, errors: dict, name: str = "year"):
    try:
        return parse_year(args.get(name))
    except PeriodError as error:
        errors[name] = [str(error)]
        return None


def read_period(args, errors: dict, name: str = "period"):
    try:
        return parse_period(args.get(name))
    except PeriodError as error:
        errors[name] = [str(error)]
        return None


def read_range(args, errors: dict):
    try:
        return parse_range(args.get("from"), args.get("to"))
    except PeriodError as error:
        errors[error.field] = [str(error)]
        return None


def read_group(args, errors: dict) -> str:
    group = (args.get("group_by") or "quarter").strip()
    if group not in GROUPS:
        errors["group_by"] = ["Group by quarter, panel, suite or month"]
    return group


def scope_for(user: User, panel_id: int | None = None, suite_id: int | None = None) -> Scope:
    """What the user asked for, within what they may see (404 beyond it)."""
    allowed = policy.figures_panel_ids(user)
    panels = None if allowed is None else frozenset(allowed)
    if panel_id is not None:
        panels = frozenset({policy.figures_panel_or_404(user, panel_id).id})
    if suite_id is not None:
        suite = policy.figures_suite_or_404(user, suite_id)
        if panels is not None and suite.panel_id not in panels:
            abort(404)  # a suite of another panel than the one asked for
    return Scope(panel_ids=panels, suite_id=suite_id)
