"""Correcting a sent report on a 360px phone: the page, an error, adding a person, the history
(axe on every page)."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest
from playwright.sync_api import Page, expect

from icv.models import Role
from icv.visits.reports import receive_report
from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD
from tests.sync.factory import new_uuid, report_body

pytestmark = pytest.mark.browser


@pytest.fixture
def sent(make_panel, make_suite, make_user):
    north = make_panel("North")
    suite = make_suite(north, name="Northtown")
    alice = make_user(Role.VOLUNTEER, panel=north, name="Alice Able")
    bob = make_user(Role.VOLUNTEER, panel=north, name="Bob Baker")
    uuid = new_uuid()
    assert receive_report(uuid, report_body(suite, [alice, bob]), alice).status == 201
    return SimpleNamespace(uuid=uuid, bob=bob)


def check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_a_visitor_corrects_a_sent_report_and_sees_what_changed(page: Page, sent):
    browser_sign_in(page, sent.bob.email, PASSWORD)
    page.goto(f"/visits/{sent.uuid}")
    check(page)
    page.get_by_role("button", name="Correct this report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Correct the report of the visit to Northtown"
    )
    expect(page.get_by_text("does not work offline")).to_be_visible()
    expect(page.get_by_label("Time you left")).to_have_value("22:05")
    check(page)

    # No reason and one person too many: both said, in the summary and at the field.
    page.get_by_label("Number of people in custody when you arrived").fill("4")
    page.get_by_role("button", name="Save correction").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Say why you are changing the report")
    expect(summary).to_contain_text("4 in custody but 3 rows")
    expect(page.locator("#f-reason-error")).to_contain_text("Say why you are changing the report")
    expect(page.get_by_label("Number of people in custody when you arrived")).to_have_value("4")
    check(page)

    # Add the missing person, then save with a reason.
    page.get_by_label("Why are you correcting the report?").fill("We missed a person in cell 9")
    page.get_by_label("Number of people to add").fill("1")
    page.get_by_role("button", name="Add rows").click()
    expect(page.get_by_role("heading", name="Person 4")).to_be_visible()
    expect(page.get_by_label("Why are you correcting the report?")).to_have_value(
        "We missed a person in cell 9"
    )
    person_4 = page.locator(".app-person").nth(3)
    person_4.get_by_label("Declined a visit").check()
    page.get_by_label("Time you left").fill("22:35")
    check(page)
    page.get_by_role("button", name="Save correction").click()

    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "Your correction has been saved"
    )
    history = page.locator("table", has_text="Was")
    expect(history).to_contain_text("Time left")
    expect(history).to_contain_text(re.compile(r"22:05\s*1 June 2019 at 22:35"))
    expect(history).to_contain_text("Person 4")
    expect(page.get_by_text("Reason: We missed a person in cell 9")).to_be_visible()
    check(page)


def test_format_2_answers_on_the_report_and_correction_pages_fit_a_phone(
    page: Page, make_panel, make_suite, make_user
):
    north = make_panel("North")
    alice = make_user(Role.VOLUNTEER, panel=north, name="Alice Able")
    bob = make_user(Role.VOLUNTEER, panel=north, name="Bob Baker")
    body = report_body(make_suite(north, name="Northtown"), [alice, bob], format_version=2)
    body["detainees"][0] |= {"sex": "male", "age_band": "16_17", "safety_clothing": True,
                             "safety_clothing_note": "Risk at booking in"}  # fmt: skip
    uuid = new_uuid()
    assert receive_report(uuid, body, alice).status == 201
    browser_sign_in(page, bob.email, PASSWORD)
    page.goto(f"/visits/{uuid}")
    expect(page.get_by_text("Risk at booking in")).to_be_visible()
    check(page)

    page.get_by_role("button", name="Correct this report").click()
    person_1 = page.locator(".app-person").nth(0)
    expect(
        person_1.get_by_role("group", name="Sex").get_by_label("Male", exact=True)
    ).to_be_checked()
    person_1.get_by_role("group", name="Strip-searched", exact=True).get_by_label(
        "Yes", exact=True
    ).check()
    page.get_by_label("Why are you correcting the report?").fill("He was strip-searched")
    page.get_by_role("button", name="Save correction").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Describe person 1's strip search in a few words"
    )
    check(page)  # the person's answers open, with the error at the note
    person_1 = page.locator(".app-person").nth(0)
    person_1.get_by_label("Note about: strip-searched").fill("Authorised by an inspector")
    page.get_by_role("button", name="Save correction").click()
    history = page.locator("table", has_text="Was")
    expect(history).to_contain_text("Person 1: strip-searched")
    check(page)
