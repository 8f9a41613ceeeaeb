"""The Independent Reviewer's copy of a report with a TACT detainee (issue 16): made when the
report is stored, read back as a real PDF (pypdf), recorded as sent, and reminded about."""

from __future__ import annotations

import io
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from icv.audit.models import AuditEvent
from icv.dates import scheme_today, start_of_day
from icv.extensions import db
from icv.models import Role
from icv.notifications.models import Notification
from icv.tact.copies import unicode_font
from icv.tact.models import CopyState, ReviewerCopy
from icv.tact.reminders import remind_unsent_copies
from tests.admin.smtp import inbox, text  # noqa: F401  (fixture)
from tests.conftest import post_form, sign_in
from tests.sync.factory import (
    OTHER_CUSTODY_NUMBER,
    TACT_CUSTODY_NUMBER,
    Api,
    new_uuid,
    report_body,
    signed_in_api,
    tact_report_body,
    tact_trained,
)


@pytest.fixture
def scheme(app, make_panel, make_suite, make_user):
    """Panel A with a TACT suite and two trained volunteers (phones on file); panel B."""
    panel_a, panel_b = make_panel("Westminster"), make_panel("Barnet")
    w = SimpleNamespace(
        suite=make_suite(panel_a, name="Charing Cross"),
        suite_b=make_suite(panel_b, name="Colindale"),
        coordinator=make_user(Role.COORDINATOR, panels=[panel_a], name="Cora Ordinate"),
        coordinator_b=make_user(Role.COORDINATOR, panels=[panel_b]),
        volunteers=[
            make_user(Role.VOLUNTEER, panel=panel_a, name="Vera Quill", phone="07700 900123"),
            make_user(Role.VOLUNTEER, panel=panel_a, name="Victor Quill", phone="07700 900456"),
        ],
        volunteers_b=[make_user(Role.VOLUNTEER, panel=panel_b) for _ in range(2)],
    )
    w.suite.tact_designated = w.suite_b.tact_designated = True
    tact_trained(*w.volunteers, *w.volunteers_b)
    w.api = signed_in_api(app, w.volunteers[0])
    return w


def _on(day: int) -> dict:
    """A visit on `day` June 2019, 21:10 to 22:05 (each report of a test on its own day)."""
    return {
        "arrived_at": f"2019-06-0{day}T21:10:00+01:00",
        "admitted_at": f"2019-06-0{day}T21:10:00+01:00",
        "departed_at": f"2019-06-0{day}T22:05:00+01:00",
    }


def _send(api: Api, body) -> str:
    uuid = new_uuid()
    response = api.put(uuid, body)
    assert response.status_code == 201, response.get_json()
    return uuid


def _copy(uuid: str) -> ReviewerCopy | None:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(ReviewerCopy).join(ReviewerCopy.report).where(ReviewerCopy.report.has(uuid=uuid))
    )


def test_a_tact_report_gets_a_copy_with_the_visit_and_tact_person_only(app, scheme, client):
    uuid = _send(scheme.api, tact_report_body(scheme.suite, scheme.volunteers))
    plain = _send(scheme.api, report_body(scheme.suite, scheme.volunteers, **_on(2)))
    copy = _copy(uuid)
    year = scheme_today().year
    assert (copy.reference, copy.state) == (f"TACT-{year}-0001", CopyState.NOT_SENT)
    assert _copy(plain) is None  # nobody held under TACT: no copy
    # Sent again (the phone retried): still one copy. A second TACT report: the next number.
    assert (
        scheme.api.put(uuid, tact_report_body(scheme.suite, scheme.volunteers)).status_code == 200
    )
    second = _send(scheme.api, tact_report_body(scheme.suite, scheme.volunteers, **_on(3)))
    assert _copy(second).reference == f"TACT-{year}-0002"
    assert db.session.scalar(sa.select(sa.func.count(ReviewerCopy.id))) == 2

    sign_in(client, scheme.coordinator)
    response = client.get(f"/api/v1/visit-reports/{uuid}/reviewer-copy")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert f'filename="TACT-{year}-0001.pdf"' in response.headers["Content-Disposition"]
    pdf = PdfReader(io.BytesIO(response.data))
    words = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert pdf.metadata.title.endswith(f"TACT-{year}-0001")
    for expected in (
        app.config["SCHEME_NAME"],
        f"TACT-{year}-0001",
        "Charing Cross",
        "Saturday 1 June 2019",
        "Arrived 21:10",
        "Left 22:05",
        "Independent Reviewer of Terrorism Legislation",
        f"Custody number {TACT_CUSTODY_NUMBER}",
        "Held under the Terrorism Act (TACT) Yes",
        "Sex Female",
        "Language an interpreter was needed for Arabic",
        "Issues raised Asked for a copy of the Codes of Practice",
    ):
        assert expected in words, expected
    # Nobody else in custody, and nothing that names or reaches the volunteers.
    for absent in (
        OTHER_CUSTODY_NUMBER,
        "Cold cell",
        *(v.name for v in scheme.volunteers),
        *(v.email for v in scheme.volunteers),
        *(v.phone for v in scheme.volunteers),
        "Quill",
    ):
        assert absent not in words, absent

    downloaded = db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.object_type == "reviewer_copy", AuditEvent.action == "exported"
        )
    ).all()
    assert [(e.actor_id, e.object_id) for e in downloaded] == [
        (scheme.coordinator.id, str(copy.id))
    ]
    # A report without a TACT detainee has no copy: 404, as for another panel's report.
    assert client.get(f"/api/v1/visit-reports/{plain}/reviewer-copy").status_code == 404
    other_panel = _send(
        signed_in_api(app, scheme.volunteers_b[0]),
        tact_report_body(scheme.suite_b, scheme.volunteers_b),
    )
    assert client.get(f"/api/v1/visit-reports/{other_panel}/reviewer-copy").status_code == 404


def test_an_amendment_that_marks_someone_held_under_tact_makes_the_copy(app, scheme):
    body = tact_report_body(scheme.suite, scheme.volunteers)
    body["detainees"][0]["held_under_tact"] = False
    uuid = _send(scheme.api, body)
    assert _copy(uuid) is None
    body["detainees"][0]["held_under_tact"] = True
    amended = scheme.api.post(
        f"/api/v1/visit-reports/{uuid}/amendments",
        {"reason": "Person 1 was held under TACT", "report": body},
    )
    assert amended.status_code == 201, amended.get_json()
    assert _copy(uuid).state == CopyState.NOT_SENT


def test_the_coordinator_records_the_copy_as_sent_from_the_report_page(scheme, client):
    uuid = _send(scheme.api, tact_report_body(scheme.suite, scheme.volunteers))
    reference = _copy(uuid).reference
    sign_in(client, scheme.coordinator)
    page = client.get(f"/visits/{uuid}").get_data(as_text=True)
    assert "Reviewer's copy" in page and reference in page and "Not sent yet" in page
    assert f"/api/v1/visit-reports/{uuid}/reviewer-copy" in page

    url = f"/visits/{uuid}/reviewer-copy/sent"
    tomorrow = scheme_today() + timedelta(days=1)
    refused = post_form(
        client, url, {"sent_on": [str(tomorrow.day), str(tomorrow.month), str(tomorrow.year)]}
    )
    html = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert "Select how you sent the copy: email, post or secure portal" in html
    assert "Date sent must be today or in the past" in html
    assert str(tomorrow.year) in html  # what was typed is kept
    today = scheme_today()
    done = post_form(
        client, url, {"how": "post", "sent_on": [str(today.day), str(today.month), str(today.year)]}
    )
    assert done.status_code == 302 and done.headers["Location"].endswith("#reviewer-copy")
    copy = _copy(uuid)
    assert (copy.state, copy.sent_how, copy.sent_by_id) == ("sent", "post", scheme.coordinator.id)
    page = client.get(f"/visits/{uuid}").get_data(as_text=True)
    assert f"Sent by post on {today.day}" in page and "(recorded by Cora Ordinate)" in page
    sent = db.session.scalar(
        sa.select(AuditEvent).where(
            AuditEvent.object_type == "reviewer_copy", AuditEvent.action == "changed"
        )
    )
    assert (sent.actor_id, sent.object_id) == (scheme.coordinator.id, str(copy.id))


def test_coordinators_are_reminded_daily_of_copies_not_sent_within_seven_days(
    app,
    scheme,
    inbox,  # noqa: F811
):
    old, recent, sent = (
        _send(scheme.api, tact_report_body(scheme.suite, scheme.volunteers, **_on(n)))
        for n in (1, 2, 3)
    )
    other_panel = _send(
        signed_in_api(app, scheme.volunteers_b[0]),
        tact_report_body(scheme.suite_b, scheme.volunteers_b),
    )
    today = date(2030, 3, 13)
    copies = {uuid: _copy(uuid) for uuid in (old, recent, sent, other_panel)}
    for uuid, days_ago in ((old, 7), (recent, 6), (sent, 20), (other_panel, 9)):
        copies[uuid].created_at = start_of_day(today - timedelta(days=days_ago))
    copies[sent].state = CopyState.SENT
    db.session.commit()

    assert remind_unsent_copies(today) == 2  # A's coordinator (one copy), B's (one copy)
    assert remind_unsent_copies(today) == 0  # once a day at most
    by_person = {message["To"]: text(message) for message in inbox.messages}
    body = by_person[scheme.coordinator.email]
    assert _copy(old).reference in body and "received 7 days ago" in body
    assert _copy(recent).reference not in body and _copy(sent).reference not in body
    assert _copy(other_panel).reference not in body
    assert TACT_CUSTODY_NUMBER not in body  # nothing about the person in email
    assert _copy(other_panel).reference in by_person[scheme.coordinator_b.email]
    notified = db.session.scalars(
        sa.select(Notification.subject).where(Notification.user_id == scheme.coordinator.id)
    ).all()
    assert notified == ["1 Reviewer's copy of TACT reports not sent"]

    app.config["TACT_COPY_REMINDER_DAYS"] = 11
    try:
        assert remind_unsent_copies(today + timedelta(days=1)) == 0  # none 11 days old yet
    finally:
        app.config["TACT_COPY_REMINDER_DAYS"] = 7
    assert remind_unsent_copies(today + timedelta(days=2)) == 2  # the next day: again


def test_figures_count_copies_sent_and_outstanding_by_quarter(app, scheme, client, make_user):
    from tests.figures.test_api import schema_errors

    autumn = {key: value.replace("2019-06-01", "2019-10-01") for key, value in _on(1).items()}
    uuids = [_send(scheme.api, tact_report_body(scheme.suite, scheme.volunteers, **when))
             for when in (_on(1), _on(2), autumn)]  # fmt: skip
    _send(scheme.api, report_body(scheme.suite, scheme.volunteers, **_on(3)))  # no TACT
    copy = _copy(uuids[0])
    copy.state = CopyState.SENT
    db.session.commit()

    sign_in(client, make_user(Role.ANALYST))  # counts only: analysts never read a copy
    body = client.get("/api/v1/stats/annual?year=2019-20").get_json()
    assert schema_errors("StatsAnnual", body) == []
    counts = {row["quarter"]: (row["tact_copies_sent"], row["tact_copies_outstanding"])
              for row in body["tact_copies_by_quarter"]}  # fmt: skip
    assert counts == {"2019-20 Q1": (1, 1), "2019-20 Q2": (0, 0), "2019-20 Q3": (0, 1),
                      "2019-20 Q4": (0, 0)}  # fmt: skip
    page = client.get("/figures/?year=2019").get_data(as_text=True)
    assert "Reviewer&#39;s copies of TACT reports by quarter" in page
    assert client.get(f"/api/v1/visit-reports/{uuids[0]}/reviewer-copy").status_code == 403


def test_the_copy_is_in_the_language_of_whoever_downloads_it(scheme, client):
    """Welsh needs ŵ and ŷ, which the PDF's built-in fonts lack (issue 19)."""
    scheme.suite.name = "Tŷ Ŵyn"
    db.session.commit()
    uuid = _send(scheme.api, tact_report_body(scheme.suite, scheme.volunteers))
    scheme.coordinator.language = "cy"
    db.session.commit()
    sign_in(client, scheme.coordinator)
    page = client.get(f"/visits/{uuid}").get_data(as_text=True)
    assert "Copi'r Adolygydd" in page and "Heb ei anfon eto" in page
    response = client.get(f"/api/v1/visit-reports/{uuid}/reviewer-copy")
    pdf = PdfReader(io.BytesIO(response.data))
    words = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Adroddiad ar ymweliad ag unigolyn a gadwyd o dan Ddeddf Terfysgaeth 2000" in words
    assert "Copi ar gyfer Adolygydd Annibynnol Deddfwriaeth Terfysgaeth" in words
    assert "Report of a visit" not in words and "Custody suite" not in words
    expected = "Tŷ Ŵyn" if unicode_font() else "Ty Wyn"  # without DejaVu Sans: plainly
    assert f"Dalfa {expected}" in words
