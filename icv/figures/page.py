"""What the figures page shows: the chosen period and scope, and everything computed for it."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext

from icv import policy
from icv.figures import action_timing as timing
from icv.figures import charts, params, tables
from icv.figures.aggregate import figures_for, heat_map, open_actions, year_on_year
from icv.figures.forms import WHOLE_YEAR, picker
from icv.figures.hours import hours_given
from icv.figures.localtime import BAND_ORDER, weekday_name
from icv.figures.measures import REASON_MEASURES, measure_label
from icv.figures.periods import Period, financial_year, quarter, shown_label
from icv.figures.queries import Scope
from icv.figures.tact_copies import copies_grid
from icv.language import N_
from icv.models import WEEKDAYS, User

OUTCOMES = [("detainees_interviewed", N_("Interviewed")), ("detainees_declined", N_("Declined")),
            ("detainees_unavailable", N_("Unavailable"))]  # fmt: skip
HEAT_BANDS = [N_("Morning"), N_("Afternoon"), N_("Evening"), N_("Night")]  # BAND_ORDER's


@dataclass
class Choice:
    period: Period
    scope: Scope
    label: str  # "All panels", a panel's or a suite's name
    split_by: str = "quarter"  # a year is broken down by quarter, a quarter by month


def choose(user: User, args, today):
    """(form, Choice or None). Panel or suite ids beyond the user's are 404, like the API."""
    asked, _ = params.PAGE_SCOPE.read(args)
    panel_id, suite_id = asked["panel"], asked["suite"]
    if panel_id is not None:
        policy.figures_panel_or_404(user, panel_id)
    if suite_id is not None:
        policy.figures_suite_or_404(user, suite_id)
    form = picker(user, args, today)
    if not form.validate():
        return form, None
    start = int(form.year.data)
    period, split_by = financial_year(start), "quarter"
    if form.quarter.data != WHOLE_YEAR:
        period, split_by = quarter(start, int(form.quarter.data[1])), "month"
    panel_id = int(form.panel.data) if form.panel.data else None
    suite_id = int(form.suite.data) if form.suite.data else None
    scope = params.scope_for(user, panel_id, suite_id)
    label = _label(form, panel_id, suite_id)
    return form, Choice(period, scope, label, split_by)


def _label(form, panel_id, suite_id) -> str:
    def label_of(field, value) -> str:
        return next(choice.label for choice in field.choices if choice.value == str(value))

    if suite_id is not None:
        return label_of(form.suite, suite_id)
    if panel_id is not None:
        return label_of(form.panel, panel_id)
    if len(form.panel.choices) == 2:  # a coordinator of one panel: "all" is that panel
        return form.panel.choices[1].label
    return gettext("All panels")


def content(choice: Choice, today, named: bool = False) -> dict:
    """Everything the page shows; `named`: hours given volunteer by volunteer too."""
    split_by = choice.split_by
    figures = figures_for(choice.period, choice.scope, split_by=split_by, detail=True, today=today)
    total = figures.total
    heat = heat_map(choice.period, choice.scope)
    years = year_on_year(choice.period, choice.scope, known=figures)
    years = [(piece, row if has_data(row) else None) for piece, row in years]
    pieces = figures.by_piece()
    return {
        "piece_name": split_by,
        "period_label": shown_label(choice.period.label),
        "number": tables.number,
        "grids": tables.page_grids(figures, heat, years, split_by),
        "open_actions": open_actions(choice.scope, today),
        "timings": action_timings(choice),
        "travel_minutes": current_app.config["VISIT_TRAVEL_MINUTES"],
        "hours": tables.hours_grids(
            hours_given(choice.period, choice.scope, split_by=split_by), split_by, named
        ),
        "tact_copies": copies_grid(figures, split_by),  # TACT reports' copies (icv.tact)
        "charts": _charts(choice, total, pieces, heat, years),
    }


def has_data(row: dict) -> bool:
    """Whether any visit was scheduled or made: a year before the scheme used icv has none,
    and its figures are unknown, not nought."""
    return bool(row["visits_scheduled"] or row["visits_made"])


def action_timings(choice: Choice) -> dict:
    """Days to police response and to closing for the actions raised in the period, in scope."""
    return timing.tables(timing.timings_in(choice.period, choice.scope))


def _charts(choice, total, pieces, heat, years) -> dict:
    where = f"{choice.label}, {shown_label(choice.period.label)}"
    outcome_rows = tables.pieces(pieces)
    reason_rows = [(measure_label(key), {"n": total[key]}) for key in REASON_MEASURES]
    grid = [(weekday_name(i, "abbreviated"),
             [heat.get((i, band), {}).get("visits", 0) for band in BAND_ORDER])
            for i in range(len(WEEKDAYS))]  # fmt: skip
    outcomes = [(key, gettext(name)) for key, name in OUTCOMES]
    return {
        "outcomes": charts.bars(
            "chart-outcomes", gettext("People in custody by outcome, %(where)s", where=where),
            outcome_rows, outcomes,
            gettext("Stacked bars: interviewed, declined and unavailable for each part of the "
                    "period. The numbers are in the table that follows."),
        ),
        "reasons": charts.bars(
            "chart-reasons", gettext("Why people were unavailable, %(where)s", where=where),
            reason_rows, [("n", gettext("People"))],
            gettext("One bar per reason. The numbers are in the table that follows."),
        ),
        "heat": charts.heat_map(
            "chart-heat",
            gettext("Visits by day of week and time of day, %(where)s", where=where), grid,
            [gettext(band) for band in HEAT_BANDS],
            gettext("A grid of days by time bands; darker cells had more visits. "
                    "The numbers are in the table that follows."),
        ),
        "years": charts.bars(
            "chart-years",
            gettext("Visits made by financial year, %(where)s", where=choice.label),
            tables.pieces(years), [("visits_made", gettext("Visits made"))],
            gettext("One bar per financial year. The numbers are in the table that follows."),
        ),
    }  # fmt: skip
