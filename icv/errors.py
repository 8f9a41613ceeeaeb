"""The one shape of an API error answer: {"error": code, "message": sentence, "errors": {...}}."""

from __future__ import annotations

from flask import jsonify


def api_error(status: int, code: str, message: str, errors: dict | None = None):
    """A JSON error answer: a stable code for programs, a sentence for people, field errors."""
    body = {"error": code, "message": message}
    if errors:
        body["errors"] = errors
    return jsonify(body), status
