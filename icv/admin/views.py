"""Panels and custody suites, scoped to the panels the user manages."""

import sqlalchemy.orm as so
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.admin import bp, open_periods, scheme
from icv.admin.common import chosen_panel, panel_choices, show_problem
from icv.admin.forms import SUITE_STATUSES, PanelForm, SuiteFilterForm, SuiteForm
from icv.admin.open_period_views import cancelled_sentence
from icv.dates import scheme_today
from icv.extensions import db
from icv.fields import options
from icv.models import Panel, Suite, SuiteStatus
from icv.rota.closures import cancel_while_closed

MANAGERS = policy.roles_required(*policy.MANAGERS)


@bp.route("/panels")
@MANAGERS
def panels():
    rows = db.session.scalars(policy.panels_query(current_user)).all()
    return render_template(
        "admin/panels.html", panels=rows, can_create=policy.can_create_panels(current_user)
    )


@bp.route("/panels/new", methods=["GET", "POST"])
@MANAGERS
def new_panel():
    if not policy.can_create_panels(current_user):
        abort(403)
    return _panel_form(Panel(), created=True)


@bp.route("/panels/<int:panel_id>", methods=["GET", "POST"])
@MANAGERS
def edit_panel(panel_id):
    return _panel_form(policy.managed_panel_or_404(current_user, panel_id), created=False)


def _panel_form(panel: Panel, *, created: bool):
    form = PanelForm(obj=panel)
    choosing = policy.can_choose_coordinators(current_user)
    if choosing:
        form.coordinators.choices = options((u.id, u.name) for u in scheme.coordinator_choices())
        if not form.is_submitted():
            form.coordinators.data = [str(u.id) for u in panel.coordinators]
    else:
        del form.coordinators
    if form.validate_on_submit():
        coordinators = None
        if choosing:
            ids = {int(value) for value in form.coordinators.data}
            coordinators = [u for u in scheme.coordinator_choices() if u.id in ids]
        try:
            scheme.save_panel(
                panel, name=form.name.data, area=form.area.data or "", coordinators=coordinators
            )
        except scheme.Problem as problem:
            show_problem(form, problem)
        else:
            db.session.commit()
            if created:
                flash(gettext("Panel %(name)s added.", name=panel.name), "success")
            else:
                flash(gettext("Panel %(name)s saved.", name=panel.name), "success")
            return redirect(url_for("admin.panels"))
    return render_template("admin/panel_form.html", form=form, panel=panel, created=created)


@bp.route("/suites")
@MANAGERS
def suites():
    filters = SuiteFilterForm(formdata=request.args)
    filters.panel.choices = panel_choices(current_user, placeholder=gettext("All panels"))
    filters.panel.required = False
    query = policy.suites_query(current_user)
    if filters.validate() and filters.panel.data:
        query = query.where(Suite.panel_id == int(filters.panel.data))
    rows = db.session.scalars(query.options(so.selectinload(Suite.open_periods))).all()
    today = scheme_today()
    return render_template(
        "admin/suites.html",
        suites=rows,
        filters=filters,
        statuses=dict(SUITE_STATUSES),
        open_now={suite.id: open_periods.current_period(suite, today) for suite in rows},
    )


@bp.route("/suites/new", methods=["GET", "POST"])
@MANAGERS
def new_suite():
    suite = Suite(
        cells=None, status=SuiteStatus.OPEN, target_visits_per_week=1, tact_designated=False
    )
    preset = request.args.get("panel", "")
    return _suite_form(suite, created=True, preset_panel=preset)


@bp.route("/suites/<int:suite_id>", methods=["GET", "POST"])
@MANAGERS
def edit_suite(suite_id):
    return _suite_form(policy.managed_suite_or_404(current_user, suite_id), created=False)


def _suite_form(suite: Suite, *, created: bool, preset_panel: str = ""):
    form = SuiteForm(obj=suite)
    form.panel_id.choices = panel_choices(current_user)
    if created and not form.is_submitted() and preset_panel:
        form.panel_id.data = preset_panel
    if form.validate_on_submit():
        try:
            scheme.save_suite(
                suite,
                name=form.name.data,
                address=form.address.data or "",
                panel=chosen_panel(current_user, form.panel_id.data),
                cells=form.cells.data,
                status=form.status.data,
                target_visits_per_week=form.target_visits_per_week.data,
                tact_designated=form.tact_designated.data == "yes",
            )
        except scheme.Problem as problem:
            show_problem(form, problem)
        else:
            cancelled = [] if created else cancel_while_closed(suite, scheme_today())
            db.session.commit()
            if created:
                message = gettext("Suite %(name)s added.", name=suite.name)
            else:
                message = gettext("Suite %(name)s saved.", name=suite.name)
            flash(message + cancelled_sentence(suite, cancelled), "success")
            return redirect(url_for("admin.suites"))
    return render_template(
        "admin/suite_form.html",
        form=form,
        suite=suite,
        created=created,
        periods=[] if created else _periods(suite),
    )


def _periods(suite: Suite) -> list[dict]:
    today = scheme_today()
    return [
        {"period": period, "dates": open_periods.describe(period),
         "running": open_periods.is_running(period, today)}
        for period in suite.open_periods
    ]  # fmt: skip
