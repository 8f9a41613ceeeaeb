"""Correcting a sent report on a page (online only): the same amendment as the API makes."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.extensions import db
from icv.models import Role, User
from icv.visits import bp, correction_form, vocabulary
from icv.visits.report_format import translated_person_fields

# When the date or a time cannot be read, the server's own messages about that time would
# only repeat the form's: show the form's.
FORM_COVERS = {
    "visit_date": ("arrived_at", "admitted_at", "departed_at", "not_completed_reason"),
    "admitted_at": ("not_completed_reason",),
}


@bp.route("/<uuid:report_uuid>/correct", methods=["GET", "POST"])
@policy.roles_required(*policy.REPORT_READERS)
def correct(report_uuid):
    from icv.visits import amendments, reports  # late: reports imports the actions package

    report = reports.find_report(str(report_uuid))
    report = policy.require_amendable_report(current_user, report)
    custody_numbers = policy.can_see_custody_numbers(current_user)
    current = reports.report_body(report)
    values, errors = correction_form.form_values(current), {}
    if request.method == "POST":
        values = correction_form.submitted_values(request.form)
        if request.form.get("action") == "add_rows":
            values = correction_form.with_rows_added(values, request.form.get("add_count"))
        else:
            body, form_errors = correction_form.read_form(
                values, current, custody_numbers=custody_numbers
            )
            request_body = {"reason": values.get("reason", ""), "report": body}
            result = amendments.amend_report(report, request_body, current_user)
            if not result.errors and not form_errors:
                flash(
                    gettext("Your correction has been saved. The report now reads as below."),
                    "success",
                )
                return redirect(url_for("visits.show", report_uuid=report.uuid))
            errors = _merge(form_errors, result.errors or {})
    return render_template(
        "visits/correct.html",
        title=gettext("Correct the report of the visit to %(suite)s", suite=report.suite.name),
        report=report,
        values=values,
        errors=errors,
        error_list=_error_list(errors),
        rows=correction_form.row_indexes(values),
        volunteers=_panel_volunteers(report),
        custody_numbers=custody_numbers,
        vocab=vocabulary.Translated(),
        check_codes=correction_form.CHECK_CODES,
        person_fields=translated_person_fields() if current["format_version"] >= 2 else (),
        flag_options=vocabulary.translated(correction_form.FLAG_OPTIONS),
        finding_options=vocabulary.translated(correction_form.FINDING_OPTIONS),
        person_details_open=correction_form.person_details_open,
    )


def _merge(form_errors: dict, server_errors: dict) -> dict:
    errors = {}
    for path, messages in server_errors.items():
        path = path.removeprefix("report.").removeprefix("report")
        field = correction_form.field_path(path)
        errors.setdefault(field, []).extend(m for m in messages if m not in errors.get(field, []))
    for path, covered in FORM_COVERS.items():
        if path in form_errors:
            for key in covered:
                errors.pop(key, None)
    errors.update(form_errors)
    return errors


def _error_list(errors: dict) -> list[dict]:
    """The error summary's links, in the order the fields appear on the page."""
    order = correction_form.page_order(errors)
    return [
        {"text": message, "href": "#" + correction_form.field_id(path)}
        for path in order
        for message in errors[path]
    ]


def _panel_volunteers(report) -> list[User]:
    """Who may be named as a visitor: the suite's panel's volunteers, and whoever is named."""
    named = {visitor.user_id for visitor in report.visitors}
    query = sa.select(User).where(
        sa.or_(
            sa.and_(User.role == Role.VOLUNTEER, User.panel_id == report.suite.panel_id),
            User.id.in_(named),
        )
    )
    return list(db.session.scalars(query.order_by(User.name)))
