"""The phone sends a claim here (multipart: the answers and the receipt photo), once per uuid."""

from __future__ import annotations

from uuid import UUID

from flask import abort, jsonify, request
from flask_login import current_user

from icv import policy
from icv.api_errors import api_error, invalid
from icv.auth.limits import report_uploads
from icv.dates import iso
from icv.expenses import api_bp, claims, receipts
from icv.extensions import db

report_uploads(api_bp)  # claims sent (PUT) are rate-limited per user, as reports are
# The photo, the answers and the multipart wrapping around them.
SLACK_BYTES = 64 * 1024


@api_bp.errorhandler(413)
def too_large(error):
    return api_error(413, receipts.too_large_message(), {"receipt": [receipts.too_large_message()]})


@api_bp.put("/expense-claims/<uuid:claim_uuid>")
@policy.roles_required(*policy.EXPENSE_CLAIMERS)
def put_claim(claim_uuid: UUID):
    limit = receipts.max_bytes() + SLACK_BYTES
    if (request.content_length or 0) > limit:
        abort(413)
    request.max_content_length = limit  # also caps a body sent without a length
    got = claims.receive_claim(
        str(claim_uuid), request.form, request.files.get("receipt"), current_user
    )
    if got.status == claims.INVALID:
        return invalid(got.errors)
    if got.status == claims.CONFLICT:
        return api_error(409, got.message)
    db.session.commit()
    claim = got.claim
    return jsonify(
        uuid=claim.uuid,
        id=claim.id,
        status=claim.status,
        amount_pence=claim.amount_pence,
        received_at=iso(claim.created_at),
    ), got.status
