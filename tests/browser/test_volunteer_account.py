"""A volunteer keeps their own details and availability up to date on a 360px phone."""

import pytest
from playwright.sync_api import Page, expect

from icv.extensions import db
from icv.models import Role
from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_volunteer_edits_details_and_availability(page: Page, make_user, make_panel):
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel("Camden"), name="Ben Okafor")
    browser_sign_in(page, volunteer.email, PASSWORD)
    page.get_by_role("link", name="Your contact details and availability").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    _check(page)

    page.get_by_label("Full name").fill("")
    page.get_by_label("Phone number").fill("07700 900999")
    page.get_by_role("button", name="Save your details").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your full name")
    expect(page.get_by_label("Phone number")).to_have_value("07700 900999")
    _check(page)
    page.get_by_label("Full name").fill("Ben Okafor-Smith")
    page.get_by_role("button", name="Save your details").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your details were saved."
    )

    page.get_by_role("link", name="Change your availability and dates away").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your availability")
    _check(page)
    page.get_by_label("Wednesday afternoon").check()
    page.get_by_label("Friday night").check()
    page.get_by_role("button", name="Save availability").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Availability saved."
    )

    page.get_by_role("button", name="Add dates away").click()
    start = page.get_by_role("group", name="Start date")
    start.get_by_label("Day").fill("10")
    start.get_by_label("Month").fill("9")
    start.get_by_label("Year").fill("2030")
    end = page.get_by_role("group", name="End date")
    end.get_by_label("Day").fill("1")
    end.get_by_label("Month").fill("9")
    end.get_by_label("Year").fill("2030")
    page.get_by_role("button", name="Add dates away").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "End date must be the same as or after the start date"
    )
    _check(page)
    page.get_by_role("group", name="End date").get_by_label("Day").fill("12")
    page.get_by_role("button", name="Add dates away").click()
    expect(page.locator(".app-absences")).to_contain_text("10 to 12 September 2030")
    _check(page)
    page.get_by_role("button", name="Remove").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Dates away removed."
    )

    db.session.refresh(volunteer)
    assert volunteer.name == "Ben Okafor-Smith" and volunteer.phone == "07700 900999"
    assert {(s.weekday, s.band) for s in volunteer.availability} == {
        (0, "evening"),
        (2, "afternoon"),
        (4, "night"),
    }
    assert volunteer.absences == []
