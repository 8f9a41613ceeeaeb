"""A coordinator sets a volunteer's weekly availability and dates away."""

from datetime import date

from icv.admin import availability
from icv.extensions import db
from icv.models import Role
from tests.admin.data import summary_errors
from tests.conftest import extract_csrf, post_form, sign_in


def _slots(user) -> set[tuple[int, str]]:
    db.session.refresh(user)
    return {(slot.weekday, slot.band) for slot in user.availability}


def test_coordinator_replaces_a_volunteers_availability(client, make_user, make_panel):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel)  # starts with Monday evening
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    url = f"/manage/volunteers/{volunteer.id}/availability"
    page = client.get(url).get_data(as_text=True)
    assert 'value="0-evening" checked' in page
    response = post_form(client, url, {"slots": ["0-evening", "5-night", "6-morning"]})
    assert response.status_code == 302
    assert _slots(volunteer) == {(0, "evening"), (5, "night"), (6, "morning")}
    post_form(client, url, {"slots": ["2-afternoon", "not-a-slot"]})
    assert _slots(volunteer) == {(2, "afternoon")}
    post_form(client, url, {})
    assert _slots(volunteer) == set()


def test_availability_is_shown_on_the_volunteer_page(client, make_user, make_panel):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel)
    sign_in(client, make_user(Role.ADMIN))
    html = client.get(f"/manage/volunteers/{volunteer.id}").get_data(as_text=True)
    assert "Monday:</strong> evening" in html


def test_coordinator_adds_and_removes_dates_away(client, make_user, make_panel):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel)
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    url = f"/manage/volunteers/{volunteer.id}/absences/new"
    answers = {"starts_on": ["1", "8", "2030"], "ends_on": ["14", "8", "2030"], "note": "Holiday"}
    assert post_form(client, url, answers).status_code == 302
    db.session.refresh(volunteer)
    [absence] = volunteer.absences
    assert (absence.starts_on, absence.ends_on, absence.note) == (
        date(2030, 8, 1),
        date(2030, 8, 14),
        "Holiday",
    )
    page = f"/manage/volunteers/{volunteer.id}/availability"
    assert "1 to 14 August 2030 (Holiday)" in client.get(page).get_data(as_text=True)
    removed = post_form(
        client, f"/manage/volunteers/{volunteer.id}/absences/{absence.id}/remove", {}
    )
    assert removed.status_code == 302
    db.session.refresh(volunteer)
    assert volunteer.absences == []


def test_dates_away_must_end_after_they_start(client, make_user, make_panel):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel)
    sign_in(client, make_user(Role.ADMIN))
    url = f"/manage/volunteers/{volunteer.id}/absences/new"
    answers = {"starts_on": ["14", "8", "2030"], "ends_on": ["1", "8", "2030"]}
    html = post_form(client, url, answers).get_data(as_text=True)
    assert summary_errors(html) == ["End date must be the same as or after the start date"]
    assert 'value="14"' in html
    empty = post_form(client, url, {"starts_on": ["", "", ""], "ends_on": ["1", "13", "2030"]})
    assert summary_errors(empty.get_data(as_text=True)) == [
        "Enter the start date",
        "End date must be a real date",
    ]


def test_someone_elses_dates_away_cannot_be_removed(client, make_user, make_panel, app_ctx):
    panel = make_panel()
    mine, other = make_user(Role.VOLUNTEER, panel=panel), make_user(Role.VOLUNTEER, panel=panel)
    absence = availability.add_absence(other, starts_on=date(2030, 1, 1), ends_on=date(2030, 1, 2))
    db.session.commit()
    sign_in(client, make_user(Role.ADMIN))
    url = f"/manage/volunteers/{mine.id}/absences/{absence.id}/remove"
    token = extract_csrf(client.get(f"/manage/volunteers/{mine.id}").get_data(as_text=True))
    assert client.post(url, data={"csrf_token": token}).status_code == 404
    db.session.refresh(other)
    assert len(other.absences) == 1


def test_set_availability_changes_only_the_difference(make_user, make_panel):
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel())
    kept = volunteer.availability[0]
    availability.set_availability(volunteer, ["0-evening", "1-morning"])
    db.session.commit()
    assert kept in volunteer.availability  # the same row, not deleted and re-inserted
    assert availability.availability_summary(volunteer) == [
        ("Monday", ["evening"]),
        ("Tuesday", ["morning"]),
    ]
