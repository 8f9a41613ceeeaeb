"""Managing the scheme on a 360px phone screen: suites, volunteers and their availability."""

import pytest
from playwright.sync_api import Page, expect

from icv.extensions import db
from icv.models import Role
from tests.admin.smtp import inbox  # noqa: F401  (fixture, used through request)
from tests.browser_fixtures import assert_accessible, browser_sign_in, end_session
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _fits_the_phone(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _check(page: Page) -> None:
    assert_accessible(page)
    _fits_the_phone(page)


def test_admin_adds_then_changes_a_suite(page: Page, make_user, make_panel):
    make_panel("Barnet")
    admin = make_user(Role.ADMIN)
    browser_sign_in(page, admin.email, PASSWORD)
    page.goto("/manage/suites")
    _check(page)
    page.get_by_role("button", name="Add a suite").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a custody suite")
    _check(page)

    page.get_by_label("Suite name").fill("Colindale")
    page.get_by_label("Address").fill("Grahame Park Way, London NW9")
    page.get_by_label("Panel").select_option(label="Barnet")
    page.get_by_label("Number of cells").fill("lots")
    page.get_by_label("Target visits per week").fill("20")
    page.get_by_role("button", name="Save suite").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the number of cells, like 12")
    expect(summary).to_contain_text("Target visits per week must be between 0 and 14")
    expect(page.locator("#cells-error")).to_contain_text("Enter the number of cells, like 12")
    expect(page.get_by_label("Suite name")).to_have_value("Colindale")
    expect(page.get_by_label("Number of cells")).to_have_value("lots")
    expect(page).to_have_title("Error: Add a custody suite – Custody visiting")
    _check(page)
    summary.get_by_role("link", name="Enter the number of cells, like 12").click()
    expect(page.get_by_label("Number of cells")).to_be_focused()

    page.get_by_label("Number of cells").fill("24")
    page.get_by_label("Target visits per week").fill("1")
    page.get_by_role("button", name="Save suite").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Suite Colindale added."
    )
    _check(page)

    page.get_by_role("link", name="Colindale").click()
    expect(page.get_by_label("Number of cells")).to_have_value("24")
    _check(page)
    page.get_by_label("Contingency (opened only when needed)").check()
    page.get_by_label("Number of cells").fill("18")
    page.get_by_role("button", name="Save suite").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Suite Colindale saved."
    )
    row = page.get_by_role("row", name="Colindale")
    expect(row).to_contain_text("Contingency")
    expect(row).to_contain_text("18")


def test_coordinator_changes_a_volunteer_and_their_availability(page: Page, make_user, make_panel):
    panel = make_panel("Brent")
    volunteer = make_user(Role.VOLUNTEER, panel=panel, name="Asha Patel")
    coordinator = make_user(Role.COORDINATOR, panels=[panel])
    browser_sign_in(page, coordinator.email, PASSWORD)
    page.goto("/manage/volunteers")
    _check(page)
    page.get_by_role("link", name="Asha Patel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Asha Patel")
    _check(page)

    vetting = page.get_by_role("group", name="Vetting expiry")
    vetting.get_by_label("Day").fill("31")
    vetting.get_by_label("Month").fill("2")
    vetting.get_by_label("Year").fill("2027")
    page.get_by_label("Phone number").fill("07700 900123")
    page.get_by_role("button", name="Save volunteer").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Vetting expiry must be a real date"
    )
    expect(page.locator("#vetting_expires_on-date-error")).to_contain_text(
        "Vetting expiry must be a real date"
    )
    expect(page.get_by_label("Phone number")).to_have_value("07700 900123")
    _check(page)

    page.get_by_role("group", name="Vetting expiry").get_by_label("Day").fill("28")
    page.get_by_role("button", name="Save volunteer").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Asha Patel's details were saved."
    )
    _check(page)

    page.get_by_role("link", name="Asha Patel").click()
    page.get_by_role("link", name="Change availability and dates away").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Availability")
    _check(page)
    expect(page.get_by_label("Monday evening")).to_be_checked()
    page.get_by_label("Monday evening").uncheck()
    page.get_by_label("Saturday night").check()
    page.get_by_label("Sunday morning").check()
    page.get_by_role("button", name="Save availability").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Availability saved."
    )
    expect(page.get_by_label("Saturday night")).to_be_checked()
    expect(page.get_by_label("Monday evening")).not_to_be_checked()

    page.get_by_role("button", name="Add dates away").click()
    _check(page)
    for legend, (day, month, year) in {
        "Start date": ("1", "8", "2030"),
        "End date": ("14", "8", "2030"),
    }.items():
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_label("Note (optional)").fill("Holiday")
    page.get_by_role("button", name="Add dates away").click()
    expect(page.locator(".app-absences")).to_contain_text("1 to 14 August 2030")
    _check(page)

    db.session.refresh(volunteer)
    assert volunteer.vetting_expires_on.isoformat() == "2027-02-28"
    assert {(s.weekday, s.band) for s in volunteer.availability} == {(5, "night"), (6, "morning")}


def test_coordinator_records_training_that_the_volunteer_then_sees(
    page: Page, make_user, make_panel
):
    panel = make_panel("Westminster")
    volunteer = make_user(Role.VOLUNTEER, panel=panel, name="Tara Trained")
    coordinator = make_user(Role.COORDINATOR, panels=[panel])
    browser_sign_in(page, coordinator.email, PASSWORD)
    page.goto(f"/manage/volunteers/{volunteer.id}")
    page.get_by_role("link", name="Training records").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training records")
    _check(page)
    page.get_by_role("button", name="Add a training record").click()
    page.get_by_label("TACT").check()
    completed = page.get_by_role("group", name="Date completed")
    for label, value in (("Day", "6"), ("Month", "1"), ("Year", "2025")):
        completed.get_by_label(label).fill(value)
    expiry = page.get_by_role("group", name="Expiry date (optional)")
    for label, value in (("Day", "6"), ("Month", "1"), ("Year", "2024")):
        expiry.get_by_label(label).fill(value)
    page.get_by_role("button", name="Save training record").click()
    message = "The expiry date must be after the date it was completed"
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.get_by_label("TACT")).to_be_checked()
    _check(page)
    page.get_by_role("group", name="Expiry date (optional)").get_by_label("Year").fill("2028")
    page.get_by_role("button", name="Save training record").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Training record added."
    )
    expect(page.get_by_role("row", name="TACT")).to_contain_text("6 January 2028")
    _check(page)

    page.context.clear_cookies()
    browser_sign_in(page, volunteer.email, PASSWORD)
    page.goto("/account/")
    expect(page.get_by_role("row", name="TACT")).to_contain_text("6 January 2025")
    _check(page)


def test_admin_invites_a_volunteer_who_sets_their_password_from_the_link(
    page: Page, make_user, make_panel, request
):
    mail = request.getfixturevalue("inbox")  # a local SMTP server (tests/admin/smtp.py)
    make_panel("Barnet")
    make_panel("Brent")
    admin = make_user(Role.ADMIN)
    browser_sign_in(page, admin.email, PASSWORD)
    page.goto("/manage/users")
    _check(page)
    page.get_by_role("button", name="Add a user").click()
    _check(page)
    page.get_by_label("Volunteer (custody visitor)").check()
    page.get_by_role("button", name="Add user").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter the user's full name")
    expect(summary).to_contain_text("Select the volunteer's panel")
    expect(summary).to_contain_text("Select how they will get their password")
    expect(page.get_by_label("Volunteer (custody visitor)")).to_be_checked()
    _check(page)

    page.get_by_label("Full name").fill("Vera Visitor")
    page.get_by_label("Email address").fill("vera@example.org")
    page.get_by_label("Volunteer's panel").select_option(label="Brent")
    page.get_by_label("Email them an invitation to choose a password").check()
    page.get_by_role("button", name="Add user").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "An invitation was emailed to vera@example.org"
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Vera Visitor")
    _check(page)

    end_session(page)  # signed out: the newcomer opens the link on their phone
    link = mail.last_link("vera@example.org")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose your password")
    _check(page)
    page.get_by_label("New password", exact=True).fill("vera-chooses-this")
    page.get_by_label("Confirm new password").fill("vera-chooses-this")
    page.get_by_role("button", name="Set password and sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Vera Visitor")
    expect(page.get_by_text("Panel: Brent")).to_be_visible()
    _check(page)

    end_session(page)
    page.goto(link)
    expect(page.locator("#link-problem")).to_contain_text("This link has already been used")
    _check(page)


def test_other_management_pages_are_accessible_on_a_phone(
    page: Page, make_user, make_panel, make_suite
):
    from icv.auth.accounts import issue_token

    panel = make_panel("Camden")
    make_suite(panel, name="Holborn")
    volunteer = make_user(Role.VOLUNTEER, panel=panel, name="Val Unteer")
    issue_token(volunteer, "Val's phone")
    admin = make_user(Role.ADMIN)
    browser_sign_in(page, admin.email, PASSWORD)
    for url in (
        "/manage/panels",
        "/manage/panels/new",
        f"/manage/panels/{panel.id}",
        "/manage/volunteers/new",
        f"/manage/users/{volunteer.id}",
    ):
        page.goto(url)
        _check(page)
    page.goto("/manage/panels/new")
    page.get_by_role("button", name="Save panel").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the panel name")
    _check(page)
    page.goto(f"/manage/users/{volunteer.id}")
    page.get_by_role("button", name="Revoke").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("was revoked")
    page.get_by_role("button", name="Deactivate Val Unteer").click()
    expect(page.get_by_role("button", name="Reactivate Val Unteer")).to_be_visible()
    _check(page)
