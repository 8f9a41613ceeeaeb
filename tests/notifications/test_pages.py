"""/notifications: each person reads and clears only their own; the count is in the menu."""

from __future__ import annotations

import re

import sqlalchemy as sa

from icv.extensions import db
from icv.models import Role
from icv.notifications.models import Notification
from icv.notifications.store import keep
from tests.conftest import extract_csrf, sign_in


def note_for(user, subject: str, body: str = "Hello,\n\nSee https://icv.example.org/rota/mine"):
    notification = keep(user.email, subject, body)
    db.session.commit()
    return notification


def post(client, url: str):
    token = extract_csrf(client.get("/notifications/").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token})


def test_people_see_their_own_notifications_and_the_unread_count(client, make_user):
    vic, other = make_user(Role.VOLUNTEER), make_user(Role.VOLUNTEER)
    note_for(vic, "Your custody visits")
    note_for(vic, "Custody visit reminder")
    note_for(other, "Renew vetting: someone else")
    sign_in(client, vic)

    page = client.get("/notifications/").get_data(as_text=True)

    assert "Your custody visits" in page and "Custody visit reminder" in page
    assert "someone else" not in page
    assert "You have 2 unread notifications." in page
    assert "Notifications (2)" in client.get("/").get_data(as_text=True)
    assert "https://icv.example.org/rota/mine" in page  # the body, line by line


def test_marking_one_as_read_lowers_the_count(client, make_user):
    vic = make_user(Role.VOLUNTEER)
    first, second = note_for(vic, "First"), note_for(vic, "Second")
    sign_in(client, vic)

    response = post(client, f"/notifications/{first.id}/read")

    assert response.status_code == 302 and response.headers["Location"] == "/notifications/"
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Marked “First” as read" in page and "Notifications (1)" in page
    db.session.expire_all()
    assert db.session.get(Notification, first.id).read_at is not None
    assert db.session.get(Notification, second.id).read_at is None


def test_mark_all_as_read_clears_only_your_own(client, make_user):
    vic, other = make_user(Role.VOLUNTEER), make_user(Role.COORDINATOR)
    note_for(vic, "First")
    note_for(vic, "Second")
    theirs = note_for(other, "Not yours")
    sign_in(client, vic)

    post(client, "/notifications/read")

    page = client.get("/notifications/").get_data(as_text=True)
    assert "Marked 2 notifications as read" in page
    assert "You have read all your notifications." in page
    assert ">Notifications<" in page  # no count once all are read
    db.session.expire_all()
    assert db.session.get(Notification, theirs.id).read_at is None


def test_someone_elses_notification_is_not_found(client, make_user):
    vic, other = make_user(Role.VOLUNTEER), make_user(Role.ADMIN)
    theirs = note_for(other, "Renew vetting")
    sign_in(client, vic)
    assert post(client, f"/notifications/{theirs.id}/read").status_code == 404
    assert post(client, "/notifications/999999/read").status_code == 404
    db.session.expire_all()
    unread = sa.select(Notification).where(Notification.read_at.is_(None))
    assert db.session.scalars(unread).all() == [theirs]


def test_marking_read_needs_a_csrf_token(client, make_user):
    vic = make_user(Role.VOLUNTEER)
    note = note_for(vic, "First")
    sign_in(client, vic)
    response = client.post(f"/notifications/{note.id}/read")
    assert response.status_code == 302 and response.headers["Location"] == "/"
    assert "Your form had expired" in client.get("/").get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Notification, note.id).read_at is None


def test_an_empty_list_says_so(client, make_user):
    sign_in(client, make_user(Role.ANALYST))
    page = client.get("/notifications/").get_data(as_text=True)
    assert "You have no notifications." in page
    assert "Mark all as read" not in page


def test_only_links_to_this_app_are_tappable(client, make_user):
    vic = make_user(Role.VOLUNTEER)
    note_for(
        vic, "Links", "Yours: http://localhost/rota/mine.\nTyped by someone: https://evil.example/x"
    )
    sign_in(client, vic)

    page = client.get("/notifications/").get_data(as_text=True)

    assert re.search(r'<a class="govuk-link" href="http://localhost/rota/mine">http://<wbr>', page)
    assert "mine</a>." in page  # the full stop ends the sentence, not the link
    assert 'href="https://evil.example' not in page and "https://evil.example/x" in page
