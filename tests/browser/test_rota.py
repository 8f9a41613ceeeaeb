"""The rota on a 360px phone: a coordinator makes and publishes a draft, a volunteer confirms."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from icv.extensions import db
from icv.models import Availability, Role, TimeBand
from tests.browser_fixtures import assert_accessible, browser_sign_in, open_menu
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

EVERY_SLOT = [(d, b) for d in range(7) for b in TimeBand]


def _no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


@pytest.fixture
def barnet(make_panel, make_suite, make_user):
    panel = make_panel("Barnet")
    make_suite(panel, name="Colindale")
    people = [
        make_user(
            Role.VOLUNTEER,
            panel=panel,
            name=f"Volunteer {n}",
            experienced=True,
            max_visits_per_month=4,
            availability=[Availability(weekday=d, band=b) for d, b in EVERY_SLOT],
        )
        for n in range(1, 7)
    ]
    coordinator = make_user(Role.COORDINATOR, panels=[panel], name="Cora Ordinator")
    db.session.commit()
    return panel, people, coordinator


def test_coordinator_makes_and_publishes_a_draft_then_a_volunteer_confirms(page: Page, barnet):
    panel, people, coordinator = barnet
    browser_sign_in(page, coordinator.email, PASSWORD)
    open_menu(page)
    page.get_by_role("link", name="Rota").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Rota")
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.get_by_label("Seed (optional)").fill("5")
    page.get_by_role("button", name="Make a draft rota").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Draft rota made for Barnet"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Barnet rota")
    expect(page.locator(".app-visit").first).to_contain_text("Colindale")
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.get_by_role("link", name="By suite").click()
    expect(page.get_by_role("heading", level=2, name="Colindale")).to_be_visible()
    assert_accessible(page)

    page.locator(".app-visit a").first.click()
    expect(page.get_by_role("heading", name="Swap a volunteer")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("link", name="Back to the rota").click()

    page.get_by_role("button", name="Publish rota").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Rota published")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Published")
    assert_accessible(page)

    visitor = next(p for p in people if p.name in page.locator(".app-visit").first.inner_text())
    page.context.clear_cookies()
    browser_sign_in(page, visitor.email, PASSWORD)
    open_menu(page)
    page.get_by_role("link", name="My visits").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My visits")
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Confirm Colindale visit").first.click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "you have confirmed your visit to Colindale"
    )
    expect(page.locator(".app-visit-card").first).to_contain_text("Confirmed")
    assert_accessible(page)
