"""Admins manage users of every role, and their API tokens."""

import sqlalchemy as sa

from icv.auth.accounts import issue_token
from icv.extensions import db
from icv.models import Role, User
from tests.admin.data import error_messages, summary_errors
from tests.conftest import post_form, sign_in

PASSWORD_NOW = {"access": "password", "password": "a-good-long-password"}


def _find(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_admin_lists_every_user_with_their_role(client, make_user, make_panel):
    panel = make_panel("Barnet")
    make_user(Role.COORDINATOR, panels=[panel], name="Cora Ordinator")
    make_user(Role.ANALYST, name="Ana Lyst")
    sign_in(client, make_user(Role.ADMIN))
    html = client.get("/manage/users").get_data(as_text=True)
    assert "Cora Ordinator" in html and "Coordinator" in html and "Barnet" in html
    assert "Ana Lyst" in html and "Analyst" in html


def test_admin_adds_a_coordinator_for_chosen_panels(app, client, make_user, make_panel):
    barnet, brent, camden = make_panel("Barnet"), make_panel("Brent"), make_panel("Camden")
    sign_in(client, make_user(Role.ADMIN))
    answers = {"name": "Cora", "email": "cora@example.org", "role": "coordinator",
               "coordinated_panels": [barnet.id, camden.id], **PASSWORD_NOW}  # fmt: skip
    response = post_form(client, "/manage/users/new", answers)
    assert response.status_code == 302
    cora = _find("cora@example.org")
    assert cora.role == Role.COORDINATOR
    assert cora.coordinated_panels == [barnet, camden] and brent.coordinators == []
    signed_in = app.test_client()
    sign_in(signed_in, cora, "a-good-long-password")
    assert signed_in.get(f"/manage/panels/{barnet.id}").status_code == 200
    assert signed_in.get(f"/manage/panels/{brent.id}").status_code == 404


def test_a_new_volunteer_user_needs_a_panel(client, make_user, make_panel):
    make_panel()
    sign_in(client, make_user(Role.ADMIN))
    answers = {"name": "Val", "email": "val@example.org", "role": "volunteer", **PASSWORD_NOW}
    html = post_form(client, "/manage/users/new", answers).get_data(as_text=True)
    assert "Select the volunteer's panel" in error_messages(html)
    assert 'value="val@example.org"' in html
    assert _find("val@example.org") is None


def test_new_user_errors_are_specific(client, make_user):
    sign_in(client, make_user(Role.ADMIN))
    answers = {"name": "", "email": "not-an-email", "access": "password", "password": "short"}
    html = post_form(client, "/manage/users/new", answers).get_data(as_text=True)
    assert summary_errors(html) == [
        "Enter the user's full name",
        "Enter an email address in the correct format, like name@example.org",
        "Select the user's role",
        "Password must be 10 characters or more",
    ]
    assert 'value="not-an-email"' in html
    # The one password box (auth/_macros.html): the hint, and GOV.UK's show/hide words.
    assert "Only if you are setting a password now. Use 10 characters or more" in html
    assert 'data-i18n.show-password-aria-label="Show password"' in html


def test_admin_deactivates_and_reactivates_a_user_but_not_themselves(app, client, make_user):
    admin, analyst = make_user(Role.ADMIN), make_user(Role.ANALYST)
    their_session = app.test_client()
    sign_in(their_session, analyst)
    their_token = {"Authorization": f"Bearer {issue_token(analyst, 'laptop')}"}
    assert app.test_client().get("/", headers=their_token).status_code == 200
    sign_in(client, admin)
    page = client.get(f"/manage/users/{analyst.id}").get_data(as_text=True)
    assert "ends their API tokens" in page
    post_form(client, f"/manage/users/{analyst.id}/deactivate", {})
    db.session.refresh(analyst)
    assert analyst.is_enabled is False and analyst.deactivated_at is not None
    assert _find(analyst.email) is not None  # kept, not deleted
    assert their_session.get("/").status_code == 302
    post_form(client, f"/manage/users/{analyst.id}/reactivate", {})
    db.session.refresh(analyst)
    assert analyst.is_enabled is True
    assert app.test_client().get("/", headers=their_token).status_code == 401  # not back
    assert "Deactivate " not in client.get(f"/manage/users/{admin.id}").get_data(as_text=True)
    assert post_form(client, f"/manage/users/{admin.id}/deactivate", {}).status_code == 403
    db.session.refresh(admin)
    assert admin.is_enabled is True


def test_admin_sees_and_revokes_a_users_api_tokens(app, client, make_user):
    admin, volunteer = make_user(Role.ADMIN), make_user(Role.VOLUNTEER)
    token = issue_token(volunteer, "Asha's phone")
    api = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    assert api.get("/", headers=headers).status_code == 200
    sign_in(client, admin)
    page = client.get(f"/manage/users/{volunteer.id}").get_data(as_text=True)
    assert "Asha&#39;s phone" in page and "Never" not in page  # it has been used
    token_id = volunteer.api_tokens[0].id
    response = post_form(client, f"/manage/users/{volunteer.id}/tokens/{token_id}/revoke", {})
    assert response.status_code == 302
    assert api.get("/", headers=headers).status_code == 401  # no longer signs anyone in
    assert "Revoked" in client.get(f"/manage/users/{volunteer.id}").get_data(as_text=True)


def test_a_token_is_revoked_only_through_its_owner(client, make_user):
    admin, one, other = make_user(Role.ADMIN), make_user(Role.ANALYST), make_user(Role.ANALYST)
    issue_token(other, "theirs")
    sign_in(client, admin)
    token_id = other.api_tokens[0].id
    assert (
        post_form(client, f"/manage/users/{one.id}/tokens/{token_id}/revoke", {}).status_code == 404
    )
    db.session.refresh(other)
    assert other.api_tokens[0].revoked_at is None


def test_coordinators_add_police_users_for_their_panels_suites_only(
    app, client, make_user, make_panel, make_suite, inbox
):
    barnet, brent = make_panel("Barnet"), make_panel("Brent")
    colindale, wembley = make_suite(barnet, name="Colindale"), make_suite(brent, name="Wembley")
    make_user(Role.POLICE, name="Inspector Wembley", police_suites=[wembley])
    sign_in(client, make_user(Role.COORDINATOR, panels=[barnet]))
    form = client.get("/manage/police/new").get_data(as_text=True)
    assert "Colindale" in form and "Wembley" not in form
    answers = {"name": "Inspector Patel", "email": "patel@police.uk", "access": "invite"}
    refused = post_form(client, "/manage/police/new", {**answers, "suites": [wembley.id]})
    assert "Choose at least one custody suite" in error_messages(refused.get_data(as_text=True))
    assert _find("patel@police.uk") is None

    added = post_form(client, "/manage/police/new", {**answers, "suites": [colindale.id]})
    assert added.status_code == 302
    patel = _find("patel@police.uk")
    assert patel.role == Role.POLICE and patel.police_suites == [colindale]
    assert inbox.last_link("patel@police.uk")  # invited to choose a password
    listed = client.get("/manage/police").get_data(as_text=True)
    assert "Inspector Patel" in listed and "Inspector Wembley" not in listed
    assert client.get(f"/manage/police/{patel.id}").status_code == 200

    admin = app.test_client()
    sign_in(admin, make_user(Role.ADMIN))
    everyone = admin.get("/manage/police").get_data(as_text=True)
    assert "Inspector Patel" in everyone and "Inspector Wembley" in everyone
    assert "Suites: Colindale" in admin.get("/manage/users").get_data(as_text=True)
    assert admin.get(f"/manage/users/{patel.id}").status_code == 200
