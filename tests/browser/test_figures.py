"""An analyst reads 2019/20 on a 360px phone: table, charts, a quarter, print, download."""

import re

import pytest
from playwright.sync_api import Page, expect

from icv.demo import seed_demo
from icv.models import Role
from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def test_analyst_reads_the_years_figures_on_a_phone(page: Page, app_ctx, make_user):
    seed_demo("demo-password-1")
    analyst = make_user(Role.ANALYST)
    browser_sign_in(page, analyst.email, PASSWORD)
    page.goto("/figures/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for 2019-20")
    headline = page.locator(".app-figures-headline")
    expect(headline).to_contain_text("990 of 994, 99.6%")
    expect(headline).to_contain_text("10,264")
    expect(headline).to_contain_text("4,661 (45.4%)")
    chart = page.get_by_role("img", name=re.compile("People in custody by outcome"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Visits by day of week"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Visits by day of week"))).to_be_visible()
    _check(page)

    page.get_by_label("Quarter 4: January to March").check()
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for 2019-20 Q4")
    expect(page.get_by_role("heading", name="By month")).to_be_visible()
    expect(page.get_by_label("Quarter 4: January to March")).to_be_checked()
    _check(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="All tables (Excel, XLSX)").click()
    assert download.value.suggested_filename == "icv-figures-2019-20-Q4-all.xlsx"

    page.emulate_media(media="print")
    expect(page.locator(".app-figures-picker")).to_be_hidden()
    expect(page.locator(".app-figures-downloads")).to_be_hidden()
    expect(page.locator(".app-figures-headline")).to_be_visible()
