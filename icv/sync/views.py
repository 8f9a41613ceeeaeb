"""The JSON API: parse the request, call the visit-report domain, answer with JSON."""

from __future__ import annotations

from uuid import UUID

from flask import abort, jsonify, request
from flask_babel import gettext
from flask_login import current_user, login_required
from flask_wtf.csrf import generate_csrf

from icv import policy
from icv.api_errors import api_error, invalid
from icv.audit import record
from icv.auth.limits import report_uploads
from icv.extensions import db
from icv.language import N_
from icv.sync import bp
from icv.sync.openapi import openapi_document
from icv.sync.params import SINCE
from icv.sync.reference import reference_data
from icv.sync.shapes import amendment_json, report_json, summary_json
from icv.visits import amendments, reports

report_uploads(bp)  # reports sent (PUT) are rate-limited per user

NOT_JSON_MESSAGE = N_("Send the report as JSON with Content-Type: application/json")
# 500 rows with every text full is about 6 MB; anything bigger is not a report.
MAX_BODY_BYTES = 8 * 1024 * 1024


@bp.errorhandler(413)
def too_large(error):
    return api_error(413, N_("The report is too large to be a visit report (8 MB at most)."))


def _json_body():
    if (request.content_length or 0) > MAX_BODY_BYTES:
        abort(413)
    request.max_content_length = MAX_BODY_BYTES  # also caps a body sent without a length
    return request.get_json(silent=True)


@bp.put("/visit-reports/<uuid:report_uuid>")
@login_required
def put_report(report_uuid: UUID):
    body = _json_body()
    if body is None:
        return invalid({"": [gettext(NOT_JSON_MESSAGE)]})
    # The answer shows the report just stored, rows and all, which this session still holds:
    # reading them back after the commit took six queries, a fifth of a report's CPU.
    db.session().expire_on_commit = False  # this request's session only
    receipt = reports.receive_report(str(report_uuid), body, current_user)
    return _receipt_response(receipt)


def _receipt_response(receipt: reports.Receipt):
    if receipt.status in (reports.CREATED, reports.SAME):
        return jsonify(report_json(receipt.report)), receipt.status
    if receipt.status == reports.INVALID:
        return invalid(receipt.errors)
    if receipt.status == reports.FORBIDDEN:
        message = N_("You cannot file reports for this suite.")
        return api_error(403, message, receipt.errors)
    shape = report_json(receipt.report) if receipt.report else {}
    return api_error(409, receipt.message, **shape)


@bp.get("/visit-reports/<uuid:report_uuid>")
@login_required
def get_report(report_uuid: UUID):
    report = policy.require_report(current_user, reports.find_report(str(report_uuid)))
    record("viewed", "report", report.uuid, "report API", commit=True)
    return jsonify(report_json(report))


@bp.get("/visit-reports")
@login_required
def list_reports():
    since = SINCE.read_or_422(request.args)["since"]
    found = reports.reports_since(current_user, since)
    return jsonify(reports=[summary_json(report) for report in found])


@bp.post("/visit-reports/<uuid:report_uuid>/amendments")
@login_required
def amend_report(report_uuid: UUID):
    report = policy.require_report(current_user, reports.find_report(str(report_uuid)))
    body = _json_body()
    if not isinstance(body, dict):
        return invalid({"": [gettext(NOT_JSON_MESSAGE)]})
    result = amendments.amend_report(report, body, current_user)
    if result.forbidden:
        message = N_("You cannot file reports for this suite.")
        return api_error(403, message, result.errors)
    if result.errors:
        return invalid(result.errors)
    answer = {"amendment": amendment_json(result.amendment), **report_json(report)}
    return jsonify(answer), 201 if result.created else 200


@bp.get("/reference")
@login_required
def reference():
    return jsonify(reference_data(current_user))


@bp.get("/session")
@login_required
def session():
    """A fresh CSRF token for a phone coming back after days offline."""
    return jsonify(
        user_id=current_user.id,
        name=current_user.name,
        role=str(current_user.role),
        csrf_token=generate_csrf(),
    )


@bp.get("/openapi.json")
def openapi():
    return jsonify(openapi_document())
