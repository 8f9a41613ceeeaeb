"""Every concern in a synced report becomes exactly one action, whatever is resent or amended."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from icv.actions.intake import actions_from_report
from icv.actions.models import Action, ActionSource, Category, Owner, Status
from icv.extensions import db
from icv.visits.reports import find_report
from tests.actions.helpers import (
    ALLEGATION,
    BLANKET,
    CALL_BELL,
    api_for,
    concern_body,
    concern_rows,
    new_uuid,
    plain_body,
)


def all_actions() -> list[Action]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Action).order_by(Action.id)))


def by_category() -> dict[str, Action]:
    return {action.category: action for action in all_actions()}


def test_each_concern_in_a_synced_report_becomes_an_action(app, scheme):
    api = api_for(app, scheme.alice)
    response = api.put(new_uuid(), concern_body(scheme.suite, [scheme.alice, scheme.bob]))
    assert response.status_code == 201, response.get_json()

    actions = by_category()
    assert set(actions) == {Category.ALLEGATION, Category.DETAINEE_ISSUE, Category.SUITE_CONDITION}
    allegation = actions[Category.ALLEGATION]
    assert allegation.summary == ALLEGATION
    assert allegation.custody_number == "NT/1234/19"
    assert allegation.raised_on == date(2019, 6, 1)
    assert allegation.due_on == date(2019, 6, 3)  # urgent: two days by default
    assert allegation.status == Status.OPEN
    assert allegation.panel_id == scheme.panel.id and allegation.suite_id == scheme.suite.id
    issue = actions[Category.DETAINEE_ISSUE]
    assert issue.summary.startswith(BLANKET) and "Raised with the custody sergeant" in issue.summary
    assert issue.due_on == date(2019, 6, 15)
    bell = actions[Category.SUITE_CONDITION]
    assert bell.summary == f"Cell call bells: {CALL_BELL}"
    assert bell.custody_number == ""  # only concerns about one person keep a custody number
    assert [event.kind for event in bell.events] == ["raised"]
    assert bell.events[0].by_id == scheme.alice.id


def test_a_report_with_nothing_to_follow_up_makes_no_actions(app, scheme):
    api = api_for(app, scheme.alice)
    assert (
        api.put(new_uuid(), plain_body(scheme.suite, [scheme.alice, scheme.bob])).status_code == 201
    )
    assert all_actions() == []


def test_an_allegation_is_followed_up_even_when_the_box_was_not_ticked(app, scheme):
    rows = concern_rows()
    rows[0]["follow_up"] = False
    rows[1]["follow_up"] = False
    body = plain_body(scheme.suite, [scheme.alice, scheme.bob], detainees=rows)
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    assert [a.category for a in all_actions()] == [Category.ALLEGATION]


def test_a_delay_at_the_door_and_the_follow_up_note_become_actions(app, scheme):
    body = plain_body(
        scheme.suite,
        [scheme.alice, scheme.bob],
        admitted_at="2019-06-01T21:35:00+01:00",
        delay={
            "minutes": 25,
            "reason": "Violent incident in the charge room",
            "authorised_by_rank": "Inspector",
        },
        follow_up_needed=True,
        follow_up_note="Ask the inspector why the medical room was locked",
    )
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    actions = by_category()
    assert set(actions) == {Category.ACCESS_DELAY, Category.FOLLOW_UP}
    assert "25 minutes" in actions[Category.ACCESS_DELAY].summary
    assert "Inspector" in actions[Category.ACCESS_DELAY].summary
    assert actions[Category.FOLLOW_UP].owner == Owner.SCHEME_OFFICE
    assert actions[Category.ACCESS_DELAY].owner == Owner.CUSTODY_INSPECTOR


def test_one_heating_problem_flagged_twice_becomes_one_action_saying_both(app, scheme):
    body = plain_body(
        scheme.suite,
        [scheme.alice, scheme.bob],
        conditions={"heating": {"rating": "concern", "note": "Cell 4 cold"}},
        follow_up_needed=True,
        follow_up_note="Check the heating in cell 4 is fixed",
    )
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    [action] = all_actions()
    assert action.category == Category.SUITE_CONDITION
    assert action.summary == "Heating: Cell 4 cold\nFollow-up: Check the heating in cell 4 is fixed"


def test_a_detainee_issue_and_what_was_done_are_on_separate_lines(app, scheme):
    body = concern_body(scheme.suite, [scheme.alice, scheme.bob])
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    issue = by_category()[Category.DETAINEE_ISSUE]
    assert issue.summary == f"{BLANKET}\nDone on the visit: Raised with the custody sergeant"


def test_resending_the_same_report_does_not_duplicate_actions(app, scheme):
    api, uuid = api_for(app, scheme.alice), new_uuid()
    body = concern_body(scheme.suite, [scheme.alice, scheme.bob])
    assert api.put(uuid, body).status_code == 201
    assert api.put(uuid, body).status_code == 200
    assert api_for(app, scheme.bob).put(uuid, body).status_code == 200  # the other visitor
    assert len(all_actions()) == 3


def test_running_intake_again_on_a_stored_report_changes_nothing(app, app_ctx, scheme):
    uuid = new_uuid()
    api_for(app, scheme.alice).put(uuid, concern_body(scheme.suite, [scheme.alice, scheme.bob]))
    report = find_report(uuid)
    assert actions_from_report(report) == []
    db.session.commit()
    assert len(all_actions()) == 3
    assert db.session.scalar(sa.select(sa.func.count(ActionSource.id))) == 3


def _amend(app, user, uuid, body, reason="Corrected the wording"):
    return api_for(app, user).post(
        f"/api/v1/visit-reports/{uuid}/amendments", {"reason": reason, "report": body}
    )


def test_an_amendment_refreshes_the_wording_without_duplicating(app, scheme):
    uuid, body = new_uuid(), concern_body(scheme.suite, [scheme.alice, scheme.bob])
    api_for(app, scheme.alice).put(uuid, body)
    body["conditions"]["cell_call_bells"]["note"] = "Call bell in cell 4 silent when pressed"

    response = _amend(app, scheme.bob, uuid, body)

    assert response.status_code == 201, response.get_json()
    actions = by_category()
    assert len(actions) == 3
    bell = actions[Category.SUITE_CONDITION]
    assert bell.summary == "Cell call bells: Call bell in cell 4 silent when pressed"
    assert bell.events[-1].kind == "report_amended"
    assert bell.events[-1].by_id == scheme.bob.id


def test_an_amendment_adding_a_person_first_adds_only_the_new_concern(app, scheme):
    uuid, body = new_uuid(), concern_body(scheme.suite, [scheme.alice, scheme.bob])
    api_for(app, scheme.alice).put(uuid, body)
    newcomer = {
        "outcome": "interviewed",
        "custody_number": "NT/1300/19",
        "allegation": "Says handcuffs were left on too tight",
        "follow_up": True,
    }
    body["detainees"] = [newcomer, *body["detainees"]]
    body["detainees_in_custody"] = 4

    assert _amend(app, scheme.alice, uuid, body).status_code == 201

    allegations = [a for a in all_actions() if a.category == Category.ALLEGATION]
    assert sorted(a.summary for a in allegations) == sorted(
        [ALLEGATION, "Says handcuffs were left on too tight"]
    )
    assert len(all_actions()) == 4


def test_an_amendment_removing_a_concern_keeps_its_action_and_says_so(app, scheme):
    uuid, body = new_uuid(), concern_body(scheme.suite, [scheme.alice, scheme.bob])
    api_for(app, scheme.alice).put(uuid, body)
    body["conditions"] = {}

    assert _amend(app, scheme.alice, uuid, body, "The bell was tested again").status_code == 201

    bell = by_category()[Category.SUITE_CONDITION]
    assert bell.status == Status.OPEN  # never lost: someone must close it with a reason
    assert bell.sources[0].withdrawn_at is not None
    assert "no longer mentions" in bell.events[-1].note


def test_a_report_that_is_refused_leaves_no_actions(app, scheme, make_user):
    from icv.rota.models import ScheduledVisit

    visit = ScheduledVisit(
        suite=scheme.suite,
        window_starts_on=date(2019, 5, 27),
        window_ends_on=date(2019, 6, 2),
        visitors=[scheme.alice, scheme.bob],
    )
    db.session.add(visit)
    db.session.commit()
    first = concern_body(scheme.suite, [scheme.alice, scheme.bob], scheduled_visit_id=visit.id)
    second = concern_body(scheme.suite, [scheme.alice, scheme.bob], scheduled_visit_id=visit.id)
    assert api_for(app, scheme.alice).put(new_uuid(), first).status_code == 201

    refused = api_for(app, scheme.bob).put(new_uuid(), second)

    assert refused.status_code == 422
    assert len(all_actions()) == 3


def test_access_refused_becomes_an_action_for_the_custody_inspector(app, scheme):
    reason = "Sergeant said the suite was too busy; no inspector authorised it"
    body = plain_body(
        scheme.suite,
        [scheme.alice, scheme.bob],
        admitted_at=None,
        not_completed_reason=reason,
        detainees_in_custody=0,
        detainees=[],
    )
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    refused = by_category()[Category.ACCESS_DELAY]
    assert refused.summary == f"Not admitted.\nReason: {reason}"
    assert refused.owner == Owner.CUSTODY_INSPECTOR
    assert [source.item_key for source in refused.sources] == ["refused"]
