"""GET /api/v1/visit-reports/<uuid>/reviewer-copy: the Reviewer's copy as a PDF."""

from __future__ import annotations

from uuid import UUID

from flask import Response
from flask_login import current_user

from icv import policy
from icv.audit import record
from icv.tact import api_bp
from icv.tact.copies import copy_pdf
from icv.visits.reports import find_report


@api_bp.get("/visit-reports/<uuid:report_uuid>/reviewer-copy")
@policy.roles_required(*policy.REVIEWER_COPY_HANDLERS)
def reviewer_copy(report_uuid: UUID):
    copy = policy.reviewer_copy_or_404(current_user, find_report(str(report_uuid)))
    pdf = copy_pdf(copy)
    record("exported", "reviewer_copy", copy.id, "Reviewer's copy PDF downloaded", commit=True)
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{copy.reference}.pdf"',
            "Cache-Control": "no-store",
        },
    )
