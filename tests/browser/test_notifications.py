"""A volunteer reads and clears their in-app notifications on a 360px phone (no SMTP set up)."""

import re

import pytest
from playwright.sync_api import Page, expect

from icv.extensions import db
from icv.mail import send_email
from icv.models import Role
from tests.browser_fixtures import assert_accessible, browser_sign_in, open_menu
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LONG_LINK = "https://icv.example.org/rota/mine?" + "x" * 120  # must wrap, not widen the page


def _check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_volunteer_reads_and_marks_notifications_on_a_phone(page: Page, make_user, make_panel):
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel("Camden"), name="Ben Okafor")
    send_email(volunteer.email, "Your custody visits", f"Hello Ben,\n\nSee them at {LONG_LINK}")
    send_email(volunteer.email, "Custody visit reminder", "Your window starts today.")
    db.session.commit()

    browser_sign_in(page, volunteer.email, PASSWORD)
    open_menu(page)
    page.get_by_role("link", name="Notifications (2)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator("#unread-count")).to_have_text("You have 2 unread notifications.")
    _check(page)

    page.get_by_role("button", name=re.compile(r"Mark as read\W+Your custody visits")).click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Marked “Your custody visits” as read"
    )
    expect(page.locator("#unread-count")).to_have_text("You have 1 unread notification.")
    _check(page)

    page.get_by_role("button", name="Mark all as read").click()
    expect(page.locator("#unread-count")).to_have_text("You have read all your notifications.")
    expect(page.get_by_role("button", name="Mark as read")).to_have_count(0)
    _check(page)
