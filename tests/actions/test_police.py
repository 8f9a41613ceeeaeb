"""The police's side (issue 17): a police user answers for suites, reads their actions and
visit summaries (never a volunteer's name), hears when asked, and answers in the app or API."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from icv.actions.models import Action, Category, Status
from icv.actions.reminders import remind_overdue_actions
from icv.auth.accounts import issue_token
from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role
from icv.notifications.models import Notification
from icv.sync.openapi import openapi_document
from tests.actions.helpers import (
    ALLEGATION,
    api_for,
    bell_body,
    concern_body,
    new_uuid,
)
from tests.admin.smtp import text
from tests.conftest import post_form, sign_in
from tests.sync.factory import Api

ANSWER_SCHEMA = Draft202012Validator(
    {"$ref": "urn:icv#/components/schemas/ActionAnswer"},
    registry=Registry().with_resource("urn:icv", Resource.opaque(openapi_document())),
)
VOLUNTEER_NAMES = ("Alice Able", "Bob Baker", "Carol Cole", "Dan Dale", "Olive Other")


@pytest.fixture
def police(scheme, make_user):
    """Northtown's custody inspector, and Southtown's."""
    scheme.inspector = make_user(
        Role.POLICE, name="Inspector Patel", email="patel@police.uk", police_suites=[scheme.suite]
    )
    scheme.south_inspector = make_user(
        Role.POLICE, name="Inspector South", police_suites=[scheme.other_suite]
    )
    return scheme


def _file(app, user, body) -> None:
    response = api_for(app, user).put(new_uuid(), body)
    assert response.status_code == 201, response.get_json()


def _actions_at(suite) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Action.category, Action.id).where(Action.suite_id == suite.id)
    ).all()
    return {category: action_id for category, action_id in rows}


def _visits(app, scheme) -> None:
    """A visit with concerns at Northtown, a broken bell at Northgate and at Southtown."""
    _file(app, scheme.alice, concern_body(scheme.suite, [scheme.alice, scheme.bob]))
    _file(
        app,
        scheme.carol,
        bell_body(scheme.second_suite, [scheme.carol, scheme.dan], "2019-06-02T10:00:00+01:00"),
    )
    _file(
        app,
        scheme.outsider,
        bell_body(
            scheme.other_suite, [scheme.outsider, scheme.outsider_two], "2019-06-02T11:00:00+01:00"
        ),
    )


def _signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def _no_names(shown: str) -> None:
    for name in VOLUNTEER_NAMES:
        assert name not in shown


def test_police_see_their_suites_actions_and_visits_and_never_a_volunteers_name(app, police):
    _visits(app, police)
    mine = _actions_at(police.suite)
    others = [*_actions_at(police.second_suite).values(), *_actions_at(police.other_suite).values()]
    client = _signed_in(app, police.inspector)

    listing = _page(client, "/actions/")
    for action_id in mine.values():
        assert f"Action {action_id}:" in listing
    for action_id in others:
        assert f"Action {action_id}:" not in listing
        assert client.get(f"/actions/{action_id}").status_code == 404
    assert "NT/1234/19" in listing  # the custody number finds the person's record
    shown = _page(client, f"/actions/{mine[Category.ALLEGATION]}")
    assert ALLEGATION in shown and "Northtown" in shown and "/visits/" not in shown
    _no_names(listing + shown)

    answer = client.get("/api/v1/actions")
    assert answer.status_code == 200
    assert {a["id"] for a in answer.get_json()["actions"]} == set(mine.values())
    assert {a["suite"] for a in answer.get_json()["actions"]} == {"Northtown"}
    _no_names(answer.get_data(as_text=True))

    visits = _page(client, "/actions/visits")
    assert "Northtown" in visits and "Cell call bells" in visits
    assert "Northgate" not in visits and "Southtown" not in visits
    _no_names(visits)
    assert "Nothing is waiting for your response" in _page(client, "/")
    report = db.session.scalar(sa.text("SELECT uuid FROM visit_reports LIMIT 1"))
    assert client.get(f"/visits/{report}").status_code == 403
    assert client.get("/api/v1/stats/annual?year=2019-20").status_code == 403


def test_a_coordinator_sends_to_the_police_who_answer_and_are_asked_again(app, police, inbox):
    _file(app, police.alice, concern_body(police.suite, [police.alice, police.bob]))
    _file(
        app,
        police.outsider,
        bell_body(
            police.other_suite, [police.outsider, police.outsider_two], "2019-06-02T11:00:00+01:00"
        ),
    )
    allegation = _actions_at(police.suite)[Category.ALLEGATION]
    bell = _actions_at(police.suite)[Category.SUITE_CONDITION]
    coordinator = _signed_in(app, police.coordinator)
    sent = post_form(
        coordinator,
        f"/actions/{allegation}/send",
        {"sent_on": ["4", "6", "2019"], "note": "Was the CCTV kept?"},
        follow_redirects=True,
    )
    assert "Recorded as sent to the police." in sent.get_data(as_text=True)

    emails = [m for m in inbox.messages if m["To"] == "patel@police.uk"]
    assert len(emails) == 1 and len(inbox.messages) == 1  # Southtown's inspector is not told
    body = text(emails[0])
    assert re.search(rf"https?://\S+/actions/{allegation}\b", body), body
    assert "NT/1234/19" not in body and ALLEGATION not in body
    _no_names(body)
    kept = db.session.scalars(
        sa.select(Notification).where(Notification.user_id == police.inspector.id)
    ).all()
    assert [n.subject for n in kept] == [emails[0]["Subject"]]

    inspector = _signed_in(app, police.inspector)
    home = _page(inspector, "/")
    assert f"Action {allegation}:" in home and f"Action {bell}:" not in home
    assert "Was the CCTV kept?" in _page(inspector, f"/actions/{allegation}")

    token = issue_token(police.inspector, "force system")
    db.session.commit()
    api = Api(app.test_client(), token=token)
    southtown = _actions_at(police.other_suite)[Category.SUITE_CONDITION]
    outside = api.post(f"/api/v1/actions/{southtown}/responses", {"response": "Fixed"})
    assert outside.status_code == 403 and outside.get_json()["error"] == "forbidden"
    empty = api.post(f"/api/v1/actions/{allegation}/responses", {"response": " "})
    assert empty.status_code == 422
    assert empty.get_json()["errors"] == {"response": ["Enter your response"]}
    answered = api.post(
        f"/api/v1/actions/{allegation}/responses",
        {
            "response": "CCTV kept and reviewed",
            "action_taken": "Officer spoken to",
            "done_on": "2019-06-10",
        },
    )
    assert answered.status_code == 201, answered.get_json()
    assert list(ANSWER_SCHEMA.iter_errors(answered.get_json())) == []  # as documented
    # The coordinator hears of it, by email and in the app: no custody number, no answer text.
    told = [m for m in inbox.messages if m["To"] == "cora@example.org"]
    assert [m["Subject"] for m in told] == [
        f"Action {allegation} at Northtown: the police responded"
    ]
    body = text(told[0])
    assert re.search(rf"https?://\S+/actions/{allegation}\b", body), body
    assert "Inspector Patel" in body and "have responded to" in body
    assert "NT/1234/19" not in body and "CCTV kept" not in body
    kept = db.session.scalars(
        sa.select(Notification.subject).where(Notification.user_id == police.coordinator.id)
    ).all()
    assert kept == [told[0]["Subject"]]
    assert answered.get_json()["action"]["status"] == Status.RESPONSE_RECEIVED

    disagree = {"response": "Bell tested: it works", "disagrees": True}
    assert api.post(f"/api/v1/actions/{bell}/responses", disagree).status_code == 201
    assert "disagree with" in text([m for m in inbox.messages if m["To"] == "cora@example.org"][-1])
    assert "We disagree: Bell tested: it works" in _page(coordinator, f"/actions/{bell}")

    shown = _page(coordinator, f"/actions/{allegation}")
    assert "The police answered" in shown and "CCTV kept and reviewed" in shown
    assert "Officer spoken to" in shown and "Inspector Patel" in shown
    days = (scheme_today() - db.session.get(Action, allegation).raised_on).days
    timings = coordinator.get("/api/v1/actions").get_json()["timings"]["time_to_response"]
    assert timings["overall"]["count"] == 2 and timings["overall"]["max_days"] == days

    again = post_form(
        coordinator,
        f"/actions/{allegation}/ask-again",
        {"question": "Which officer, and what rank?"},
        follow_redirects=True,
    )
    assert "Asked the police again." in again.get_data(as_text=True)
    assert db.session.get(Action, allegation).status == Status.SENT_TO_POLICE
    emails = [m for m in inbox.messages if m["To"] == "patel@police.uk"]
    assert len(emails) == 2 and "asks again" in text(emails[1])
    # A date typed in by hand later does not change the time to response: the police's does.
    post_form(
        coordinator,
        f"/actions/{allegation}/response",
        {"response": "By phone", "received_on": ["5", "6", "2019"], "responder": "Sgt Lee"},
    )
    timings = coordinator.get("/api/v1/actions").get_json()["timings"]["time_to_response"]
    assert timings["overall"]["max_days"] == days

    closed = post_form(
        coordinator, f"/actions/{allegation}/close", {"reason": ""}, follow_redirects=True
    )
    assert "Action closed." in closed.get_data(as_text=True)
    refused = api.post(f"/api/v1/actions/{allegation}/responses", {"response": "More"})
    assert refused.status_code == 403


def test_the_chase_job_reaches_the_suites_police_as_well_as_the_coordinator(app, police, inbox):
    _file(app, police.alice, concern_body(police.suite, [police.alice, police.bob]))
    action = db.session.get(Action, _actions_at(police.suite)[Category.ALLEGATION])
    coordinator = _signed_in(app, police.coordinator)
    post_form(coordinator, f"/actions/{action.id}/send", {"sent_on": ["4", "6", "2019"]})
    inbox.messages.clear()

    assert remind_overdue_actions(action.due_on + timedelta(days=1)) >= 1
    reached = {m["To"] for m in inbox.messages}
    assert {"patel@police.uk", "cora@example.org"} <= reached
    police_email = text(next(m for m in inbox.messages if m["To"] == "patel@police.uk"))
    assert f"Action {action.id}" in police_email and "Respond to them in the app" in police_email


def test_an_admin_turns_on_visit_summaries_by_email_to_the_suites_police(app, police, inbox):
    """Optional per scheme: off, nothing is emailed; on, each report received reaches its
    suite's police users only, concerns first, with no custody number, name or detainee text."""
    _file(app, police.alice, concern_body(police.suite, [police.alice, police.bob]))
    assert inbox.messages == []  # off until an admin turns it on
    admin = _signed_in(app, police.admin)
    assert 'value="no" checked' in _page(admin, "/manage/settings")
    refused = post_form(admin, "/manage/settings", {})
    assert "Choose whether to email each visit report" in refused.get_data(as_text=True)
    saved = post_form(
        admin, "/manage/settings", {"police_report_emails": "yes"}, follow_redirects=True
    )
    assert "Settings saved." in saved.get_data(as_text=True)
    assert "is emailed to the suite" in _page(admin, "/manage/police")

    later = concern_body(police.suite, [police.carol, police.dan])
    later |= {"arrived_at": "2019-06-08T21:10:00+01:00", "admitted_at": "2019-06-08T21:10:00+01:00",
              "departed_at": "2019-06-08T22:05:00+01:00"}  # fmt: skip
    _file(app, police.carol, later)
    when = "2019-06-09T10:00:00+01:00"
    _file(app, police.carol, bell_body(police.second_suite, [police.carol, police.dan], when))
    assert [m["To"] for m in inbox.messages] == ["patel@police.uk"]  # Northgate has no police
    email = inbox.messages[0]
    assert email["Subject"] == "Visit to Northtown on 8 June 2019: 3 concerns"
    body = text(email)
    assert body.index("Concerns:") < body.index("The visit:") < body.index("In custody: 3")
    assert "- Cell call bells: Call bell in cell 4 does not work" in body
    assert "- Allegation about treatment: 1" in body and "- Issue raised by a detainee: 1" in body
    assert re.search(r"https?://\S+/actions/visits", body), body
    for secret in ("NT/1234/19", "NT/1235/19", ALLEGATION, "blanket"):
        assert secret not in body
    _no_names(body)
