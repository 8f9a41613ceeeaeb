"""An admin reads the audit trail and a subject-access page on a 360px screen (axe on each)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from icv.visits.reports import receive_report
from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD
from tests.sync.factory import new_uuid, report_body

pytestmark = pytest.mark.browser


def test_admin_filters_the_trail_and_opens_a_subject_access_page(page: Page, scene):
    receive_report(new_uuid(), report_body(scene.suite_a, [scene.ann, scene.bob]), scene.ann)
    browser_sign_in(page, scene.admin.email, PASSWORD)
    page.goto("/admin/audit/")
    expect(page.get_by_role("heading", name="Audit trail")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("What").select_option("created")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("status")).to_contain_text("1 entry")
    assert_accessible(page)

    page.locator("#starts_on").fill("31")
    page.locator("#starts_on-month").fill("2")
    page.locator("#starts_on-year").fill("2026")
    page.get_by_role("button", name="Filter").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("From must be a real date")
    expect(page.locator("#starts_on")).to_have_value("31")
    assert_accessible(page)

    page.goto(f"/manage/users/{scene.ann.id}/subject-access")
    expect(page.get_by_role("heading", name="Everything held about this person")).to_be_visible()
    assert_accessible(page)
