"""Two-factor sign-in: codes, enrolment, recovery codes, who must use it, lockout, reset."""

import re
import time

import pyotp
import pytest

from icv.auth.accounts import issue_token
from icv.extensions import db
from icv.models import Role
from tests.conftest import (
    PASSWORD,
    TOTP_SECRET,
    extract_csrf,
    post_form,
    setup_key_on_page,
    sign_in,
    totp_code_for,
)


def _password_step(client, user, password=PASSWORD, next_url=""):
    token = extract_csrf(client.get("/sign-in").get_data(as_text=True))
    data = {"email": user.email, "password": password, "csrf_token": token}
    return client.post("/sign-in" + next_url, data=data)


def _sign_out(client):
    token = extract_csrf(client.get("/").get_data(as_text=True))
    client.post("/sign-out", data={"csrf_token": token})


def _signed_in(client) -> bool:
    with client.session_transaction() as session:
        return "_user_id" in session


def _enrol(client) -> list[str]:
    """Set up the authenticator on the set-up page; the recovery codes shown."""
    key = setup_key_on_page(client.get("/two-factor/set-up").get_data(as_text=True))
    response = post_form(client, "/two-factor/set-up", {"code": pyotp.TOTP(key).now()})
    assert response.status_code == 200
    return re.findall(r"<code>([a-z0-9-]{19})</code>", response.get_data(as_text=True))


@pytest.mark.parametrize("role", [Role.ADMIN, Role.COORDINATOR, Role.ANALYST])
def test_staff_give_a_code_after_the_password_before_they_are_signed_in(client, make_user, role):
    user = make_user(role)
    response = _password_step(client, user, next_url="?next=/account/")
    assert response.headers["Location"] == "/sign-in/code"
    assert not _signed_in(client)
    assert client.get("/").headers["Location"] == "/sign-in/code"  # not signed in yet
    page = client.get("/sign-in/code").get_data(as_text=True)
    assert "Enter the code from your authenticator app" in page
    response = post_form(client, "/sign-in/code", {"code": totp_code_for(user.email)})
    assert response.headers["Location"] == "/account/"  # where they were going
    assert _signed_in(client)
    assert client.get("/").status_code == 200


def _fetched_at_once(client, path: str) -> str:
    """Two GETs sent with the same cookie, as the phone's page and its service worker (warming
    its copies) do after signing in; the second answer's cookie arrives last and is kept.
    The first page, which the person sees and whose form they send."""
    cookie = client.get_cookie("session").value
    page = client.get(path).get_data(as_text=True)
    client.set_cookie("session", cookie)
    client.get(path)
    return page


def test_pages_fetched_at_once_after_the_password_step_share_one_form_token(client, make_user):
    user = make_user(Role.ADMIN)
    _password_step(client, user, next_url="?next=/account/")
    token = extract_csrf(_fetched_at_once(client, "/sign-in/code"))
    response = client.post(
        "/sign-in/code", data={"code": totp_code_for(user.email), "csrf_token": token}
    )
    assert response.headers["Location"] == "/account/"  # not "your form had expired"
    assert _signed_in(client)


def test_pages_fetched_at_once_after_signing_in_share_one_form_token(client, make_user):
    sign_in(client, make_user(Role.VOLUNTEER))
    token = extract_csrf(_fetched_at_once(client, "/account/"))
    response = client.post("/sign-out", data={"csrf_token": token})
    assert response.headers["Location"] == "/sign-in?cleared=1"
    assert not _signed_in(client)


def test_set_up_pages_fetched_at_once_offer_the_key_the_code_is_checked_against(client, make_user):
    user = make_user(Role.COORDINATOR, totp_secret=None, totp_enabled_at=None)
    _password_step(client, user)
    page = _fetched_at_once(client, "/two-factor/set-up")
    key = re.search(r'id="setup-key">([A-Z2-7 ]+)<', page).group(1).replace(" ", "")
    data = {"code": pyotp.TOTP(key).now(), "csrf_token": extract_csrf(page)}

    response = client.post("/two-factor/set-up", data=data)

    assert "Save your recovery codes" in response.get_data(as_text=True)
    assert _signed_in(client)


def test_a_wrong_code_is_refused_and_keeps_them_signed_out(client, make_user):
    user = make_user(Role.ADMIN)
    _password_step(client, user)
    response = post_form(client, "/sign-in/code", {"code": "000000"})
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in body and "The code is not correct" in body
    assert not _signed_in(client)


def test_the_same_code_cannot_be_used_twice(client, make_user):
    user = make_user(Role.COORDINATOR)
    code = pyotp.TOTP(TOTP_SECRET).now()
    _password_step(client, user)
    assert post_form(client, "/sign-in/code", {"code": code}).status_code == 302
    _sign_out(client)
    _password_step(client, user)
    body = post_form(client, "/sign-in/code", {"code": code}).get_data(as_text=True)
    assert "it has been used already" in body
    assert not _signed_in(client)


def test_staff_without_an_authenticator_must_set_one_up_before_anything_else(client, make_user):
    user = make_user(Role.COORDINATOR, totp_secret=None, totp_enabled_at=None)
    response = _password_step(client, user)
    assert response.headers["Location"] == "/two-factor/set-up"
    for path in ("/", "/manage/panels", "/account/", "/account/two-factor"):
        assert client.get(path).headers["Location"] == "/two-factor/set-up", path
    page = client.get("/two-factor/set-up").get_data(as_text=True)
    assert "Your role lets you see information about many people" in page
    assert "otpauth://totp/" in page and "secret=" in page
    wrong = post_form(client, "/two-factor/set-up", {"code": "123456"})
    assert "The code is not correct" in wrong.get_data(as_text=True)
    assert not _signed_in(client)

    codes = _enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert _signed_in(client)
    assert client.get("/manage/panels").status_code == 200
    db.session.refresh(user)
    assert user.totp_enabled_at is not None
    stored = {row.code_hash for row in user.recovery_codes}
    assert len(stored) == 10 and not stored & set(codes)  # only hashes are kept


def test_a_recovery_code_signs_in_once(client, make_user):
    user = make_user(Role.ANALYST, totp_secret=None, totp_enabled_at=None)
    _password_step(client, user)
    codes = _enrol(client)
    _sign_out(client)

    _password_step(client, user)
    response = post_form(client, "/sign-in/code", {"code": codes[3].upper()})
    assert response.status_code == 302 and _signed_in(client)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "You have 9 unused recovery codes" in page
    _sign_out(client)

    _password_step(client, user)
    body = post_form(client, "/sign-in/code", {"code": codes[3]}).get_data(as_text=True)
    assert "it has been used already" in body and not _signed_in(client)


def test_volunteers_sign_in_with_a_password_and_may_turn_two_factor_on_and_off(client, make_user):
    volunteer = make_user(Role.VOLUNTEER)
    assert sign_in(client, volunteer).headers["Location"] == "/"
    assert "Two-factor sign-in is <strong>off</strong>" in client.get(
        "/account/two-factor"
    ).get_data(as_text=True)
    page = client.get("/two-factor/set-up").get_data(as_text=True)
    assert "someone who learns your password still cannot sign in" in page
    assert len(_enrol(client)) == 10
    _sign_out(client)

    assert _password_step(client, volunteer).headers["Location"] == "/sign-in/code"
    post_form(client, "/sign-in/code", {"code": totp_code_for(volunteer.email)})
    assert _signed_in(client)

    refused = post_form(client, "/account/two-factor/turn-off", {"password": "wrong-password"})
    assert refused.status_code == 400
    assert "Your password is not correct" in refused.get_data(as_text=True)
    response = post_form(client, "/account/two-factor/turn-off", {"password": PASSWORD})
    assert response.status_code == 302
    _sign_out(client)
    assert _password_step(client, volunteer).headers["Location"] == "/"


def test_staff_cannot_turn_two_factor_off(client, make_user):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    page = client.get("/account/two-factor").get_data(as_text=True)
    assert "cannot be turned off" in page and "Turn off two-factor sign-in" not in page
    response = post_form(client, "/account/two-factor/turn-off", {"password": PASSWORD})
    assert response.status_code == 403
    db.session.refresh(admin)
    assert admin.totp_enabled_at is not None


def test_new_recovery_codes_replace_the_old_ones(client, make_user):
    user = make_user(Role.VOLUNTEER)
    sign_in(client, user)
    old_codes = _enrol(client)
    response = post_form(client, "/account/two-factor/recovery-codes", {"password": PASSWORD})
    new_codes = re.findall(r"<code>([a-z0-9-]{19})</code>", response.get_data(as_text=True))
    assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
    _sign_out(client)
    _password_step(client, user)
    assert "The code is not correct" in post_form(
        client, "/sign-in/code", {"code": old_codes[0]}
    ).get_data(as_text=True)
    assert post_form(client, "/sign-in/code", {"code": new_codes[0]}).status_code == 302


def test_repeated_wrong_codes_pause_the_account(app, client, make_user):
    user = make_user(Role.ADMIN)
    _password_step(client, user)
    for _ in range(app.config["LOCKOUT_THRESHOLD"]):
        body = post_form(client, "/sign-in/code", {"code": "111111"}).get_data(as_text=True)
    assert "Too many failed attempts" in body
    # The half-finished sign-in is dropped, and the password alone is refused while paused.
    assert client.get("/sign-in/code").headers["Location"] == "/sign-in"
    assert "Too many failed attempts" in _password_step(client, user).get_data(as_text=True)


def test_retyping_the_password_does_not_reset_the_count_of_wrong_codes(app, client, make_user):
    user = make_user(Role.ADMIN)
    threshold = app.config["LOCKOUT_THRESHOLD"]
    for _ in range(threshold - 1):
        _password_step(client, user)
        post_form(client, "/sign-in/code", {"code": "222222"})
    _password_step(client, user)
    body = post_form(client, "/sign-in/code", {"code": "222222"}).get_data(as_text=True)
    assert "Too many failed attempts" in body


def test_the_half_finished_sign_in_expires_after_ten_minutes(client, make_user, monkeypatch):
    user = make_user(Role.ADMIN)
    eleven_minutes_ago = time.time() - 11 * 60
    with monkeypatch.context() as patched:
        patched.setattr("itsdangerous.timed.time.time", lambda: eleven_minutes_ago)
        _password_step(client, user)
    response = client.get("/sign-in/code")
    assert response.headers["Location"] == "/sign-in"
    assert "Your sign-in timed out" in client.get("/sign-in").get_data(as_text=True)


def test_bearer_tokens_need_no_second_factor(client, make_user):
    admin = make_user(Role.ADMIN)
    token = issue_token(admin, "script")
    response = client.get("/manage/suites", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200


def test_staff_signed_in_without_a_second_factor_are_sent_to_set_it_up(client, make_user):
    """E.g. a volunteer made coordinator while signed in: pages and the API wait for set-up."""
    user = make_user(Role.VOLUNTEER)
    sign_in(client, user)
    user.role = Role.COORDINATOR
    db.session.commit()
    assert client.get("/").headers["Location"] == "/two-factor/set-up"
    api = client.get("/api/v1/session")
    assert api.status_code == 403 and api.json["error"] == "two_factor_setup_required"
    _enrol(client)
    assert client.get("/").status_code == 200


def test_staff_given_an_invitation_set_up_two_factor_after_choosing_a_password(
    client, make_user, app_ctx
):
    from icv.auth.invitations import invitation_token

    analyst = make_user(Role.ANALYST, password_hash=None, totp_secret=None, totp_enabled_at=None)
    path = f"/set-password/{invitation_token(analyst)}"
    answers = {"new_password": "my-own-new-password", "confirm_password": "my-own-new-password"}
    response = post_form(client, path, answers)
    assert response.headers["Location"] == "/two-factor/set-up"
    assert not _signed_in(client)
    _enrol(client)
    assert _signed_in(client)


def test_an_admin_resets_two_factor_for_someone_who_lost_their_phone(app, client, make_user):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin)
    result = app.test_cli_runner().invoke(args=["users", "reset-2fa", admin.email])
    assert result.exit_code == 0, result.output
    assert "reset" in result.output
    assert client.get("/").headers["Location"].startswith("/sign-in")  # signed out everywhere
    assert _password_step(client, admin).headers["Location"] == "/two-factor/set-up"
    missing = app.test_cli_runner().invoke(args=["users", "reset-2fa", "nobody@example.org"])
    assert missing.exit_code != 0 and "There is no user" in missing.output


def test_police_users_sign_in_with_two_factor_like_staff(client, make_user, make_panel, make_suite):
    suite = make_suite(make_panel("North"))
    user = make_user(Role.POLICE, police_suites=[suite], totp_secret=None, totp_enabled_at=None)
    response = _password_step(client, user)
    assert response.headers["Location"] == "/two-factor/set-up"
    for path in ("/", "/actions/", "/actions/visits"):
        assert client.get(path).headers["Location"] == "/two-factor/set-up", path
    _enrol(client)
    assert _signed_in(client)
    assert client.get("/actions/visits").status_code == 200
    assert post_form(client, "/account/two-factor/turn-off", {}).status_code == 403
