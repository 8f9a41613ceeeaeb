"""A visit recorded on a phone with no signal reaches the server exactly once.

Real Chromium, the real server (tests/conftest.py live_server), a real service worker and
IndexedDB. Network trouble is made by the browser going offline, by a WSGI middleware in
front of the server (FaultInjector: 500s, cut connections, lost answers), or by stopping a
second server outright. Nothing is mocked in the browser.
"""

from __future__ import annotations

import contextlib
import re
import threading
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect
from werkzeug.serving import make_server

from icv.extensions import db
from icv.visits.models import DetaineeRecord, VisitReport
from tests.browser_fixtures import PHONE, assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

WAITING = "Saved on this phone, waiting to send"


# --- helpers --------------------------------------------------------------------------------


# The pages a volunteer's phone keeps for use with no signal (icv/pwa.py SHELL_PAGES).
KEPT_PAGES = ["/visits/", "/visits/new", "/", "/rota/mine"]


def wait_until_offline_ready(page: Page) -> None:
    """The service worker controls the page, keeps the volunteer's pages, and the phone holds
    the reference data (suites, co-visitors) the offline form is built from: on a loaded
    machine that fetch can finish after the pages are cached."""
    page.evaluate(
        """async (pages) => {
            await navigator.serviceWorker.ready;
            const { keptReference } = await import('/static/js/reference.js');
            let missing;
            for (let i = 0; i < 300; i++) {
                missing = [];
                if (!navigator.serviceWorker.controller) missing.push('no controlling worker');
                for (const path of pages) {
                    if (!await caches.match(path)) missing.push(`${path} not kept`);
                }
                if (!await keptReference()) missing.push('no reference data');
                if (!missing.length) return;
                await new Promise((r) => setTimeout(r, 100));
            }
            throw new Error('the app was not made ready for offline use: ' + missing.join(', '));
        }""",
        KEPT_PAGES,
    )


def sign_in_ready(page: Page, user, base: str = "") -> None:
    """Sign in (on `base`, or the live server) and wait until the app works offline."""
    page.goto(f"{base}/sign-in")
    page.get_by_label("Email address").fill(user.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    # Wait for the form's own navigation: going to /visits/ before it ends cancels the
    # sign-in POST (CI once lost that race and met the sign-in page instead).
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in").click()
    page.goto(f"{base}/visits/")
    wait_until_offline_ready(page)


def wait_for(page: Page, condition, timeout_ms: int = 10000) -> None:
    """Wait for a condition on the server side (the browser keeps running meanwhile)."""
    for _ in range(timeout_ms // 50):
        if condition():
            return
        page.wait_for_timeout(50)
    raise AssertionError("condition not met in time")


def phone_store(page: Page, store: str) -> list[dict]:
    return page.evaluate("async (store) => (await import('/static/js/db.js')).getAll(store)", store)


def record_visit(page: Page, people: int = 12, submit: bool = True, base: str = "") -> None:
    """Fill in the whole form as a volunteer would, on the 360px phone screen (people >= 2)."""
    page.goto(f"{base}/visits/new")
    page.get_by_label(re.compile(r"^Northtown,")).check()
    page.get_by_label("Time you arrived at the counter").fill("21:10")
    page.get_by_label("Time you were let in to the custody area").fill("21:30")
    expect(page.get_by_label("Minutes you were kept waiting at the door")).to_have_value("20")
    page.get_by_label("Reason given for the delay").fill("Incident in the cell corridor")
    page.get_by_label("Rank of the officer who authorised the delay").fill("Inspector")
    page.get_by_label("Time you left").fill("22:05")
    page.get_by_label("Number of people in custody when you arrived").fill(str(people))
    page.get_by_text("Juveniles or vulnerable adults among them").click()  # folded while 0
    page.get_by_label("Of whom juveniles (under 18)").fill("1")
    page.get_by_label("Of whom vulnerable adults or needing an appropriate adult").fill("2")
    page.get_by_role("button", name="Add as asleep").click()  # "How many" offers them all
    status = page.locator("#headcount-status")
    tally = f"0 interviewed, 0 declined, {people} unavailable"
    expect(status).to_have_text(f"{people} of {people} people accounted for: {tally}")
    person = page.locator("[data-row='0']")
    page.get_by_role("button", name="Change person 1", exact=True).click()  # a view of its own
    person.get_by_label("Interviewed").check()
    person.get_by_role("group", name="Told their rights").get_by_label("Yes").check()
    person.get_by_label("Issues raised").fill("Cold cell")
    person.get_by_role("button", name="Next person").click()
    page.locator("[data-row='1']").get_by_label("Declined a visit").check()
    page.get_by_role("button", name="Back to all people").click()
    expect(status).to_contain_text(f"1 interviewed, 1 declined, {people - 2} unavailable")
    heating = page.get_by_role("group", name="Heating")
    heating.get_by_label("Concern").check()
    page.get_by_label("What is the concern about heating?").fill("Cell 4 cold")
    page.get_by_label("Satisfactory", exact=True).check()
    if submit:
        page.get_by_role("button", name="Save and send report").click()
        expect(page.get_by_role("heading", name="Visit reports", level=1)).to_be_visible()


def stored_reports(app) -> list[dict]:
    with app.app_context():
        reports = db.session.scalars(sa.select(VisitReport)).all()
        found = [
            {
                "uuid": r.uuid,
                "in_custody": r.detainees_in_custody,
                "rows": len(r.detainees),
                "outcomes": sorted(d.outcome for d in r.detainees),
                "juveniles": r.juveniles,
                "delay": r.delay_minutes,
                "visitors": sorted(v.user_id for v in r.visitors),
            }
            for r in reports
        ]
        db.session.remove()
        return found


def expect_sent(page: Page) -> None:
    # Generous: on a loaded CI machine the first send after a page load can take a while.
    expect(page.locator(".app-state", has_text="Sent")).to_have_count(1, timeout=30000)
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(0)


# --- the scenarios ------------------------------------------------------------------


def test_visit_recorded_offline_survives_closing_and_arrives_once(page: Page, visiting_pair, app):
    context = page.context
    sign_in_ready(page, visiting_pair.alice)
    context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Visit reports")).to_be_visible()  # app opens

    record_visit(page, people=12)
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)
    outbox = phone_store(page, "outbox")
    assert len(outbox) == 1 and len(outbox[0]["report"]["detainees"]) == 12
    # A second report, half typed, then the tab is closed.
    page.goto("/visits/new")
    page.get_by_label("Another visit, not on the rota").check()
    page.get_by_label("Number of people in custody when you arrived").fill("7")
    page.close()

    page = context.new_page()
    page.goto("/visits/")  # still offline: served by the service worker
    expect(page.locator(".app-state", has_text="Draft")).to_have_count(1)
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)
    assert phone_store(page, "outbox")[0]["uuid"] == outbox[0]["uuid"]
    page.get_by_role("link", name=re.compile("^Continue")).click()
    expect(page.get_by_label("Number of people in custody when you arrived")).to_have_value("7")
    assert stored_reports(app) == []

    page.goto("/visits/")
    expect(page.get_by_text("No reports yet.")).to_be_visible()
    expect(page.get_by_role("link", name="Record your visit to Northtown")).to_be_visible()
    context.set_offline(False)  # the "online" event sends the outbox
    expect_sent(page)
    # The page catches up with the send, with no reload: the report is listed as received,
    # and the visit just reported is no longer offered for recording.
    received = page.locator("#received-reports")
    expect(received.get_by_role("link", name=re.compile("^Northtown, "))).to_be_visible()
    expect(page.get_by_text("No reports yet.")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Record your visit to"))).to_have_count(0)
    [report] = stored_reports(app)
    assert report["uuid"] == outbox[0]["uuid"]
    assert report["in_custody"] == report["rows"] == 12
    assert report["outcomes"] == ["declined", "interviewed"] + ["unavailable"] * 10
    assert report["juveniles"] == 1 and report["delay"] == 20
    assert report["visitors"] == sorted([visiting_pair.alice.id, visiting_pair.bob.id])
    expect(page.locator(".app-state", has_text="Draft")).to_have_count(1)  # never sent


def test_format_2_answers_recorded_offline_are_checked_there_and_stored(
    page: Page, visiting_pair, app
):
    """The person card asks format 2's questions where they apply; a broken rule shows by
    its field with no signal, and the answers reach the DetaineeRecord columns."""
    sign_in_ready(page, visiting_pair.alice)
    page.context.set_offline(True)
    record_visit(page, people=3, submit=False)  # 1 interviewed, 2 declined, 3 asleep
    person = page.locator("[data-row='0']")
    page.get_by_role("button", name="Change person 1", exact=True).click()
    expect(person.get_by_role("group", name="Offered a visit")).to_be_hidden()  # filled: yes
    language = person.get_by_label("Language an interpreter was needed for")
    consent = person.get_by_role("group", name="Consented to their custody record being examined")
    person.get_by_text("More about this person").click()
    person.get_by_role("group", name="Sex", exact=True).get_by_label("Female").check()
    person.get_by_role("group", name="Age", exact=True).get_by_label("16 or 17").check()
    expect(language).to_be_hidden()
    person.get_by_role("group", name="Interpreter").get_by_label("Needed and provided").check()
    language.fill("Polish")
    person.get_by_role("group", name="Strip-searched").get_by_label("Yes").check()
    expect(consent).to_be_hidden()  # revealed step by step
    person.get_by_role("group", name="Custody record examined").get_by_label("Yes").check()
    consent.get_by_label("Yes").check()
    person.get_by_role("group", name="Risk assessment done").get_by_label("OK").check()
    person.get_by_role("group", name="Rights given and signed for").get_by_label("Concern").check()
    person.get_by_label("Note about the custody record").fill("Rights signed for an hour late")
    person.get_by_role("button", name="Back to all people").click()
    page.get_by_role("button", name="Change person 3", exact=True).click()
    asleep = page.locator("[data-row='2']")
    asleep.get_by_text("More about this person").click()
    asleep.get_by_role("group", name="Offered a visit").get_by_label("No").check()
    expect(asleep.get_by_role("group", name="Interpreter")).to_be_hidden()  # not interviewed
    asleep.get_by_role("button", name="Back to all people").click()

    page.get_by_role("button", name="Save and send report").click()  # no note for the search
    message = "Describe person 1's strip search in a few words, like who authorised it"
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    note = person.get_by_label("Note about: strip-searched")
    expect(note).to_be_visible()  # person 1's card opened again, by its field
    expect(page.locator("[data-field='detainees.0.strip_searched_note']")).to_contain_text(message)
    assert_accessible(page)  # at 360px, with the new questions and the error on show
    note.fill("Authorised by Inspector Lee")
    person.get_by_role("button", name="Back to all people").click()
    page.get_by_role("button", name="Save and send report").click()
    expect(page.get_by_role("heading", name="Visit reports", level=1)).to_be_visible()
    [queued] = phone_store(page, "outbox")
    assert queued["report"]["format_version"] == 2

    page.context.set_offline(False)
    expect_sent(page)
    with app.app_context():
        rows = db.session.scalars(sa.select(DetaineeRecord).order_by(DetaineeRecord.id)).all()
        stored = [
            (r.outcome, r.sex, r.age_band, r.offered_visit, r.interpreter, r.language,
             r.strip_searched, r.strip_searched_note, r.custody_record_examined,
             r.custody_record_consent, r.custody_record_findings, r.custody_record_note)
            for r in rows
        ]  # fmt: skip
        db.session.remove()
    findings = {"risk_assessment": "ok", "rights_given": "concern"}
    assert stored == [
        ("interviewed", "female", "16_17", True, "needed_provided", "Polish", True,
         "Authorised by Inspector Lee", True, True, findings, "Rights signed for an hour late"),
        ("declined", None, None, True, None, "", None, "", None, None, {}, ""),
        ("unavailable", None, None, False, None, "", None, "", None, None, {}, ""),
    ]  # fmt: skip


def test_server_errors_and_cut_connections_then_recovery_store_one_report(
    page: Page, visiting_pair, app, faults
):
    sign_in_ready(page, visiting_pair.alice)
    faults.mode = "error"
    record_visit(page, people=3)
    expect(page.locator("#sync-status")).to_contain_text("The server is not answering")
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)

    faults.mode = "drop"
    page.get_by_role("button", name="Send now").click()
    wait_for(page, lambda: faults.puts[-1:] == ["dropped"])
    page.wait_for_function("() => !document.querySelector('.app-state.govuk-tag--yellow')")
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)
    assert stored_reports(app) == []

    faults.mode = None
    page.get_by_role("button", name="Send now").click()
    expect_sent(page)
    assert len(stored_reports(app)) == 1
    assert faults.puts[0] == "500 injected" and "dropped" in faults.puts
    assert faults.puts[-1].startswith("201")


def test_answer_lost_after_the_server_saved_is_resent_and_gets_200(
    page: Page, visiting_pair, app, faults
):
    sign_in_ready(page, visiting_pair.alice)
    faults.mode = "save_then_drop"
    record_visit(page, people=4)
    expect(page.locator("#sync-status")).to_contain_text("No connection")
    assert len(stored_reports(app)) == 1  # saved, but the phone never heard
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)

    faults.mode = None
    page.get_by_role("button", name="Send now").click()
    expect_sent(page)
    assert faults.puts[0].startswith("201") and faults.puts[0].endswith("then dropped")
    assert faults.puts[-1].startswith("200")  # the retry: same report, not a duplicate
    assert len(stored_reports(app)) == 1


def test_stale_csrf_token_is_renewed_and_the_report_still_goes(
    page: Page, visiting_pair, app, faults
):
    sign_in_ready(page, visiting_pair.alice)
    faults.mode = "csrf"
    record_visit(page, people=2)
    expect_sent(page)
    assert faults.puts[0] == "400 csrf" and faults.puts[1].startswith("201")
    assert len(stored_reports(app)) == 1


def test_session_expired_while_queued_sign_in_again_and_they_are_sent(
    page: Page, visiting_pair, app
):
    context = page.context
    sign_in_ready(page, visiting_pair.alice)
    context.set_offline(True)
    record_visit(page, people=3)
    context.clear_cookies()  # the session expired while the phone was in the basement
    context.set_offline(False)
    banner = page.locator("#sign-in-needed")
    # The reports page may open (from the phone's copy) and try while still offline; then
    # its retry, 5 s later, finds the session gone (20 s: a loaded CI machine missed 10).
    expect(banner).to_contain_text("Sign in again to send 1 report", timeout=20000)
    assert len(phone_store(page, "outbox")) == 1
    banner.get_by_role("link", name="Sign in").click()
    page.get_by_label("Email address").fill(visiting_pair.alice.email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile(r"/visits/$"))
    expect_sent(page)
    assert len(stored_reports(app)) == 1


def test_new_app_version_while_reports_are_queued_loses_nothing(
    page: Page, visiting_pair, app, faults
):
    sign_in_ready(page, visiting_pair.alice)
    faults.mode = "error"  # the server is failing, so the report stays queued
    record_visit(page, people=5)
    page.goto("/visits/new")
    page.get_by_label("Another visit, not on the rota").check()
    page.get_by_text("Matters raised with the sergeant, positive findings").click()
    page.get_by_label("Positive findings").fill("Clean and calm")
    page.goto("/visits/")
    old_caches = page.evaluate("caches.keys()")

    app.config["PWA_VERSION"] = "test-next-version"
    try:
        # The browser keeps /sw.js for up to an hour: an hour later, it checks for an update.
        page.context.new_cdp_session(page).send("Network.clearBrowserCache")
        page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
        banner = page.locator("#app-update-banner")
        expect(banner).to_contain_text("A new version is ready", timeout=10000)
        expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)
        banner.get_by_role("button", name="Use the new version").click()
        page.wait_for_function(
            "() => caches.keys().then((k) => k.includes('icv-static-test-next-version'))"
        )
        page.wait_for_load_state()
        expect(page.locator("#app-update-banner")).to_have_count(0)
        new_caches = page.evaluate("caches.keys()")
        assert "icv-pages-test-next-version" in new_caches
        assert not set(old_caches) & set(new_caches) - {"icv-data"}  # old versions removed
        expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)
        expect(page.locator(".app-state", has_text="Draft")).to_have_count(1)
        faults.mode = None
        page.get_by_role("button", name="Send now").click()
        expect_sent(page)
        assert len(stored_reports(app)) == 1
    finally:
        app.config.pop("PWA_VERSION", None)


@pytest.fixture
def stoppable_server(app):
    """A second server for the same app, on a port of its own, that the test can stop."""
    servers = []

    def start(port: int = 0):
        server = make_server("127.0.0.1", port, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return server

    def stop(server):
        server.shutdown()
        server.server_close()

    yield SimpleNamespace(start=start, stop=stop)
    for server in servers:
        with contextlib.suppress(OSError):  # already stopped by the test
            stop(server)


def test_server_really_stopped_then_back_sends_once(
    page: Page, visiting_pair, app, stoppable_server
):
    server = stoppable_server.start()
    port = server.server_port
    base = f"http://127.0.0.1:{port}"
    sign_in_ready(page, visiting_pair.alice, base=base)
    stoppable_server.stop(server)
    page.reload()  # connection refused: the service worker's copy opens
    expect(page.get_by_role("heading", name="Visit reports")).to_be_visible()
    record_visit(page, people=6, base=base)
    expect(page.locator("#sync-status")).to_contain_text("No connection")
    assert stored_reports(app) == []

    stoppable_server.start(port)
    page.get_by_role("button", name="Send now").click()
    expect_sent(page)
    assert len(stored_reports(app)) == 1


def test_report_queued_by_an_older_app_version_is_still_sent(page: Page, visiting_pair, app):
    """An outbox record as an older version kept it: no form, status or attempt count."""
    from tests.sync.factory import new_uuid, report_body

    pair = visiting_pair
    sign_in_ready(page, pair.alice)
    report = {"format_version": 1, **report_body(pair.suite, [pair.alice, pair.bob])}
    uuid = new_uuid()
    page.evaluate(
        """async ([uuid, owner, report]) => {
            const db = await import('/static/js/db.js');
            await db.put('outbox', {uuid, owner_id: owner, report});
        }""",
        [uuid, pair.alice.id, report],
    )
    page.reload()  # opening the app sends the outbox
    expect_sent(page)
    assert [found["uuid"] for found in stored_reports(app)] == [uuid]


def test_phone_restarted_with_no_signal_still_opens_the_app_with_the_draft(
    playwright, browser_type_launch_args, visiting_pair, live_server, tmp_path
):
    """A browser profile on disk, closed and relaunched offline: as when a phone restarts."""
    options = {
        **browser_type_launch_args,
        "base_url": live_server,
        "viewport": PHONE,
        "is_mobile": True,
        "has_touch": True,
    }
    phone = playwright.chromium.launch_persistent_context(str(tmp_path / "profile"), **options)
    page = phone.new_page()
    sign_in_ready(page, visiting_pair.alice)
    phone.set_offline(True)
    page.goto("/visits/new")
    page.get_by_label("Another visit, not on the rota").check()
    page.get_by_label("Number of people in custody when you arrived").fill("9")
    expect(page.locator("#save-status")).to_contain_text("Draft saved on this phone")
    phone.close()  # the browser process ends

    phone = playwright.chromium.launch_persistent_context(str(tmp_path / "profile"), **options)
    try:
        phone.set_offline(True)
        page = phone.pages[0] if phone.pages else phone.new_page()
        page.goto("/visits/")
        expect(page.locator(".app-state", has_text="Draft")).to_have_count(1)
        page.get_by_role("link", name=re.compile("^Continue")).click()
        field = page.get_by_label("Number of people in custody when you arrived")
        expect(field).to_have_value("9")
    finally:
        phone.close()


def test_tact_report_offline_needs_tact_trained_visitors_then_is_sent(
    page: Page, visiting_pair, app, make_user
):
    """At a TACT-designated suite the card asks whether someone is held under TACT, then the
    TACT questions; with no signal the phone refuses a visitor whose TACT training is not
    valid today, by name, and with a trained visitor instead the report goes, answers and all."""
    from datetime import date, timedelta

    from icv.models import TACT_COURSE, TrainingRecord

    pair = visiting_pair
    carol = make_user(panel=pair.suite.panel, name="Carol Cole")
    pair.suite.tact_designated = True
    lapsed = date.today() - timedelta(days=400)
    for person, expires_on in ((pair.alice, None), (carol, None), (pair.bob, date.today())):
        db.session.add(TrainingRecord(user=person, course_code=TACT_COURSE,
                                      completed_on=lapsed, expires_on=expires_on))  # fmt: skip
    db.session.commit()
    sign_in_ready(page, pair.alice)
    page.context.set_offline(True)
    record_visit(page, people=2, submit=False)  # 1 interviewed, 1 declined
    declined = page.locator("[data-row='1']")
    page.get_by_role("button", name="Change person 2", exact=True).click()
    declined.get_by_text("More about this person").click()
    expect(
        declined.get_by_role("group", name="Held under the Terrorism Act (TACT)")
    ).to_be_visible()
    page.get_by_role("button", name="Back to all people").click()
    person = page.locator("[data-row='0']")
    page.get_by_role("button", name="Change person 1", exact=True).click()
    person.get_by_text("More about this person").click()
    recordings = person.get_by_label("Which interview recordings, and the number of them")
    expect(recordings).to_be_hidden()
    person.get_by_role("group", name="Held under the Terrorism Act (TACT)").get_by_label(
        "Yes"
    ).check()
    person.get_by_role("group", name="Access to the person").get_by_label(
        "Given when asked"
    ).check()
    staff = person.get_by_role("group", name="Could staff see or hear the conversation")
    staff.get_by_label("Within sight of staff, out of hearing").check()
    reviewed = person.get_by_role("group", name="Interview recordings viewed or listened to")
    reviewed.get_by_label("Yes").check()
    recordings.fill("Interviews 1 and 2 (2 recordings)")
    welfare = person.get_by_role("group", name="Concern about health, welfare or treatment")
    welfare.get_by_label("Yes").check()
    person.get_by_label("Note about: concern about health, welfare or treatment").fill(
        "Asked twice for his inhaler"
    )
    page.get_by_role("button", name="Back to all people").click()

    page.get_by_role("button", name="Save and send report").click()
    message = (
        "Bob Baker has no TACT training valid on the day of this visit: only visitors "
        "with valid TACT training may report on someone held under the Terrorism Act"
    )
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    assert phone_store(page, "outbox") == []
    assert_accessible(page)  # at 360px, the TACT questions and the error on show
    visitors = page.get_by_role("group", name="Who did you visit with?")
    visitors.get_by_label("Bob Baker").uncheck()
    page.get_by_role("button", name="Someone else from the panel").click()
    visitors.get_by_label("Carol Cole").check()
    page.get_by_role("button", name="Save and send report").click()
    expect(page.get_by_role("heading", name="Visit reports", level=1)).to_be_visible()

    page.context.set_offline(False)
    expect_sent(page)
    with app.app_context():
        report = db.session.scalar(sa.select(VisitReport))
        first = report.detainees[0]
        stored = (sorted(v.user_id for v in report.visitors), first.held_under_tact,
                  first.tact_access, first.tact_staff_presence, first.tact_recordings_note,
                  first.tact_welfare_concern_note, report.detainees[1].held_under_tact)  # fmt: skip
        db.session.remove()
    assert stored == (sorted([pair.alice.id, carol.id]), True, "given", "sight",
                      "Interviews 1 and 2 (2 recordings)", "Asked twice for his inhaler",
                      None)  # fmt: skip
