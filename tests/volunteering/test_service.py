"""Appraisals, probation and time given, over HTTP as coordinators and volunteers use them."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from html import unescape

import sqlalchemy as sa

from icv.audit.models import AuditEvent
from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role, VolunteerStatus
from icv.visits.reports import receive_report
from tests.admin.data import error_messages
from tests.conftest import extract_csrf, post_form, sign_in
from tests.sync.factory import new_uuid, report_body


def _visit(suite, visitors, days_ago: int) -> None:
    arrived = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
    times = {"arrived_at": arrived.isoformat(), "admitted_at": arrived.isoformat(),
             "departed_at": (arrived + timedelta(minutes=50)).isoformat()}  # fmt: skip
    receipt = receive_report(new_uuid(), report_body(suite, visitors, **times), visitors[0])
    assert receipt.status == 201, receipt.errors


def _attention(html: str) -> list[str]:
    block = html.split('id="attention"', 1)[1].split("</ul>", 1)[0]
    return [unescape(text) for text in re.findall(r'class="govuk-link"[^>]*>([^<]+)<', block)]


def _audit(object_type: str) -> list[str]:
    query = sa.select(AuditEvent.action, AuditEvent.summary).where(
        AuditEvent.object_type == object_type
    )
    return [f"{action}: {summary}" for action, summary in db.session.execute(query)]


def test_probation_ends_in_one_step_once_the_visits_and_an_observed_visit_are_done(
    client, app, make_panel, make_suite, make_user
):
    panel = make_panel()
    suite = make_suite(panel)
    newcomer = make_user(Role.VOLUNTEER, panel=panel, name="Nia New",
                         status=VolunteerStatus.PROBATION)  # fmt: skip
    mentor = make_user(Role.VOLUNTEER, panel=panel, probation_completed_on=scheme_today())
    for days_ago in (30, 20, 10):
        _visit(suite, [newcomer, mentor], days_ago)
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    service = f"/volunteering/volunteers/{newcomer.id}"

    assert 'href="/volunteering/"' in client.get("/manage/volunteers").get_data(as_text=True)
    overview = client.get("/volunteering/").get_data(as_text=True)
    assert "3 of 3 visits made; no satisfactory observed visit yet" in overview
    assert mentor.name not in overview  # not on probation
    assert not any("probation" in item for item in _attention(client.get("/").get_data(True)))
    refused = client.post(f"{service}/end-probation", data={"csrf_token": _csrf(client, service)})
    assert refused.status_code == 302
    db.session.refresh(newcomer)
    assert newcomer.probation_completed_on is None

    empty = post_form(client, f"{service}/appraisals/new", {"held_by": ""}).get_data(True)
    assert error_messages(empty) == [
        "Select an observed visit or an appraisal",
        "Enter the date",
        "Enter who observed or appraised",
        "Select the outcome",
    ]
    day = scheme_today() - timedelta(days=10)
    answers = {"kind": "observed_visit", "held_on": [str(day.day), str(day.month), str(day.year)],
               "held_by": "Olu Observer", "outcome": "satisfactory",
               "notes": "Calm and clear with a distressed detainee"}  # fmt: skip
    assert post_form(client, f"{service}/appraisals/new", answers).status_code == 302

    assert "1 volunteer ready to end probation" in _attention(client.get("/").get_data(True))
    page = client.get(service).get_data(as_text=True)
    assert "Calm and clear with a distressed detainee" in page and "Olu Observer" in page
    assert "viewed: appraisals and their notes" in _audit("user")
    assert _audit("appraisal") == [
        f"created: for user {newcomer.id}: kind, held_on, held_by, outcome, notes"
    ]
    ended = client.post(f"{service}/end-probation", data={"csrf_token": _csrf(client, service)})
    assert ended.status_code == 302
    db.session.refresh(newcomer)
    assert newcomer.probation_completed_on == scheme_today()
    assert newcomer.status == VolunteerStatus.ACTIVE
    assert "changed: probation ended: probation_completed_on, status" in _audit("user")

    own = app.test_client()
    sign_in(own, newcomer)
    assert "Calm and clear" not in own.get("/account/").get_data(as_text=True)


def _csrf(client, url: str) -> str:
    return extract_csrf(client.get(url).get_data(as_text=True))


def test_a_volunteers_own_time_counts_once_their_coordinator_confirms_it(
    client, app, make_panel, make_user
):
    panel = make_panel()
    volunteer = make_user(Role.VOLUNTEER, panel=panel, name="Tom Time")
    sign_in(client, volunteer)
    today = scheme_today()
    tomorrow, last_week = today + timedelta(days=1), today - timedelta(days=7)

    def answers(day, hours="1", minutes="30"):
        return {"kind": "meeting", "given_on": [str(day.day), str(day.month), str(day.year)],
                "hours": hours, "minutes": minutes, "note": "Quarterly panel meeting"}  # fmt: skip

    html = post_form(client, "/volunteering/my-time/new", answers(tomorrow, "0", "0")).get_data(
        True
    )
    assert error_messages(html) == ["The date must be today or in the past",
                                    "Enter how long it took: hours, minutes or both"]  # fmt: skip
    assert 'value="Quarterly panel meeting"' in html  # nothing typed is lost
    html = post_form(client, "/volunteering/my-time/new", answers(last_week, "2", "75")).get_data(
        True
    )
    assert error_messages(html) == ["Minutes must be between 0 and 59"]
    assert post_form(client, "/volunteering/my-time/new", answers(last_week)).status_code == 302

    account = client.get("/account/").get_data(as_text=True)
    assert "Awaiting confirmation" in account and "1 hour 30 minutes" in account
    assert _hours_this_year(account)["meetings"] == "0.0"

    coordinator = app.test_client()
    sign_in(coordinator, make_user(Role.COORDINATOR, panels=[panel]))
    home = coordinator.get("/").get_data(as_text=True)
    assert "1 time record from volunteers to confirm" in _attention(home)
    overview = coordinator.get("/volunteering/").get_data(as_text=True)
    assert "Tom Time" in overview and "Quarterly panel meeting" in overview
    row_id = re.search(r"/volunteering/time/(\d+)/confirm", overview).group(1)
    token = _csrf(coordinator, "/volunteering/")
    assert coordinator.post(f"/volunteering/time/{row_id}/confirm",
                            data={"csrf_token": token}).status_code == 302  # fmt: skip
    assert f"for user {volunteer.id}: confirmed" in " ".join(_audit("time_given"))

    account = client.get("/account/").get_data(as_text=True)
    assert "Confirmed" in account and _hours_this_year(account)["meetings"] == "1.5"


def _hours_this_year(html: str) -> dict[str, str]:
    """The first row of 'Hours you gave' (this financial year), by column."""
    table = html.split("Hours you gave by financial year", 1)[1].split("</table>", 1)[0]
    row = table.split("<tbody", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r"<td[^>]*>\s*([^<]*?)\s*</td>", row)
    return dict(zip(("total", "visits", "meetings", "training"), cells, strict=True))
