"""Request-wide protections: CSRF (skipped for bearer tokens), security headers, CSP nonces."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import (
    Flask,
    flash,
    g,
    has_request_context,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.json.provider import DefaultJSONProvider
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DataError

from icv.api_errors import api_error
from icv.auth.session import bearer_token, end_idle_staff_session
from icv.extensions import csrf, db
from icv.language import N_
from icv.links import local_path_or_home

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


INVALID_BEARER = N_("The API token is not valid: it may have been revoked. Sign in again.")


def check_csrf():
    """CSRF is skipped only for a request a valid API token authenticated: a browser never
    sends one by itself, so it cannot be forged cross-site. A request with an invalid token is
    refused whatever cookies come with it (the cookie must not sign it in without a check)."""
    if bearer_token(request) is not None:
        if current_user.is_authenticated:  # the token's user: the session cookie is ignored
            return None
        return api_error(401, gettext(INVALID_BEARER))
    csrf.protect()


def _referring_page() -> str:
    """The page of this site the request came from (the Referer of another site is ignored)."""
    referrer = urlsplit(request.referrer or "")
    if referrer.scheme not in {"http", "https"} or referrer.netloc != request.host:
        return url_for("main.home")
    return local_path_or_home(referrer._replace(scheme="", netloc="").geturl())


def csrf_failed(error):
    if request.path.startswith("/api/"):
        return api_error(400, error.description, error="csrf_failed")
    flash(gettext("Your form had expired. Check your answers and submit again."), "error")
    return redirect(_referring_page())


OUT_OF_RANGE = N_(
    "A number in the request is out of range: ids and counts must be below 2,147,483,648"
)


def value_out_of_range(error):
    """The database refused a value (an id beyond PostgreSQL's integer, or beyond the 64 bits
    the SQLite driver can pass): bad input, not a 500, whichever database is behind the app.
    """
    db.session.rollback()
    message = gettext(OUT_OF_RANGE)
    if request.path.startswith("/api/"):
        return api_error(422, message, {"": [message]})
    return render_template(
        "errors/error.html", heading=gettext("Check your answers"), message=message
    ), 400


class DepthSafeJSONProvider(DefaultJSONProvider):
    """JSON too deeply nested for the parser (RecursionError: a 500 and a traceback) is
    invalid JSON like any other, so `request.get_json` refuses it with the usual answer."""

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("The JSON is nested too deeply") from error


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
    app.json = DepthSafeJSONProvider(app)
    app.before_request(check_csrf)
    app.before_request(end_idle_staff_session)
    app.register_error_handler(CSRFError, csrf_failed)
    app.register_error_handler(DataError, value_out_of_range)  # PostgreSQL
    app.register_error_handler(OverflowError, value_out_of_range)  # the sqlite3 driver
    app.after_request(set_security_headers)
    app.context_processor(lambda: {"cspNonce": csp_nonce()})
