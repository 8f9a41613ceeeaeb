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
