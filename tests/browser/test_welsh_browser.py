"""axe in Welsh (issue 19): at 360 px, each role signs in in Welsh (the switch on the sign-in
page, then the form) and axe runs on the role's main pages (home and every page of its
navigation); signed out, the public pages. Fails on any serious or critical violation, listing
every page's. The data is the matrix's world, seeded once (tests/test_welsh_pages.py)."""

from __future__ import annotations

import re
import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from icv.models import Role
from tests.conftest import PASSWORD, totp_code_for
from tests.test_welsh_pages import seeded  # noqa: F401 (the module's seeded database)

pytestmark = pytest.mark.browser

PUBLIC_PAGES = ["/sign-in", "/forgotten-password", "/apply", "/published/"]
# Pages a role works in that its navigation reaches through another page.
MORE_PAGES = {Role.VOLUNTEER: ["/visits/new", "/expenses/new"]}


@pytest.fixture(autouse=True)
def clean_database():
    """Overrides conftest's: the module's tests share one seeded database (emptied at the end)."""
    yield


def sign_in_in_welsh(page: Page, email: str) -> None:
    """The switch first, then the form; by the fields' names, so in whichever language the
    pages are (the two-factor page may still be in English)."""
    page.goto("/sign-in")
    if page.locator("html").get_attribute("lang") != "cy":
        page.get_by_role("link", name="Cymraeg").click()  # signed out, the switch is a link
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main button[type=submit]").first.click()
    if "/sign-in/code" in page.url:
        page.locator("input[name=code]").fill(totp_code_for(email))
        with page.expect_navigation():
            page.locator("main button[type=submit]").first.click()
    assert "/sign-in" not in page.url, f"not signed in: {page.url}"
    expect(page.locator("html")).to_have_attribute("lang", "cy")


def main_pages(page: Page) -> list[str]:
    """Home and every page the role's navigation links to (in the page, menu folded or not)."""
    page.locator("[data-govuk-service-navigation-init]").wait_for(state="attached")
    links = page.locator(".govuk-service-navigation__list a.govuk-service-navigation__link")
    found = [links.nth(n).get_attribute("href") for n in range(links.count())]
    return list(dict.fromkeys(["/", *(href for href in found if href and href.startswith("/"))]))


def serious_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['impact']}: {v['id']} ({v['help']}) at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v.get("impact") in {"serious", "critical"}
    ]


@pytest.mark.parametrize("role", ["anonymous", *Role], ids=str)
def test_axe_finds_nothing_serious_in_welsh_at_360px(page: Page, seeded, role):  # noqa: F811
    started = time.monotonic()
    if role == "anonymous":
        page.goto("/sign-in")
        page.get_by_role("link", name="Cymraeg").click()
        pages = PUBLIC_PAGES
    else:
        sign_in_in_welsh(page, seeded.emails[role])
        pages = main_pages(page) + MORE_PAGES.get(role, [])
    problems = {}
    for path in pages:
        page.goto(path)
        page.wait_for_load_state()
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        found = serious_violations(page)
        if page.evaluate("document.documentElement.scrollWidth") > 360:
            found.append("wider than the 360 px screen")
        if found:
            problems[path] = found
    if role == "anonymous":  # a form with its errors: the sign-in page, sent empty
        page.goto("/sign-in")
        with page.expect_navigation():
            page.locator("main button[type=submit]").first.click()
        expect(page.locator(".govuk-error-summary")).to_be_visible()
        if found := serious_violations(page):
            problems["/sign-in (sent empty)"] = found
    report = "\n".join(f"  {path}\n" + "\n".join(f"    {v}" for v in found)
                       for path, found in problems.items())  # fmt: skip
    seconds = time.monotonic() - started
    assert not problems, f"{role}, in Welsh ({len(pages)} pages, {seconds:.0f} s):\n{report}"
    assert len(pages) >= (4 if role == "anonymous" else 2), pages


# GOV.UK Frontend's own English, which its JavaScript shows (a password's Show/Hide and what a
# screen reader hears then, the menu button): each page must pass the Welsh to the component.
GOVUK_FRONTEND_ENGLISH = ["Show", "Hide", "Show password", "Hide password",
                          "Your password is visible", "Your password is hidden", "Menu",
                          "Skip to main content", "There is a problem", "Error:", "Warning",
                          "Important", "Success", "Previous", "Next", "Show all sections",
                          "Hide all sections", "characters remaining"]  # fmt: skip
SPOKEN = """() => [document.body.innerText,
    ...[...document.querySelectorAll('[aria-label]')].map(e => e.getAttribute('aria-label')),
    ...[...document.querySelectorAll('[aria-live]')].map(e => e.textContent)].join('\\n')"""


def test_govuk_components_speak_welsh_after_their_script_runs(page: Page, seeded):  # noqa: F811
    """Signed out (a reset link) and signed in (a volunteer): each password's Show button
    pressed, the menu at 360 px; none of GOV.UK Frontend's English shows or is spoken."""
    found = {}

    def read(path: str) -> None:
        page.goto(path)
        page.locator("[data-govuk-service-navigation-init]").wait_for(state="attached")
        toggles = page.locator(".govuk-js-password-input-toggle")
        for n in range(toggles.count()):
            toggles.nth(n).click()  # shows the password, and tells a screen reader so
        spoken = page.evaluate(SPOKEN)
        left = [
            s for s in GOVUK_FRONTEND_ENGLISH if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", spoken)
        ]
        if left:
            found[path.split("/")[1]] = left

    page.goto("/sign-in")
    page.get_by_role("link", name="Cymraeg").click()
    read("/sign-in")
    read(seeded.addresses["auth.reset_password", "b"])
    sign_in_in_welsh(page, seeded.emails[Role.VOLUNTEER])
    read("/")
    read("/account/password")
    assert not found, f"GOV.UK Frontend's English on Welsh pages: {found}"
