"""The same broken call bell reported on three visits is one action with three sources."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from icv.actions import workflow
from icv.actions.models import Action, ActionEvent, AppendOnlyError, Status
from icv.extensions import db
from tests.actions.helpers import api_for, bell_body, new_uuid
from tests.conftest import post_form, sign_in

VISITS = ("2019-06-01T21:10:00+01:00", "2019-06-09T14:00:00+01:00", "2019-06-20T03:30:00+01:00")


def three_bell_reports(app, scheme) -> list[int]:
    pairs = [(scheme.alice, scheme.bob), (scheme.carol, scheme.dan), (scheme.bob, scheme.carol)]
    for (first, second), when in zip(pairs, VISITS, strict=True):
        body = bell_body(scheme.suite, [first, second], when)
        assert api_for(app, first).put(new_uuid(), body).status_code == 201
    return list(db.session.scalars(sa.select(Action.id).order_by(Action.id)))


def test_linking_duplicates_moves_their_sources_and_closes_them(app, scheme):
    first, second, third = three_bell_reports(app, scheme)
    client = app.test_client()
    sign_in(client, scheme.coordinator)

    form = client.get(f"/actions/{first}/link").get_data(as_text=True)
    assert f"Action {second}, Suite condition" in form and f"Action {third}," in form
    for duplicate in (second, third):
        done = post_form(client, f"/actions/{first}/link", {"duplicate": str(duplicate)})
        assert done.status_code == 302

    db.session.expire_all()
    kept = db.session.get(Action, first)
    assert len(kept.sources) == 3
    assert kept.status == Status.OPEN
    assert [e.kind for e in kept.events] == ["raised", "linked", "linked"]
    for duplicate in (second, third):
        closed = db.session.get(Action, duplicate)
        assert closed.status == Status.CLOSED and closed.duplicate_of_id == first
        assert closed.closed_reason == f"Duplicate of action {first}"
        assert closed.sources == []
    # Dan only visited the second time; he now follows the one action that holds his item.
    dan = app.test_client()
    sign_in(dan, scheme.dan)
    assert dan.get(f"/actions/{first}").status_code == 200
    assert dan.get(f"/actions/{second}").status_code == 404


def test_linking_the_same_suite_only_and_never_a_closed_action(app, app_ctx, scheme):
    first, second, _ = three_bell_reports(app, scheme)
    other = bell_body(scheme.second_suite, [scheme.alice, scheme.bob], VISITS[0])
    api_for(app, scheme.alice).put(new_uuid(), other)
    elsewhere = db.session.scalar(
        sa.select(Action).where(Action.suite_id == scheme.second_suite.id)
    )
    keep, duplicate = db.session.get(Action, first), db.session.get(Action, second)
    by = db.session.merge(scheme.coordinator)

    with pytest.raises(workflow.Refused, match="same custody suite"):
        workflow.link_duplicate(keep, elsewhere, by)
    with pytest.raises(workflow.Refused, match="cannot duplicate itself"):
        workflow.link_duplicate(keep, keep, by)
    workflow.close(duplicate, by, "Fixed")
    with pytest.raises(workflow.Refused, match="only open actions can be linked"):
        workflow.link_duplicate(keep, duplicate, by)


def test_a_guessed_id_not_offered_is_refused_with_a_message(app, scheme):
    first, _, _ = three_bell_reports(app, scheme)
    client = app.test_client()
    sign_in(client, scheme.coordinator)
    refused = post_form(client, f"/actions/{first}/link", {"duplicate": "999999"})
    assert "Choose the action that reports the same problem" in refused.get_data(as_text=True)


def test_the_earlier_due_date_wins_when_linking(app, app_ctx, scheme):
    first, second, _ = three_bell_reports(app, scheme)
    keep, duplicate = db.session.get(Action, second), db.session.get(Action, first)
    workflow.link_duplicate(keep, duplicate, db.session.merge(scheme.coordinator))
    assert keep.due_on == duplicate.due_on


def test_actions_are_never_deleted_and_their_timeline_never_rewritten(app, app_ctx, scheme):
    first, _, _ = three_bell_reports(app, scheme)
    action = db.session.get(Action, first)
    with pytest.raises(AppendOnlyError):
        db.session.delete(action)
        db.session.flush()
    db.session.rollback()
    event = db.session.scalar(sa.select(ActionEvent))
    event.note = "rewritten"
    with pytest.raises(AppendOnlyError):
        db.session.flush()


def test_a_timeline_event_cannot_be_deleted(app, app_ctx, scheme):
    three_bell_reports(app, scheme)
    event = db.session.scalar(sa.select(ActionEvent))
    db.session.delete(event)
    with pytest.raises(AppendOnlyError):
        db.session.flush()
