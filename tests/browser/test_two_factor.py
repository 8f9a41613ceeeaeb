"""Two-factor sign-in on a 360px phone in real Chromium: set up, sign out, sign in with a code."""

import pyotp
import pytest
from playwright.sync_api import Page, expect

from icv.models import Role
from tests.browser_fixtures import assert_accessible, open_menu
from tests.conftest import PASSWORD, totp_code_for

pytestmark = pytest.mark.browser


def _password_step(page: Page, email: str) -> None:
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_an_admin_sets_up_two_factor_then_signs_in_with_a_code(page: Page, make_user):
    admin = make_user(Role.ADMIN, totp_secret=None, totp_enabled_at=None)
    _password_step(page, admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    assert_accessible(page)
    key = page.locator("#setup-key").inner_text().replace(" ", "")
    assert len(key) == 32

    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not correct")
    assert_accessible(page)

    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(key).now())
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Save your recovery codes")
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.get_by_role("link", name="I have saved my recovery codes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {admin.name}")

    open_menu(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out.")).to_be_visible()
    _password_step(page, admin.email)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Enter the code from your authenticator app"
    )
    assert_accessible(page)
    page.get_by_label("Code", exact=True).fill(totp_code_for(admin.email))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, {admin.name}")
    assert_accessible(page)


def test_a_volunteer_resets_a_forgotten_password_on_a_phone(page: Page, make_user, app_ctx):
    from icv.auth.reset import reset_token

    volunteer = make_user(Role.VOLUNTEER)
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password")
    assert_accessible(page)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your email address")
    assert_accessible(page)
    page.get_by_label("Email address").fill(volunteer.email)
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)

    page.goto(f"/reset-password/{reset_token(volunteer)}")  # the link from the email
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    assert_accessible(page)
    page.get_by_label("New password", exact=True).fill("a-fresh-new-password")
    page.get_by_label("Confirm new password").fill("a-fresh-new-password")
    page.get_by_role("button", name="Change password").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sign in with your new")
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
