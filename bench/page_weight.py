"""Page weight of the visit report form on a phone, as it is really served: gunicorn with
gunicorn.conf.py and no proxy in front, Debian's Chromium as a 360px phone.

Cold: a first visit with empty caches: the sign-in page, signing in, the landing page, the
service worker's install (its precache of the app shell and the shell pages), then opening
the form. Repeat: opening the form again, as from the home screen. Bytes are what gunicorn
wrote to the browser's connections (status lines, headers and bodies, as compressed as
they were sent), counted by a relay on loopback that changes nothing; requests are
gunicorn's access log lines. Layout shift: the sum of layout-shift entries (CLS) on the
volunteer's home, reports page and form, with GOV.UK Frontend's script arriving 0.5 s late
as on a slow phone.

    .venv/bin/python bench/page_weight.py            # needs Debian's /usr/bin/chromium
    .venv/bin/python bench/page_weight.py --welsh    # the same in Welsh (issue 19)
"""

from __future__ import annotations

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync"]  # fmt: skip
PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
PASSWORD = secrets.token_urlsafe(12)  # a throw-away scheme in a temporary folder
COLD_TARGET_KB = 100
WELSH = "--welsh" in sys.argv  # the phone as a Welsh speaker's: the switch's cookie set
SIGN_IN = (
    ("Cyfeiriad e-bost", "Cyfrinair", "Mewngofnodi")
    if WELSH
    else ("Email address", "Password", "Sign in")
)
WATCH_SHIFTS = """
    window.icvShift = 0;
    new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
            if (!entry.hadRecentInput) window.icvShift += entry.value;
        }
    }).observe({type: "layout-shift", buffered: true});
"""


class Relay:
    """A TCP relay on loopback: passes bytes both ways untouched, counts what the server sent."""

    def __init__(self, upstream_port: int):
        self.upstream_port = upstream_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sent = 0
        self.lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def reset(self) -> int:
        with self.lock:
            sent, self.sent = self.sent, 0
        return sent

    def _accept(self) -> None:
        while True:
            client, _ = self.listener.accept()
            server = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pipe, args=(client, server, False), daemon=True).start()
            threading.Thread(target=self._pipe, args=(server, client, True), daemon=True).start()

    def _pipe(self, source: socket.socket, target: socket.socket, counted: bool) -> None:
        try:
            while chunk := source.recv(65536):
                if counted:
                    with self.lock:
                        self.sent += len(chunk)
                target.sendall(chunk)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


def seed(folder: str) -> str:
    """A scheme with twelve volunteers and a visit on the rota this week; returns its URL."""
    from flask_migrate import upgrade

    from icv import create_app
    from icv.auth.accounts import hash_password
    from icv.extensions import db
    from icv.models import Panel, Role, Suite, User, VolunteerStatus
    from icv.rota.models import ScheduledVisit

    url = f"sqlite:///{folder}/bench.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        upgrade()
        panel = Panel(name="North", area="")
        suite = Suite(name="Northtown", panel=panel, cells=12)
        today = date.today()
        people = [
            User(email=f"v{n}@example.org", name=f"Volunteer {n}", role=Role.VOLUNTEER,
                 panel=panel, status=VolunteerStatus.ACTIVE, password_hash=hash_password(PASSWORD),
                 appointed_on=today - timedelta(days=30), term_ends_on=today + timedelta(days=900),
                 vetting_expires_on=today + timedelta(days=900))
            for n in range(12)
        ]  # fmt: skip
        visit = ScheduledVisit(
            suite=suite, window_starts_on=today, window_ends_on=today + timedelta(days=6),
            visitors=people[:2],
        )  # fmt: skip
        db.session.add_all([panel, suite, *people, visit])
        db.session.commit()
    return url


def start_gunicorn(folder: str, database_url: str) -> tuple[subprocess.Popen, int, Path]:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    access_log = Path(folder) / "access.log"
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench",
        "ICV_INSTANCE_PATH": folder,
        "ICV_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--access-logfile",
         str(access_log), "wsgi:app"],
        cwd=ROOT, env=environment, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    for _ in range(600):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return server, port, access_log
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


class Measure:
    """Bytes the server sent and the requests it answered since the last call."""

    def __init__(self, relay: Relay, access_log: Path):
        self.relay, self.access_log, self.lines = relay, access_log, 0

    def take(self) -> tuple[int, list[str]]:
        time.sleep(0.5)  # let gunicorn write its last log lines
        lines = self.access_log.read_text().splitlines()
        new, self.lines = lines[self.lines :], len(lines)
        return self.relay.reset(), new


def settle(page) -> None:
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(500)  # a background request (manifest, reference data) may follow


def shift(page) -> float:
    page.locator("[data-govuk-service-navigation-init]").wait_for(state="attached")
    settle(page)
    return page.evaluate(
        """() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(
            () => done(window.icvShift))))"""
    )


def late_script(route) -> None:
    time.sleep(0.5)
    route.continue_()


def run(base: str, measure: Measure, browser) -> dict:
    results = {}
    phone = browser.new_context(**PHONE)
    if WELSH:
        phone.add_cookies([{"name": "language", "value": "cy", "url": base}])
    page = phone.new_page()
    measure.take()
    page.goto(f"{base}/sign-in")
    email, password, sign_in = SIGN_IN
    page.get_by_label(email).fill("v0@example.org")
    page.get_by_label(password, exact=True).fill(PASSWORD)
    with page.expect_navigation():
        page.get_by_role("button", name=sign_in).click()
    page.evaluate(
        """async () => {
            await navigator.serviceWorker.ready;
            while (!(await caches.match('/visits/new'))) {
                await new Promise((r) => setTimeout(r, 50));
            }
        }"""
    )
    settle(page)
    page.goto(f"{base}/visits/new")
    page.wait_for_selector("#report-form:not([hidden])")
    settle(page)
    results["cold: sign-in, landing page, worker install, form"] = measure.take()
    page = phone.new_page()  # opened again, as from the home screen
    page.goto(f"{base}/visits/new")
    page.wait_for_selector("#report-form:not([hidden])")
    settle(page)
    results["repeat: the form opened again"] = measure.take()
    cookies = phone.cookies()
    phone.close()

    slow = browser.new_context(service_workers="block", **PHONE)  # every file from the network
    slow.add_cookies(cookies)
    page = slow.new_page()
    page.add_init_script(WATCH_SHIFTS)
    page.route("**/govuk-frontend.min*.js", late_script)
    shifts = {}
    for path in ("/", "/visits/", "/visits/new"):
        page.goto(f"{base}{path}")
        shifts[path] = shift(page)
    slow.close()
    results["shifts"] = shifts
    return results


def report(results: dict) -> None:
    language = " in Welsh" if WELSH else ""
    print(f"Visit report form on a 360px phone{language}, through gunicorn (no proxy), Chromium")
    for label, value in results.items():
        if label == "shifts":
            continue
        sent, lines = value
        statuses = Counter(line.split('"')[2].split()[0] for line in lines if line.count('"') >= 2)
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
        print(f"  {label:<52} {sent / 1024:7.1f} KB on the wire in {len(lines):2d} requests"
              f"{f' ({shown})' if shown else ''}")  # fmt: skip
        if label.startswith("repeat"):
            for line in lines:
                print(f"    {line}")
    shifts = ", ".join(f"{path} {value:.3f}" for path, value in results["shifts"].items())
    print(f"  layout shift (CLS), script 0.5 s late: {shifts}")
    print(f"  target: cold at most {COLD_TARGET_KB} KB; repeat 0 bytes in 0 requests; CLS 0")


def main() -> None:
    from playwright.sync_api import sync_playwright

    folder = tempfile.mkdtemp(prefix="icv-page-weight-")
    server, port, access_log = start_gunicorn(folder, seed(folder))
    try:
        relay = Relay(port)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            results = run(f"http://127.0.0.1:{relay.port}", Measure(relay, access_log), browser)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    report(results)


if __name__ == "__main__":
    main()
