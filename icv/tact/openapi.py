"""The OpenAPI description of the Reviewer's copy, merged into icv.sync.openapi's document."""

from __future__ import annotations

from icv.api_errors import error_answers
from icv.openapi_common import SECURITY


def reviewer_copy_path() -> dict:
    return {
        "parameters": [{"name": "report_uuid", "in": "path", "required": True,
                        "schema": {"type": "string", "format": "uuid"}}],
        "get": {
            "operationId": "getReviewerCopy",
            "summary": "The Independent Reviewer's copy of a report with a TACT detainee (PDF)",
            "description": "For the panel's coordinators and admins: the copy of a report with "
            "someone held under the Terrorism Act 2000 s.41, for the Independent Reviewer of "
            "Terrorism Legislation (Police Reform Act 2002 s.51(1A)). It has the scheme's name, "
            "the copy's reference, the visit, and for each person held under TACT their custody "
            "number and answers; never the other people in custody or the visitors' names and "
            "contact details. Each download is in the audit trail.",
            "security": SECURITY,
            "responses": {
                "200": {
                    "description": "The copy as a PDF document",
                    "content": {"application/pdf": {"schema": {"type": "string",
                                                               "format": "binary"}}},
                },
                **error_answers({
                    401: "Not signed in",
                    403: "Only coordinators and admins read a Reviewer's copy (or staff "
                         "signed in with a session have not set up two-factor sign-in)",
                    404: "No report of your panels has this id, or it has no TACT detainee",
                }),
            },
        }
    }  # fmt: skip
