"""Signing in on a 360px phone screen in real Chromium, for each role."""

import pytest
from playwright.sync_api import Page, expect

from icv.models import Role
from tests.browser_fixtures import assert_accessible, browser_sign_in, open_menu
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

EXPECTED_NAVIGATION = {
    Role.VOLUNTEER: {"Home", "My details"},
    Role.COORDINATOR: {"Home", "Panels", "Suites", "Volunteers"},
    Role.ANALYST: {"Home"},
    Role.ADMIN: {"Home", "Panels", "Suites", "Volunteers", "Users"},
    Role.POLICE: {"Home", "Actions", "Visits"},
}
# What the police never reach: reports, figures and anything about volunteers.
NOT_FOR_POLICE = {"Reports", "Figures", "Volunteers", "Rota", "My visits", "Panels"}


@pytest.mark.parametrize("role", list(Role))
def test_each_role_signs_in_and_sees_its_navigation(
    page: Page, make_user, make_panel, role, caplog
):
    panel = make_panel()
    user = make_user(role, panel=panel)
    refused = []
    page.on("response", lambda r: refused.append(r.url) if r.status in (401, 403) else None)
    page.goto("/sign-in")
    assert_accessible(page)
    browser_sign_in(page, user.email, PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {user.name}")
    open_menu(page)
    links = page.locator(".govuk-service-navigation__list a.govuk-service-navigation__link")
    labels = {text.strip() for text in links.all_inner_texts()}
    assert EXPECTED_NAVIGATION[role] <= labels
    assert "Users" not in labels or role == Role.ADMIN
    assert not labels & NOT_FOR_POLICE or role != Role.POLICE
    assert_accessible(page)
    # Nothing is wider than the phone screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # Only a volunteer's phone keeps pages and reference data for offline use: nobody else's
    # page (or service worker) asks for what they may not have.
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_load_state("networkidle")
    assert refused == []
    served = [getattr(r, "fields", {}) for r in caplog.records if r.name == "icv.request"]
    assert [f["path"] for f in served if f.get("status") in (401, 403)] == []


def test_wrong_password_shows_error_summary_and_keeps_email(page: Page, make_user):
    user = make_user(Role.VOLUNTEER)
    browser_sign_in(page, user.email, "not the password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a correct email address and password")
    expect(page.get_by_label("Email address")).to_have_value(user.email)
    assert_accessible(page)


def test_welsh_sign_in_at_360px_from_the_language_switch(page: Page, make_user):
    """A volunteer switches to Cymraeg on the sign-in page, signs in in Welsh, and the app
    stays in Welsh (issue 19's first slice: the shared layout and this page)."""
    user = make_user(Role.VOLUNTEER)
    page.goto("/sign-in")
    page.get_by_role("link", name="Cymraeg").click()  # signed out, the switch is a link
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mewngofnodi")
    password = page.get_by_label("Cyfrinair", exact=True)
    page.get_by_role("button", name="Dangos y cyfrinair").click()  # GOV.UK's toggle, in Welsh
    expect(password).to_have_attribute("type", "text")
    expect(page.get_by_role("button", name="Cuddio'r cyfrinair")).to_be_visible()
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    page.get_by_label("Cyfeiriad e-bost").fill(user.email)
    password.fill(PASSWORD)
    page.get_by_role("button", name="Mewngofnodi").click()
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.locator("[data-govuk-service-navigation-init]").wait_for(state="attached")
    page.get_by_role("button", name="Dewislen").click()
    expect(page.get_by_role("link", name="Fy manylion")).to_be_visible()
    expect(page.get_by_role("button", name="Allgofnodi")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="English").click()  # signed in, a form the account keeps
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Cymraeg")).to_be_visible()
