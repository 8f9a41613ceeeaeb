"""The panel meeting pack: choose a panel and a quarter, read or print it, or download it."""

from __future__ import annotations

import contextlib

import sqlalchemy as sa
from flask import Response, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from icv import policy
from icv.actions import bp
from icv.actions.forms import PackForm
from icv.actions.pack import (
    BAND_NAMES,
    PACK_MEASURES,
    RATE_MEASURES,
    build_pack,
    quarter_choices,
    shown,
    spread_rows,
)
from icv.actions.pack_export import pack_tables, to_csv, to_xlsx
from icv.audit import record
from icv.dates import scheme_today, weekday_names
from icv.extensions import db
from icv.fields import options
from icv.figures.localtime import BAND_LABELS, BAND_ORDER
from icv.figures.measures import LABELS, percent
from icv.figures.periods import PeriodError, parse_period
from icv.figures.tables import published_people_grid
from icv.visits.models import VisitReport

PACK_MAKERS = policy.roles_required(*policy.PACK_MAKERS)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/pack")
@PACK_MAKERS
def pack():
    form, chosen = _pack_form()
    if chosen is None:
        return render_template("actions/pack_choose.html", form=form)
    panel, period = chosen
    pack = build_pack(panel, period, scheme_today())
    return render_template(
        "actions/pack.html",
        form=None,
        pack=pack,
        people_grid=published_people_grid(pack.people),
        measures=PACK_MEASURES,
        rates=RATE_MEASURES,
        labels={key: shown(LABELS[key]) for key in PACK_MEASURES},
        percent=percent,
        bands=[(band, shown(BAND_NAMES[band]), shown(BAND_LABELS[band])) for band in BAND_ORDER],
        weekdays=weekday_names(),
        spread_rows=spread_rows,
        query={"panel_id": panel.id, "quarter": period.label},
    )


@bp.route("/pack.<any(csv, xlsx):kind>")
@PACK_MAKERS
def pack_export(kind: str):
    _, chosen = _pack_form()
    if chosen is None:  # show the chooser, with what was wrong
        return redirect(url_for("actions.pack", **request.args))
    panel, period = chosen
    tables = pack_tables(build_pack(panel, period, scheme_today()))
    title = gettext("Panel meeting pack: %(panel)s, %(quarter)s", panel=panel.name,
                    quarter=period.label)  # fmt: skip
    name = f"meeting-pack-{panel.id}-{period.label.replace(' ', '-')}.{kind}"
    disposition = {"Content-Disposition": f'attachment; filename="{name}"'}
    record("exported", "pack", panel.id, f"{kind.upper()} {period.label}", commit=True)
    if kind == "csv":
        return Response(to_csv(tables, title), mimetype="text/csv", headers=disposition)
    return Response(to_xlsx(tables, title), mimetype=XLSX, headers=disposition)


def _pack_form():
    """The chooser form, and (panel, quarter) once both are validly chosen.

    A panel id outside the user's panels is 404, like any guessed id.
    """
    args = MultiDict(request.args)
    panel_text = args.get("panel_id", "").strip()
    if panel_text:
        if not panel_text.isdigit():
            policy.pack_panel_or_404(current_user, None)
        policy.pack_panel_or_404(current_user, int(panel_text))
    with contextlib.suppress(PeriodError):  # accept 2019/20 Q1 ...: match the offered label
        args["quarter"] = parse_period(args.get("quarter")).label
    form = PackForm(formdata=args if args else None)
    panels = db.session.scalars(policy.pack_panels_query(current_user)).all()
    form.panel_id.choices = options(
        [("", gettext("Choose a panel")), *((p.id, p.name) for p in panels)]
    )
    quarters = quarters_offered()
    form.quarter.choices = options(
        [("", gettext("Choose a quarter")), *((q.label, q.label) for q in quarters)]
    )
    if not args:
        if len(panels) == 1:
            form.panel_id.data = str(panels[0].id)
        return form, None
    if not form.validate():
        return form, None
    panel = policy.pack_panel_or_404(current_user, int(form.panel_id.data))
    return form, (panel, next(q for q in quarters if q.label == form.quarter.data))


def quarters_offered():
    """Quarters from the first report's financial year to today's, newest first."""
    today = scheme_today()
    first = db.session.scalar(sa.select(sa.func.min(VisitReport.arrived_at)))
    years = today.year - first.year + 2 if first else 2
    return quarter_choices(today, years=min(max(years, 2), 30))
