"""A contingency suite's open periods, from its page in the admin area."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from icv import policy
from icv.admin import bp, open_periods
from icv.admin.common import show_problem
from icv.admin.forms import OpenPeriodForm
from icv.admin.scheme import Problem
from icv.dates import scheme_today
from icv.extensions import db
from icv.models import SuiteOpenPeriod, SuiteStatus
from icv.rota.closures import tell_pairs

MANAGERS = policy.roles_required(*policy.MANAGERS)


def _suite_page(suite) -> str:
    return url_for("admin.edit_suite", suite_id=suite.id, _anchor="open-periods")


@bp.route("/suites/<int:suite_id>/open-periods/new", methods=["GET", "POST"])
@MANAGERS
def new_open_period(suite_id):
    suite = policy.managed_suite_or_404(current_user, suite_id)
    return _period_form(suite, None)


@bp.route("/suites/<int:suite_id>/open-periods/<int:period_id>", methods=["GET", "POST"])
@MANAGERS
def edit_open_period(suite_id, period_id):
    period = policy.managed_open_period_or_404(current_user, suite_id, period_id)
    return _period_form(period.suite, period)


def _period_form(suite, period: SuiteOpenPeriod | None):
    created = period is None
    form = OpenPeriodForm(obj=period)
    if suite.status == SuiteStatus.CONTINGENCY and form.validate_on_submit():
        values = {"opens_on": form.opens_on.data, "closes_on": form.closes_on.data,
                  "note": form.note.data or ""}  # fmt: skip
        try:
            if created:
                open_periods.add_period(suite, **values)
                cancelled = []
            else:
                cancelled = open_periods.change_period(period, **values, today=scheme_today())
        except Problem as problem:
            show_problem(form, problem)
        else:
            message = gettext("Open period added.") if created else gettext("Open period saved.")
            return _saved(suite, message, cancelled)
    return render_template("admin/open_period_form.html", form=form, suite=suite, created=created)


@bp.route("/suites/<int:suite_id>/open-periods/<int:period_id>/end", methods=["POST"])
@MANAGERS
def end_open_period(suite_id, period_id):
    period = policy.managed_open_period_or_404(current_user, suite_id, period_id)
    suite = period.suite
    try:
        cancelled = open_periods.end_period(period, scheme_today())
    except Problem as problem:
        flash(problem.message, "error")
        return redirect(_suite_page(suite))
    message = gettext("Open period ended: %(suite)s's last open day is today.", suite=suite.name)
    return _saved(suite, message, cancelled)


@bp.route("/suites/<int:suite_id>/open-periods/<int:period_id>/remove", methods=["POST"])
@MANAGERS
def remove_open_period(suite_id, period_id):
    period = policy.managed_open_period_or_404(current_user, suite_id, period_id)
    suite = period.suite
    cancelled = open_periods.remove_period(period, scheme_today())
    return _saved(suite, gettext("Open period removed."), cancelled)


def _saved(suite, message: str, cancelled: list):
    db.session.commit()
    flash(message + cancelled_sentence(suite, cancelled), "success")
    return redirect(_suite_page(suite))


def cancelled_sentence(suite, cancelled: list) -> str:
    """Tell the pairs of the (committed) visits a change cancelled, and say so."""
    if not cancelled:
        return ""
    tell_pairs(cancelled)
    count = len(cancelled)
    return " " + ngettext(
        "%(num)d published visit to %(suite)s fell outside its open days: cancelled "
        "(suite closed), and its visitors were told.",
        "%(num)d published visits to %(suite)s fell outside its open days: cancelled "
        "(suite closed), and their visitors were told.",
        count,
        suite=suite.name,
    )
