"""Request-wide protections: CSRF (skipped for bearer tokens), security headers, CSP nonces."""

from __future__ import annotations

import secrets

from flask import (
    Flask,
    flash,
    g,
    has_request_context,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.sessions import SecureCookieSessionInterface
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError

from icv.extensions import csrf, db

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def content_security_policy(nonce: str) -> str:
    # Scripts only from this site or with this response's nonce; never inline otherwise.
    # Styles only from this site's stylesheets: no style attributes or <style> in any page.
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return g.csp_nonce


def check_csrf():
    # Bearer-token API calls carry no cookie, so they cannot be forged cross-site.
    if request.headers.get("Authorization", "").startswith("Bearer "):
        return None
    csrf.protect()


def csrf_failed(error):
    if request.path.startswith("/api/"):
        return jsonify(error="csrf_failed", message=error.description), 400
    flash("Your form had expired. Check your answers and submit again.", "error")
    return redirect(request.referrer or url_for("main.home"))


OUT_OF_RANGE = "A number in the request is out of range: ids and counts must be below 2,147,483,648"


def value_out_of_range(error):
    """The database refused a value (an id beyond PostgreSQL's integer, or beyond the 64 bits
    the SQLite driver can pass): bad input, not a 500, whichever database is behind the app.
    """
    db.session.rollback()
    if request.path.startswith("/api/"):
        return jsonify(errors={"": [OUT_OF_RANGE]}), 422
    return render_template(
        "errors/error.html", heading="Check your answers", message=OUT_OF_RANGE
    ), 400


def set_security_headers(response):
    headers = response.headers
    if response.mimetype in {"text/html", "application/json"} and not g.get("cacheable"):
        headers.setdefault("Cache-Control", "no-store")
    headers.setdefault("Content-Security-Policy", content_security_policy(csp_nonce()))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    return response


class HttpsAwareSessionInterface(SecureCookieSessionInterface):
    """The session cookie is Secure whenever the request came over HTTPS (directly, or through
    a proxy that ProxyFix trusts), not only when ICV_SESSION_COOKIE_SECURE says so: a
    deployment that forgets the setting still never sends the cookie over plain HTTP."""

    def get_cookie_secure(self, app: Flask) -> bool:
        return bool(super().get_cookie_secure(app) or (has_request_context() and request.is_secure))


def configure(app: Flask) -> None:
    app.session_interface = HttpsAwareSessionInterface()
    app.before_request(check_csrf)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(DataError, value_out_of_range)  # PostgreSQL
    app.register_error_handler(OverflowError, value_out_of_range)  # the sqlite3 driver
    app.after_request(set_security_headers)
    app.context_processor(lambda: {"cspNonce": csp_nonce()})
