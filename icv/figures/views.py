"""The figures page and its downloads: parse what was asked, compute, render."""

from __future__ import annotations

import re

from flask import Response, current_app, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from markupsafe import Markup

from icv import policy
from icv.audit import record
from icv.dates import scheme_today
from icv.figures import bp, exports, page

QUERY = ("year", "quarter", "panel", "suite")  # what a download link repeats from the page
# One capture (split() keeps it); a quarter is "Q1" in English, "Ch1" in Welsh.
PERIOD_LABEL = re.compile(r"(\b\d{4}-\d{2}(?: (?:Q|Ch)[1-4])?\b)")
UNBROKEN = Markup('<span class="app-nowrap">{}</span>')


@bp.app_template_filter("unbroken_periods")
def unbroken_periods(text: str) -> Markup:
    """Keep "2019-20 Q1" (or "2019-20 Ch1") on one line: a phone would otherwise break it
    after the hyphen."""
    pieces = PERIOD_LABEL.split(str(text))
    return Markup("").join(UNBROKEN.format(p) if i % 2 else p for i, p in enumerate(pieces))


@bp.route("/")
@policy.roles_required(*policy.FIGURES_READERS)
def index():
    today = scheme_today()
    form, choice = page.choose(current_user, request.args, today)
    tables = {name: gettext(label) for name, label in exports.TABLES.items()}
    context = {"form": form, "choice": choice, "title": gettext("Figures"), "tables": tables}
    if choice is not None:
        context |= page.content(choice, today, policy.sees_volunteer_hours(current_user))
        context["title"] = gettext("Figures for %(period)s", period=context["period_label"])
        context["query"] = {key: form[key].data for key in QUERY if form[key].data}
        if "actions.index" in current_app.view_functions:
            context["actions_url"] = url_for("actions.index")
    return render_template("figures/index.html", **context)


def _chosen():
    """The page's choice for a download; None sends the user back to the page's errors."""
    _form, choice = page.choose(current_user, request.args, scheme_today())
    return choice


@bp.route("/export.csv")
@policy.roles_required(*policy.FIGURES_READERS)
def export_csv():
    choice = _chosen()
    name = request.args.get("table", "summary")
    if choice is None or name not in exports.TABLES:
        return redirect(url_for("figures.index", **request.args))
    named = policy.sees_volunteer_hours(current_user)
    table = exports.build(name, choice.period, choice.scope, named=named)
    record("exported", "figures", name, f"CSV {choice.period.label}", commit=True)
    # Flask adds "; charset=utf-8" to a text/ type itself.
    csv = exports.to_csv(table)
    return _download(csv, exports.filename(choice.period, name, "csv"), "text/csv")


@bp.route("/export.xlsx")
@policy.roles_required(*policy.FIGURES_READERS)
def export_xlsx():
    choice = _chosen()
    if choice is None:
        return redirect(url_for("figures.index", **request.args))
    named = policy.sees_volunteer_hours(current_user)
    content = exports.to_xlsx(choice.period, choice.scope, named)
    record("exported", "figures", "all", f"XLSX {choice.period.label}", commit=True)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(content, exports.filename(choice.period, "all", "xlsx"), kind)


def _download(content, name: str, mimetype: str) -> Response:
    response = Response(content, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
