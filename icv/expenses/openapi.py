"""The OpenAPI description of PUT /api/v1/expense-claims/<uuid>, merged into icv.sync.openapi's
document. The answers are the form's: a claim is a multipart form with its receipt photo."""

from __future__ import annotations

from icv.api_errors import error_answers
from icv.expenses.models import ClaimKind, ClaimStatus
from icv.openapi_common import DATE, SECURITY, answer, closed_object, enum, record

TEXT = {"type": "string"}


def expense_claim_paths() -> dict:
    return {
        "/expense-claims/{claim_uuid}": {
            "parameters": [{"name": "claim_uuid", "in": "path", "required": True,
                            "schema": {"type": "string", "format": "uuid"}}],
            "put": {
                "operationId": "putExpenseClaim",
                "summary": "Send an expenses claim from the phone (idempotent)",
                "description": "For volunteers. Mileage names start and end places and miles; "
                "the server computes the amount at the scheme's rate. Parking, public transport "
                "and other costs give an amount in pounds and a receipt photo (JPEG, PNG, WebP "
                "or HEIC, checked by its content; 5 MB at most by default). `visit` is the uuid "
                "of one of your own visit reports, or `meeting` with the meeting named. A second "
                "claim of the same kind for one visit is refused. Send to the claim's own "
                "uuid as often as needed: it is stored once.",
                "security": [*SECURITY, {"cookieAuth": [], "csrfToken": []}],
                "requestBody": {"required": True, "content": {"multipart/form-data": {
                    "schema": {"$ref": "#/components/schemas/ExpenseClaimForm"}}}},
                "responses": {
                    "201": answer("Stored for the first time", "StoredExpenseClaim"),
                    "200": answer("Already stored: nothing changed", "StoredExpenseClaim"),
                    **error_answers({
                        400: "The CSRF token is missing or stale (cookie sessions only)",
                        401: "Not signed in",
                        403: "Only volunteers claim expenses",
                        404: "Not a claim uuid",
                        409: "Another person's claim has this uuid",
                        413: "The receipt photo is too large",
                        422: "Something to correct; messages by form field",
                        429: "Too many claims sent in a short while",
                    }),
                },
            },
        }
    }  # fmt: skip


def expense_claim_schemas() -> dict:
    form = closed_object(
        {
            "kind": enum(ClaimKind),
            "incurred_on": {**DATE, "description": "The day of the journey or cost"},
            "visit": {**TEXT, "description": "A visit report's uuid, or `meeting`"},
            "meeting": {**TEXT, "maxLength": 200},
            "start_place": {**TEXT, "maxLength": 120, "description": "Mileage: postcode or place"},
            "end_place": {**TEXT, "maxLength": 120},
            "miles": {**TEXT, "description": "Mileage: miles to one decimal place, e.g. 12.5"},
            "amount": {**TEXT, "description": "Other costs: pounds, e.g. 4.50"},
            "description": {**TEXT, "maxLength": 500},
            "receipt": {"type": "string", "contentMediaType": "image/*",
                        "description": "The receipt photo (not for mileage)"},
        },
        ["kind", "incurred_on", "visit"],
    )  # fmt: skip
    stored = record(
        {
            "uuid": {"type": "string", "format": "uuid"},
            "id": {"type": "integer"},
            "status": enum(ClaimStatus),
            "amount_pence": {"type": "integer", "minimum": 0},
            "received_at": {"type": "string", "format": "date-time"},
        }
    )
    return {"ExpenseClaimForm": form, "StoredExpenseClaim": stored}
