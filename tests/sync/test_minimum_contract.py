"""The issue's minimum JSON contract is accepted as written; what it leaves out has a meaning."""

from __future__ import annotations

import json

import pytest

from icv.extensions import db
from icv.visits.models import VisitReport
from icv.visits.validation import DELAY_GRACE_MINUTES, normalise
from tests.sync.factory import new_uuid, report_body

# Copied verbatim from issue 3 ("Minimum JSON contract of a report"); only the ids change.
ISSUE_EXAMPLE = """
{"suite_id": 12, "scheduled_visit_id": 345,
 "visitor_ids": [7, 19],
 "arrived_at": "2019-06-01T21:10:00+01:00", "admitted_at": "2019-06-01T21:12:00+01:00",
 "departed_at": "2019-06-01T22:05:00+01:00",
 "detainees_in_custody": 3,
 "detainees": [{"outcome": "interviewed"}, {"outcome": "declined"},
               {"outcome": "unavailable", "unavailable_reason": "asleep"}]}
"""


def issue_example(suite_id, visit_id, first, second) -> dict:
    text = ISSUE_EXAMPLE.replace('"suite_id": 12', f'"suite_id": {suite_id}')
    text = text.replace('"scheduled_visit_id": 345', f'"scheduled_visit_id": {visit_id}')
    text = text.replace('"visitor_ids": [7, 19]', f'"visitor_ids": [{first}, {second}]')
    return json.loads(text)


def test_the_issues_minimum_example_is_stored(team, api_as, make_scheduled_visit):
    visit = make_scheduled_visit(team.suite, [team.alice, team.bob])
    body = issue_example(team.suite.id, visit.id, team.alice.id, team.bob.id)

    response = api_as(team.alice).put(new_uuid(), body)

    assert response.status_code == 201, response.get_json()
    stored = response.get_json()["report"]
    assert stored["visit_mode"] == "in_person"  # the default when left out
    assert stored["juveniles"] is None and stored["vulnerable_adults"] is None  # not recorded
    assert stored["rating"] is None  # not given
    assert stored["delay"] is None  # let in 2 minutes after arriving: signing in, not a delay
    report = db.session.get(VisitReport, db.session.scalar(db.select(VisitReport.id)))
    assert report.juveniles is None and report.rating is None
    assert [row.outcome for row in report.detainees] == ["interviewed", "declined", "unavailable"]
    # The same body again is the same report (200), not a second one.
    assert api_as(team.alice).put(response.get_json()["uuid"], body).status_code == 200


@pytest.mark.parametrize(
    ("admitted", "needs_delay"),
    [("21:10", False), ("21:15", False), ("21:16", True), ("22:00", True)],
)
def test_delay_details_are_needed_only_after_the_grace(admitted, needs_delay):
    assert DELAY_GRACE_MINUTES == 5
    body = report_body(
        type("Suite", (), {"id": 1}), [type("U", (), {"id": i}) for i in (7, 19)],
        admitted_at=f"2019-06-01T{admitted}:00+01:00",
    )  # fmt: skip
    errors = normalise(body).errors
    assert ("delay.minutes" in errors) is needs_delay, errors
    if needs_delay:
        assert errors["delay.reason"] == ["Enter the reason given for the delay at the door"]


def test_explicit_values_are_still_checked():
    body = report_body(
        type("Suite", (), {"id": 1}), [type("U", (), {"id": i}) for i in (7, 19)],
        visit_mode="by_post", rating="fine", juveniles=-1, vulnerable_adults="two",
    )  # fmt: skip
    errors = normalise(body).errors
    assert errors["visit_mode"] == ["Choose how the visit was made: in person or remote"]
    assert errors["rating"] == ["Choose whether the visit was satisfactory or not satisfactory"]
    assert errors["juveniles"] == ["Juveniles must be 0 or more"]
    assert errors["vulnerable_adults"] == ["Enter the number of vulnerable adults, like 0"]


def test_figures_add_up_only_the_numbers_recorded(team, api_as):
    """One report with 2 juveniles, one that did not record them: the summary holds 2 and 0."""
    from icv.figures.models import report_figures

    api = api_as(team.alice)
    visitors = [team.alice, team.bob]
    recorded = report_body(team.suite, visitors, juveniles=2)
    unrecorded = report_body(team.suite, visitors)
    del unrecorded["juveniles"], unrecorded["vulnerable_adults"], unrecorded["rating"]
    assert api.put(new_uuid(), recorded).status_code == 201
    assert api.put(new_uuid(), unrecorded).status_code == 201
    total = db.session.scalar(db.select(db.func.sum(report_figures.c.juveniles)))
    satisfactory = db.session.scalar(db.select(db.func.sum(report_figures.c.visits_satisfactory)))
    assert (total, satisfactory) == (2, 1)
