"""The phone works offline in Welsh (issue 19): sign in in Welsh, lose the signal, record a
visit, meet the rules' messages in Welsh, and the report is sent when the signal is back.
At 360 px with axe, in real Chromium with the real service worker and IndexedDB."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_offline_reports import (
    sign_in_ready,
    stored_reports,
    wait_until_offline_ready,
)
from tests.browser_fixtures import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_a_visit_recorded_offline_in_welsh(page: Page, visiting_pair, app):
    page.goto("/sign-in")
    page.get_by_role("link", name="Cymraeg").click()  # the switch, signed out: a cookie
    page.get_by_label("Cyfeiriad e-bost").fill(visiting_pair.alice.email)
    page.get_by_label("Cyfrinair", exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name="Mewngofnodi").click()
    page.goto("/visits/")
    wait_until_offline_ready(page)
    words = page.evaluate("async () => (await caches.match('/phone-words/cy.json')).json()")
    assert words["Draft"] == "Drafft"  # the phone's own words, kept once for every page

    page.context.set_offline(True)
    page.reload()
    expect(page.get_by_role("heading", name="Adroddiadau ymweliadau", level=1)).to_be_visible()
    page.goto("/visits/new")  # the form, from the phone's copy
    page.get_by_label(re.compile(r"^Northtown,")).check()
    page.get_by_label("Yr amser y cyrhaeddoch y cownter").fill("21:10")
    page.get_by_label("Yr amser y cawsoch eich gadael i mewn i ardal y ddalfa").fill("21:12")
    page.get_by_label("Nifer y bobl yn y ddalfa pan gyrhaeddoch").fill("2")
    page.get_by_role("button", name="Cadw ac anfon yr adroddiad").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("heading", name="Mae problem wedi codi")).to_be_visible()
    expect(summary).to_contain_text("Rhowch yr amser y gadawoch, fel 22:05")  # the form's own
    expect(summary).to_contain_text("Dewiswch a oedd yr ymweliad yn foddhaol")  # served rules
    expect(summary).to_contain_text("Ychwanegwch res ar gyfer pob unigolyn yn y ddalfa")
    expect(page.locator("#headcount-status")).to_have_text(
        "0 o 2 o bobl wedi'u cyfrif: 0 wedi cael cyfweliad, 0 wedi gwrthod, 0 ddim ar gael"
    )
    assert page.title().startswith("Gwall:")
    assert_accessible(page)

    page.get_by_label("Yr amser y gadawoch").fill("22:05")
    page.get_by_role("button", name="Ychwanegu fel Yn cysgu").click()
    expect(page.locator("#headcount-status")).to_have_text(
        "2 o 2 o bobl wedi'u cyfrif: 0 wedi cael cyfweliad, 0 wedi gwrthod, 2 ddim ar gael"
    )
    page.get_by_label("Boddhaol", exact=True).check()
    page.get_by_role("button", name="Cadw ac anfon yr adroddiad").click()
    expect(page.get_by_role("heading", name="Adroddiadau ymweliadau", level=1)).to_be_visible()
    waiting = page.locator(".app-state", has_text="Wedi'i gadw ar y ffôn hwn, yn aros")
    expect(waiting).to_have_count(1)
    expect(page.locator("#sync-status")).to_have_text(
        "1 adroddiad yn aros i gael ei anfon. Dim cysylltiad: byddant yn cael eu hanfon yn"
        " awtomatig pan fydd un."
    )
    assert_accessible(page)
    assert stored_reports(app) == []

    page.context.set_offline(False)  # back online: it is sent
    expect(page.locator(".app-state", has_text="Anfonwyd")).to_have_count(1, timeout=30000)
    [report] = stored_reports(app)
    assert report["in_custody"] == report["rows"] == 2


def test_switching_language_refreshes_what_the_phone_keeps_and_keeps_drafts(
    page: Page, visiting_pair
):
    sign_in_ready(page, visiting_pair.alice)  # in English
    page.goto("/visits/new")
    page.get_by_label("Another visit, not on the rota").check()
    page.get_by_label("Number of people in custody when you arrived").fill("7")
    expect(page.locator("#save-status")).to_contain_text("Draft saved on this phone")

    page.goto("/visits/")
    page.context.set_offline(True)  # switched with no signal: nothing changes, nothing is lost
    page.get_by_role("button", name="Cymraeg").click()
    expect(page.get_by_role("heading", name="No connection")).to_be_visible()
    page.goto("/visits/new")
    expect(page.get_by_role("heading", name="Record a visit")).to_be_visible()
    page.context.set_offline(False)

    page.goto("/visits/")
    page.get_by_role("button", name="Cymraeg").click()  # signed in, the switch is a form
    expect(page.get_by_role("heading", name="Adroddiadau ymweliadau", level=1)).to_be_visible()
    page.evaluate(  # the worker drops its English pages and keeps them again in Welsh
        """async () => {
            for (let i = 0; i < 300; i++) {
                const kept = await caches.match('/visits/new');
                if (kept && (await kept.text()).includes('<html lang="cy"')) return;
                await new Promise((r) => setTimeout(r, 100));
            }
            throw new Error('the form is not kept in Welsh');
        }"""
    )
    page.context.set_offline(True)
    page.goto("/visits/")
    expect(page.locator(".app-state", has_text="Drafft")).to_have_count(1)  # the draft stays
    page.get_by_role("link", name=re.compile("^Parhau")).click()
    expect(page.get_by_role("heading", name="Cofnodi ymweliad")).to_be_visible()
    expect(page.get_by_label("Nifer y bobl yn y ddalfa pan gyrhaeddoch")).to_have_value("7")
    expect(page.get_by_label("Ymweliad arall, nad yw ar y rota")).to_be_checked()
