"""Structured logs: one JSON line per request on stderr, with a request id.

Each line has time, level, request_id, method, path, status, duration_ms and user_id.
Never logged: query strings, bodies, headers, and the value of any URL part that is a
secret (a link's token), so passwords, tokens and custody numbers stay out of the logs.
An incoming X-Request-ID (from a proxy) is kept if it looks sane; otherwise one is made.
Every response carries the id back in X-Request-ID.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import uuid
from datetime import UTC, datetime

from flask import Flask, g, request

REQUEST_ID_HEADER = "X-Request-ID"
_SANE_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
_SECRET_ARG = re.compile(r"token|secret|key|password", re.IGNORECASE)
PACKAGE_LOGGER = "icv"
request_logger = logging.getLogger("icv.request")


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object; request fields come from the record's `fields`."""

    def format(self, record: logging.LogRecord) -> str:
        line = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
        }
        fields = getattr(record, "fields", None)
        if fields:
            line.update(fields)
        else:
            line["message"] = record.getMessage()
            if g_request_id := _current_request_id():
                line["request_id"] = g_request_id
        if record.exc_info:
            line["error"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


def _current_request_id() -> str | None:
    try:
        return g.get("request_id")
    except RuntimeError:  # outside a request or app context
        return None


def start_request() -> None:
    incoming = request.headers.get(REQUEST_ID_HEADER, "")
    g.request_id = incoming if _SANE_ID.fullmatch(incoming) else uuid.uuid4().hex
    g.request_started = time.perf_counter()


def logged_path() -> str:
    """The path with any secret URL part (e.g. a link's token) replaced by its name."""
    path = request.path
    for name, value in (request.view_args or {}).items():
        if _SECRET_ARG.search(name) and str(value):
            path = path.replace(str(value), f"<{name}>")
    return path


def finish_request(response):
    request_id = g.get("request_id") or uuid.uuid4().hex
    response.headers[REQUEST_ID_HEADER] = request_id
    started = g.get("request_started")
    user = g.get("_login_user")  # only if this request loaded one: logging adds no query
    fields = {
        "request_id": request_id,
        "method": request.method,
        "path": logged_path(),
        "status": response.status_code,
        "duration_ms": round((time.perf_counter() - started) * 1000, 1) if started else None,
        "user_id": getattr(user, "id", None),
    }
    request_logger.info("request", extra={"fields": fields})
    return response


def configure_logging(level: int = logging.INFO) -> None:
    """JSON lines on stderr for everything under the `icv` logger (once per process)."""
    logger = logging.getLogger(PACKAGE_LOGGER)
    if not any(getattr(h, "icv_json", False) for h in logger.handlers):
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.icv_json = True
        logger.addHandler(handler)
    logger.setLevel(level)


def configure(app: Flask) -> None:
    if app.config.get("LOG_REQUESTS", True):
        configure_logging()
    app.before_request(start_request)
    app.after_request(finish_request)
