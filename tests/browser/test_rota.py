"""The rota on a 360px phone: a coordinator makes and publishes a draft, a volunteer confirms."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from icv.dates import date_range
from icv.extensions import db
from icv.models import Availability, Role, TimeBand
from tests.browser_fixtures import assert_accessible, browser_sign_in, end_session, open_menu
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

    page.get_by_role("button", name="Publish rota").click()  # a link to a page that says what
    expect(page.get_by_role("heading", level=1)).to_have_text("Publish the Barnet rota?")
    expect(page.get_by_text(re.compile(r"These \d volunteers are emailed"))).to_be_visible()
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Publish rota").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Rota published")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Published")
    assert_accessible(page)
    visitor = next(p for p in people if p.name in page.locator(".app-visit").first.inner_text())

    # The same dates again: a warning first; then the second draft is deleted after a warning.
    page.get_by_role("link", name="All rotas").click()
    page.get_by_role("button", name="Make a draft rota").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Barnet already has a published rota for these dates"
    )
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Make the draft anyway").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("Draft rota made")
    page.get_by_role("button", name="Delete draft").click()
    expect(page.get_by_text("Nobody is emailed: volunteers never see a draft.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Delete draft").click()
    banner = page.locator(".govuk-notification-banner--success")
    expect(banner).to_contain_text("Draft rota deleted")
    expect(page.locator(".app-rota-list li")).to_have_count(1)

    end_session(page)
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


def test_coordinator_sets_a_rule_aside_then_marks_a_visit_missed_and_puts_it_back(
    page: Page, barnet
):
    from datetime import date, timedelta

    from icv.rota import planning
    from icv.rota.models import RotaStatus

    panel, people, coordinator = barnet
    start = date.today() + timedelta(days=7 - date.today().weekday())
    rota = planning.generate_draft(panel, start, start + timedelta(days=13), seed=3)
    rota.status = RotaStatus.PUBLISHED
    upcoming, ended = rota.visits
    ended.window_starts_on, ended.window_ends_on = start - timedelta(days=14), start - timedelta(8)
    capped = next(p for p in people if p not in upcoming.visitors)
    capped.max_visits_per_month = 0
    db.session.commit()
    browser_sign_in(page, coordinator.email, PASSWORD)

    page.goto(f"/rota/visits/{upcoming.id}")
    expect(page.get_by_text("Mark as missed")).to_have_count(0)  # the window is still to come
    page.get_by_label("Put on instead").select_option(label=capped.name)
    page.get_by_role("button", name="Swap").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"{capped.name} has no visits left"
    )
    reason = page.get_by_label("Why put them on anyway?")
    assert_accessible(page)
    _no_sideways_scroll(page)
    reason.fill("Agreed with the volunteer: one extra this month")
    page.get_by_role("button", name="Swap").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"{capped.name} now visits instead of"
    )
    expect(page.get_by_text("Agreed with the volunteer: one extra this month")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/rota/visits/{ended.id}")
    page.get_by_role("button", name="Mark as missed").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mark this visit as missed?")
    assert_accessible(page)
    _no_sideways_scroll(page)
    page.get_by_role("button", name="Yes, mark as missed").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("marked as missed")
    page.get_by_role("button", name="Put the visit back").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why this visit was not missed"
    )
    assert_accessible(page)
    page.get_by_label("Why was this visit not missed?").fill("They went; the report is on paper")
    page.get_by_role("button", name="Put the visit back").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("put back")
    expect(page.get_by_text("They went; the report is on paper")).to_be_visible()
    expect(page.locator("h1 + p .govuk-tag").first).to_have_text("Scheduled")
    assert_accessible(page)
