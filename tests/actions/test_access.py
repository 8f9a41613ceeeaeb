"""Who may read and change which actions: every role, and guessed ids from other panels."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from icv.actions.models import Action, Category, Status
from icv.extensions import db
from tests.actions.helpers import api_for, concern_body, new_uuid
from tests.conftest import extract_csrf, sign_in

CHANGES = ("send", "response", "close", "escalate", "owner", "note", "link")


@pytest.fixture
def allegation(app, scheme) -> int:
    body = concern_body(scheme.suite, [scheme.alice, scheme.bob])
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    return db.session.scalar(sa.select(Action.id).where(Action.category == Category.ALLEGATION))


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def post(client, url: str, data: dict):
    token = extract_csrf(client.get("/").get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token})


def test_another_panels_coordinator_cannot_read_or_change_it(app, scheme, allegation):
    other = client_for(app, scheme.other_coordinator)
    assert other.get(f"/actions/{allegation}").status_code == 404
    assert f"Action {allegation}" not in other.get("/actions/").get_data(as_text=True)
    for change in CHANGES:
        url = f"/actions/{allegation}/{change}"
        assert other.get(url).status_code == 404, url
        assert post(other, url, {"reason": "x", "note": "x"}).status_code == 404, url
    db.session.expire_all()
    action = db.session.get(Action, allegation)
    assert action.status == Status.OPEN and len(action.events) == 1


def test_a_volunteer_who_was_not_on_the_visit_sees_nothing(app, scheme, allegation):
    carol = client_for(app, scheme.carol)
    assert carol.get(f"/actions/{allegation}").status_code == 404
    assert "No actions match" in carol.get("/actions/").get_data(as_text=True)


def test_volunteers_and_analysts_cannot_change_actions(app, scheme, allegation):
    for user in (scheme.alice, scheme.analyst):
        client = client_for(app, user)
        for change in CHANGES:
            url = f"/actions/{allegation}/{change}"
            assert client.get(url).status_code == 403, (user.role, url)
            assert post(client, url, {"reason": "x"}).status_code == 403, (user.role, url)


def test_analysts_read_everything_except_custody_numbers(app, scheme, allegation):
    analyst = client_for(app, scheme.analyst)
    listing = analyst.get("/actions/").get_data(as_text=True)
    page = analyst.get(f"/actions/{allegation}").get_data(as_text=True)
    assert f"Action {allegation}" in listing
    assert "Says an officer pushed him" in page and "Timeline" in page
    assert "NT/1234/19" not in listing + page
    assert "Record the police response" not in page


def test_admins_read_and_change_everything(app, scheme, allegation):
    admin = client_for(app, scheme.admin)
    page = admin.get(f"/actions/{allegation}").get_data(as_text=True)
    assert "NT/1234/19" in page and "Record the police response" in page
    assert (
        post(admin, f"/actions/{allegation}/note", {"note": "Seen by the office"}).status_code
        == 302
    )


def test_a_guessed_id_that_does_not_exist_is_404(app, scheme, allegation):
    coordinator = client_for(app, scheme.coordinator)
    assert coordinator.get("/actions/999999").status_code == 404
    assert coordinator.get("/actions/999999/close").status_code == 404


def test_changes_need_a_csrf_token(app, scheme, allegation):
    coordinator = client_for(app, scheme.coordinator)
    response = coordinator.post(f"/actions/{allegation}/note", data={"note": "forged"})
    assert response.status_code == 302  # sent back with "Your form had expired"
    db.session.expire_all()
    assert [e.kind for e in db.session.get(Action, allegation).events] == ["raised"]
