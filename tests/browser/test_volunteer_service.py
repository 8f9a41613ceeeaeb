"""Appraisals, probation and time given on a 360px phone: a volunteer records a meeting, the
coordinator confirms it, records an observed visit and ends probation."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import Page, expect

from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role, VolunteerStatus
from icv.visits.reports import receive_report
from tests.browser_fixtures import assert_accessible, browser_sign_in, end_session
from tests.conftest import PASSWORD
from tests.sync.factory import new_uuid, report_body

pytestmark = pytest.mark.browser


def _check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _fill_date(page: Page, group: str, day) -> None:
    dates = page.get_by_role("group", name=group)
    dates.get_by_label("Day").fill(str(day.day))
    dates.get_by_label("Month").fill(str(day.month))
    dates.get_by_label("Year").fill(str(day.year))


def test_time_is_confirmed_and_probation_ended_on_a_phone(
    page: Page, make_user, make_panel, make_suite
):
    panel = make_panel("Camden")
    suite = make_suite(panel)
    newcomer = make_user(Role.VOLUNTEER, panel=panel, name="Nia Newcomer",
                         status=VolunteerStatus.PROBATION)  # fmt: skip
    mentor = make_user(Role.VOLUNTEER, panel=panel, probation_completed_on=scheme_today())
    coordinator = make_user(Role.COORDINATOR, panels=[panel])
    for days_ago in (30, 20, 10):
        arrived = datetime.now(UTC).replace(microsecond=0) - timedelta(days=days_ago)
        times = {"arrived_at": arrived.isoformat(), "admitted_at": arrived.isoformat(),
                 "departed_at": (arrived + timedelta(hours=1)).isoformat()}  # fmt: skip
        body = report_body(suite, [newcomer, mentor], **times)
        assert receive_report(new_uuid(), body, newcomer).status == 201
    last_week = scheme_today() - timedelta(days=7)

    browser_sign_in(page, newcomer.email, PASSWORD)
    page.goto("/account/")
    expect(page.get_by_role("heading", name="Hours you gave")).to_be_visible()
    _check(page)
    page.get_by_role("button", name="Record time at a meeting or training").click()
    page.get_by_label("Panel meeting").check()
    _fill_date(page, "Date", last_week)
    page.get_by_label("Hours").fill("")
    page.get_by_label("Minutes").fill("")
    page.get_by_role("button", name="Record time").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the hours as a whole number, like 2"
    )
    _check(page)
    page.get_by_label("Hours").fill("2")
    page.get_by_label("Minutes").fill("0")
    page.get_by_role("button", name="Record time").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "It counts once your coordinator confirms it."
    )
    expect(page.get_by_role("region", name="Time you recorded")).to_contain_text(
        "Awaiting confirmation"
    )
    _check(page)
    end_session(page)

    browser_sign_in(page, coordinator.email, PASSWORD)
    page.get_by_role("link", name="1 time record from volunteers to confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Probation and time to confirm")
    _check(page)
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("confirmed")

    page.get_by_role("link", name="Nia Newcomer").click()
    _check(page)
    page.get_by_role("button", name="Record an observed visit or appraisal").click()
    page.get_by_label("Observed visit").check()
    _fill_date(page, "Date", last_week)
    page.get_by_label("Satisfactory", exact=True).check()
    page.get_by_label("Notes (optional)").fill("Calm and thorough")
    _check(page)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("region", name="Observed visits and appraisals")).to_contain_text(
        "Calm and thorough"
    )
    page.get_by_role("button", name="End probation").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Nia Newcomer's probation has ended."
    )
    _check(page)
    db.session.refresh(newcomer)
    assert newcomer.probation_completed_on == scheme_today()
