"""Correcting a sent report on its page: the same amendment as the API, with a reason."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.models import Role
from icv.visits.models import ReportAmendment, VisitReport
from icv.visits.reports import receive_report
from tests.conftest import extract_csrf, sign_in
from tests.sync.factory import new_uuid, report_body


@pytest.fixture
def sent(make_panel, make_suite, make_user):
    north, south = make_panel("North"), make_panel("South")
    alice = make_user(Role.VOLUNTEER, panel=north, name="Alice Able")
    bob = make_user(Role.VOLUNTEER, panel=north, name="Bob Baker")
    suite = make_suite(north, name="Northtown")
    uuid = new_uuid()
    body = report_body(suite, [alice, bob])  # 3 people: interviewed, declined, asleep
    body["detainees"][1]["custody_number"] = "CU/12345/19"
    assert receive_report(uuid, body, alice).status == 201
    return {
        "uuid": uuid,
        "url": f"/visits/{uuid}/correct",
        "alice": alice,
        "bob": bob,
        "carol": make_user(Role.VOLUNTEER, panel=north, name="Carol Cole"),
        "coordinator": make_user(Role.COORDINATOR, panels=[north], name="Cora Coordinator"),
        "other_coordinator": make_user(Role.COORDINATOR, panels=[south]),
        "analyst": make_user(Role.ANALYST),
        "admin": make_user(Role.ADMIN),
    }


def form_fields(html: str) -> dict:
    """What a browser would send for the form as shown (text, checked boxes, selections)."""
    form = html.split('<form method="post" novalidate>', 1)[1].split("</form>", 1)[0]
    fields: dict = {}
    for tag in re.findall(r"<input [^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        kind = re.search(r'type="([^"]+)"', tag)
        if not name or (kind and kind[1] in ("checkbox", "radio") and " checked" not in tag):
            continue
        fields.setdefault(name[1], []).append(_unescape(value[1] if value else ""))
    for name, text in re.findall(
        r'<textarea [^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S
    ):
        fields[name] = [_unescape(text)]
    for name, options in re.findall(r'<select [^>]*name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        fields[name] = [chosen[1] if chosen else ""]
    return fields


def _unescape(text: str) -> str:
    return (
        text.replace("&#39;", "'")
        .replace("&quot;", '"')
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
    )


def open_form(client, user, url):
    sign_in(client, user)
    response = client.get(url)
    assert response.status_code == 200
    return form_fields(response.get_data(as_text=True))


def test_visitor_sees_correct_this_report_and_a_form_with_the_current_values(client, sent):
    sign_in(client, sent["bob"])
    page = client.get(f"/visits/{sent['uuid']}").get_data(as_text=True)
    assert f'href="{sent["url"]}"' in page and "Correct this report" in page
    html = client.get(sent["url"]).get_data(as_text=True)
    assert "does not work offline" in html
    fields = form_fields(html)
    assert fields["departed_at"] == ["22:05"] and fields["arrived_at"] == ["21:10"]
    assert fields["visit_date.day"] == ["1"] and fields["visit_date.year"] == ["2019"]
    assert fields["detainees.2.unavailable_reason"] == ["asleep"]
    assert fields["detainees.0.checks.told_rights"] == ["yes"]
    assert fields["rating"] == ["satisfactory"] and fields["rows"] == ["3"]
    assert sorted(fields["visitor_ids"]) == sorted([str(sent["alice"].id), str(sent["bob"].id)])


def test_saving_a_correction_stores_an_amendment_and_shows_what_changed(client, sent):
    fields = open_form(client, sent["bob"], sent["url"])
    fields |= {"reason": ["We left at 22:35, not 22:05"], "departed_at": ["22:35"]}
    fields |= {"rating": ["unsatisfactory"], "action": ["save"]}
    response = client.post(sent["url"], data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert response.headers["Location"] == f"/visits/{sent['uuid']}"
    amendment = db.session.scalar(sa.select(ReportAmendment))
    assert amendment.changed_by_id == sent["bob"].id
    assert amendment.reason == "We left at 22:35, not 22:05"
    assert amendment.before["departed_at"] == "2019-06-01T21:05:00+00:00"
    assert amendment.after["departed_at"] == "2019-06-01T21:35:00+00:00"
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "changed"))
    assert event.summary == "amended: departed_at, rating" and event.actor_id == sent["bob"].id

    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your correction has been saved" in html
    assert "by Bob Baker" in html and "Reason: We left at 22:35, not 22:05" in html
    assert re.search(
        r"Time left</th>\s*<td[^>]*>1 June 2019 at 22:05</td>\s*<td[^>]*>1 June 2019 at 22:35", html
    )
    assert re.search(
        r"Overall rating</th>\s*<td[^>]*>Satisfactory</td>\s*<td[^>]*>Not satisfactory", html
    )


def test_a_correction_needs_a_reason_and_keeps_what_was_typed(client, sent):
    fields = open_form(client, sent["alice"], sent["url"])
    fields |= {"reason": [""], "departed_at": ["20:05"], "positive_findings": ["Kind staff"]}
    fields |= {"detainees.2.unavailable_reason": [""], "action": ["save"]}
    response = client.post(sent["url"], data=fields)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count(ReportAmendment.id))) == 0
    assert "<title>Error:" in html and "govuk-error-summary" in html
    for message, anchor in (
        ("Say why you are changing the report", "#f-reason"),
        ("Choose why person 3 was unavailable", "#f-detainees-2-unavailable_reason"),
    ):
        assert f'<a href="{anchor}">{message}</a>' in html
        assert message in html.split("govuk-error-summary", 1)[1].split("</form>")[0]
    assert "Departure time must be after arrival time" in html
    kept = form_fields(html)
    assert kept["positive_findings"] == ["Kind staff"] and kept["departed_at"] == ["20:05"]


def test_headcount_and_a_missing_time_are_explained(client, sent):
    fields = open_form(client, sent["alice"], sent["url"])
    fields |= {"reason": ["Fixing"], "detainees_in_custody": ["4"], "arrived_at": [""]}
    fields["action"] = ["save"]
    html = client.post(sent["url"], data=fields).get_data(as_text=True)
    assert "Add a row for every person in custody: 4 in custody but 3 rows" in html
    assert "Enter the time you arrived at the counter, like 21:10" in html
    assert "Enter the arrival time as a date" not in html  # the form's message, not repeated


def test_rows_can_be_added_and_removed_so_the_totals_add_up(client, sent):
    fields = open_form(client, sent["alice"], sent["url"])
    fields |= {"reason": ["Two more people were in the cells"], "add_count": ["2"]}
    fields |= {"detainees_in_custody": ["4"], "action": ["add_rows"]}
    fields["detainees.1.remove"] = ["true"]  # person 2 was counted twice
    html = client.post(sent["url"], data=fields).get_data(as_text=True)
    assert "govuk-error-summary" not in html
    grown = form_fields(html)
    assert grown["rows"] == ["4"] and grown["reason"] == ["Two more people were in the cells"]
    assert grown["detainees.1.outcome"] == ["unavailable"]  # the asleep person moved up
    grown |= {"detainees.2.outcome": ["declined"], "detainees.3.outcome": ["unavailable"]}
    grown |= {"detainees.3.unavailable_reason": ["with_solicitor"], "action": ["save"]}
    response = client.post(sent["url"], data=grown)
    assert response.status_code == 302, response.get_data(as_text=True)
    report = db.session.scalar(sa.select(VisitReport))
    db.session.refresh(report)
    assert [row.outcome for row in report.detainees] == [
        "interviewed", "unavailable", "declined", "unavailable",
    ]  # fmt: skip
    assert report.detainees[3].unavailable_reason == "with_solicitor"
    assert report.detainees_in_custody == 4
    html = client.get(f"/visits/{sent['uuid']}").get_data(as_text=True)
    assert "Person 4" in html and "Not on the report" in html


def test_volunteers_never_see_custody_numbers_and_their_corrections_keep_them(client, sent):
    fields = open_form(client, sent["alice"], sent["url"])
    assert not any(name.endswith("custody_number") for name in fields)
    fields |= {"reason": ["Person 2 declined, not person 1"], "action": ["save"]}
    fields |= {"detainees.0.outcome": ["declined"], "detainees.1.outcome": ["interviewed"]}
    assert client.post(sent["url"], data=fields).status_code == 302
    report = db.session.scalar(sa.select(VisitReport))
    db.session.refresh(report)
    assert report.detainees[1].custody_number == "CU/12345/19"  # kept, unseen
    html = client.get(f"/visits/{sent['uuid']}").get_data(as_text=True)
    assert "CU/12345/19" not in html and "Person 2: outcome" in html

    coordinator = client.application.test_client()
    fields = open_form(coordinator, sent["coordinator"], sent["url"])
    assert fields["detainees.1.custody_number"] == ["CU/12345/19"]
    fields |= {"reason": ["Wrong number"], "detainees.1.custody_number": ["CU/54321/19"]}
    fields["action"] = ["save"]
    assert coordinator.post(sent["url"], data=fields).status_code == 302
    shown = coordinator.get(f"/visits/{sent['uuid']}").get_data(as_text=True)
    assert "CU/54321/19" in shown and re.search(
        r"custody number</th>\s*<td[^>]*>CU/12345/19", shown
    )
    hidden = client.get(f"/visits/{sent['uuid']}").get_data(as_text=True)
    assert "CU/54321/19" not in hidden and "(custody number not shown)" in hidden


def test_only_the_reports_people_may_correct_it(app, sent):
    expected = {"bob": 200, "coordinator": 200, "admin": 200, "carol": 404}
    expected |= {"other_coordinator": 404, "analyst": 403}
    seen = {}
    for who in expected:
        client = app.test_client()
        sign_in(client, sent[who])
        seen[who] = client.get(sent["url"]).status_code
    assert seen == expected
    client = app.test_client()
    sign_in(client, sent["carol"])
    token = extract_csrf(client.get("/").get_data(as_text=True))
    posted = client.post(sent["url"], data={"csrf_token": token, "reason": "x"})
    assert posted.status_code == 404
    assert "Correct this report" not in client.get("/visits/").get_data(as_text=True)


def test_a_correction_without_a_csrf_token_is_refused(client, sent):
    fields = open_form(client, sent["alice"], sent["url"])
    del fields["csrf_token"]
    fields |= {"reason": ["No token"], "rating": ["unsatisfactory"], "action": ["save"]}
    response = client.post(sent["url"], data=fields)
    assert response.status_code == 302  # sent back with "Your form had expired"
    assert "Your form had expired" in client.get("/").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ReportAmendment.id))) == 0


def test_a_correction_that_changes_nothing_says_so(client, sent):
    fields = open_form(client, sent["alice"], sent["url"])
    fields |= {"reason": ["Just checking"], "action": ["save"]}
    html = client.post(sent["url"], data=fields).get_data(as_text=True)
    assert '<a href="#f-reason">This amendment changes nothing in the report</a>' in html


def test_times_are_typed_on_the_24_hour_clock_as_on_the_phone(client, sent):
    sign_in(client, sent["alice"])
    html = client.get(sent["url"]).get_data(as_text=True)
    # A text field: <input type="time"> shows "10:05 PM" on a phone set to 12-hour time.
    assert re.search(r'<input [^>]*name="departed_at" type="text" inputmode="numeric"', html)
    fields = form_fields(html) | {"reason": ["Times"], "action": ["save"]}
    refused = client.post(sent["url"], data=fields | {"departed_at": ["10:05 pm"]})
    message = "Time you left must be a real time on the 24-hour clock, like 22:05"
    assert message in refused.get_data(as_text=True)
    typed = {"arrived_at": ["2110"], "admitted_at": ["21.10"], "departed_at": ["2235"]}
    saved = client.post(sent["url"], data=fields | typed)
    assert saved.status_code == 302, saved.get_data(as_text=True)[:3000]
    amendment = db.session.scalar(sa.select(ReportAmendment))
    assert amendment.after["arrived_at"] == amendment.before["arrived_at"]
    assert amendment.after["departed_at"] == "2019-06-01T21:35:00+00:00"


def test_format_2_answers_are_corrected_on_the_page_with_the_same_rules(client, sent):
    alice, bob = sent["alice"], sent["bob"]
    first = db.session.scalar(sa.select(VisitReport).where(VisitReport.uuid == sent["uuid"]))
    body = report_body(first.suite, [alice, bob], format_version=2)
    body["detainees"][0] |= {
        "sex": "female", "interpreter": "needed_provided", "language": "Polish",
        "custody_record_examined": True, "custody_record_consent": True,
        "custody_record_findings": {"rights_given": "ok"},
    }  # fmt: skip
    uuid = new_uuid()
    assert receive_report(uuid, body, alice).status == 201
    url = f"/visits/{uuid}/correct"
    fields = open_form(client, bob, url)
    assert fields["detainees.0.sex"] == ["female"] and fields["detainees.0.language"] == ["Polish"]
    assert fields["detainees.0.custody_record_findings.rights_given"] == ["ok"]
    assert fields["detainees.1.strip_searched"] == ["unknown"]  # not recorded
    unchanged = client.post(url, data=fields | {"reason": ["Check"], "action": ["save"]})
    assert "This amendment changes nothing in the report" in unchanged.get_data(as_text=True)

    fields |= {"reason": ["Searched"], "action": ["save"], "detainees.0.strip_searched": ["true"]}
    fields |= {"detainees.0.custody_record_findings.meals_drinks": ["concern"]}
    refused = client.post(url, data=fields).get_data(as_text=True)
    for message, anchor in (
        ("Describe person 1&#39;s strip search in a few words, like who authorised it",
         "#f-detainees-0-strip_searched_note"),
        ("Say what concerned you in person 1&#39;s custody record",
         "#f-detainees-0-custody_record_note"),
    ):  # fmt: skip
        assert f'<a href="{anchor}">{message}</a>' in refused
    assert form_fields(refused)["detainees.0.strip_searched"] == ["true"]  # kept as typed

    fields |= {"detainees.0.strip_searched_note": ["Authorised by Insp"]}
    fields |= {"detainees.0.custody_record_note": ["No drinks recorded"]}
    fields |= {"detainees.0.sex": ["not_recorded"], "detainees.0.custody_record_consent": ["true"]}
    response = client.post(url, data=fields)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    after = db.session.scalar(sa.select(ReportAmendment)).after["detainees"][0]
    assert after["strip_searched"] is True and after["sex"] == "not_recorded"
    assert after["custody_record_findings"] == {"meals_drinks": "concern", "rights_given": "ok"}
    page = client.get(f"/visits/{uuid}").get_data(as_text=True)
    assert "Person 1: strip-searched" in page and "Authorised by Insp" in page
