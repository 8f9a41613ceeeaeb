"""Volunteers: list with expiry warnings, adding, editing, scoping, deactivating."""

from datetime import date, timedelta

import sqlalchemy as sa

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.models import Role, User
from tests.admin.data import error_messages, summary_errors, volunteer_answers
from tests.conftest import PASSWORD, post_form, sign_in


def _find(email: str) -> User | None:
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_list_flags_expired_and_soon_expiring_vetting_and_terms(client, make_user, make_panel):
    panel = make_panel()
    today = date.today()
    make_user(Role.VOLUNTEER, panel=panel, name="Expired Vetting",
              vetting_expires_on=today - timedelta(days=1))  # fmt: skip
    make_user(Role.VOLUNTEER, panel=panel, name="Term Ending",
              term_ends_on=today + timedelta(days=30))  # fmt: skip
    make_user(Role.VOLUNTEER, panel=panel, name="All Fine")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    html = client.get("/manage/volunteers").get_data(as_text=True)
    rows = {row.split("</a>")[0].rsplit(">", 1)[-1]: row for row in html.split("<tr")[2:]}
    assert "Expired" in rows["Expired Vetting"] and "Expires soon" not in rows["Expired Vetting"]
    assert "Expires soon" in rows["Term Ending"] and "Expired" not in rows["Term Ending"]
    assert "govuk-tag" not in rows["All Fine"]


def test_list_filters_by_panel_and_status(client, make_user, make_panel):
    panel_a, panel_b = make_panel(), make_panel()
    make_user(Role.VOLUNTEER, panel=panel_a, name="Anna Active")
    make_user(Role.VOLUNTEER, panel=panel_a, name="Leo Leave", status="on_leave")
    make_user(Role.VOLUNTEER, panel=panel_b, name="Bea Other")
    sign_in(client, make_user(Role.ADMIN))
    by_panel = client.get(f"/manage/volunteers?panel={panel_a.id}").get_data(as_text=True)
    assert "Anna Active" in by_panel and "Leo Leave" in by_panel and "Bea Other" not in by_panel
    on_leave = client.get("/manage/volunteers?status=on_leave").get_data(as_text=True)
    assert "Leo Leave" in on_leave and "Anna Active" not in on_leave


def test_coordinator_adds_a_volunteer_with_a_password(client, make_user, make_panel, app):
    panel = make_panel()
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    answers = volunteer_answers(panel, access="password", password="a-good-long-password")
    response = post_form(client, "/manage/volunteers/new", answers)
    assert response.status_code == 302
    volunteer = _find("asha@example.org")
    assert volunteer.role == Role.VOLUNTEER and volunteer.panel == panel
    assert volunteer.vetting_expires_on == date(2027, 6, 30)
    assert volunteer.experienced is True and volunteer.visits_made == 7
    assert sign_in(app.test_client(), volunteer, "a-good-long-password").status_code == 302


def test_editing_a_volunteer_saves_every_field(client, make_user, make_panel):
    panel, other_panel = make_panel(), make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel)
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel, other_panel]))
    answers = volunteer_answers(other_panel, status="on_leave", experienced="no",
                                probation_completed_on=["1", "10", "2024"])  # fmt: skip
    response = post_form(client, f"/manage/volunteers/{volunteer.id}", answers)
    assert response.status_code == 302
    db.session.refresh(volunteer)
    assert (volunteer.name, volunteer.email, volunteer.phone) == (
        "Asha Patel",
        "asha@example.org",
        "07700 900123",
    )
    assert volunteer.panel == other_panel and volunteer.status == "on_leave"
    assert volunteer.appointed_on == date(2024, 4, 1)
    assert volunteer.probation_completed_on == date(2024, 10, 1)
    assert volunteer.term_ends_on == date(2028, 3, 31)
    assert volunteer.experienced is False and volunteer.max_visits_per_month == 2


def test_date_errors_are_specific_and_keep_what_was_typed(client, make_user, make_panel):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel, name="Before")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    answers = volunteer_answers(
        panel,
        name="Changed Name",
        appointed_on=["1", "4", "2024"],
        probation_completed_on=["1", "3", "2024"],
        term_ends_on=["1", "4", "2023"],
        vetting_expires_on=["31", "2", "2027"],
    )
    html = post_form(client, f"/manage/volunteers/{volunteer.id}", answers).get_data(as_text=True)
    assert summary_errors(html) == [
        "Probation completed must be on or after the appointment date",
        "Appointment term end must be after the appointment date",
        "Vetting expiry must be a real date",
    ]
    assert 'value="31"' in html and 'value="Changed Name"' in html
    assert 'href="#vetting_expires_on"' in html and 'id="vetting_expires_on"' in html
    db.session.refresh(volunteer)
    assert volunteer.name == "Before"


def test_partly_filled_dates_say_what_is_missing(client, make_user, make_panel):
    panel = make_panel()
    sign_in(client, make_user(Role.ADMIN))
    answers = volunteer_answers(panel, vetting_expires_on=["30", "", "2027"], visits_made="lots")
    html = post_form(client, "/manage/volunteers/new", answers).get_data(as_text=True)
    assert "Vetting expiry must include a month" in error_messages(html)
    assert "Enter the number of visits made, like 4" in error_messages(html)
    assert "Select how they will get their password" in error_messages(html)


def test_a_volunteer_email_must_be_unique(client, make_user, make_panel):
    panel = make_panel()
    make_user(Role.ANALYST, email="asha@example.org")
    sign_in(client, make_user(Role.ADMIN))
    answers = volunteer_answers(panel, access="password", password="a-good-long-password")
    html = post_form(client, "/manage/volunteers/new", answers).get_data(as_text=True)
    assert "A user with the email address asha@example.org already exists" in summary_errors(html)


def test_coordinator_gets_404_for_another_panels_volunteer(client, make_user, make_panel):
    panel_a, panel_b = make_panel(), make_panel()
    theirs = make_user(Role.VOLUNTEER, panel=panel_b, name="Not Mine")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel_a]))
    assert "Not Mine" not in client.get("/manage/volunteers").get_data(as_text=True)
    for suffix in ("", "/availability", "/absences/new"):
        assert client.get(f"/manage/volunteers/{theirs.id}{suffix}").status_code == 404


def test_coordinator_cannot_move_a_volunteer_into_another_panel(client, make_user, make_panel):
    panel_a, panel_b = make_panel(), make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel_a)
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel_a]))
    response = post_form(client, f"/manage/volunteers/{volunteer.id}", volunteer_answers(panel_b))
    assert "Select a panel you manage" in error_messages(response.get_data(as_text=True))
    db.session.refresh(volunteer)
    assert volunteer.panel_id == panel_a.id
    answers = volunteer_answers(panel_b, access="password", password="a-good-long-password")
    assert post_form(client, "/manage/volunteers/new", answers).status_code == 200
    assert _find("asha@example.org") is None


def test_deactivating_keeps_the_volunteer_and_signs_them_out(app, client, make_user, make_panel):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel)
    their_phone = app.test_client()
    sign_in(their_phone, volunteer)
    assert their_phone.get("/").status_code == 200
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    page = f"/manage/volunteers/{volunteer.id}"
    response = post_form(client, f"{page}/deactivate", {}, headers={"Referer": page})
    assert response.status_code == 302
    db.session.refresh(volunteer)
    assert volunteer.is_enabled is False and volunteer.deactivated_at is not None
    assert volunteer.status == "ended"
    assert their_phone.get("/").status_code == 302  # signed out
    assert "Enter a correct email" in sign_in(app.test_client(), volunteer).get_data(as_text=True)
    assert "Deactivated" in client.get("/manage/volunteers").get_data(as_text=True)

    post_form(client, f"{page}/reactivate", {})
    db.session.refresh(volunteer)
    assert volunteer.is_enabled is True and volunteer.status == "active"
    assert sign_in(app.test_client(), volunteer, PASSWORD).status_code == 302


def test_deactivation_needs_a_post_with_csrf(client, make_user, make_panel):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel)
    sign_in(client, make_user(Role.ADMIN))
    assert client.get(f"/manage/volunteers/{volunteer.id}/deactivate").status_code == 405
    client.post(f"/manage/volunteers/{volunteer.id}/deactivate")  # no CSRF token
    db.session.refresh(volunteer)
    assert volunteer.is_enabled is True


def test_unknown_filters_show_everything_the_user_may_see(client, make_user, make_panel):
    panel_a, panel_b = make_panel(), make_panel()
    make_user(Role.VOLUNTEER, panel=panel_a, name="Mine One")
    make_user(Role.VOLUNTEER, panel=panel_b, name="Not Mine")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel_a]))
    for query in (f"panel={panel_b.id}", "panel=abc&status=bogus", "status="):
        response = client.get(f"/manage/volunteers?{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, query
        assert "Mine One" in html and "Not Mine" not in html, query
    assert client.get("/manage/suites?panel=abc").status_code == 200


def test_coordinator_adds_and_corrects_training_records_and_the_volunteer_sees_them(
    app, client, make_user, make_panel
):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel, name="Asha Patel")
    coordinator = make_user(Role.COORDINATOR, panels=[panel], name="Cora")
    sign_in(client, coordinator)
    new = f"/manage/volunteers/{volunteer.id}/training/new"
    wrong = {"course_code": "tact", "completed_on": ["6", "1", "2025"],
             "expires_on": ["6", "1", "2024"]}  # fmt: skip
    html = post_form(client, new, wrong).get_data(as_text=True)
    assert summary_errors(html) == ["The expiry date must be after the date it was completed"]
    assert 'value="2024"' in html and 'value="tact" checked' in html  # what was typed is kept
    html = post_form(client, new, {"course_code": "", "completed_on": ["", "", ""]}).get_data(
        as_text=True
    )
    assert summary_errors(html) == ["Select the course", "Enter the date completed"]
    client.post(new, data={**wrong, "expires_on": ["6", "1", "2028"]})  # no CSRF token
    db.session.refresh(volunteer)
    assert volunteer.trainings == []

    right = {**wrong, "expires_on": ["6", "1", "2028"]}
    assert post_form(client, new, right).status_code == 302
    db.session.refresh(volunteer)
    [training] = volunteer.trainings
    assert (training.course_code, training.completed_on, training.expires_on) == (
        "tact", date(2025, 1, 6), date(2028, 1, 6))  # fmt: skip
    assert training.recorded_by_id == coordinator.id
    listing = client.get(f"/manage/volunteers/{volunteer.id}/training").get_data(as_text=True)
    assert "Training record added." in listing and "6 January 2028" in listing
    assert "Cora" in listing  # who recorded it

    change = f"/manage/volunteers/{volunteer.id}/training/{training.id}"
    assert post_form(client, change, {**right, "expires_on": ["", "", ""]}).status_code == 302
    db.session.refresh(training)
    assert training.expires_on is None
    events = db.session.scalars(
        sa.select(AuditEvent.summary).where(AuditEvent.object_type == "training_record")
    ).all()
    assert events == [
        f"for user {volunteer.id}: course_code, completed_on, expires_on",
        f"for user {volunteer.id}: expires_on corrected",
    ]

    theirs = app.test_client()
    sign_in(theirs, volunteer)
    own = theirs.get("/account/").get_data(as_text=True)
    assert "Your training" in own and "TACT" in own and "Does not expire" in own
    assert f"/training/{training.id}" not in own  # they read it; a coordinator corrects it


def test_admin_adds_a_course_that_training_records_can_then_use(client, make_user, make_panel):
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel())
    sign_in(client, make_user(Role.ADMIN))
    taken = post_form(client, "/manage/training-courses/new", {"name": "Induction again",
                                                               "code": "induction"})  # fmt: skip
    assert summary_errors(taken.get_data(as_text=True)) == [
        "A course with the code induction already exists"
    ]
    answers = {"name": "Mental health awareness", "code": "mental-health"}
    assert post_form(client, "/manage/training-courses/new", answers).status_code == 302
    form = client.get(f"/manage/volunteers/{volunteer.id}/training/new").get_data(as_text=True)
    assert 'value="mental-health"' in form and "Mental health awareness" in form
