"""An analyst reads 2019/20 on a 360px phone: table, charts, a quarter, print, download."""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from icv.dates import financial_year_of, scheme_date
from icv.demo import seed_demo
from icv.extensions import db
from icv.figures.periods import financial_year
from icv.models import Role
from icv.visits.models import VisitReport
from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def _check(page: Page) -> None:
    assert_accessible(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 360, page.url


def _lines(locator) -> int:
    """How many lines the element's text takes on screen."""
    return locator.evaluate(
        """element => { const range = document.createRange(); range.selectNodeContents(element);
        return new Set([...range.getClientRects()].map(r => Math.round(r.bottom))).size; }"""
    )


def _wide_tables_show_there_is_more(page: Page) -> None:
    """A table wider than the phone scrolls sideways in a focusable region with a shadow and
    a hint; its caption stays in view, and no quarter breaks after its hyphen."""
    region = page.get_by_role("region", name="Figures by custody suite")
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")
    region.focus()
    expect(region).to_be_focused()
    assert "gradient" in region.evaluate("e => getComputedStyle(e).backgroundImage")
    caption = region.locator("caption")
    expect(caption.get_by_text("Scroll sideways to see every column")).to_be_visible()
    region.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    box = caption.locator(".app-table-caption").bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    quarters = page.get_by_role("table", name=re.compile("people in custody by quarter"))
    for quarter in ("2019-20 Q1", "2019-20 Q4"):
        assert _lines(quarters.get_by_role("rowheader", name=quarter)) == 1
    for label in page.locator("caption .app-nowrap").all():
        assert _lines(label) == 1, label.text_content()
    headline = page.get_by_role("region", name="Headline figures")
    expect(headline.get_by_text("Scroll sideways to see every column")).to_be_hidden()


def test_analyst_reads_the_years_figures_on_a_phone(page: Page, app_ctx, make_user):
    seed_demo("demo-password-1")
    analyst = make_user(Role.ANALYST)
    browser_sign_in(page, analyst.email, PASSWORD)
    page.goto("/figures/")  # opens on the latest year with figures: the demo's recent visits
    latest = db.session.scalar(sa.select(sa.func.max(VisitReport.arrived_at)))
    latest_year = financial_year(financial_year_of(scheme_date(latest))).label
    assert latest_year != "2019-20"
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Figures for {latest_year}")
    page.goto("/figures/?year=2019")
    expect(page.get_by_role("heading", level=1)).to_have_text("Figures for 2019-20")
    headline = page.locator(".app-figures-headline")
    expect(headline).to_contain_text("990 of 994, 99.6%")
    expect(headline).to_contain_text("10,264")
    expect(headline).to_contain_text("4,661 (45.4%)")
    chart = page.get_by_role("img", name=re.compile("People in custody by outcome"))
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("Visits by day of week"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Visits by day of week"))).to_be_visible()
    by_sex = page.get_by_role("table", name=re.compile("People in custody by sex"))
    expect(
        by_sex.get_by_role("row", name=re.compile("^Male"))
    ).to_be_visible()  # the demo's answers
    _check(page)
    _wide_tables_show_there_is_more(page)

    years = page.get_by_role("table", name=re.compile("Whole financial years"))
    for year in ("2017-18", "2018-19"):  # before the demo's first year: unknown, not nought
        expect(years.get_by_role("row", name=re.compile(year))).to_contain_text("no data")
    expect(years.get_by_role("row", name=re.compile("2019-20"))).to_contain_text("990")
    expect(page.locator("#chart-years")).to_contain_text("no data")

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
