"""The report form and the reports page on a 360px phone: accessible, checked offline as the
server checks, refusals explained, data cleared on sign-out, unsent reports exportable."""

from __future__ import annotations

import json
import os
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from icv import dates
from icv.extensions import db
from icv.models import Role
from icv.sync.importing import import_reports, read_export
from icv.visits.reports import receive_report
from tests.browser.test_offline_reports import (
    WAITING,
    expect_sent,
    phone_store,
    record_visit,
    sign_in_ready,
    stored_reports,
    wait_for,
    wait_until_offline_ready,
)
from tests.browser_fixtures import (
    CHROMIUM_ARGS,
    assert_accessible,
    browser_sign_in,
    end_session,
    open_menu,
)
from tests.conftest import PASSWORD
from tests.sync.factory import new_uuid, report_body

pytestmark = pytest.mark.browser


def fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_form_and_reports_pages_are_accessible_at_360px(page: Page, visiting_pair):
    sign_in_ready(page, visiting_pair.alice)
    assert_accessible(page)
    fits_the_phone(page)
    record_visit(page, people=3, submit=False)  # rows, checklist, revealed notes all on show
    assert_accessible(page)
    fits_the_phone(page)
    page.get_by_label("Time you left").fill("21:00")  # before arrival
    page.get_by_role("button", name="Save and send report").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()
    assert_accessible(page)  # with the error summary and inline errors
    expect(page).to_have_title(re.compile("^Error: "))


# Before any page script: add up layout shifts (as Lighthouse's CLS does, shifts right after
# a tap excluded) and keep every Content Security Policy violation.
WATCH_SHIFTS_AND_POLICY = """
    window.icvShift = 0;
    window.icvViolations = [];
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) window.icvShift += entry.value;
        }
    }).observe({type: "layout-shift", buffered: true});
    document.addEventListener("securitypolicyviolation", (event) => {
        window.icvViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
"""


def settled_shift_and_violations(page: Page) -> tuple[float, list[str]]:
    """Once every script has arrived and run, and two frames have painted since."""
    page.wait_for_load_state("networkidle")
    return page.evaluate(
        """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
            () => done([window.icvShift, window.icvViolations]))))"""
    )


def late_script(route) -> None:
    """GOV.UK Frontend's script arriving after the page has painted, as on a slow phone."""
    time.sleep(0.5)
    route.continue_()


@pytest.mark.browser_context_args(service_workers="block")  # every file from the network
def test_phone_pages_do_not_shift_as_they_load_and_break_no_security_policy(
    page: Page, visiting_pair
):
    """The service navigation used to render open, then fold behind Menu when its script ran
    (CLS 0.174 on a phone); and a page must need no inline style or unlisted script."""
    page.add_init_script(WATCH_SHIFTS_AND_POLICY)
    console_errors = []
    page.on(
        "console", lambda message: message.type == "error" and console_errors.append(message.text)
    )
    page.route("**/govuk-frontend.min.*js", late_script)
    page.goto("/sign-in")
    assert settled_shift_and_violations(page) == [0, []]
    browser_sign_in(page, visiting_pair.alice.email, PASSWORD)
    for path in ("/", "/visits/", "/visits/new"):
        page.goto(path)
        assert settled_shift_and_violations(page) == [0, []], path
    assert console_errors == []


def test_a_new_volunteer_lands_on_their_next_visit_and_can_record_it_offline_at_once(
    page: Page, visiting_pair
):
    pair = visiting_pair
    email, window_ends = pair.alice.email, dates.day(pair.visit.window_ends_on)
    pair.alice.availability = []  # new: has not said yet when they can usually visit
    db.session.commit()
    db.session.remove()  # no transaction left open to block the server's writes
    browser_sign_in(page, email, PASSWORD)  # lands on Home, as a volunteer would
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice Able")
    card = page.locator(".app-visit-card", has_text="Northtown")
    expect(card).to_contain_text(window_ends)
    expect(card).to_contain_text("Bob Baker")
    expect(card.get_by_role("button", name="Confirm Northtown visit")).to_be_visible()
    expect(card.get_by_role("link", name="I can’t make it to Northtown")).to_be_visible()
    expect(page.get_by_role("button", name="Record a visit")).to_be_visible()
    expect(page.locator("#waiting-to-send")).to_have_text("No reports waiting to send.")
    availability = page.get_by_role("link", name="Add when you can usually visit")
    expect(availability).to_be_visible()
    assert_accessible(page)
    fits_the_phone(page)

    wait_until_offline_ready(page)  # without ever opening the visit reports pages
    page.context.set_offline(True)
    record_visit(page, people=2)
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)
    page.goto("/")  # their own Home, as last seen, with what is waiting
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Alice Able")
    expect(page.locator("#waiting-to-send")).to_have_text("1 report waiting to send.")
    page.goto("/rota/mine")
    expect(page.get_by_role("heading", level=1)).to_have_text("My visits")
    expect(page.locator(".app-visit-card", has_text="Northtown")).to_contain_text("Bob Baker")
    page.goto("/account/details")  # never kept: said plainly, not another page instead
    expect(page.get_by_role("heading", level=1)).to_have_text("No connection")
    expect(page.get_by_role("main")).to_contain_text("This page needs a connection")


def test_every_link_into_the_form_chooses_the_visit_with_its_suite_and_co_visitor(
    page: Page, visiting_pair
):
    sign_in_ready(page, visiting_pair.alice)
    links = []
    for path in ("/", "/rota/mine", "/visits/"):
        page.goto(path)
        found = page.locator("main a[href*='/visits/new?']")
        expect(found.first).to_be_attached()  # each of these pages offers to record the visit
        assert_accessible(page)
        links += found.evaluate_all("(links) => links.map((link) => link.getAttribute('href'))")
    for href in links:
        page.goto(href)
        expect(page.get_by_label(re.compile(r"^Northtown,"))).to_be_checked()
        expect(page.locator("#suite-fixed")).to_have_text("Custody suite: Northtown")
        people = page.get_by_role("group", name="Who did you visit with?")
        expect(people.get_by_label("Bob Baker")).to_be_checked()


def test_errors_show_offline_in_summary_and_inline_and_keep_what_was_typed(
    page: Page, visiting_pair
):
    sign_in_ready(page, visiting_pair.alice)
    page.context.set_offline(True)
    page.goto("/visits/new")
    page.get_by_label("Another visit, not on the rota").check()
    page.get_by_label("Custody suite").select_option(label="Northtown")
    page.get_by_role("group", name="Who did you visit with?").get_by_label("Bob Baker").check()
    page.get_by_label("Time you arrived at the counter").fill("21:10")
    page.get_by_label("Time you were let in to the custody area").fill("21:10")
    page.get_by_label("Time you left").fill("21:05")
    page.get_by_label("Number of people in custody when you arrived").fill("3")
    page.get_by_label("How many").fill("2")
    page.get_by_role("button", name="Add, outcome to choose later").click()
    expect(page.locator("#headcount-status")).to_have_text(
        "0 of 3 people accounted for: 0 interviewed, 0 declined, 0 unavailable"
    )
    page.get_by_role("button", name="Save and send report").click()

    summary = page.locator(".govuk-error-summary")
    for message in (
        "Departure time must be after arrival time",  # the server's own words
        "Add a row for every person in custody: 3 in custody but 2 rows",
        "Choose interviewed, declined or unavailable for person 2",
        "Choose whether the visit was satisfactory or not satisfactory",
    ):
        expect(summary).to_contain_text(message)
    departed = page.locator("[data-field='departed_at']")
    expect(departed).to_have_class(re.compile("govuk-form-group--error"))
    expect(departed.locator(".govuk-error-message")).to_contain_text("after arrival time")
    expect(page.get_by_label("Time you left")).to_have_value("21:05")  # nothing lost
    summary.get_by_role("link", name="Departure time must be after arrival time").click()
    expect(page.get_by_label("Time you left")).to_be_focused()
    assert phone_store(page, "outbox") == []  # nothing queued while it is wrong


@pytest.fixture
def twelve_hour_phone(browser_type, browser_type_launch_args, browser_context_args):
    """A page in a Chromium of its own set to US English, whose clock shows 12-hour time."""
    browser = browser_type.launch(
        **browser_type_launch_args | {"args": [*CHROMIUM_ARGS, "--lang=en-US"]},
        env=os.environ | {"LANG": "en_US.UTF-8", "LANGUAGE": "en_US"},
    )
    yield browser.new_context(**browser_context_args, locale="en-US").new_page()
    browser.close()


def shown_text(page: Page, selector: str) -> str:
    """What an input shows on screen, read from the browser's own rendering of it (for a
    time input: its hour, minute and AM/PM fields), not its value."""
    cdp = page.context.new_cdp_session(page)
    root = cdp.send("DOM.getDocument", {"depth": -1, "pierce": True})["root"]
    found = cdp.send("DOM.querySelector", {"nodeId": root["nodeId"], "selector": selector})
    node = cdp.send("DOM.describeNode", {"nodeId": found["nodeId"], "depth": -1, "pierce": True})
    texts = []

    def walk(node: dict) -> None:
        if node.get("nodeType") == 3:  # text
            texts.append(node["nodeValue"])
        for child in node.get("shadowRoots", []) + node.get("children", []):
            walk(child)

    walk(node["node"])
    return "".join(texts)


def test_times_show_on_the_24_hour_clock_on_a_phone_set_to_12_hour_time(
    twelve_hour_phone: Page, visiting_pair
):
    page = twelve_hour_phone
    sign_in_ready(page, visiting_pair.alice)
    page.goto("/visits/new")
    # As volunteers type them: a number pad may have no colon.
    page.get_by_label("Time you arrived at the counter").press_sequentially("1905")
    page.get_by_label("Time you were let in to the custody area").press_sequentially("19.30")
    page.get_by_label("Time you left").press_sequentially("0:40")  # after midnight
    page.get_by_label("Time you left").press("Tab")
    shown = [shown_text(page, f"#f-{key}") for key in ("arrived_at", "admitted_at", "departed_at")]
    assert shown == ["19:05", "19:30", "00:40"]
    expect(page.get_by_label("Minutes you were kept waiting at the door")).to_have_value("25")
    keys = ("arrived_at", "admitted_at", "departed_at")

    def draft_times():
        return [draft["form"][key] for draft in phone_store(page, "drafts") for key in keys]

    wait_for(page, lambda: draft_times() == shown)  # the draft holds HH:MM however they were typed
    page.get_by_label("Time you arrived at the counter").fill("7pm")
    page.get_by_role("button", name="Save and send report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Time you arrived at the counter must be a real time on the 24-hour clock, like 21:10"
    )
    expect(page.get_by_label("Time you arrived at the counter")).to_have_value("7pm")  # kept
    # This phone's own time control would have shown 12-hour time.
    page.evaluate("document.body.insertAdjacentHTML('beforeend', "
                  "'<input id=\"probe\" type=\"time\" value=\"19:05\">')")  # fmt: skip
    assert shown_text(page, "#probe").replace("\u202f", " ") == "07:05 PM"


def test_one_person_at_a_time_with_all_fine_and_exceptions_makes_the_same_report(
    page: Page, visiting_pair, make_user
):
    """Issue 15's form: people added a group at a time with one button per outcome; a
    person's card in a view of its own; "all asked, all fine" with exceptions, suite
    conditions "all fine" with exceptions, check your answers; the report is format 1 as
    before, every question answered."""
    make_user(Role.VOLUNTEER, panel=visiting_pair.suite.panel, name="Carol Cole")
    sign_in_ready(page, visiting_pair.alice)
    page.context.set_offline(True)
    page.goto("/visits/new")
    page.get_by_label(re.compile(r"^Northtown,")).check()
    people = page.get_by_role("group", name="Who did you visit with?")
    expect(people.get_by_role("checkbox")).to_have_count(1)  # the rota's pair only
    page.get_by_role("button", name="Someone else from the panel").click()
    expect(people.get_by_label("Carol Cole")).to_be_focused()
    expect(people.get_by_role("checkbox")).to_have_count(2)
    for label, typed in [("Time you arrived at the counter", "21:10"),
                        ("Time you were let in to the custody area", "21:10"),
                        ("Time you left", "22:05")]:  # fmt: skip
        page.get_by_label(label).fill(typed)
    page.get_by_label("Number of people in custody when you arrived").fill("2")
    add = page.get_by_role("button", name="Add as interviewed")
    add.click()  # one tap: "How many" offers the 2 still to add
    expect(add).to_be_focused()  # ready for the next group
    first, second = page.locator("[data-row='0']"), page.locator("[data-row='1']")
    first.get_by_label("All asked, all fine").check()
    second.get_by_label("All asked, all fine").check()
    expect(first.locator("[data-summary]")).to_have_text("Interviewed: all asked, all fine")
    page.get_by_role("button", name="Change person 1", exact=True).click()
    # The card in a view of its own: the other people and the rest of the form wait behind it.
    for hidden in (
        second,
        page.get_by_label("All checked, all fine"),
        page.locator("#quick-add-count"),
    ):
        expect(hidden).to_be_hidden()
    first.get_by_role("button", name="Next person").click()
    expect(second.get_by_role("heading", name="Person 2")).to_be_focused()
    expect(first).to_be_hidden()  # one card open at a time
    second.get_by_role("group", name="Any answered no?").get_by_label("Blanket").check()
    second.get_by_label("Issues raised").fill("No blanket")
    expect(second.locator("[data-summary]")).to_have_text("Interviewed: all asked, 1 answered no")
    assert_accessible(page)  # the card's own view
    second.get_by_role("button", name="Back to all people").click()
    expect(page.get_by_role("button", name="Change person 2", exact=True)).to_be_focused()
    expect(first.get_by_label("All asked, all fine")).to_be_visible()
    page.get_by_label("All checked, all fine").check()
    page.get_by_label("Concern: Heating", exact=True).check()
    page.get_by_label("What is the concern about heating?").fill("Cell 4 cold")
    page.get_by_label("Satisfactory", exact=True).check()
    answers = page.locator("#check-answers")
    expect(answers).to_contain_text("2: all asked; answered no for person 2")
    expect(answers).to_contain_text("Concern: Heating")
    assert_accessible(page)
    fits_the_phone(page)
    page.get_by_role("button", name="Save and send report").click()
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(1)

    [queued] = phone_store(page, "outbox")
    checks = [person["checks"] for person in queued["report"]["detainees"]]
    assert set(checks[0].values()) == {"yes"} and len(checks[0]) == 14
    assert checks[1] == {**checks[0], "blanket": "no"}
    assert queued["report"]["detainees"][1]["issues_raised"] == "No blanket"
    conditions = queued["report"]["conditions"]
    assert conditions.pop("heating") == {"rating": "concern", "note": "Cell 4 cold"}
    assert {c["rating"] for c in conditions.values()} == {"fine"} and len(conditions) == 11


def test_a_person_removed_by_mistake_comes_back_with_undo(page: Page, visiting_pair):
    sign_in_ready(page, visiting_pair.alice)
    page.goto("/visits/new")
    page.get_by_label("Number of people in custody when you arrived").fill("3")
    page.get_by_role("button", name="Add, outcome to choose later").click()
    second = page.locator("[data-row='1']")
    page.get_by_role("button", name="Change person 2", exact=True).click()  # one card at a time
    second.get_by_label("Declined a visit").check()
    second.get_by_text("More about this person").click()
    second.get_by_label("Custody number (optional)").fill("CU/2")
    tally = page.locator("#headcount-status")
    expect(tally).to_have_text(
        "1 of 3 people accounted for: 0 interviewed, 1 declined, 0 unavailable"
    )

    remove = page.get_by_role("button", name="Remove person 2")
    # A button for a thumb (WCAG 2.2 target size, 24px at least), not a 19px high link.
    assert remove.bounding_box()["height"] >= 24
    remove.click()
    undo = page.get_by_role("button", name="Undo removing person 2")
    expect(undo).to_be_focused()
    expect(page.locator("#detainee-rows")).to_contain_text("Person 2 removed.")
    expect(tally).to_have_text(
        "0 of 3 people accounted for: 0 interviewed, 0 declined, 0 unavailable"
    )
    wait_for(page, lambda: len(phone_store(page, "drafts")[0]["form"]["detainees"]) == 2)
    assert_accessible(page)  # at 360px, with the undo on show
    fits_the_phone(page)

    undo.click()
    restored = page.locator("[data-row='1']")
    expect(restored.get_by_label("Custody number (optional)")).to_have_value("CU/2")
    expect(restored.get_by_label("Declined a visit")).to_be_checked()
    expect(restored.locator("input").first).to_be_focused()
    expect(page.locator("#detainee-rows")).not_to_contain_text("removed")
    expect(tally).to_have_text(
        "1 of 3 people accounted for: 0 interviewed, 1 declined, 0 unavailable"
    )

    def custody_numbers():
        return [
            row["custody_number"] for row in phone_store(page, "drafts")[0]["form"]["detainees"]
        ]

    wait_for(page, lambda: custody_numbers() == ["", "CU/2", ""])


def test_delay_at_the_door_is_asked_for_only_when_admission_was_late(page: Page, visiting_pair):
    sign_in_ready(page, visiting_pair.alice)
    page.goto("/visits/new")
    delay = page.locator("#delay-section")
    page.get_by_label("Time you arrived at the counter").fill("23:50")
    page.get_by_label("Time you were let in to the custody area").fill("23:50")
    expect(delay).to_be_hidden()
    page.get_by_label("Time you were let in to the custody area").fill("00:15")  # after midnight
    expect(delay).to_be_visible()
    expect(page.get_by_label("Minutes you were kept waiting at the door")).to_have_value("25")
    page.get_by_role("button", name="Save and send report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the rank of the officer who authorised the delay, like Inspector"
    )


def test_sign_out_warns_about_unsent_reports_then_clears_the_phone(
    page: Page, visiting_pair, faults
):
    sign_in_ready(page, visiting_pair.alice)
    faults.mode = "error"  # the server fails, so the report stays unsent
    record_visit(page, people=2)
    expect(page.locator(".app-badge")).to_have_text("1 not sent yet")
    page.goto("/")
    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    warning = page.locator("#sign-out-warning")
    expect(warning).to_contain_text("1 report on this phone has not reached the server")
    assert len(phone_store(page, "outbox")) == 1  # nothing deleted yet
    warning.get_by_role("button", name="Sign out and delete them").click()
    expect(page).to_have_url(re.compile("/sign-in"))
    for store in ("drafts", "outbox", "sent", "meta"):
        assert phone_store(page, store) == [], store
    names = page.evaluate("caches.keys()")
    assert not [name for name in names if name.startswith("icv-pages-") or name == "icv-data"]


def test_report_refused_by_the_server_needs_attention_and_can_be_corrected(
    page: Page, visiting_pair, app
):
    sign_in_ready(page, visiting_pair.alice)  # the phone keeps the rota as it is now
    # Meanwhile Bob sends the report for this scheduled visit from his own phone.
    pair = visiting_pair
    body = report_body(pair.suite, [pair.alice, pair.bob], scheduled_visit=pair.visit)
    assert receive_report(new_uuid(), body, pair.bob).status == 201
    page.context.set_offline(True)
    record_visit(page, people=2)
    page.context.set_offline(False)
    card = page.locator(".app-report", has=page.locator(".app-state", has_text="Needs attention"))
    # The reports page may open (from the phone's copy) and try to send while still offline;
    # then its retry, 5 s later, sends it.
    expect(card).to_contain_text("Bob Baker already sent the report for this visit", timeout=10000)
    expect(card).to_contain_text("What to do:")
    assert_accessible(page)  # the reports page with a report needing attention
    card.get_by_role("button", name="Correct the report").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("already sent the report")
    page.get_by_label("Another visit, not on the rota").check()
    page.get_by_label("Custody suite").select_option(label="Northtown")
    page.get_by_role("button", name="Save and send report").click()
    expect_sent(page)
    assert len(stored_reports(app)) == 2


def test_unsent_reports_export_to_a_file_the_coordinator_can_import(
    page: Page, visiting_pair, app, make_user
):
    sign_in_ready(page, visiting_pair.alice)
    page.context.set_offline(True)
    record_visit(page, people=4)
    page.get_by_text("Reports will not send?").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download unsent reports").click()
    with open(download.value.path(), encoding="utf-8") as file:
        exported = json.load(file)
    expect(page.locator("#export-status")).to_have_text("Downloaded 1 unsent report.")
    [entry] = exported["reports"]
    assert entry["uuid"] == phone_store(page, "outbox")[0]["uuid"]

    coordinator = make_user(Role.COORDINATOR, panels=[visiting_pair.suite.panel])
    summary = import_reports(read_export(json.dumps(exported).encode()), coordinator)
    assert len(summary.added) == 1 and not summary.needs_attention
    page.context.set_offline(False)  # the phone sends it too: the same report, not a second
    expect_sent(page)
    assert len(stored_reports(app)) == 1
    page.reload()
    page.get_by_role("link", name=re.compile("^Northtown, ")).click()  # the server's copy
    expect(page.get_by_role("heading", name="Visit to Northtown")).to_be_visible()
    headcount = page.locator(".govuk-summary-list", has_text="In custody")
    expect(headcount).to_contain_text(re.compile(r"In custody\s*4\s*Juveniles\s*1"))
    assert_accessible(page)


def test_app_is_installable_and_sent_copies_leave_the_phone_after_a_day(page: Page, visiting_pair):
    sign_in_ready(page, visiting_pair.alice)
    cdp = page.context.new_cdp_session(page)
    assert cdp.send("Page.getAppManifest")["errors"] == []
    errors = {
        e["errorId"] for e in cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    }
    assert errors <= {"in-incognito"}, errors  # Playwright's profiles are incognito
    record_visit(page, people=2)
    expect_sent(page)
    two_days_ago = (datetime.now(UTC) - timedelta(days=2)).isoformat()
    page.evaluate(
        """async (when) => {
            const db = await import('/static/js/db.js');
            const [item] = await db.getAll('sent');
            await db.put('sent', {...item, confirmed_at: when});
        }""",
        two_days_ago,
    )
    page.reload()
    expect(page.locator("#phone-reports")).to_have_text("No reports on this phone.")
    assert phone_store(page, "sent") == []
    expect(page.locator(".app-state", has_text=WAITING)).to_have_count(0)


def test_someone_else_signing_in_neither_sees_nor_sends_the_first_persons_reports(
    page: Page, visiting_pair, app
):
    pair = visiting_pair
    sign_in_ready(page, pair.alice)
    page.context.set_offline(True)
    record_visit(page, people=2)
    end_session(page)  # Alice's session ends without her signing out
    page.context.set_offline(False)
    sign_in_ready(page, pair.bob)  # the kept pages are Bob's now
    expect(page.locator("#phone-reports")).to_have_text("No reports on this phone.")
    expect(page.locator(".app-badge")).to_have_count(0)
    assert stored_reports(app) == []  # Bob's session never sends Alice's report
    assert len(phone_store(page, "outbox")) == 1  # and it is not lost either
    end_session(page)
    sign_in_ready(page, pair.alice)
    expect_sent(page)
    assert len(stored_reports(app)) == 1
