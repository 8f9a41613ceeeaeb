"""The whole loop over HTTP: a synced concern, the coordinator's list, the response, closing."""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa

from icv.actions.models import Action, Category, Status
from icv.extensions import db
from tests.actions.helpers import ALLEGATION, api_for, concern_body, new_uuid
from tests.conftest import post_form, sign_in


def synced_actions(app, scheme) -> dict[str, int]:
    response = api_for(app, scheme.alice).put(
        new_uuid(), concern_body(scheme.suite, [scheme.alice, scheme.bob])
    )
    assert response.status_code == 201, response.get_json()
    rows = db.session.execute(sa.select(Action.category, Action.id)).all()
    return {category: action_id for category, action_id in rows}


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


def test_a_concern_is_followed_from_the_report_to_its_closure(app, scheme):
    ids = synced_actions(app, scheme)
    allegation = ids[Category.ALLEGATION]
    coordinator = signed_in(app, scheme.coordinator)

    listing = page(coordinator, "/actions/")
    assert f"Action {allegation}: Allegation about treatment" in listing
    assert "NT/1234/19" in listing  # coordinators see custody numbers
    shown = page(coordinator, f"/actions/{allegation}")
    assert ALLEGATION in shown and "No response recorded yet" in shown

    answered = post_form(
        coordinator,
        f"/actions/{allegation}/response",
        {
            "response": "Referred to professional standards; CCTV being reviewed",
            "received_on": ["5", "6", "2019"],
            "responder": "Inspector Patel",
        },
        follow_redirects=True,
    )
    assert "Police response saved." in answered.get_data(as_text=True)

    volunteer = signed_in(app, scheme.bob)  # the other visitor on that report
    mine = page(volunteer, "/actions/")
    assert f"Action {allegation}" in mine and "NT/1234/19" not in mine
    seen = page(volunteer, f"/actions/{allegation}")
    assert "Referred to professional standards; CCTV being reviewed" in seen
    assert "Response received" in seen and "NT/1234/19" not in seen
    assert "Timeline" not in seen  # volunteers see the outcome, not the working notes

    closed = post_form(
        coordinator, f"/actions/{allegation}/close", {"reason": ""}, follow_redirects=True
    )
    assert "Action closed." in closed.get_data(as_text=True)
    db.session.expire_all()
    action = db.session.get(Action, allegation)
    assert action.status == Status.CLOSED and action.closed_on == date.today()
    assert [e.kind for e in action.events] == ["raised", "response_recorded", "closed"]
    assert {e.by_id for e in action.events[1:]} == {scheme.coordinator.id}
    assert "Closed on" in page(volunteer, f"/actions/{allegation}")


def test_closing_without_a_response_or_reason_is_refused_with_a_clear_message(app, scheme):
    bell = synced_actions(app, scheme)[Category.SUITE_CONDITION]
    coordinator = signed_in(app, scheme.coordinator)

    refused = post_form(coordinator, f"/actions/{bell}/close", {"reason": "  "})

    text = refused.get_data(as_text=True)
    assert refused.status_code == 200
    assert "There is a problem" in text
    assert "Enter why you are closing the action: there is no police response recorded yet" in text
    db.session.expire_all()
    assert db.session.get(Action, bell).status == Status.OPEN
    accepted = post_form(
        coordinator,
        f"/actions/{bell}/close",
        {"reason": "Bell repaired; checked on the next visit"},
    )
    assert accepted.status_code == 302
    db.session.expire_all()
    assert db.session.get(Action, bell).closed_reason == "Bell repaired; checked on the next visit"


def test_a_response_with_a_missing_part_keeps_what_was_typed(app, scheme):
    bell = synced_actions(app, scheme)[Category.SUITE_CONDITION]
    coordinator = signed_in(app, scheme.coordinator)

    response = post_form(
        coordinator,
        f"/actions/{bell}/response",
        {
            "response": "Engineer booked for Tuesday",
            "received_on": ["31", "2", "2019"],
            "responder": "",
        },
    )

    text = response.get_data(as_text=True)
    assert "Enter who gave the response, like Inspector Patel" in text
    assert "Date of the response must be a real date" in text
    assert "Engineer booked for Tuesday" in text
    assert re.search(r'value="31"', text)


def test_a_response_dated_before_the_visit_or_in_the_future_is_refused(app, scheme):
    bell = synced_actions(app, scheme)[Category.SUITE_CONDITION]
    coordinator = signed_in(app, scheme.coordinator)
    answers = {"response": "Fixed", "responder": "Sergeant Cole"}
    early = post_form(
        coordinator, f"/actions/{bell}/response", {**answers, "received_on": ["31", "5", "2019"]}
    )
    assert "must be on or after the day it was raised, 1 June 2019" in early.get_data(as_text=True)
    late = post_form(
        coordinator,
        f"/actions/{bell}/response",
        {**answers, "received_on": ["1", "1", str(date.today().year + 1)]},
    )
    assert "must be today or in the past" in late.get_data(as_text=True)


def test_every_change_is_on_the_timeline_with_who_and_when(app, scheme):
    issue = synced_actions(app, scheme)[Category.DETAINEE_ISSUE]
    coordinator = signed_in(app, scheme.coordinator)
    url = f"/actions/{issue}"
    changes = [
        ("send", {"sent_on": ["3", "6", "2019"], "note": "Emailed the custody inspector"}),
        ("escalate", {"reason": "No reply: to the superintendent", "due_on": ["30", "6", "2019"]}),
        (
            "owner",
            {"owner": "other", "owner_other": "Borough commander", "due_on": ["15", "7", "2019"]},
        ),
        ("note", {"note": "Chased by phone"}),
    ]
    for step, answers in changes:
        assert post_form(coordinator, f"{url}/{step}", answers).status_code == 302, step

    db.session.expire_all()
    action = db.session.get(Action, issue)
    assert action.status == Status.ESCALATED
    assert action.owner_other == "Borough commander" and action.due_on == date(2019, 7, 15)
    kinds = [event.kind for event in action.events]
    assert kinds == ["raised", "sent_to_police", "escalated", "reassigned", "note"]
    assert action.events[2].changes["status"] == ["sent_to_police", "escalated"]
    timeline = page(coordinator, url)
    for text in (
        "Sent to police",
        "Escalated",
        "Chased by phone",
        "Cora Coordinator",
        "No reply: to the superintendent",
        "Borough commander",
    ):
        assert text in timeline
    analyst_view = page(signed_in(app, scheme.analyst), url)
    assert "Chased by phone" in analyst_view and "NT/1235/19" not in analyst_view


def test_the_list_filters_by_status_suite_category_and_overdue(app, scheme):
    ids = synced_actions(app, scheme)
    coordinator = signed_in(app, scheme.coordinator)
    post_form(coordinator, f"/actions/{ids[Category.SUITE_CONDITION]}/close", {"reason": "Fixed"})

    def listed(query: str) -> set[int]:
        text = page(coordinator, f"/actions/?{query}")
        return {int(n) for n in re.findall(r"Action (\d+): ", text)}

    assert listed("") == set(ids.values())
    assert listed("status=closed") == {ids[Category.SUITE_CONDITION]}
    assert listed("category=allegation") == {ids[Category.ALLEGATION]}
    assert listed(f"suite={scheme.suite.id}") == set(ids.values())
    # Raised in June 2019, so the open ones are long overdue; the closed one is not.
    assert listed("overdue=yes") == {ids[Category.ALLEGATION], ids[Category.DETAINEE_ISSUE]}
    assert 'govuk-tag--red">Overdue' in page(coordinator, "/actions/?overdue=yes")
    assert listed(f"suite={scheme.other_suite.id}") == set(ids.values())  # not offered: ignored
