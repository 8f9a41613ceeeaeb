"""Valid visit-report bodies and a JSON API client, for the sync and report tests."""

from __future__ import annotations

import uuid as uuid_module
from itertools import cycle

OUTCOME_ROWS = (
    {"outcome": "interviewed", "checks": {"told_rights": "yes", "food_and_drink": "no"}},
    {"outcome": "declined"},
    {"outcome": "unavailable", "unavailable_reason": "asleep"},
)


def report_body(suite, visitors, *, people: int = 3, scheduled_visit=None, **overrides):
    """A report that passes every rule: arrived 21:10, admitted at once, left 22:05."""
    rows = [dict(row) for row, _ in zip(cycle(OUTCOME_ROWS), range(people), strict=False)]
    body = {
        "suite_id": suite.id,
        "scheduled_visit_id": scheduled_visit.id if scheduled_visit else None,
        "visitor_ids": [visitor.id for visitor in visitors],
        "visit_mode": "in_person",
        "arrived_at": "2019-06-01T21:10:00+01:00",
        "admitted_at": "2019-06-01T21:10:00+01:00",
        "departed_at": "2019-06-01T22:05:00+01:00",
        "detainees_in_custody": people,
        "juveniles": 0,
        "vulnerable_adults": 0,
        "detainees": rows,
        "rating": "satisfactory",
    }
    body.update(overrides)
    return body


def new_uuid() -> str:
    return str(uuid_module.uuid4())


class Api:
    """A signed-in JSON client: cookie session plus X-CSRFToken, or a bearer token."""

    def __init__(self, client, *, token: str | None = None, csrf: bool = True):
        self.client = client
        self.headers = {}
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        elif csrf:
            session = client.get("/api/v1/session")
            if session.status_code == 200:
                self.headers["X-CSRFToken"] = session.get_json()["csrf_token"]

    def put(self, uuid: str, body):
        return self.client.put(f"/api/v1/visit-reports/{uuid}", json=body, headers=self.headers)

    def get(self, url: str):
        return self.client.get(url, headers=self.headers)

    def post(self, url: str, body):
        return self.client.post(url, json=body, headers=self.headers)


def signed_in_api(app, user, **kwargs) -> Api:
    """A fresh client signed in as the user with a session cookie (and its CSRF token)."""
    from tests.conftest import sign_in

    client = app.test_client()
    sign_in(client, user)
    return Api(client, **kwargs)


# --- TACT reports (issue 16): a person held under the Terrorism Act ---------------------------

TACT_CUSTODY_NUMBER = "TA/4242/26"
OTHER_CUSTODY_NUMBER = "XY/9999/26"  # someone else in custody: never on the Reviewer's copy


def tact_report_body(suite, visitors, **overrides):
    """A format-2 report of a TACT suite: person 1 held under TACT, person 2 not."""
    tact_person = {
        "outcome": "interviewed", "custody_number": TACT_CUSTODY_NUMBER,
        "checks": {"told_rights": "yes"}, "held_under_tact": True, "sex": "female",
        "interpreter": "needed_provided", "language": "Arabic",
        "issues_raised": "Asked for a copy of the Codes of Practice",
    }  # fmt: skip
    other = {"outcome": "interviewed", "custody_number": OTHER_CUSTODY_NUMBER, "checks": {},
             "held_under_tact": False, "issues_raised": "Cold cell, blanket given"}  # fmt: skip
    return report_body(suite, visitors, people=2, format_version=2,
                       detainees=[tact_person, other], **overrides)  # fmt: skip


def tact_trained(*people):
    """Give each volunteer TACT training valid from 2018 (so TACT reports are accepted)."""
    from datetime import date

    from icv.extensions import db
    from icv.models import TrainingRecord

    for person in people:
        person.trainings.append(TrainingRecord(course_code="tact", completed_on=date(2018, 1, 8)))
    db.session.commit()
    return people
