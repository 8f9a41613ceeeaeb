"""The coordinator's pages: record a Reviewer's copy as sent; call an ad-hoc TACT visit."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.dates import day, scheme_date, scheme_today, start_of_day, utcnow
from icv.tact import ad_hoc, bp
from icv.tact.copies import Sending, record_sent
from icv.tact.forms import AdHocVisitForm, SentForm
from icv.visits.reports import find_report


@bp.route("/visits/<uuid:report_uuid>/reviewer-copy/sent", methods=["GET", "POST"])
@policy.roles_required(*policy.REVIEWER_COPY_HANDLERS)
def record_as_sent(report_uuid):
    report = find_report(str(report_uuid))
    copy = policy.reviewer_copy_or_404(current_user, report)
    form = SentForm(received_on=scheme_date(report.received_at))
    if form.validate_on_submit():
        record_sent(copy, Sending(form.how.data, _moment(form.sent_on.data)), current_user)
        flash(
            gettext("Reviewer's copy %(reference)s recorded as sent.", reference=copy.reference),
            "success",
        )
        return redirect(url_for("visits.show", report_uuid=report.uuid, _anchor="reviewer-copy"))
    return render_template(
        "tact/sent.html",
        title=gettext(
            "Record the Reviewer's copy as sent: %(reference)s", reference=copy.reference
        ),
        form=form,
        copy=copy,
        report=report,
    ), 400 if form.errors else 200


def _moment(sent_on) -> datetime:
    """Today's sending is now; an earlier day's is kept as that day (the time is unknown)."""
    return utcnow() if sent_on == scheme_today() else start_of_day(sent_on)


@bp.route("/rota/tact-visits/new", methods=["GET", "POST"])
@policy.roles_required(*policy.AD_HOC_TACT_CALLERS)
def new_ad_hoc_visit():
    suites = ad_hoc.tact_suites(current_user)
    panel_ids = sorted({suite.panel_id for suite in suites})
    volunteers = ad_hoc.trained_volunteers(panel_ids, scheme_today())
    form = AdHocVisitForm().offer(suites, volunteers, several_panels=len(panel_ids) > 1)
    if suites and form.validate_on_submit():
        suite = policy.managed_suite_or_404(current_user, int(form.suite_id.data))
        visit_on = form.visit_on.data
        pair = ad_hoc.chosen_pair(suite.panel_id, form.visitor_ids.data, visit_on)
        if pair is None:
            form.visitor_ids.errors.append(
                gettext(
                    "Select two volunteers of %(panel)s trained for TACT on %(day)s",
                    panel=suite.panel.name,
                    day=day(visit_on),
                )
            )
        else:
            visit, outcome = ad_hoc.call_visit(suite, visit_on, pair, current_user)
            if visit is not None:
                flash(gettext("Ad-hoc TACT visit to %(suite)s on %(day)s added. %(told)s "
                              "TACT-trained volunteers told.", suite=suite.name,
                              day=day(visit_on), told=outcome), "success")  # fmt: skip
                return redirect(url_for("rota.visit", visit_id=visit.id))
            form.visitor_ids.errors.extend(outcome)
    return render_template(
        "tact/ad_hoc.html", title=gettext("Call an ad-hoc TACT visit"), form=form, suites=suites
    ), 400 if form.errors else 200
