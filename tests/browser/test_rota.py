"""The rota on a 360px phone: a coordinator makes and publishes a draft, a volunteer confirms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from icv.dates import date_range
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


def _fill_date(page: Page, name: str, day) -> None:
    page.locator(f"#{name}").fill(str(day.day) if day else "")
    page.locator(f"#{name}-month").fill(str(day.month) if day else "")
    page.locator(f"#{name}-year").fill(str(day.year) if day else "")


def test_coordinator_opens_a_contingency_suite_and_the_draft_visits_it_only_then(
    page: Page, barnet, make_suite
):
    from datetime import date, timedelta

    panel, _, coordinator = barnet
    make_suite(panel, name="Uxbridge", status="contingency")
    starts_on = date.today() + timedelta(days=14 - date.today().weekday())  # a Monday
    opens, closes = starts_on + timedelta(days=7), starts_on + timedelta(days=20)
    browser_sign_in(page, coordinator.email, PASSWORD)
    open_menu(page)
    page.get_by_role("link", name="Suites", exact=True).click()
    page.get_by_role("link", name="Uxbridge (change)").click()
    expect(page.get_by_role("heading", name="Open periods")).to_be_visible()
    expect(page.get_by_text("No open periods: the rota plans no visits")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)

    page.get_by_role("button", name="Add an open period").click()
    _fill_date(page, "opens_on", opens)
    _fill_date(page, "closes_on", opens - timedelta(days=3))
    page.get_by_label("Note (optional)").fill("Cover for Colindale")
    page.get_by_role("button", name="Save open period").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The closing date must be on or after the opening date"
    )
    expect(page.get_by_label("Note (optional)")).to_have_value("Cover for Colindale")
    assert_accessible(page)
    _no_sideways_scroll(page)
    _fill_date(page, "closes_on", closes)
    page.get_by_role("button", name="Save open period").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Open period added."
    )
    expect(page.locator("#open-periods ~ ul")).to_contain_text(
        f"{date_range(opens, closes)} (Cover for Colindale)"
    )
    assert_accessible(page)
    _no_sideways_scroll(page)

    open_menu(page)
    page.get_by_role("link", name="Rota").click()
    _fill_date(page, "starts_on", starts_on)
    _fill_date(page, "ends_on", starts_on + timedelta(days=27))
    page.get_by_role("button", name="Make a draft rota").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("6 visits")
    uxbridge = page.locator(".app-visit", has_text="Uxbridge")  # by week: two open weeks
    expect(uxbridge).to_have_count(2)
    expect(uxbridge.first).to_contain_text(re.compile(rf"\b{opens.day} (to|{opens:%B})"))
    page.get_by_text("Notes (").click()
    expect(page.get_by_text("Uxbridge (contingency) is open in 2 of the 4 weeks")).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
