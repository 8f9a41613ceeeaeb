"""TACT visits on a 360px phone (issue 16): the coordinator downloads a report's Reviewer's
copy and records it as sent (axe on every page)."""

from __future__ import annotations

import io

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from icv.dates import scheme_today
from icv.models import Role
from icv.visits.reports import receive_report
from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD
from tests.sync.factory import TACT_CUSTODY_NUMBER, new_uuid, tact_report_body, tact_trained

pytestmark = pytest.mark.browser


def check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_a_coordinator_downloads_the_reviewers_copy_and_records_it_as_sent(
    page: Page, make_panel, make_suite, make_user
):
    panel = make_panel("Westminster")
    suite = make_suite(panel, name="Charing Cross")
    suite.tact_designated = True
    coordinator = make_user(Role.COORDINATOR, panels=[panel], name="Cora Ordinate")
    pair = tact_trained(*(make_user(Role.VOLUNTEER, panel=panel) for _ in range(2)))
    uuid = new_uuid()
    assert receive_report(uuid, tact_report_body(suite, pair), pair[0]).status == 201

    browser_sign_in(page, coordinator.email, PASSWORD)
    page.goto(f"/visits/{uuid}")
    section = page.locator("#reviewer-copy + p")
    expect(section).to_contain_text("held under the Terrorism Act")
    expect(page.get_by_text("Not sent yet")).to_be_visible()
    check(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the Reviewer's copy (PDF)").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    words = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    reference = words.split("Reference ")[1].split()[0]  # like TACT-2026-0001
    assert download.value.suggested_filename == f"{reference}.pdf"
    assert TACT_CUSTODY_NUMBER in words

    page.get_by_role("button", name="Record as sent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record the copy as sent")
    check(page)
    page.get_by_role("button", name="Record as sent").click()  # nothing chosen
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select how you sent the copy: email, post or secure portal")
    expect(summary).to_contain_text("Enter the date you sent it")
    check(page)
    today = scheme_today()
    page.get_by_label("Secure portal").check()
    page.get_by_label("Day").fill(str(today.day))
    page.get_by_label("Month").fill(str(today.month))
    page.get_by_label("Year").fill(str(today.year))
    page.get_by_role("button", name="Record as sent").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text("recorded as sent")
    expect(page.get_by_text("Sent by secure portal on")).to_contain_text(
        "(recorded by Cora Ordinate)"
    )
    check(page)
