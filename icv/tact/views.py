"""The coordinator's page that records a Reviewer's copy as sent."""

from __future__ import annotations

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from icv import policy
from icv.dates import scheme_date, scheme_today, start_of_day, utcnow
from icv.tact import bp
from icv.tact.copies import Sending, record_sent
from icv.tact.forms import SentForm
from icv.visits.reports import find_report


@bp.route("/<uuid:report_uuid>/reviewer-copy/sent", methods=["GET", "POST"])
@policy.roles_required(*policy.REVIEWER_COPY_HANDLERS)
def record_as_sent(report_uuid):
    report = find_report(str(report_uuid))
    copy = policy.reviewer_copy_or_404(current_user, report)
    form = SentForm(received_on=scheme_date(report.received_at))
    if form.validate_on_submit():
        record_sent(copy, Sending(form.how.data, _moment(form.sent_on.data)), current_user)
        flash(f"Reviewer's copy {copy.reference} recorded as sent.", "success")
        return redirect(url_for("visits.show", report_uuid=report.uuid, _anchor="reviewer-copy"))
    return render_template(
        "tact/sent.html",
        title=f"Record the Reviewer's copy as sent: {copy.reference}",
        form=form,
        copy=copy,
        report=report,
    ), 400 if form.errors else 200


def _moment(sent_on) -> datetime:
    """Today's sending is now; an earlier day's is kept as that day (the time is unknown)."""
    return utcnow() if sent_on == scheme_today() else start_of_day(sent_on)
