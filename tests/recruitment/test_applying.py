"""Applying at /apply: no sign-in, the role described, bad input refused clearly, bots and
floods kept out, and the optional equality questions kept apart from the application."""

from __future__ import annotations

import sqlalchemy as sa

from icv.extensions import db
from icv.recruitment.models import Application, DiversityAnswers, Stage
from tests.admin.smtp import text
from tests.audit.conftest import events
from tests.conftest import post_form


def _applications() -> list[Application]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Application)))


def test_an_application_is_kept_acknowledged_and_audited(client, answers, inbox):
    assert 'href="/apply"' in client.get("/sign-in").get_data(as_text=True)
    page = client.get("/apply").get_data(as_text=True)
    assert "Apply to be an independent custody visitor" in page
    assert "unpaid volunteers" in page  # the scheme's role description (a setting)
    response = post_form(client, "/apply", answers)
    assert response.status_code == 302
    assert response.headers["Location"] == "/apply/equality-monitoring"
    [application] = _applications()
    assert (application.name, application.email, application.stage) == (
        "Priya Shah", "priya@example.org", Stage.APPLIED,
    )  # fmt: skip
    assert application.panel.name == "Camden"
    [email] = inbox.messages
    assert email["To"] == "priya@example.org"
    assert email["Subject"] == "We have your application"
    assert "Dear Priya Shah" in text(email)
    [created] = events(object_type="application", action="created")
    assert created.object_id == str(application.id) and created.actor_id is None
    assert "Priya" not in created.summary  # ids and field names only


def test_missing_answers_are_each_named_and_what_was_typed_stays(client, answers):
    empty = {**answers, "name": "", "statement": " ", "panel_id": "", "conditions": ""}
    response = post_form(client, "/apply", empty)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    for message in (
        "Enter your full name",
        "Tell us why you want to be a custody visitor",
        "Select where you would like to visit",
        "Select yes if you meet all of these conditions",
    ):
        assert message in page
    assert 'value="priya@example.org"' in page and 'value="07700 900123"' in page
    assert "<title>Error:" in page
    assert _applications() == []


def test_an_email_address_in_the_wrong_format_is_refused(client, answers):
    page = post_form(client, "/apply", {**answers, "email": "priya.example.org"})
    assert page.status_code == 200
    body = page.get_data(as_text=True)
    assert "Enter an email address in the correct format, like name@example.org" in body
    assert 'value="priya.example.org"' in body
    assert _applications() == []


def test_someone_who_does_not_meet_the_conditions_is_told_why(client, answers):
    page = post_form(client, "/apply", {**answers, "conditions": "no"})
    assert "You can apply only if you meet all of these conditions" in page.get_data(as_text=True)
    assert _applications() == []


def test_a_filled_in_honeypot_is_thanked_and_nothing_is_kept(client, answers, inbox):
    response = post_form(client, "/apply", {**answers, "website": "http://spam.example"})
    assert response.status_code == 302 and response.headers["Location"] == "/apply/sent"
    assert "Application sent" in client.get("/apply/sent").get_data(as_text=True)
    assert _applications() == [] and inbox.messages == []
    assert events(object_type="application") == []


def test_applications_from_one_address_are_rate_limited(client, answers, lowered):
    lowered(APPLY_RATE_LIMIT="2 per minute")
    statuses = [post_form(client, "/apply", answers).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    page = post_form(client, "/apply", answers).get_data(as_text=True)
    assert "Too many attempts" in page
    assert len(_applications()) == 2


def test_equality_answers_are_optional_and_kept_apart_from_the_application(client, answers):
    post_form(client, "/apply", answers)
    response = post_form(client, "/apply/equality-monitoring",
                         {"age_band": "25_34", "ethnicity": "white"})  # fmt: skip
    assert response.headers["Location"] == "/apply/sent"
    db.session.expire_all()
    [row] = db.session.scalars(sa.select(DiversityAnswers))
    assert (row.age_band, row.sex, row.ethnicity, row.disability) == ("25_34", "", "white", "")
    # Answered once: the session no longer offers the questions.
    again = client.get("/apply/equality-monitoring")
    assert again.status_code == 302 and again.headers["Location"] == "/apply/sent"
    # A second applicant skips them: nothing is kept for them.
    other = client.application.test_client()
    post_form(other, "/apply", {**answers, "email": "sam@example.org"})
    assert other.get("/apply/sent").status_code == 200
    assert other.get("/apply/equality-monitoring").headers["Location"] == "/apply/sent"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DiversityAnswers)) == 1


def test_an_unknown_equality_answer_is_refused_by_name(client, answers):
    post_form(client, "/apply", answers)
    page = post_form(client, "/apply/equality-monitoring", {"sex": "robot"})
    assert page.status_code == 200
    assert "Select an answer to ‘What is your sex?’, or none" in page.get_data(as_text=True)


def test_an_application_is_kept_when_the_mail_server_is_down(client, answers, no_mail_server):
    response = post_form(client, "/apply", answers)
    assert response.headers["Location"] == "/apply/equality-monitoring"
    assert [a.email for a in _applications()] == ["priya@example.org"]


def test_an_application_without_the_forms_csrf_token_is_refused(client, answers):
    client.get("/apply")
    response = client.post("/apply", data=answers, headers={"Referer": "http://localhost/apply"})
    assert (response.status_code, response.headers["Location"]) == (302, "/apply")
    assert "Your form had expired" in client.get("/apply").get_data(as_text=True)
    assert _applications() == []
