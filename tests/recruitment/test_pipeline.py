"""The pipeline: coordinators (their panels) and admins move applicants through the stages,
each move audited, the applicant emailed at the stages the scheme turns on; appointment makes
a volunteer on probation with the usual invitation; equality answers only ever as counts."""

from __future__ import annotations

import html
import re

import sqlalchemy as sa

from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role, User, VolunteerStatus
from icv.recruitment.diversity import keep_answers
from icv.recruitment.models import Application, Stage
from icv.recruitment.pipeline import email_stages, receive
from tests.admin.smtp import text
from tests.audit.conftest import events
from tests.conftest import extract_csrf, post_form, sign_in


def _application(panel, **fields) -> Application:
    values = {"name": "Priya Shah", "email": "priya@example.org", "phone": "07700 900123",
              "statement": "To help."} | fields  # fmt: skip
    application = receive(panel, **values)
    db.session.commit()
    return application


def _move(client, application, to: str):
    page = client.get(f"/recruitment/applications/{application.id}").get_data(as_text=True)
    data = {"csrf_token": extract_csrf(page), "to": to}
    return client.post(f"/recruitment/applications/{application.id}/move", data=data)


def test_a_coordinator_takes_an_applicant_from_applied_to_appointed(
    client, make_panel, make_user, inbox, every_stage_emailed
):
    camden = make_panel("Camden")
    coordinator = make_user(Role.COORDINATOR, panels=[camden])
    application = _application(camden)
    sign_in(client, coordinator)
    pipeline_page = client.get(f"/recruitment/panels/{camden.id}").get_data(as_text=True)
    assert "Priya Shah" in pipeline_page
    for stage in ("shortlisted", "interviewed", "vetting"):
        response = _move(client, application, stage)
        assert response.status_code == 302
    assert "Appoint as a volunteer" in client.get(
        f"/recruitment/applications/{application.id}"
    ).get_data(as_text=True)
    response = post_form(client, f"/recruitment/applications/{application.id}/appoint", {})
    volunteer = db.session.scalar(sa.select(User).where(User.email == "priya@example.org"))
    assert response.headers["Location"] == f"/manage/volunteers/{volunteer.id}"
    assert (volunteer.role, volunteer.status, volunteer.panel_id, volunteer.phone) == (
        Role.VOLUNTEER, VolunteerStatus.PROBATION, camden.id, "07700 900123",
    )  # fmt: skip
    assert volunteer.appointed_on == scheme_today()  # their probation starts today
    db.session.expire_all()
    assert db.session.get(Application, application.id).stage == Stage.APPOINTED
    moves = [e.summary for e in events(object_type="application", action="changed")]
    assert moves == [
        "stage applied to shortlisted",
        "stage shortlisted to interviewed",
        "stage interviewed to vetting",
        f"stage vetting to appointed; volunteer user {volunteer.id}",
    ]
    assert {e.actor_id for e in events(object_type="application", action="changed")} == {
        coordinator.id
    }
    subjects = [m["Subject"] for m in inbox.messages if m["To"] == "priya@example.org"]
    assert subjects == [
        "Your application: shortlisted",
        "Your application: after your interview",
        "Your application: security vetting",
        "Your Custody visiting account: choose a password",  # the usual invitation
        "You have been appointed as a custody visitor",
    ]
    assert "probationary period" in text(inbox.messages[-1])


def test_stages_the_scheme_leaves_off_send_no_email(client, make_panel, make_user, inbox):
    camden = make_panel("Camden")
    application = _application(camden)
    sign_in(client, make_user(Role.ADMIN))
    _move(client, application, "shortlisted")
    db.session.expire_all()
    assert db.session.get(Application, application.id).stage == Stage.SHORTLISTED
    assert inbox.messages == []  # by default: applied, appointed and not taken forward only


def test_a_repeated_or_stale_move_changes_nothing(client, make_panel, make_user):
    camden = make_panel("Camden")
    application = _application(camden)
    sign_in(client, make_user(Role.COORDINATOR, panels=[camden]))
    _move(client, application, "shortlisted")
    response = _move(client, application, "shortlisted")  # the same form sent twice
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This application is shortlisted now" in page
    db.session.expire_all()
    assert db.session.get(Application, application.id).stage == Stage.SHORTLISTED
    assert len(events(object_type="application", action="changed")) == 1


def test_not_taken_forward_needs_a_reason_and_tells_the_applicant(
    client, make_panel, make_user, inbox
):
    camden = make_panel("Camden")
    application = _application(camden)
    sign_in(client, make_user(Role.COORDINATOR, panels=[camden]))
    url = f"/recruitment/applications/{application.id}/not-taken-forward"
    page = post_form(client, url, {"reason": "  "})
    assert page.status_code == 200
    assert "Enter why the application is not being taken forward" in page.get_data(as_text=True)
    response = post_form(client, url, {"reason": "Works as police staff."})
    assert response.status_code == 302
    db.session.expire_all()
    found = db.session.get(Application, application.id)
    assert (found.stage, found.reason) == (Stage.NOT_TAKEN_FORWARD, "Works as police staff.")
    [email] = inbox.messages
    assert email["Subject"] == "Your application"
    assert "police staff" not in text(email)  # the reason is for staff
    [event] = events(object_type="application", action="changed")
    assert event.summary == "stage applied to not_taken_forward; reason"
    assert post_form(client, url, {"reason": "Again"}).status_code == 302  # refused: final
    db.session.expire_all()
    assert db.session.get(Application, application.id).reason == "Works as police staff."


def test_appointing_someone_whose_email_has_an_account_is_refused(client, make_panel, make_user):
    camden = make_panel("Camden")
    make_user(Role.VOLUNTEER, panel=camden, email="priya@example.org")
    application = _application(camden)
    application.stage = Stage.VETTING
    db.session.commit()
    sign_in(client, make_user(Role.ADMIN))
    response = post_form(client, f"/recruitment/applications/{application.id}/appoint", {})
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "A user with the email address priya@example.org already exists" in page
    db.session.expire_all()
    assert db.session.get(Application, application.id).stage == Stage.VETTING


def test_a_coordinator_sees_only_their_panels_applications(client, make_panel, make_user):
    camden, brent = make_panel("Camden"), make_panel("Brent")
    _application(camden, name="Priya Shah")
    _application(brent, name="Sam Brent", email="sam@example.org")
    sign_in(client, make_user(Role.COORDINATOR, panels=[camden]))
    index = client.get("/recruitment/").get_data(as_text=True)
    assert "Camden" in index and "Brent" not in index
    assert client.get(f"/recruitment/panels/{brent.id}").status_code == 404


def test_equality_answers_are_shown_only_as_suppressed_counts(client, make_panel, make_user):
    camden = make_panel("Camden")
    for n in range(7):
        application = _application(camden, name=f"Applicant {n}", email=f"a{n}@example.org")
        ethnicity = "white" if n < 5 else "black"
        keep_answers(application, {"ethnicity": ethnicity, "sex": "female"})
        if n == 0:
            application.stage = Stage.APPOINTED
    db.session.commit()
    sign_in(client, make_user(Role.COORDINATOR, panels=[camden]))
    page = client.get("/recruitment/equality-monitoring").get_data(as_text=True)
    rows = _table_rows(page, "What is your ethnic group?")
    assert rows["White"] == ["[c]", "<5"]  # 5 would give away the 2 below it
    assert rows["Black, Black British, Caribbean or African"] == ["<5", "0"]
    assert _table_rows(page, "What is your sex?")["Female"] == ["7", "<5"]
    application_page = client.get(f"/recruitment/applications/{application.id}")
    assert "Black" not in application_page.get_data(as_text=True)


def _table_rows(page: str, caption: str) -> dict[str, list[str]]:
    table = page.split(caption, 1)[1].split("</table>", 1)[0]
    rows = re.findall(r'<th scope="row"[^>]*>([^<]+)</th>(.*?)</tr>', table, re.S)
    return {
        label: [html.unescape(cell.strip()) for cell in re.findall(r"<td[^>]*>([^<]*)</td>", cells)]
        for label, cells in rows
    }


def test_the_email_stages_setting_reads_a_list_or_the_environments_text():
    assert email_stages({"RECRUITMENT_EMAIL_STAGES": "applied, vetting"}) == {"applied", "vetting"}
    assert email_stages({"RECRUITMENT_EMAIL_STAGES": ("appointed",)}) == {"appointed"}
    assert email_stages({"RECRUITMENT_EMAIL_STAGES": False}) == set()  # ICV_...=0
