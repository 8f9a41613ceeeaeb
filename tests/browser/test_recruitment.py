"""Someone applies on a 360px phone without signing in, then their panel's coordinator moves
them on: every page passes axe and fits the screen."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from icv.extensions import db
from icv.models import Role
from icv.recruitment.models import Application, DiversityAnswers
from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_an_applicant_applies_on_a_phone_and_the_coordinator_shortlists_them(
    page: Page, make_panel, make_user
):
    camden = make_panel("Camden")
    make_panel("Westminster")
    coordinator = make_user(Role.COORDINATOR, panels=[camden])

    page.goto("/apply")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Apply to be an independent custody visitor"
    )
    expect(page.get_by_role("heading", name="The role")).to_be_visible()
    _check(page)
    page.get_by_label("Full name").fill("Priya Shah")
    page.get_by_label("Email address").fill("priya.example.org")
    page.get_by_label("Where would you like to visit?").select_option(label="Camden")
    page.get_by_label("Yes, I meet all of these").check()
    page.get_by_role("button", name="Send application").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter an email address in the correct format")
    expect(summary).to_contain_text("Tell us why you want to be a custody visitor")
    expect(page.get_by_label("Full name")).to_have_value("Priya Shah")
    expect(page.get_by_label("Yes, I meet all of these")).to_be_checked()
    _check(page)

    page.get_by_label("Email address").fill("priya@example.org")
    page.get_by_label("Why do you want to be a custody visitor?").fill(
        "I want to make sure people in custody are treated fairly."
    )
    page.get_by_role("button", name="Send application").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring (optional)")
    _check(page)
    page.get_by_role("group", name="What is your age?").get_by_label("25 to 34").check()
    page.get_by_role("button", name="Send these answers").click()
    expect(page.locator(".govuk-panel")).to_contain_text("Application sent")
    _check(page)
    [application] = db.session.scalars(sa.select(Application)).all()
    assert application.panel_id == camden.id
    assert db.session.scalar(sa.select(DiversityAnswers.age_band)) == "25_34"

    browser_sign_in(page, coordinator.email, PASSWORD)
    page.goto("/recruitment/")
    _check(page)
    page.get_by_role("link", name="Camden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Camden")
    _check(page)
    page.get_by_role("link", name="Priya Shah").click()
    _check(page)
    page.get_by_role("button", name="Move to shortlisted").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Priya Shah: shortlisted."
    )
    page.get_by_role("link", name="Back to Camden").click()
    page.get_by_role("link", name="Back to recruitment").click()
    page.get_by_role("link", name="Equality monitoring").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Equality monitoring")
    _check(page)
