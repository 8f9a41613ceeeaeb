"""Emergency import of a phone's unsent reports by a coordinator: idempotent by UUID."""

from __future__ import annotations

import io
import json
import re

import sqlalchemy as sa

from icv.extensions import db
from icv.visits.models import VisitReport
from tests.conftest import extract_csrf, sign_in
from tests.sync.factory import new_uuid, report_body

URL = "/sync/import"


def upload(client, content: bytes, filename: str = "unsent-reports.json"):
    token = extract_csrf(client.get(URL).get_data(as_text=True))
    data = {"csrf_token": token, "export": (io.BytesIO(content), filename)}
    return client.post(URL, data=data, content_type="multipart/form-data")


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_import_adds_new_reports_skips_known_ones_and_explains_the_rest(client, team, api_as):
    sent_uuid = new_uuid()
    sent = report_body(team.suite, [team.alice, team.bob])
    api_as(team.alice).put(sent_uuid, sent)
    broken = report_body(team.suite, [team.alice, team.bob], departed_at="2019-06-01T20:00:00Z")
    export = {
        "format": "icv-unsent-reports",
        "reports": [
            {"uuid": new_uuid(), "report": report_body(team.suite, [team.alice, team.bob])},
            {"uuid": new_uuid(), "report": report_body(team.suite, [team.bob, team.trainee])},
            {"uuid": new_uuid(), "report": report_body(team.suite, [team.alice, team.trainee])},
            {"uuid": sent_uuid, "report": sent},
            {"uuid": sent_uuid, "report": sent},
            {"uuid": new_uuid(), "report": broken},
        ],
    }
    sign_in(client, team.coordinator)

    response = upload(client, json.dumps(export).encode())

    assert response.status_code == 200
    page = text_of(response)
    assert "3 added, 2 already here, 1 needs attention" in page
    assert "departed_at: Departure time must be after arrival time" in page
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(VisitReport.id))) == 4
    # The same file again adds nothing.
    again = text_of(upload(client, json.dumps(export).encode()))
    assert "0 added, 5 already here, 1 needs attention" in again
    assert db.session.scalar(sa.select(sa.func.count(VisitReport.id))) == 4


def test_imported_report_is_recorded_as_sent_by_the_coordinator(client, team):
    uuid = new_uuid()
    entries = [{"uuid": uuid, "report": report_body(team.suite, [team.alice, team.bob])}]
    sign_in(client, team.coordinator)
    assert "1 added" in text_of(upload(client, json.dumps(entries).encode()))
    report = db.session.scalar(sa.select(VisitReport).where(VisitReport.uuid == uuid))
    assert report.submitted_by_id == team.coordinator.id
    assert {v.user_id for v in report.visitors} == {team.alice.id, team.bob.id}


def test_reports_for_other_panels_need_attention(client, team):
    entries = [{"uuid": new_uuid(), "report": report_body(team.other_suite, [team.outsider])}]
    sign_in(client, team.coordinator)
    page = text_of(upload(client, json.dumps(entries).encode()))
    assert "0 added, 0 already here, 1 needs attention" in page
    assert "It is for a suite outside your panels" in page


def test_entries_without_a_uuid_need_attention(client, team):
    entries = [{"uuid": "nope", "report": {}}, {"report": {}}, "junk"]
    sign_in(client, team.coordinator)
    page = text_of(upload(client, json.dumps(entries).encode()))
    assert "0 added, 0 already here, 3 need attention" in page
    assert "It has no valid id (uuid) or no report" in page


def test_a_file_that_is_not_an_export_gets_an_inline_error(client, team):
    sign_in(client, team.coordinator)
    for content, message in (
        (b"\x89PNG not json", "The file is not a report export from the app (it is not JSON)"),
        (b'{"hello": 1}', "The file is not a report export from the app (it has no list"),
        (b"[]", "The file has no reports in it"),
        (b"[" * 100_000, "The file is not a report export from the app (it is not JSON)"),
    ):
        response = upload(client, content)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "govuk-error-summary" in page and message in page


def test_no_file_chosen_gets_an_inline_error(client, team):
    sign_in(client, team.coordinator)
    token = extract_csrf(client.get(URL).get_data(as_text=True))
    response = client.post(URL, data={"csrf_token": token}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "Choose the file of unsent reports to import" in page
    assert "govuk-error-summary" in page


def test_volunteers_cannot_import(client, team):
    sign_in(client, team.alice)
    assert client.get(URL).status_code == 403
