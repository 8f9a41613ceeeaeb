"""Password reset by email to a real local SMTP server: single use, 30 minutes, no enumeration."""

import re
import time
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller

from icv.auth.accounts import issue_token
from icv.auth.reset import reset_token
from icv.models import Role
from tests.admin.smtp import Inbox, _free_port, text
from tests.conftest import PASSWORD, extract_csrf, post_form, sign_in

NEW = {"new_password": "a-fresh-new-password", "confirm_password": "a-fresh-new-password"}


def _wait_for_link(inbox, to: str, seconds: float = 10) -> str:
    """The emailed reset link's path (the email is sent from a background thread)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for message in inbox.messages:
            if message["To"] == to:
                match = re.search(r"https?://\S+/reset-password/\S+", text(message))
                assert match, text(message)
                return urlsplit(match.group(0)).path
        time.sleep(0.05)
    raise AssertionError(f"no email to {to}")


def _ask_for_link(client, email):
    return post_form(client, "/forgotten-password", {"email": email})


def test_sign_in_page_offers_a_reset(client):
    page = client.get("/sign-in").get_data(as_text=True)
    assert 'href="/forgotten-password"' in page and "Forgotten your password?" in page


def test_an_emailed_link_sets_a_new_password_once(app, client, make_user, inbox):
    user = make_user(Role.VOLUNTEER, email="asha@example.org")
    response = _ask_for_link(client, "Asha@Example.org")
    assert response.status_code == 200
    assert "Check your email" in response.get_data(as_text=True)
    path = _wait_for_link(inbox, "asha@example.org")
    [email] = inbox.messages
    assert "Reset your" in email["Subject"] and "expires in 30 minutes" in text(email)

    page = client.get(path).get_data(as_text=True)
    assert "Choose a new password" in page and "asha@example.org" in page
    assert "API tokens" in page  # it says they end
    token = {"Authorization": f"Bearer {issue_token(user, 'laptop')}"}
    response = post_form(client, path, NEW)
    assert app.test_client().get("/", headers=token).status_code == 401
    assert response.headers["Location"] == "/sign-in"
    assert "Your password has been changed" in client.get("/sign-in").get_data(as_text=True)
    assert sign_in(app.test_client(), user, "a-fresh-new-password").status_code == 302
    wrong = sign_in(app.test_client(), user, PASSWORD).get_data(as_text=True)
    assert "Enter a correct email address and password" in wrong

    again = client.get(path)
    assert again.status_code == 400
    assert "This link has already been used" in again.get_data(as_text=True)


def test_the_answer_is_the_same_whether_or_not_the_account_exists(app, make_user, inbox):
    make_user(Role.VOLUNTEER, email="asha@example.org")

    def answer(email):
        response = _ask_for_link(app.test_client(), email)
        body = response.get_data(as_text=True).replace(email, "EMAIL")
        body = re.sub(r"nonce-[^'\"]+|nonce=\"[^\"]+\"", "NONCE", body)
        headers = sorted(name for name, _ in response.headers if name != "Content-Length")
        return response.status_code, headers, body

    assert answer("asha@example.org") == answer("nobody@example.org")
    _wait_for_link(inbox, "asha@example.org")
    assert [m["To"] for m in inbox.messages] == ["asha@example.org"]


class SlowInbox(Inbox):
    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        import asyncio

        await asyncio.sleep(2)
        return await super().handle_DATA(server, session, envelope)


@pytest.fixture
def slow_inbox(app):
    handler = SlowInbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved = {key: app.config[key] for key in ("MAIL_ENABLED", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield handler
    app.config.update(saved)
    controller.stop()


def test_the_answer_does_not_wait_for_the_mail_server(client, make_user, slow_inbox):
    """Timing would tell who has an account if the page waited for the email to go."""
    make_user(Role.VOLUNTEER, email="asha@example.org")
    response = _ask_for_link(client, "asha@example.org")
    assert response.status_code == 200
    assert slow_inbox.messages == []  # answered while the mail server was still busy
    _wait_for_link(slow_inbox, "asha@example.org")


def test_no_email_for_unknown_or_deactivated_accounts(client, make_user, inbox):
    make_user(Role.VOLUNTEER, email="gone@example.org", is_enabled=False)
    for email in ("gone@example.org", "nobody@example.org"):
        assert _ask_for_link(client, email).status_code == 200
    time.sleep(0.5)
    assert inbox.messages == []


def test_a_link_stops_working_after_30_minutes(client, make_user, monkeypatch):
    user = make_user(Role.VOLUNTEER)
    thirty_one_minutes_ago = time.time() - 31 * 60
    with monkeypatch.context() as patched:
        patched.setattr("itsdangerous.timed.time.time", lambda: thirty_one_minutes_ago)
        token = reset_token(user)
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "This link has expired" in body and 'href="/forgotten-password"' in body
    assert client.get(f"/reset-password/{reset_token(user)}").status_code == 200


@pytest.mark.parametrize("token", ["nonsense", "eyJ1c2VyIjoxfQ.tampered.signature"])
def test_a_broken_link_says_so(client, token):
    response = client.get(f"/reset-password/{token}")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


def test_an_invitation_link_is_no_use_as_a_reset_link(client, make_user):
    from icv.auth.invitations import invitation_token

    user = make_user(Role.VOLUNTEER)
    assert client.get(f"/reset-password/{invitation_token(user)}").status_code == 400


def test_a_reset_signs_out_other_sessions_and_lifts_a_pause(app, client, make_user):
    user = make_user(Role.VOLUNTEER)
    elsewhere = app.test_client()
    sign_in(elsewhere, user)
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        sign_in(client, user, "wrong-password!")
    assert "Too many failed attempts" in sign_in(client, user).get_data(as_text=True)
    path = f"/reset-password/{reset_token(user)}"
    assert post_form(client, path, NEW).status_code == 302
    assert elsewhere.get("/").status_code == 302  # signed out
    assert sign_in(client, user, NEW["new_password"]).headers["Location"] == "/"


def test_staff_still_give_a_code_after_a_reset(client, make_user):
    admin = make_user(Role.ADMIN)
    post_form(client, f"/reset-password/{reset_token(admin)}", NEW)
    token = extract_csrf(client.get("/sign-in").get_data(as_text=True))
    data = {"email": admin.email, "password": NEW["new_password"], "csrf_token": token}
    assert client.post("/sign-in", data=data).headers["Location"] == "/sign-in/code"


def test_the_new_password_must_follow_the_rules(client, make_user):
    user = make_user(Role.VOLUNTEER)
    path = f"/reset-password/{reset_token(user)}"
    body = post_form(client, path, {"new_password": "short", "confirm_password": "other"})
    html = body.get_data(as_text=True)
    assert "New password must be 10 characters or more" in html and "Passwords must match" in html
    assert client.get(path).status_code == 200  # a failed attempt does not spend the link
