"""Signing in, lockout, sessions, passwords and API tokens."""

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from argon2 import extract_parameters as argon2_parameters
from werkzeug.middleware.proxy_fix import ProxyFix

from icv.auth import accounts
from icv.auth.accounts import hash_password, issue_token
from icv.extensions import db
from icv.models import Role, utcnow
from tests.conftest import PASSWORD, extract_csrf, post_form, sign_in
from tests.statements import statements


def test_sign_in_with_correct_password_goes_home(client, make_user):
    user = make_user(Role.VOLUNTEER)
    response = sign_in(client, user)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert f"Hello, {user.name}" in client.get("/").get_data(as_text=True)


def test_wrong_password_shows_error_without_revealing_which_part_was_wrong(client, make_user):
    user = make_user(Role.VOLUNTEER)
    wrong = sign_in(client, user, "not-the-password").get_data(as_text=True)
    unknown = sign_in(client, "nobody@example.org").get_data(as_text=True)
    message = "Enter a correct email address and password"
    assert message in wrong and message in unknown
    assert "govuk-error-summary" in wrong
    assert user.email in wrong  # what was typed is kept


def test_pages_need_sign_in(client):
    response = client.get("/manage/suites")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in?next=/manage/suites")


def _from_address(app, address: str):
    """A client behind the one trusted proxy (ICV_PROXY_FIX=1) that says it is `address`."""
    client = app.test_client()
    client.environ_base["HTTP_X_FORWARDED_FOR"] = address
    return client


@pytest.fixture
def behind_proxy(app, monkeypatch):
    """The app behind one proxy, as ICV_PROXY_FIX=1 sets it up; the delays it asks for."""
    monkeypatch.setattr(app, "wsgi_app", ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1))
    monkeypatch.setitem(app.config, "LOCKOUT_DELAY_SECONDS", 0.5)
    delays: list[float] = []
    monkeypatch.setattr("icv.auth.throttle.time.sleep", delays.append)
    return delays


def test_a_stranger_cannot_lock_anyone_out(app, make_user, behind_proxy):
    coordinator = make_user(Role.COORDINATOR)  # staff, with two-factor sign-in
    stranger = _from_address(app, "203.0.113.9")
    bodies = [
        sign_in(stranger, coordinator, "wrong-password!").get_data(as_text=True) for _ in range(10)
    ]
    threshold = app.config["LOCKOUT_THRESHOLD"]
    assert all("Enter a correct email address and password" in b for b in bodies[:threshold])
    assert all(
        "Too many failed attempts to sign in from this device" in b for b in bodies[threshold:]
    )
    # Each failure from the address waited longer than the last; refusals do not wait.
    assert behind_proxy == [0.5, 1.0, 1.5, 2.0]
    refused = sign_in(stranger, coordinator).get_data(as_text=True)  # even the right one
    assert "Too many failed attempts" in refused

    their_own = _from_address(app, "198.51.100.7")
    assert sign_in(their_own, coordinator).headers["Location"] == "/"  # signed in at once
    assert behind_proxy == [0.5, 1.0, 1.5, 2.0]


def test_refusal_is_the_same_for_every_email_and_checks_no_password(
    app, make_user, behind_proxy, monkeypatch
):
    user = make_user(Role.ADMIN)
    hashes_checked = []
    matches = accounts.password_matches

    def counting_matches(*args):
        hashes_checked.append(args)
        return matches(*args)

    monkeypatch.setattr(accounts, "password_matches", counting_matches)

    def refused_answer(email: str) -> tuple[int, str]:
        client = _from_address(app, "203.0.113.9")
        for _ in range(app.config["LOCKOUT_THRESHOLD"]):
            sign_in(client, email, "wrong-password!")
        hashes_checked.clear()
        response = sign_in(client, email, "wrong-password!")
        assert hashes_checked == []  # no hash verified: no time to tell known from unknown
        page = response.get_data(as_text=True).replace(email, "EMAIL")
        # What differs between any two answers: the CSP nonce and the form's CSRF token.
        return response.status_code, re.sub(r"nonce(-|=\")[\w-]+|value=\"[\w.-]{40,}\"", "", page)

    assert refused_answer(user.email) == refused_answer("nobody@example.org")


def test_wrong_codes_pause_only_for_whoever_has_the_password(app, make_user):
    user = make_user(Role.ADMIN, locked_until=utcnow() + timedelta(minutes=10))
    wrong = sign_in(app.test_client(), user, "wrong-password!").get_data(as_text=True)
    assert "Enter a correct email address and password" in wrong
    assert "Too many failed attempts" in sign_in(app.test_client(), user).get_data(as_text=True)


def test_session_is_replaced_on_sign_in(client, make_user):
    user = make_user(Role.VOLUNTEER)
    with client.session_transaction() as planted:
        planted["planted"] = "attacker value"
    sign_in(client, user)
    with client.session_transaction() as after:
        assert "_user_id" in after
        assert "planted" not in after


def test_sign_out_needs_post_with_csrf(client, make_user):
    user = make_user(Role.VOLUNTEER)
    sign_in(client, user)
    assert client.post("/sign-out").status_code in {302, 400}
    assert client.get("/").status_code == 200  # a forged POST without a token did nothing
    token = extract_csrf(client.get("/").get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})
    assert client.get("/").status_code == 302


def test_change_password_signs_out_other_sessions(app, client, make_user):
    user = make_user(Role.VOLUNTEER)
    other = app.test_client()
    sign_in(client, user)
    sign_in(other, user)
    token = {"Authorization": f"Bearer {issue_token(user, 'phone')}"}
    assert "API tokens" in client.get("/account/password").get_data(as_text=True)
    response = post_form(
        client,
        "/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "a-brand-new-password",
            "confirm_password": "a-brand-new-password",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other.get("/").status_code == 302
    assert app.test_client().get("/", headers=token).status_code == 401
    client.get("/")
    assert sign_in(app.test_client(), user, "a-brand-new-password").status_code == 302


def test_change_password_errors_are_specific(client, make_user):
    user = make_user(Role.VOLUNTEER)
    sign_in(client, user)
    body = post_form(
        client,
        "/account/password",
        {"current_password": "wrong", "new_password": "short", "confirm_password": "other"},
    ).get_data(as_text=True)
    assert "New password must be 10 characters or more" in body
    assert "Passwords must match" in body


def test_bearer_token_authenticates_and_records_last_use(app, client, make_user):
    user = make_user(Role.ADMIN)
    token = issue_token(user, "test")
    assert client.get("/manage/suites").status_code == 302
    response = client.get("/manage/suites", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    db.session.refresh(user.api_tokens[0])
    assert user.api_tokens[0].last_used_at is not None
    assert user.api_tokens[0].token_hash != token


def test_token_use_is_recorded_at_most_once_a_minute(client, make_user):
    user = make_user(Role.ADMIN)
    headers = {"Authorization": f"Bearer {issue_token(user, 'phone')}"}
    api_token = user.api_tokens[0]

    def used_at(seconds_ago: int) -> datetime:
        """Mark the token used that long ago, use it once, and read back what was kept."""
        api_token.last_used_at = utcnow() - timedelta(seconds=seconds_ago)
        db.session.commit()
        assert client.get("/manage/suites", headers=headers).status_code == 200
        db.session.refresh(api_token)
        kept = api_token.last_used_at
        return kept if kept.tzinfo else kept.replace(tzinfo=UTC)  # SQLite: naive UTC

    assert utcnow() - used_at(30) > timedelta(seconds=25)  # 30 s ago: left as it was
    assert utcnow() - used_at(120) < timedelta(seconds=5)  # 2 minutes ago: now


def test_recording_a_tokens_use_costs_one_update_and_no_reads(client, make_user):
    user = make_user(Role.ADMIN)
    headers = {"Authorization": f"Bearer {issue_token(user, 'phone')}"}

    def sent(last_used_at) -> list[str]:
        user.api_tokens[0].last_used_at = last_used_at
        db.session.commit()
        with statements() as seen:
            assert client.get("/manage/suites", headers=headers).status_code == 200
        return seen

    quiet, recorded = sent(utcnow()), sent(None)
    # The one write; committing the request's session instead made it read the user again.
    assert len(recorded) == len(quiet) + 1
    assert [text.split(" SET ")[0] for text in recorded if text not in quiet] == [
        "UPDATE api_tokens"
    ]


def test_a_page_asked_for_before_signing_in_and_answered_after_keeps_the_sign_in(client, make_user):
    """The service worker warms its pages while the phone signs in: an answer to a request
    sent with the signed-out cookie must not set that cookie again after the sign-in's."""
    user = make_user(Role.VOLUNTEER)
    token = extract_csrf(client.get("/sign-in").get_data(as_text=True))
    signed_out = client.get_cookie("session").value
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD, "csrf_token": token})
    signed_in = client.get_cookie("session").value
    client.set_cookie("session", signed_out)  # the warming request, sent before the sign-in
    late_answer = client.get("/visits/")
    assert late_answer.status_code == 302
    assert "Set-Cookie" not in late_answer.headers
    client.set_cookie("session", signed_in)  # so the phone keeps the sign-in's cookie
    assert client.get("/visits/").status_code == 200


def test_revoked_or_wrong_token_is_refused(client, make_user):
    from icv.auth.accounts import revoke_token

    user = make_user(Role.ADMIN)
    token = issue_token(user)
    revoke_token(user.api_tokens[0])
    for value in (token, "icv_not-a-token"):
        response = client.get("/manage/suites", headers={"Authorization": f"Bearer {value}"})
        assert response.status_code == 401  # not a sign-in page: a program sent the token
        assert response.get_json()["error"] == "unauthorized"


def test_deactivated_user_cannot_sign_in(client, make_user):
    user = make_user(Role.VOLUNTEER, is_enabled=False)
    body = sign_in(client, user).get_data(as_text=True)
    assert "Enter a correct email address and password" in body


def test_sign_in_is_rate_limited(app, client, make_user):
    app.config["SIGN_IN_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [sign_in(client, "x@example.org", "wrong").status_code for _ in range(5)]
    finally:
        app.config["SIGN_IN_RATE_LIMIT"] = "1000 per minute"
    assert 429 in statuses


def test_session_cookie_is_httponly_and_samesite(client, make_user):
    user = make_user(Role.VOLUNTEER)
    response = sign_in(client, user)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_healthz_needs_no_sign_in(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}


def test_passwords_are_hashed_with_argon2id_at_full_cost():
    stored = hash_password("correct-horse-battery")
    assert stored.startswith("$argon2id$")
    used = argon2_parameters(stored)
    assert used.memory_cost >= 65536 and used.time_cost >= 3  # not the tests' cheap hash


def _idle_for(client, minutes: float) -> None:
    """As if the session's last request were that long ago."""
    with client.session_transaction() as saved:
        saved["last_seen"] = int(time.time() - minutes * 60)


def test_staff_are_signed_out_after_being_idle_and_volunteers_are_not(app, make_user, monkeypatch):
    coordinator, volunteer = make_user(Role.COORDINATOR), make_user(Role.VOLUNTEER)
    staff, phone = app.test_client(), app.test_client()
    sign_in(staff, coordinator)
    sign_in(phone, volunteer)
    assert staff.get("/").status_code == 200
    _idle_for(staff, 29)
    assert staff.get("/").status_code == 200  # still active: and the clock starts again
    _idle_for(staff, 31)
    response = staff.get("/visits/")
    assert response.headers["Location"] == "/sign-in?next=/visits/"
    page = staff.get(response.headers["Location"]).get_data(as_text=True)
    assert "signed out after 30 minutes without activity" in page
    assert staff.get("/").status_code == 302  # the session is gone, not just this answer

    _idle_for(phone, 24 * 60)  # a volunteer's phone, a day later
    assert phone.get("/").status_code == 200

    monkeypatch.setitem(app.config, "STAFF_IDLE_MINUTES", 5)  # a setting
    api = app.test_client()
    sign_in(api, coordinator)
    _idle_for(api, 6)
    answer = api.get("/api/v1/reference")
    assert answer.status_code == 401
    assert "5 minutes without activity" in answer.get_json()["message"]
