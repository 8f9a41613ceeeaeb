"""Visit-report bodies with concerns in them, and a signed-in JSON client, for action tests."""

from __future__ import annotations

import uuid as uuid_module
from datetime import datetime, timedelta

from tests.conftest import sign_in
from tests.sync.factory import Api

ALLEGATION = "Says an officer pushed him against the wall in the corridor"
BLANKET = "Asked three times for a blanket; none given"
CALL_BELL = "Call bell in cell 4 does not work"


def concern_rows() -> list[dict]:
    return [
        {
            "outcome": "interviewed",
            "custody_number": "NT/1234/19",
            "allegation": ALLEGATION,
            "follow_up": True,
        },
        {
            "outcome": "interviewed",
            "custody_number": "NT/1235/19",
            "issues_raised": BLANKET,
            "action_taken": "Raised with the custody sergeant",
            "raised_with_staff": True,
            "follow_up": True,
        },
        {"outcome": "declined"},
    ]


def plain_body(suite, visitors, *, when: str = "2019-06-01T21:10:00+01:00", **overrides) -> dict:
    """A report with nothing to follow up: three people, no concerns."""
    body = {
        "suite_id": suite.id,
        "scheduled_visit_id": None,
        "visitor_ids": [visitor.id for visitor in visitors],
        "visit_mode": "in_person",
        "arrived_at": when,
        "admitted_at": when,
        "departed_at": (datetime.fromisoformat(when) + timedelta(minutes=55)).isoformat(),
        "detainees_in_custody": 3,
        "juveniles": 0,
        "vulnerable_adults": 0,
        "detainees": [
            {"outcome": "interviewed"},
            {"outcome": "declined"},
            {"outcome": "unavailable", "unavailable_reason": "asleep"},
        ],
        "rating": "satisfactory",
        "positive_findings": "Clean cells and a well-stocked kitchen",
    }
    body.update(overrides)
    return body


def concern_body(suite, visitors, **overrides) -> dict:
    """An allegation, a detainee issue flagged for follow-up, and a broken call bell."""
    body = plain_body(
        suite,
        visitors,
        detainees=concern_rows(),
        conditions={"cell_call_bells": {"rating": "concern", "note": CALL_BELL}},
        rating="unsatisfactory",
    )
    body.update(overrides)
    return body


def bell_body(suite, visitors, when: str) -> dict:
    """Only the broken call bell, on another visit: a duplicate of the same problem."""
    return plain_body(
        suite,
        visitors,
        when=when,
        conditions={"cell_call_bells": {"rating": "concern", "note": CALL_BELL}},
    )


def new_uuid() -> str:
    return str(uuid_module.uuid4())


def api_for(app, user) -> Api:
    client = app.test_client()
    sign_in(client, user)
    return Api(client)
