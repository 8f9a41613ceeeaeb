"""A concern on a 360px phone: synced report, the coordinator's action, the police response,
the volunteer seeing it, closing it, and the quarterly meeting pack (axe on every page)."""

from __future__ import annotations

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from icv.actions.models import Action
from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role
from icv.notifications.models import Notification
from tests.actions.helpers import BLANKET, api_for, concern_body, new_uuid
from tests.browser_fixtures import assert_accessible, browser_sign_in, end_session, open_menu
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def people(make_panel, make_suite, make_user):
    north = make_panel("North")
    return SimpleNamespace(
        panel=north,
        suite=make_suite(north, name="Northtown"),
        alice=make_user(Role.VOLUNTEER, panel=north, name="Alice Able"),
        bob=make_user(Role.VOLUNTEER, panel=north, name="Bob Baker"),
        coordinator=make_user(Role.COORDINATOR, panels=[north], name="Cora Coordinator"),
        analyst=make_user(Role.ANALYST, name="Ann Analyst"),
    )


def check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def open_menu_item(page: Page, name: str) -> None:
    open_menu(page)
    page.get_by_role("link", name=name, exact=True).click()


def test_a_concern_from_report_to_closure_and_the_meeting_pack(page: Page, app, people, browser,
                                                                browser_context_args):  # fmt: skip
    body = concern_body(people.suite, [people.alice, people.bob])
    assert api_for(app, people.alice).put(new_uuid(), body).status_code == 201

    browser_sign_in(page, people.coordinator.email, PASSWORD)
    open_menu_item(page, "Actions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Actions")
    expect(page.locator(".app-action")).to_have_count(3)
    expect(page.locator(".govuk-tag--red").first).to_have_text("Overdue")
    check(page)
    page.get_by_label("Category").select_option(label="Allegation about treatment")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".app-action")).to_have_count(1)
    page.get_by_role("link", name=re.compile(r"Action \d+: Allegation about treatment")).click()
    expect(page.get_by_text("NT/1234/19")).to_be_visible()  # coordinators see custody numbers
    check(page)
    action_url = page.url

    page.goto("/actions/")  # the detainee's issue and what was done: shown as two lines
    page.get_by_role("link", name=re.compile(r"Issue raised by a detainee")).click()
    found = page.locator(".govuk-summary-list__value").first.inner_text()
    assert found == f"{BLANKET}\nDone on the visit: Raised with the custody sergeant"
    page.goto(action_url)

    for link in ("Record that it was sent to the police", "Escalate it", "Add a note",
                 "Change the owner or due date", "Link a duplicate"):  # fmt: skip
        page.get_by_role("link", name=link).click()
        check(page)
        page.go_back()

    page.get_by_role("link", name="Record the police response").click()
    page.get_by_label("Police response").fill("Referred to professional standards")
    page.get_by_role("button", name="Save the response").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter who gave the response, like Inspector Patel")
    expect(page.get_by_label("Police response")).to_have_value("Referred to professional standards")
    check(page)
    page.get_by_label("Who responded").fill("Inspector Patel")
    page.get_by_role("button", name="Save the response").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Police response saved."
    )
    expect(page.locator(".govuk-tag").first).to_have_text("Response received")
    check(page)

    volunteer = browser.new_page(**browser_context_args)
    browser_sign_in(volunteer, people.bob.email, PASSWORD)
    volunteer.goto(action_url)
    expect(volunteer.locator("#police-response")).to_have_text("Referred to professional standards")
    expect(volunteer.get_by_text("NT/1234/19")).to_have_count(0)
    check(volunteer)

    page.get_by_role("link", name="Close it").click()
    page.get_by_role("button", name="Close the action").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Action closed.")
    check(page)
    volunteer.reload()
    expect(volunteer.get_by_role("heading", name="Closed")).to_be_visible()
    volunteer.close()

    page.goto("/actions/")
    page.get_by_role("link", name="Make the quarterly panel meeting pack").click()
    check(page)
    page.get_by_label("Quarter").select_option("2019-20 Q1")
    page.get_by_role("button", name="Show the pack").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("North, 2019-20 Q1")
    expect(page.get_by_text("Referred to professional standards").first).to_be_visible()
    expect(page.locator('[data-measure="visits_made"][data-column="Panel total"]')).to_have_text(
        "1"
    )
    check(page)
    page.emulate_media(media="print")
    expect(page.locator(".app-pack-downloads")).to_be_hidden()
    expect(page.locator(".app-header")).to_be_hidden()
    page.emulate_media(media="screen")


def test_an_analyst_reads_actions_and_any_pack_without_custody_numbers(page: Page, app, people):
    body = concern_body(people.suite, [people.alice, people.bob])
    assert api_for(app, people.alice).put(new_uuid(), body).status_code == 201
    browser_sign_in(page, people.analyst.email, PASSWORD)
    page.goto("/actions/")
    check(page)
    page.get_by_role("link", name=re.compile(r"Allegation about treatment")).click()
    expect(page.get_by_role("heading", name="Timeline")).to_be_visible()
    expect(page.get_by_text("NT/1234/19")).to_have_count(0)
    expect(page.get_by_role("link", name="Close it")).to_have_count(0)
    check(page)
    page.goto(f"/actions/pack?panel_id={people.panel.id}&quarter=2019-20+Q1")
    expect(page.get_by_role("heading", level=2, name="Positive findings")).to_be_visible()
    check(page)


def test_coordinator_home_leads_to_the_reports_with_concerns(page: Page, app, people):
    lately = (scheme_today() - timedelta(days=3)).isoformat()
    body = concern_body(people.suite, [people.alice, people.bob])
    body.update(arrived_at=f"{lately}T21:10:00+00:00", admitted_at=f"{lately}T21:10:00+00:00",
                departed_at=f"{lately}T22:05:00+00:00")  # fmt: skip
    assert api_for(app, people.alice).put(new_uuid(), body).status_code == 201
    morning = {
        key: f"{lately}T{hour}:00+00:00"
        for key, hour in (
            ("arrived_at", "09:10"),
            ("admitted_at", "09:10"),
            ("departed_at", "10:05"),
        )
    }
    quiet = dict(body, rating="satisfactory", conditions={}, detainees=body["detainees"][2:],
                 detainees_in_custody=1, **morning)  # fmt: skip
    assert api_for(app, people.alice).put(new_uuid(), quiet).status_code == 201

    browser_sign_in(page, people.coordinator.email, PASSWORD)
    attention = page.get_by_role("list", name="Needs your attention")
    expect(attention).to_contain_text("1 report with concerns from the last 14 days")
    check(page)
    attention.get_by_role("link", name=re.compile("report with concerns")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Visit reports")
    rows = page.locator(".app-report-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Concerns")
    expect(rows.first).to_contain_text("Not satisfactory")
    check(page)
    page.get_by_label("Concerns").select_option(label="With or without")
    page.get_by_role("button", name="Filter").click()
    expect(rows).to_have_count(2)
    expect(page.locator("#reports-count")).to_have_text("2 reports.")
    check(page)


def test_a_police_user_answers_an_action_of_their_suite(page: Page, app, people, make_user):
    from tests.conftest import post_form, sign_in

    body = concern_body(people.suite, [people.alice, people.bob])
    assert api_for(app, people.alice).put(new_uuid(), body).status_code == 201
    inspector = make_user(Role.POLICE, name="Inspector Patel", police_suites=[people.suite])
    coordinator = app.test_client()
    sign_in(coordinator, people.coordinator)
    listing = coordinator.get("/actions/?category=allegation").get_data(as_text=True)
    action_id = re.search(r"/actions/(\d+)", listing.split("app-actions", 1)[1]).group(1)
    sent = {"sent_on": ["4", "6", "2019"], "note": "Was the CCTV kept?"}
    assert post_form(coordinator, f"/actions/{action_id}/send", sent).status_code == 302
    action = db.session.get(Action, int(action_id))
    action.summary = "Pushed against a wall\nFollow-up: ask for the CCTV"  # as intake joins them
    db.session.commit()

    browser_sign_in(page, inspector.email, PASSWORD)
    expect(page.get_by_text("Notifications (1)")).to_have_count(1)  # emailed and kept in-app
    waiting = page.locator("#awaiting .app-action")
    expect(waiting).to_have_count(1)
    expect(waiting).to_contain_text("NT/1234/19")  # the police find the person's record
    assert "wall\nFollow-up" in waiting.locator(".app-secondary-text").inner_text()  # two lines
    check(page)
    waiting.get_by_role("link").click()
    expect(page.get_by_text("Was the CCTV kept?")).to_be_visible()
    expect(page.get_by_text("Alice Able")).to_have_count(0)
    check(page)

    page.get_by_role("button", name="Respond to the concern").click()
    page.get_by_role("button", name="Send your response").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose whether you have looked into it or disagree")
    expect(summary).to_contain_text("Enter your response")
    check(page)
    page.get_by_label("We have looked into it").check()
    page.get_by_label("Your response").fill("CCTV kept; reviewed by the duty inspector")
    page.get_by_label("What was done (optional)").fill("Officer spoken to")
    page.get_by_role("button", name="Send your response").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your response was sent to the scheme."
    )
    expect(page.locator("#police-response")).to_contain_text("CCTV kept; reviewed")
    expect(page.get_by_role("button", name="Respond to the concern")).to_have_count(1)
    check(page)
    told = db.session.scalars(
        sa.select(Notification.subject).where(Notification.user_id == people.coordinator.id)
    ).all()
    assert told == [f"Action {action_id} at Northtown: the police responded"]

    open_menu_item(page, "Visits")
    expect(page.get_by_role("heading", level=1)).to_have_text("Visits to your suites")
    expect(page.locator(".govuk-service-navigation__item--active")).to_have_text("Visits")
    expect(page.locator(".app-visit-summary")).to_have_count(1)
    expect(page.get_by_text("Alice Able")).to_have_count(0)
    check(page)


def test_a_coordinator_publishes_a_quarter_and_anyone_reads_it(page: Page, app, people):
    """Issue 17: approve an action and its wording at 360 px, then read the public list
    signed out: only the approved wording, never the custody number (axe on each page)."""
    body = concern_body(people.suite, [people.alice, people.bob])
    assert api_for(app, people.alice).put(new_uuid(), body).status_code == 201
    browser_sign_in(page, people.coordinator.email, PASSWORD)
    page.goto("/actions/")
    page.get_by_role("link", name="Publish a quarter’s issues and police responses").click()
    page.get_by_label("Quarter").select_option("2019-20 Q1")
    page.get_by_role("button", name="Show the quarter").click()
    expect(page.locator(".app-action")).to_have_count(3)
    check(page)
    page.get_by_role("link", name=re.compile("Allegation about treatment")).click()
    check(page)
    page.get_by_label("Yes, list it").check()
    page.get_by_label("What was found, as worded below").check()
    page.get_by_label("What was found, as it will be published").fill("")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what was found as it should be published, or untick it"
    )
    expect(page.get_by_label("Yes, list it")).to_be_checked()
    check(page)
    page.get_by_label("What was found, as it will be published").fill(
        "A detainee said an officer pushed him"
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("is listed in")
    expect(page.locator(".govuk-tag--green")).to_have_count(1)

    end_session(page)
    page.goto("/published/")
    check(page)
    page.get_by_role("link", name="2019-20 Q1").click()
    table = page.get_by_role("table", name=re.compile("Northtown"))
    expect(table).to_contain_text("A detainee said an officer pushed him")
    expect(table).to_contain_text("No response yet")
    expect(page.get_by_text("NT/1234/19")).to_have_count(0)
    check(page)
