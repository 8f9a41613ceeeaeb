"""The admin's audit page: filters, pages, CSV (itself audited), and nobody else sees it."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from urllib.parse import parse_qs

import pytest

from icv.audit import record
from icv.audit.models import AuditEvent
from icv.audit.search import PAGE_SIZE
from icv.extensions import db
from tests.audit.conftest import events
from tests.conftest import sign_in


@pytest.fixture
def trail(scene):
    """Events by two people and the system, one of them dated last year."""
    record("viewed", "report", "uuid-1", "report page", actor=scene.coordinator)
    record("changed", "action", 7, "closed: status", actor=scene.admin)
    record("changed", "scheduled_visit", 3, "marked missed: status")  # the system
    db.session.add(
        AuditEvent(
            action="created",
            object_type="user",
            object_id="9",
            actor_id=scene.admin.id,
            at=datetime(2025, 1, 15, 12, tzinfo=UTC),
        )
    )
    db.session.commit()
    return scene


def _rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_admin_sees_every_event_newest_first(trail, client):
    sign_in(client, trail.admin)
    html = client.get("/admin/audit/").get_data(as_text=True)
    assert "5 entries" in html  # four made here, and the admin's own sign-in
    table = html[html.index("<tbody") :]
    assert table.index("Signed in") < table.index("marked missed") < table.index("Created")
    assert "Cora Ordinator" in html and "The system" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("action=changed", {"7", "3"}),
        ("object_type=report", {"uuid-1"}),
        ("actor=system", {"3"}),
        ("starts_on=1&starts_on=1&starts_on=2025&ends_on=31&ends_on=1&ends_on=2025", {"9"}),
    ],
)
def test_filters_narrow_the_page_and_the_csv_alike(trail, client, query, expected):
    sign_in(client, trail.admin)
    response = client.get(f"/admin/audit/export.csv?{query}")
    assert response.status_code == 200
    assert response.headers.get_all("Content-Type") == ["text/csv; charset=utf-8"]
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert {row["object_id"] for row in _rows(response)} == expected
    html = client.get(f"/admin/audit/?{query}").get_data(as_text=True)
    assert f"{len(expected)} entr" in html


def test_filter_by_actor(trail, client):
    sign_in(client, trail.admin)
    rows = _rows(client.get(f"/admin/audit/export.csv?actor={trail.coordinator.id}"))
    assert [(r["action"], r["actor"]) for r in rows] == [("viewed", "Cora Ordinator")]


def test_the_csv_export_is_itself_audited_with_its_filters(trail, client):
    sign_in(client, trail.admin)
    client.get("/admin/audit/export.csv?action=changed")
    [event] = events(action="exported", object_type="audit")
    assert event.actor_id == trail.admin.id
    assert "action=changed" in event.summary


def test_bad_dates_get_a_specific_message_and_keep_what_was_typed(trail, client):
    sign_in(client, trail.admin)
    html = client.get(
        "/admin/audit/?starts_on=31&starts_on=2&starts_on=2026"
        "&ends_on=&ends_on=&ends_on=&action=changed"
    ).get_data(as_text=True)
    assert "govuk-error-summary" in html
    assert "From must be a real date" in html
    assert 'value="31"' in html
    response = client.get("/admin/audit/export.csv?starts_on=31&starts_on=2&starts_on=2026")
    assert response.mimetype == "text/html"  # the page with its errors, not a file
    assert events(action="exported") == []


def test_to_before_from_is_refused(trail, client):
    sign_in(client, trail.admin)
    html = client.get(
        "/admin/audit/?starts_on=2&starts_on=1&starts_on=2026&ends_on=1&ends_on=1&ends_on=2026"
    ).get_data(as_text=True)
    assert "To must be the same as or after From" in html


def test_pages_of_fifty(scene, client):
    for number in range(PAGE_SIZE + 5):
        record("viewed", "report", f"r{number}", actor=scene.coordinator)
    db.session.commit()
    sign_in(client, scene.admin)
    since_2000 = "starts_on=1&starts_on=1&starts_on=2000"
    first = client.get(f"/admin/audit/?action=viewed&{since_2000}").get_data(as_text=True)
    assert "Page 1 of 2" in first
    following = re.search(r'href="/admin/audit/\?([^"]*page=2[^"]*)"', first).group(1)
    assert parse_qs(following.replace("&amp;", "&"))["starts_on"] == ["1", "1", "2000"]
    second = client.get("/admin/audit/?action=viewed&page=2").get_data(as_text=True)
    assert "Page 2 of 2" in second
    assert second.count('<tr class="govuk-table__row">') == 5 + 1  # rows and the header


def test_csv_cells_that_look_like_formulas_are_made_safe(scene, client):
    record("viewed", "report", "=HYPERLINK(1)", actor=scene.coordinator)
    db.session.commit()
    sign_in(client, scene.admin)
    [row] = _rows(client.get("/admin/audit/export.csv?action=viewed"))
    assert row["object_id"] == "'=HYPERLINK(1)"


@pytest.mark.parametrize("who", ["ann", "coordinator", "analyst"])
def test_only_admins_see_the_trail(scene, client, who):
    sign_in(client, getattr(scene, who))
    assert client.get("/admin/audit/").status_code == 403
    assert client.get("/admin/audit/export.csv").status_code == 403


def test_dates_are_days_in_london(scene, client):
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    db.session.add(
        AuditEvent(
            action="viewed",
            object_type="report",
            object_id="late",
            at=datetime(2025, 6, 30, 23, 30, tzinfo=UTC),
        )
    )
    db.session.commit()
    sign_in(client, scene.admin)
    july = "starts_on=1&starts_on=7&starts_on=2025&ends_on=1&ends_on=7&ends_on=2025"
    assert [r["object_id"] for r in _rows(client.get(f"/admin/audit/export.csv?{july}"))] == [
        "late"
    ]
