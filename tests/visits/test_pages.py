"""The visit report pages and the app's manifest and service worker, over HTTP."""

from __future__ import annotations

import re

import pytest

from icv.models import Role
from icv.pwa import SHELL_HEADER
from icv.visits.reports import receive_report
from tests.conftest import sign_in
from tests.sync.factory import new_uuid, report_body


@pytest.fixture
def panel_world(make_panel, make_suite, make_user):
    north, south = make_panel("North"), make_panel("South")
    alice = make_user(Role.VOLUNTEER, panel=north, name="Alice Able")
    bob = make_user(Role.VOLUNTEER, panel=north, name="Bob Baker")
    carol = make_user(Role.VOLUNTEER, panel=north, name="Carol Cole")
    suite = make_suite(north, name="Northtown")
    coordinator = make_user(Role.COORDINATOR, panels=[north])
    other_coordinator = make_user(Role.COORDINATOR, panels=[south])
    uuid = new_uuid()
    body = report_body(suite, [alice, bob], positive_findings="Clean cells")  # 3 people
    assert receive_report(uuid, body, alice).status == 201
    return locals()


def test_form_page_is_an_app_shell_with_every_code_and_no_report_data(client, panel_world):
    sign_in(client, panel_world["alice"])
    response = client.get("/visits/new")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.headers[SHELL_HEADER] == "1"  # the service worker may keep it
    assert "Sign out" in html  # the signed-in navigation, nothing else personal
    assert "Bob Baker" not in html and "Northtown" not in html  # co-visitors come from IndexedDB
    for label in ("Risk-assessed as unsafe to visit", "Ligature points and damage", "Faith items"):
        assert label in html
    assert re.search(r'src="/static/js/report-form\.[0-9a-f]{12}\.js"', html)
    assert "<script>" not in html.replace("<script nonce", "")  # no inline scripts of ours


def test_reports_page_lists_own_received_reports_and_is_kept_for_volunteers(client, panel_world):
    sign_in(client, panel_world["bob"])  # a visitor on Alice's report
    response = client.get("/visits/")
    html = response.get_data(as_text=True)
    assert response.headers[SHELL_HEADER] == "1"
    assert "Send now" in html and "Download unsent reports" in html
    assert f"/visits/{panel_world['uuid']}" in html


def test_volunteer_who_was_not_on_the_visit_does_not_see_it(client, panel_world):
    sign_in(client, panel_world["carol"])
    html = client.get("/visits/").get_data(as_text=True)
    assert panel_world["uuid"] not in html and "No reports yet." in html
    assert client.get(f"/visits/{panel_world['uuid']}").status_code == 404


def test_coordinator_page_lists_panel_reports_but_is_never_kept_offline(client, panel_world):
    sign_in(client, panel_world["coordinator"])
    response = client.get("/visits/")
    assert SHELL_HEADER not in response.headers
    html = response.get_data(as_text=True)
    assert panel_world["uuid"] in html
    assert "Start a new report" not in html  # coordinators read; volunteers record
    assert client.get("/visits/new").status_code == 403


def test_other_panels_coordinator_sees_neither_list_entry_nor_report(client, panel_world):
    sign_in(client, panel_world["other_coordinator"])
    assert panel_world["uuid"] not in client.get("/visits/").get_data(as_text=True)
    assert client.get(f"/visits/{panel_world['uuid']}").status_code == 404


def test_sent_report_page_shows_the_report_read_only(client, panel_world):
    sign_in(client, panel_world["alice"])
    response = client.get(f"/visits/{panel_world['uuid']}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Visit to Northtown" in html and "Alice Able, Bob Baker" in html
    assert "Clean cells" in html
    assert re.search(r"In custody\s*</dt>\s*<dd[^>]*>\s*3", html)
    assert "<form" not in html.split('id="main-content"')[-1]  # nothing to edit here
    assert "Correct this report" in html  # corrections go through their own page
    assert SHELL_HEADER not in response.headers


def test_sent_report_page_shows_everything_the_report_says(client, make_user, panel_world):
    """Allegations, checklist answers, action taken, notes on items rated fine: all of it."""
    alice, bob, suite = panel_world["alice"], panel_world["bob"], panel_world["suite"]
    rows = [
        {
            "outcome": "interviewed",
            "custody_number": "CU/77777/19",
            "checks": {"told_rights": "yes", "blanket": "no"},
            "allegation": "Says an officer pushed him",
            "issues_raised": "No blanket",
            "action_taken": "Asked the sergeant for a blanket",
            "raised_with_staff": True,
            "follow_up": True,
        },
        {
            "outcome": "unavailable",
            "unavailable_reason": "other",
            "unavailable_other": "In the shower",
        },
    ]
    body = report_body(
        suite,
        [alice, bob],
        people=2,
        detainees=rows,
        admitted_at="2019-06-01T21:30:00+01:00",
        delay={"minutes": 20, "reason": "Cell fight", "authorised_by_rank": "Inspector"},
        conditions={"heating": {"rating": "fine", "note": "New radiators"}},
        raised_with_sergeant="Blankets",
        sergeant_response="Will order more",
        juveniles=1,
    )
    uuid = new_uuid()
    assert receive_report(uuid, body, alice).status == 201, body

    sign_in(client, bob)
    html = client.get(f"/visits/{uuid}").get_data(as_text=True)
    for text in (
        "Says an officer pushed him", "No blanket", "Asked the sergeant for a blanket",
        "Raised with custody staff", "Told their rights: yes", "Blanket: no",
        "Faith items: not asked", "Heating", "Fine: New radiators", "In the shower",
        "20 minutes: Cell fight (authorised by Inspector)", "Will order more", "Blankets",
    ):  # fmt: skip
        assert text in html, text
    assert "CU/77777/19" not in html  # volunteers never see custody numbers on the page
    coordinator = client.application.test_client()
    sign_in(coordinator, panel_world["coordinator"])
    assert "CU/77777/19" in coordinator.get(f"/visits/{uuid}").get_data(as_text=True)


def test_sent_report_page_shows_format_2_answers_recorded_and_nothing_for_the_rest(
    client, panel_world
):
    alice, bob, suite = panel_world["alice"], panel_world["bob"], panel_world["suite"]
    rows = [
        {"outcome": "interviewed", "sex": "female", "age_band": "under_16",
         "appropriate_adult": "needed_not_present", "interpreter": "needed_provided",
         "language": "Tigrinya", "safety_clothing": True, "safety_clothing_note": "Ligature risk",
         "custody_record_examined": True, "custody_record_consent": True,
         "custody_record_findings": {"risk_assessment": "ok", "reviews_on_time": "concern"},
         "custody_record_note": "Review late"},
        {"outcome": "unavailable", "unavailable_reason": "asleep"},
    ]  # fmt: skip
    uuid = new_uuid()
    body = report_body(suite, [alice, bob], format_version=2, people=2, detainees=rows)
    assert receive_report(uuid, body, alice).status == 201

    sign_in(client, bob)
    html = client.get(f"/visits/{uuid}").get_data(as_text=True)

    for text in (
        "Under 16", "Needed but not present", "Tigrinya", "In safety (anti-rip) clothing",
        "Ligature risk", "Consented to their custody record being examined",
        "Risk assessment done: OK, PACE reviews on time: Concern", "Review late",
        "Offered a visit",
    ):  # fmt: skip
        assert text in html, text
    person_2 = html.split("Person 2")[1].split("Suite conditions")[0]
    assert "Sex" not in person_2 and "Offered a visit" not in person_2  # nothing recorded


def test_manifest_makes_the_app_installable(client):
    response = client.get("/manifest.webmanifest")
    manifest = response.get_json(force=True)
    assert response.mimetype == "application/manifest+json"
    assert manifest["start_url"] == "/visits/" and manifest["scope"] == "/"
    assert manifest["display"] == "standalone"
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    assert any(icon["purpose"] == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
    etag = response.headers["ETag"]
    assert client.get("/manifest.webmanifest", headers={"If-None-Match": etag}).status_code == 304


def test_service_worker_is_served_from_the_root_with_its_shell(client, app):
    response = client.get("/sw.js")
    body = response.get_data(as_text=True)
    assert response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "max-age=3600"  # an update within the hour
    assert response.headers["Service-Worker-Allowed"] == "/"
    settings = re.match(r"const ICV_SHELL = (\{.*\});\n", body)
    assert settings, body[:200]
    kept = '"pages": ["/visits/", "/visits/new", "/", "/rota/mine", "/expenses/", "/expenses/new"]'
    assert kept in settings.group(1)
    for path in ("/static/js/sync.", "/static/js/report-form.", "/static/css/app."):
        assert re.search(rf'"{re.escape(path)}[0-9a-f]{{12}}\.(js|css)"', settings.group(1))
    assert "/static/js/service-worker." not in settings.group(1)
    assert 'self.addEventListener("fetch"' in body
    again = client.get("/sw.js", headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and again.data == b""  # a revisit costs no body


def test_only_the_form_opens_from_the_phones_copy_without_asking_the_server(client):
    body = client.get("/sw.js").get_data(as_text=True)
    assert '"cache_first": ["/visits/new"]' in body


def test_service_worker_version_follows_config_then_content(client, app):
    def version():
        body = client.get("/sw.js").get_data(as_text=True)
        return re.search(r'"version": "([^"]+)"', body).group(1)

    hashed = version()
    assert re.fullmatch(r"[0-9a-f]{12}", hashed) and version() == hashed  # stable
    app.config["PWA_VERSION"] = "deploy-42"
    try:
        assert version() == "deploy-42"
    finally:
        app.config.pop("PWA_VERSION")
    assert version() == hashed


def test_navigation_shows_reports_to_volunteers_and_coordinators_only(
    client, panel_world, make_user
):
    sign_in(client, panel_world["alice"])
    assert 'href="/visits/"' in client.get("/").get_data(as_text=True)
    analyst_client = client.application.test_client()
    sign_in(analyst_client, make_user(Role.ANALYST))
    assert 'href="/visits/"' not in analyst_client.get("/").get_data(as_text=True)


def test_coordinators_find_the_emergency_import_from_their_reports_page(client, panel_world):
    sign_in(client, panel_world["coordinator"])
    html = client.get("/visits/").get_data(as_text=True)
    assert 'href="/sync/import"' in html and "import reports from a volunteer’s file" in html
    assert client.get("/sync/import").status_code == 200


def test_volunteers_export_screen_says_how_the_coordinator_adds_the_file(client, panel_world):
    sign_in(client, panel_world["alice"])
    html = client.get("/visits/").get_data(as_text=True)
    assert "“Import reports” on their Visit reports page" in html
    assert 'href="/sync/import"' not in html  # volunteers cannot import
