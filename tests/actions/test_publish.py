"""Publishing a quarter's issues (issue 17): the coordinator approves which actions and which
wording; anyone reads the list (page and CSV) without signing in, and the meeting pack has
the same table. Never a custody number, a name, or text nobody approved."""

from __future__ import annotations

import csv
import io

import sqlalchemy as sa

from icv.actions.models import Action, Category
from icv.audit.models import AuditEvent
from icv.extensions import db
from tests.actions.helpers import (
    ALLEGATION,
    BLANKET,
    CALL_BELL,
    api_for,
    bell_body,
    concern_body,
    new_uuid,
)
from tests.conftest import post_form, sign_in

PUBLIC = "/published/2019-20-Q1"
NEVER_PUBLIC = (
    *(ALLEGATION, CALL_BELL, "NT/1234/19", "NT/1235/19", "PC Jones", BLANKET),
    *("Inspector Patel", "Alice Able", "Bob Baker", "Cora Coordinator"),
)


def _actions(app, scheme) -> dict[str, Action]:
    """North's visit with an allegation, a blanket and a broken bell; South's broken bell."""
    visit = concern_body(scheme.suite, [scheme.alice, scheme.bob])
    assert api_for(app, scheme.alice).put(new_uuid(), visit).status_code == 201
    south = bell_body(scheme.other_suite, [scheme.outsider, scheme.outsider_two],
                      "2019-06-02T11:00:00+01:00")  # fmt: skip
    assert api_for(app, scheme.outsider).put(new_uuid(), south).status_code == 201
    north = db.session.scalars(sa.select(Action).where(Action.suite_id == scheme.suite.id))
    south_action = db.session.scalar(
        sa.select(Action).where(Action.suite_id == scheme.other_suite.id)
    )
    return {action.category: action for action in north} | {"south": south_action}


def _client(app, user=None):
    client = app.test_client()
    if user is not None:
        sign_in(client, user)
    return client


def _text(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def _never_public(shown: str) -> None:
    for text in NEVER_PUBLIC:
        assert text not in shown, text


def test_the_coordinator_approves_what_is_published_and_anyone_reads_only_that(app, scheme):
    actions = _actions(app, scheme)
    allegation, bell = actions[Category.ALLEGATION], actions[Category.SUITE_CONDITION]
    blanket, south = actions[Category.DETAINEE_ISSUE], actions["south"]
    coordinator = _client(app, scheme.coordinator)
    post_form(coordinator, f"/actions/{bell.id}/send", {"sent_on": ["3", "6", "2019"]})
    post_form(coordinator, f"/actions/{bell.id}/response", {
        "response": "Cell 4 fixed by PC Jones", "received_on": ["5", "6", "2019"],
        "responder": "Inspector Patel"})  # fmt: skip

    quarter = _text(coordinator.get("/actions/publish?quarter=2019-20+Q1"))
    for action in (allegation, bell, blanket):
        assert f"/actions/{action.id}/publish" in quarter
    assert f"/actions/{south.id}/publish" not in quarter and "Not listed" in quarter
    assert coordinator.get(f"/actions/{south.id}/publish").status_code == 404

    form = _text(coordinator.get(f"/actions/{bell.id}/publish"))
    assert CALL_BELL in form and "Cell 4 fixed by PC Jones" in form  # to edit, not yet approved
    listed = post_form(coordinator, f"/actions/{allegation.id}/publish", {"publish": "yes"},
                       follow_redirects=True)  # fmt: skip
    assert f"Action {allegation.id} is listed in 2019-20 Q1" in _text(listed)
    approved = {
        "publish": "yes",
        "wording": ["summary", "response"],
        "summary": "A call bell did not work",
        "response": "The bell was repaired",
    }
    assert post_form(coordinator, f"/actions/{bell.id}/publish", approved).status_code == 302
    # Ticking the response without its wording is refused, keeping what was typed.
    refused = post_form(coordinator, f"/actions/{blanket.id}/publish", {
        "publish": "yes", "wording": ["summary", "response"],
        "summary": "A detainee asked for a blanket", "response": " "})  # fmt: skip
    shown = _text(refused)
    assert "Enter the police&#39;s response as it should be published, or untick it" in shown
    assert "A detainee asked for a blanket" in shown
    assert db.session.get(Action, blanket.id).publication is None
    # The police answered about the blanket; its wording is not approved: said, never shown.
    post_form(coordinator, f"/actions/{blanket.id}/response", {
        "response": "Blanket given by PC Jones", "received_on": ["5", "6", "2019"],
        "responder": "Inspector Patel"})  # fmt: skip
    post_form(coordinator, f"/actions/{blanket.id}/publish", {"publish": "yes",
              "wording": ["summary"], "summary": "A detainee asked for a blanket"})  # fmt: skip

    anyone = _client(app)
    index = _text(anyone.get("/published/"))
    assert "2019-20 Q1" in index and "3 issues" in index
    page = _text(anyone.get(PUBLIC))
    assert "Northtown" in page and "Allegation about treatment" in page
    assert "A call bell did not work" in page and "The bell was repaired" in page
    assert "Response received" in page and "No response yet" in page
    assert "Southtown" not in page
    _never_public(page)
    rows = list(csv.reader(io.StringIO(_text(anyone.get(f"{PUBLIC}.csv")))))
    assert rows == [
        ["Quarter", "Suite", "Category", "What was found", "Police response", "State"],
        ["2019-20 Q1", "Northtown", "Allegation about treatment", "", "No response yet", "Open"],
        ["2019-20 Q1", "Northtown", "Issue raised by a detainee", "A detainee asked for a blanket",
         "Not published", "Response received"],
        ["2019-20 Q1", "Northtown", "Suite condition", "A call bell did not work",
         "The bell was repaired", "Response received"],
    ]  # fmt: skip
    assert anyone.get("/published/2019-20-Q5").status_code == 404
    assert anyone.get("/published/nonsense").status_code == 404
    assert _text(anyone.get("/published/2019-20-Q2")).count("Nothing has been published") == 1

    pack = _text(coordinator.get(f"/actions/pack?panel_id={scheme.panel.id}&quarter=2019-20+Q1"))
    published_part = pack.split("Published issues and police responses")[1]
    assert "A call bell did not work" in published_part and "Allegation about treatment" in pack
    export = _text(coordinator.get(
        f"/actions/pack.csv?panel_id={scheme.panel.id}&quarter=2019-20+Q1"))  # fmt: skip
    assert "Published issues" in export and "The bell was repaired" in export

    post_form(coordinator, f"/actions/{allegation.id}/publish", {"publish": "no"})
    page = _text(anyone.get(PUBLIC))
    assert "Allegation about treatment" not in page and "A call bell did not work" in page
    kinds = db.session.scalars(
        sa.select(AuditEvent.summary).where(AuditEvent.object_type == "action",
                                            AuditEvent.object_id == str(allegation.id))
    ).all()  # fmt: skip
    assert "approved for publishing: no wording" in kinds
    assert "withdrawn from publishing" in kinds
