"""Security headers on every response; no inline script runs without this response's nonce."""

import re

from icv.models import Role
from tests.conftest import sign_in


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get("/sign-in")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp
    script_src = re.search(r"script-src ([^;]+)", csp).group(1)
    assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
    assert re.search(r"style-src ([^;]+)", csp).group(1) == "'self'"  # no inline styles at all
    nonce = re.search(r"'nonce-([^']+)'", script_src).group(1)
    html = response.get_data(as_text=True)
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html)
    assert inline_scripts, "the GOV.UK template has one inline script; it must carry the nonce"
    assert all(f'nonce="{nonce}"' in attributes for attributes in inline_scripts)


def test_nonce_changes_on_every_response(client):
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]
    assert first != second


def test_other_security_headers(client):
    headers = client.get("/healthz").headers
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert "camera=()" in headers["Permissions-Policy"]
    assert "Strict-Transport-Security" not in headers  # only over HTTPS
    https = client.get("/healthz", base_url="https://localhost")
    assert "max-age=" in https.headers["Strict-Transport-Security"]


def test_personal_pages_are_not_stored_by_caches(client, make_user):
    sign_in(client, make_user(Role.VOLUNTEER))
    assert client.get("/").headers["Cache-Control"] == "no-store"
    assert client.get("/healthz").headers["Cache-Control"] == "no-store"


def test_an_id_too_large_for_the_database_is_bad_input_not_a_crash(client, make_user):
    from icv.auth.accounts import issue_token

    token = issue_token(make_user(Role.ADMIN))
    response = client.get(
        "/api/v1/volunteers?panel_id=7402071279197", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code in {404, 422}  # SQLite: no such panel; PostgreSQL: out of range
    if response.status_code == 422:
        assert "out of range" in response.get_json()["errors"][""][0]


def test_an_id_beyond_64_bits_is_bad_input_on_every_database(client, make_user):
    from icv.auth.accounts import issue_token

    token = issue_token(make_user(Role.ADMIN))
    response = client.get(
        f"/api/v1/volunteers?panel_id={2**70}", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code in {404, 422}


def _session_cookie(response) -> str:
    cookies = [value for value in response.headers.getlist("Set-Cookie")
               if value.startswith("session=")]  # fmt: skip
    assert cookies, "the sign-in page keeps its form's CSRF token in the session"
    return cookies[0]


def test_session_cookie_is_secure_whenever_the_request_came_over_https(app):
    """ICV_SESSION_COOKIE_SECURE is off by default (the quick start is plain HTTP), so HTTPS
    itself must make the cookie Secure: a deployment that forgets the setting stays safe."""
    assert app.config["SESSION_COOKIE_SECURE"] is False
    over_http = _session_cookie(app.test_client().get("/sign-in"))
    assert "Secure" not in over_http and "HttpOnly" in over_http
    over_https = _session_cookie(app.test_client().get("/sign-in", base_url="https://localhost"))
    assert "Secure" in over_https and "HttpOnly" in over_https


def test_session_cookie_is_secure_behind_a_tls_proxy(app):
    from icv import create_app

    behind_proxy = create_app(
        {"PROXY_FIX": 1, "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
         "SECRET_KEY": app.config["SECRET_KEY"]}
    )  # fmt: skip
    forwarded = behind_proxy.test_client().get("/sign-in", headers={"X-Forwarded-Proto": "https"})
    assert "Secure" in _session_cookie(forwarded)
    assert "Secure" not in _session_cookie(behind_proxy.test_client().get("/sign-in"))


def test_an_expired_form_goes_back_only_to_a_page_of_this_site(client, make_user):
    sign_in(client, make_user(Role.VOLUNTEER))

    def back_to(referrer: str) -> str:
        response = client.post("/sign-out", headers={"Referer": referrer})  # no CSRF token
        assert response.status_code == 302
        return response.headers["Location"]

    for elsewhere in (
        "https://evil.example/phish",
        "//evil.example/phish",
        "http://localhost.evil.example/",
        "javascript:alert(1)",
    ):
        assert back_to(elsewhere) == "/"
    assert back_to("http://localhost/account/password?x=1") == "/account/password?x=1"


def test_every_form_refuses_hidden_characters(app):
    """Each form derives from icv.form.Form, whose text fields refuse hidden characters."""
    from flask_wtf import FlaskForm

    from icv.form import Form

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    forms = {cls for cls in subclasses(FlaskForm) if cls.__module__.startswith("icv.")}
    assert len(forms) > 30
    assert [cls.__qualname__ for cls in forms if not issubclass(cls, Form)] == []
