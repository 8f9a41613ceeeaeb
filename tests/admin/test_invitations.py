"""Invitations: a real SMTP server receives a single-use, 7-day set-your-password link."""

import logging
import re
import time
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from itsdangerous import URLSafeTimedSerializer

from icv.auth.invitations import invitation_token
from icv.extensions import db
from icv.mail import send_email
from icv.models import Role, User
from tests.admin.data import volunteer_answers
from tests.conftest import post_form, sign_in

NEW_PASSWORD = {"new_password": "my-own-new-password", "confirm_password": "my-own-new-password"}


def _find(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _invite_volunteer(client, make_user, make_panel) -> User:
    panel = make_panel()
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    answers = volunteer_answers(panel, access="invite")
    response = post_form(client, "/manage/volunteers/new", answers)
    assert response.status_code == 302
    return _find("asha@example.org")


def test_invitation_link_sets_the_password_once(app, client, make_user, make_panel, inbox):
    volunteer = _invite_volunteer(client, make_user, make_panel)
    assert volunteer.password_hash is None
    notice = client.get(f"/manage/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "An invitation was emailed to asha@example.org" in notice
    [email] = inbox.messages
    assert email["To"] == "asha@example.org" and "choose a password" in email["Subject"]
    path = urlsplit(inbox.last_link("asha@example.org")).path
    _, payload = URLSafeTimedSerializer("any key", salt="invite").loads_unsafe(path.split("/")[-1])
    assert payload["user"] == volunteer.id
    assert volunteer.session_token not in str(payload)  # only a digest travels by email

    newcomer = app.test_client()
    page = newcomer.get(path).get_data(as_text=True)
    assert "Choose your password" in page and "asha@example.org" in page
    response = post_form(newcomer, path, NEW_PASSWORD)
    assert response.status_code == 302
    assert "Hello, Asha Patel" in newcomer.get("/").get_data(as_text=True)  # signed in
    assert sign_in(app.test_client(), volunteer, "my-own-new-password").status_code == 302

    again = app.test_client().get(path)
    assert again.status_code == 400
    assert "This link has already been used" in again.get_data(as_text=True)


def test_password_rules_apply_on_the_invitation_page(app, client, make_user, make_panel, inbox):
    _invite_volunteer(client, make_user, make_panel)
    path = urlsplit(inbox.last_link("asha@example.org")).path
    newcomer = app.test_client()
    answers = {"new_password": "short", "confirm_password": "different"}
    html = post_form(newcomer, path, answers).get_data(as_text=True)
    assert "New password must be 10 characters or more" in html
    assert "Passwords must match" in html
    assert newcomer.get(path).status_code == 200  # a failed attempt does not spend the link


def test_an_expired_link_says_so(app, client, make_user, monkeypatch, app_ctx):
    user = make_user(Role.ANALYST, password_hash=None)
    eight_days_ago = time.time() - 8 * 24 * 3600
    with monkeypatch.context() as patched:
        patched.setattr("itsdangerous.timed.time.time", lambda: eight_days_ago)
        token = invitation_token(user)
    response = client.get(f"/set-password/{token}")
    assert response.status_code == 400
    assert "This link has expired" in response.get_data(as_text=True)
    assert "Choose your password" in client.get(f"/set-password/{invitation_token(user)}").get_data(
        as_text=True
    )


@pytest.mark.parametrize("token", ["nonsense", "eyJ1c2VyIjoxfQ.tampered.signature"])
def test_a_broken_link_says_so(client, token):
    response = client.get(f"/set-password/{token}")
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)


def test_a_deactivated_users_link_stops_working(client, make_user, app_ctx):
    user = make_user(Role.ANALYST, is_enabled=False)
    response = client.get(f"/set-password/{invitation_token(user)}")
    assert response.status_code == 400


def test_admin_invites_a_user_of_any_role(client, make_user, inbox):
    sign_in(client, make_user(Role.ADMIN))
    answers = {"name": "Ana", "email": "ana@example.org", "role": "analyst", "access": "invite"}
    assert post_form(client, "/manage/users/new", answers).status_code == 302
    assert "/set-password/" in inbox.last_link("ana@example.org")


def test_when_email_fails_the_user_is_kept_and_can_be_invited_again(
    app, client, make_user, make_panel, no_mail_server
):
    volunteer = _invite_volunteer(client, make_user, make_panel)
    assert volunteer is not None
    page = client.get(f"/manage/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "The invitation email to asha@example.org could not be sent" in page


def test_a_new_invitation_can_be_sent(client, make_user, make_panel, inbox):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel, email="vic@example.org")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    response = post_form(client, f"/manage/volunteers/{volunteer.id}/invite", {})
    assert response.status_code == 302
    assert "/set-password/" in inbox.last_link("vic@example.org")


def test_send_email_only_logs_when_mail_is_off(app, caplog, inbox):
    app.config["MAIL_ENABLED"] = False
    with app.app_context(), caplog.at_level(logging.INFO):
        send_email("someone@example.org", "Rota reminder", "Your visit is next week")
    assert inbox.messages == []
    assert "someone@example.org" in caplog.text and "Rota reminder" in caplog.text


def test_with_mail_off_an_admin_is_given_the_link_to_pass_on_once(app, client, make_user, caplog):
    """No SMTP server: nothing is emailed, so the page says so, and shows an admin the link
    (once: it is not kept, and reaches the log no more than before)."""
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    answers = {"name": "Ana", "email": "ana@example.org", "role": "analyst", "access": "invite"}
    with caplog.at_level(logging.INFO):
        response = post_form(client, "/manage/users/new", answers)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Ana was added." in page
    assert "emailed" not in page.replace("No invitation was emailed", "")
    assert "No invitation was emailed: this site has no mail server" in page
    [link] = re.findall(r"http://localhost/set-password/[\w.-]+", page)
    assert link not in caplog.text
    again = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/set-password/" not in again  # shown once
    newcomer = app.test_client()
    assert "Choose your password" in newcomer.get(link).get_data(as_text=True)

    user_id = response.headers["Location"].rsplit("/", 1)[-1]
    resent = post_form(client, f"/manage/users/{user_id}/invite", {})
    page = client.get(resent.headers["Location"]).get_data(as_text=True)
    assert "A new invitation was emailed" not in page
    assert len(re.findall(r"http://localhost/set-password/[\w.-]+", page)) == 1


def test_with_mail_off_a_coordinator_is_told_no_email_went_and_sees_no_link(
    client, make_user, make_panel
):
    volunteer = _invite_volunteer(client, make_user, make_panel)
    page = client.get(f"/manage/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "An invitation was emailed" not in page
    assert "No invitation was emailed: this site has no mail server" in page
    assert "an admin can give" in page.lower()
    assert "/set-password/" not in page
    resent = post_form(client, f"/manage/volunteers/{volunteer.id}/invite", {})
    page = client.get(resent.headers["Location"]).get_data(as_text=True)
    assert "A new invitation was emailed" not in page and "/set-password/" not in page
