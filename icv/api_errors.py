"""The one shape of every error the JSON API (/api/) answers, and its OpenAPI description.

    {"error": "<code>", "message": "<a sentence for people>", "errors": {"<path>": ["..."]}}

`error` is a stable code for programs, `message` says what went wrong and what to do, and
`errors` lists the problems by JSON path or parameter name ("" is the body itself; empty
when the error is about the whole request). Every handler of an /api/ error calls
api_error(); every OpenAPI operation documents its errors with error_answers().
"""

from __future__ import annotations

from flask import Response, jsonify
from flask_babel import gettext

from icv.language import N_
from icv.openapi_common import answer

CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
}
INVALID = N_("The request has problems: see errors, by JSON path or parameter.")


def api_error(
    status: int, message: str, errors: dict | None = None, *, error: str | None = None, **extra
) -> Response:
    """The JSON error answer; `extra` adds fields beside the three (a 409's stored report).
    `message` is given in the request's language (the user's setting, else Accept-Language)
    when the catalogue has it: mark a constant with N_ (icv.language) and pass it as it is."""
    message = gettext(message) if message else message
    response = jsonify(error=error or CODES[status], message=message, errors=errors or {}, **extra)
    response.status_code = status
    return response


def invalid(errors: dict) -> Response:
    """422: the request was read but breaks rules; `errors` says which, by path."""
    return api_error(422, INVALID, errors)


SCHEMA_NAME = "Error"
SCHEMA = {
    "type": "object",
    "description": "Every error answer of this API has this shape.",
    "properties": {
        "error": {"type": "string", "description": "A stable code, like " + ", ".join(
            sorted(set(CODES.values()) | {"csrf_failed", "two_factor_setup_required"}))},
        "message": {"type": "string", "description": "One sentence for people"},
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": 'JSON path of the field, or parameter name -> messages; "" is the '
            "body itself; empty when the error is about the whole request",
        },
    },
    "required": ["error", "message", "errors"],
}  # fmt: skip
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before trying again",
        "schema": {"type": "integer", "minimum": 0},
        "required": True,
    }
}


def error_answers(descriptions: dict[int, str]) -> dict:
    """OpenAPI responses for these statuses, each an Error; a 429 also has Retry-After."""
    answers = {}
    for status, description in descriptions.items():
        answers[str(status)] = answer(description, SCHEMA_NAME)
        if status == 429:
            answers[str(status)]["headers"] = RETRY_AFTER
    return answers
