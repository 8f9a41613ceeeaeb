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
# Where each line of an element's text starts, found from the rendered characters' positions.
LINE_STARTS = """element => {
  const text = element.textContent, range = document.createRange(), starts = [];
  let node, walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT), offset = 0, top;
  while ((node = walker.nextNode())) {
    for (let i = 0; i < node.length; i++) {
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect && top !== undefined && rect.top > top + 1) starts.push(offset + i);
      if (rect) top = rect.top;
    }
    offset += node.length;
  }
  return starts;
}"""


def _check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_volunteer_reads_and_marks_notifications_on_a_phone(page: Page, make_user, make_panel,
                                                            live_server):  # fmt: skip
    volunteer = make_user(Role.VOLUNTEER, panel=make_panel("Camden"), name="Ben Okafor")
    own_link = f"{live_server}/rota/mine?visit-window=next-week&answer=yes#your-visits"
    send_email(volunteer.email, "Your custody visits", f"Hello Ben,\n\nSee them at {LONG_LINK}")
    send_email(volunteer.email, "Custody visit reminder", f"Answer for your visits at {own_link}")
    db.session.commit()

    browser_sign_in(page, volunteer.email, PASSWORD)
    open_menu(page)
    page.get_by_role("link", name="Notifications (2)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.locator("#unread-count")).to_have_text("You have 2 unread notifications.")
    expect(
        page.get_by_text(re.compile(r"^Received \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d$"))
    ).to_have_count(2)
    link = page.get_by_role("link", name=own_link)
    starts = link.evaluate(LINE_STARTS)
    assert starts, "the link is long enough to wrap at 360px"
    assert all(own_link[start - 1] in "/?&=#.-" for start in starts), (own_link, starts)
    _check(page)
    link.click()  # tappable: it opens the page it names
    expect(page.get_by_role("heading", level=1)).to_have_text("My visits")
    page.go_back()

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
