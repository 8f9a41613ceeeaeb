"""What figures may be asked for (period, panel, suite), and whose they may be.

The API's parameters are declared here (icv.api_params: read, 422 messages and OpenAPI from
one declaration); the page reads its panel and suite the same way. Scope checks go through
icv.policy (404 for a panel or suite the user may not see).
"""

from __future__ import annotations

from flask import abort
from flask_babel import lazy_gettext as _l

from icv import policy
from icv.api_params import Param, Params, day, one_of, whole_number
from icv.figures.periods import PeriodError, date_range, parse_year
from icv.figures.queries import Scope
from icv.models import User

GROUPS = ("quarter", "panel", "suite", "month")


def _period(values: dict, errors: dict) -> None:
    """The days from and to as a Period (into values["period"]), or why not."""
    if values["from"] is None or values["to"] is None:
        return
    try:
        values["period"] = date_range(values["from"], values["to"])
    except PeriodError as error:
        errors[error.field] = [str(error)]


SCOPE = (whole_number("panel_id", "Only this panel"), whole_number("suite_id", "Only this suite"))
ANNUAL = Params(
    Param("year", "Financial year, April to March, like 2019-20",
          {"type": "string", "pattern": r"^\d{4}[-/]\d{2}$"}, parse_year, required=True),
    *SCOPE,
)  # fmt: skip
GROUPED = Params(
    day("from", "First day, inclusive", required=True),
    day("to", "Last day, inclusive", required=True),
    one_of("group_by", "How to break the totals down", GROUPS, default="quarter",
           message=_l("Group by quarter, panel, suite or month")),
    *SCOPE,
    checks=(_period,),
)  # fmt: skip
# The page's own names; what they cannot read, its form explains.
PAGE_SCOPE = Params(
    whole_number("panel", "Only this panel"), whole_number("suite", "Only this suite")
)


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
