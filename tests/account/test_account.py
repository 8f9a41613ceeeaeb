"""A volunteer's own details, availability and dates away."""

from datetime import date

from icv.admin.availability import add_absence
from icv.extensions import db
from icv.models import Role
from tests.admin.data import error_messages, summary_errors
from tests.conftest import extract_csrf, post_form, sign_in


def test_volunteer_changes_their_name_and_phone_but_not_their_email(client, make_user, make_panel):
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel("Barnet"), email="me@example.org")
    sign_in(client, volunteer)
    page = client.get("/account/").get_data(as_text=True)
    assert "me@example.org" in page and "ask your coordinator" in page and "Barnet" in page
    assert '<span class="app-break-anywhere">me@example.org</span>' in page  # markup, not text
    assert 'href="/account/password"' in page
    assert 'href="/account/two-factor"' in page  # optional for volunteers, so easy to find
    answers = {"name": "New Name", "phone": "07700 900456", "email": "evil@example.org"}
    assert post_form(client, "/account/", answers).status_code == 302
    db.session.refresh(volunteer)
    assert (volunteer.name, volunteer.phone, volunteer.email) == (
        "New Name",
        "07700 900456",
        "me@example.org",
    )
    assert "Your details were saved." in client.get("/account/").get_data(as_text=True)


def test_a_name_is_required(client, make_user):
    volunteer = make_user(Role.VOLUNTEER, name="Kept")
    sign_in(client, volunteer)
    html = post_form(client, "/account/", {"name": "", "phone": "0123"}).get_data(as_text=True)
    assert summary_errors(html) == ["Enter your full name"]
    assert 'value="0123"' in html
    db.session.refresh(volunteer)
    assert volunteer.name == "Kept"


def test_volunteer_sets_their_own_availability(client, make_user, make_panel):
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel())
    sign_in(client, volunteer)
    response = post_form(client, "/account/availability", {"slots": ["4-evening", "5-night"]})
    assert response.status_code == 302
    db.session.refresh(volunteer)
    assert {(s.weekday, s.band) for s in volunteer.availability} == {(4, "evening"), (5, "night")}
    assert "Friday:</strong> evening" in client.get("/account/").get_data(as_text=True)


def test_volunteer_adds_and_removes_their_dates_away(client, make_user, make_panel):
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel())
    sign_in(client, volunteer)
    answers = {"starts_on": ["1", "8", "2030"], "ends_on": ["1", "8", "2030"]}
    assert post_form(client, "/account/absences/new", answers).status_code == 302
    db.session.refresh(volunteer)
    [absence] = volunteer.absences
    assert absence.starts_on == absence.ends_on == date(2030, 8, 1)
    assert "1 August 2030" in client.get("/account/availability").get_data(as_text=True)
    assert post_form(client, f"/account/absences/{absence.id}/remove", {}).status_code == 302
    db.session.refresh(volunteer)
    assert volunteer.absences == []


def test_dates_away_errors_are_specific(client, make_user):
    sign_in(client, make_user(Role.VOLUNTEER))
    answers = {"starts_on": ["32", "1", "2030"], "ends_on": ["1", "2", "30"]}
    html = post_form(client, "/account/absences/new", answers).get_data(as_text=True)
    assert error_messages(html) == [
        "Start date must be a real date",
        "Year of end date must include 4 numbers",
    ]


def test_volunteer_cannot_remove_someone_elses_dates_away(client, make_user, make_panel):
    panel = make_panel()
    me, other = make_user(Role.VOLUNTEER, panel=panel), make_user(Role.VOLUNTEER, panel=panel)
    absence = add_absence(other, starts_on=date(2030, 1, 1), ends_on=date(2030, 1, 3))
    db.session.commit()
    sign_in(client, me)
    token = extract_csrf(client.get("/account/").get_data(as_text=True))
    response = client.post(f"/account/absences/{absence.id}/remove", data={"csrf_token": token})
    assert response.status_code == 404
    db.session.refresh(other)
    assert len(other.absences) == 1


def test_availability_pages_are_for_volunteers(client, make_user):
    sign_in(client, make_user(Role.ANALYST))
    assert client.get("/account/").status_code == 200
    assert client.get("/account/availability").status_code == 403
