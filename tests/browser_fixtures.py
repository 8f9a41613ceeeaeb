"""pytest-playwright pointed at Debian's Chromium; never a downloaded browser.

Without Chromium the browser tests skip, unless ICV_REQUIRE_BROWSER=1 (as in CI): then they fail.
"""

from __future__ import annotations

import os
import shutil

import pytest
from playwright.sync_api import expect

# Every browser test's expect() waits up to 12 s (Playwright's default is 5): long enough for
# the outbox's first retry. Now and then (about 1 run in 5 of an offline test, cause not yet
# found) a reports page's first send stays "Sending" about 5 s and its answer comes at the retry.
expect.set_options(timeout=12_000)

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 360, "height": 740}


def _chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or os.path.exists(CHROMIUM)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not _chromium_available():
        if os.environ.get("ICV_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium not found at {CHROMIUM} and ICV_REQUIRE_BROWSER=1")
        pytest.skip(f"Chromium not found at {CHROMIUM}; set ICV_REQUIRE_BROWSER=1 to fail instead")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server,
        "viewport": PHONE,
        "is_mobile": True,
        "has_touch": True,
    }


def browser_sign_in(page, email: str, password: str) -> None:
    """Sign in; give the authenticator code (or set one up) when the service asks for it."""
    import pyotp

    from tests.conftest import totp_code_for

    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    with page.expect_navigation():  # where the form leads decides the next step
        page.get_by_role("button", name="Sign in").click()
    path = page.url.split("://", 1)[-1].partition("/")[2]
    if path.startswith("sign-in/code"):
        page.get_by_label("Code", exact=True).fill(totp_code_for(email))
        with page.expect_navigation():
            page.get_by_role("button", name="Continue").click()
    elif path.startswith("two-factor/set-up"):
        key = page.locator("#setup-key").inner_text().replace(" ", "")
        page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(key).now())
        page.get_by_role("button", name="Turn on two-factor sign-in").click()
        with page.expect_navigation():
            page.get_by_role("link", name="I have saved my recovery codes").click()
    page.wait_for_load_state()


def end_session(page) -> None:
    """The session ends without signing out (cookies cleared). Every page refreshes the
    phone's reference data first: an answer still on its way would set the session cookie
    again after it is cleared (seen in full runs), so wait for the page's requests."""
    page.wait_for_load_state("networkidle")
    page.context.clear_cookies()


def open_menu(page) -> None:
    """At 360px GOV.UK service navigation folds behind a Menu button, once its script has run.

    Wait for GOV.UK Frontend to mark the navigation initialised first: before that the button
    is hidden and the links show, and a moment later they fold away (a race CI once lost).
    """
    page.locator("[data-govuk-service-navigation-init]").wait_for(state="attached")
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()


def assert_accessible(page) -> None:
    """axe-core on the current page: no serious or critical violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    bad = [v for v in results.response["violations"] if v.get("impact") in {"serious", "critical"}]
    assert not bad, f"{page.url}\n" + results.generate_report()


# --- Offline visit reports (tests/browser/test_offline_*.py) --------------------------------


class FaultInjector:
    """WSGI middleware around the live server: makes report PUTs fail the ways networks do.

    `mode`: None (pass through), "error" (500 without touching the app), "drop" (connection
    cut before the app sees the request), "save_then_drop" (the app stores the report, then
    the connection is cut so the phone never hears), "csrf" (400 csrf_failed, once).
    No route is mocked in the browser: the phone talks to the real server throughout.
    """

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.mode = None
        self.puts: list[str] = []  # status line the server's own app gave each PUT, or the fault

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "")
        if environ["REQUEST_METHOD"] != "PUT" or not path.startswith("/api/v1/visit-reports/"):
            return self.wsgi_app(environ, start_response)
        mode = self.mode
        if mode == "csrf":
            self.mode = None
            self.puts.append("400 csrf")
            start_response("400 BAD REQUEST", [("Content-Type", "application/json")])
            return [b'{"error": "csrf_failed", "message": "The CSRF token has expired."}']
        if mode == "error":
            self.puts.append("500 injected")
            start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "application/json")])
            return [b'{"error": "injected failure"}']
        if mode == "drop":
            self.puts.append("dropped")
            return self._drop(environ)
        if mode == "save_then_drop":
            status = self._run_app(environ)
            self.puts.append(f"{status} then dropped")
            return self._drop(environ)
        captured = []

        def recording_start_response(status, headers, exc_info=None):
            captured.append(status)
            return start_response(status, headers, exc_info)

        body = self.wsgi_app(environ, recording_start_response)
        self.puts.append(captured[0] if captured else "?")
        return body

    def _run_app(self, environ) -> str:
        statuses = []

        def record(status, headers, exc_info=None):
            statuses.append(status)

        body = self.wsgi_app(environ, record)
        try:
            for _chunk in body:
                pass
        finally:
            if hasattr(body, "close"):
                body.close()
        return statuses[0] if statuses else "?"

    @staticmethod
    def _drop(environ):
        import socket

        connection = environ["werkzeug.socket"]
        connection.shutdown(socket.SHUT_RDWR)
        # werkzeug treats a ConnectionError as the client going away: no traceback, no reply.
        raise ConnectionResetError("connection cut by the test")


@pytest.fixture
def faults(app, live_server):
    """The live server's FaultInjector for this test; removed afterwards."""
    injector = FaultInjector(app.wsgi_app)
    app.wsgi_app = injector
    yield injector
    app.wsgi_app = injector.wsgi_app


@pytest.fixture
def visiting_pair(app_ctx, make_panel, make_suite, make_user):
    """Alice and Bob of the North panel, on the rota together at Northtown this week."""
    from datetime import date, timedelta
    from types import SimpleNamespace

    from icv.extensions import db
    from icv.models import Role
    from icv.rota.models import ScheduledVisit

    north = make_panel("North")
    suite = make_suite(north, name="Northtown")
    alice = make_user(Role.VOLUNTEER, panel=north, name="Alice Able")
    bob = make_user(Role.VOLUNTEER, panel=north, name="Bob Baker")
    visit = ScheduledVisit(
        suite=suite,
        window_starts_on=date.today() - timedelta(days=1),
        window_ends_on=date.today() + timedelta(days=5),
        visitors=[alice, bob],
    )
    db.session.add(visit)
    db.session.commit()
    return SimpleNamespace(suite=suite, alice=alice, bob=bob, visit=visit)
