"""Page weight of the visit report form on a phone, cold and warm, in KB.

Cold: a first visit with empty caches, the form page and everything it loads (HTML, CSS, JS
modules, reference data, icons, manifest). Text bodies are counted gzip-compressed (level 6),
as a production proxy sends them; already-compressed formats (PNG) as they are; headers are
not counted. Reported for the page alone (service worker blocked) and for the page plus the
service worker's install (its precache of the app shell).
Warm: opening the form again once the service worker is installed: the bytes that still travel.

    .venv/bin/python bench/page_weight.py            # needs Debian's /usr/bin/chromium
"""

from __future__ import annotations

import gzip
import os
import secrets
import sys
import tempfile
import threading
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
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/manifest+json")  # fmt: skip


class Meter:
    """WSGI middleware: the body size of every response, raw and gzip-compressed."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app
        self.seen: list[dict] = []
        self.lock = threading.Lock()

    def reset(self) -> None:
        with self.lock:
            self.seen = []

    def __call__(self, environ, start_response):
        record = {"path": environ.get("PATH_INFO", ""), "status": 0, "type": ""}

        def measuring_start_response(status, headers, exc_info=None):
            record["status"] = int(status.split()[0])
            record["type"] = dict((k.lower(), v) for k, v in headers).get("content-type", "")
            return start_response(status, headers, exc_info)

        body = b"".join(self.wsgi_app(environ, measuring_start_response))
        record["raw"] = len(body)
        compress = record["type"].startswith(COMPRESSIBLE) and body
        record["sent"] = len(gzip.compress(body, 6)) if compress else len(body)
        with self.lock:
            self.seen.append(record)
        return [body]


def build_app():
    from flask_migrate import upgrade

    from icv import create_app
    from icv.auth.accounts import hash_password
    from icv.extensions import db
    from icv.models import Panel, Role, Suite, User, VolunteerStatus
    from icv.rota.models import ScheduledVisit

    folder = tempfile.mkdtemp(prefix="icv-page-weight-")
    app = create_app(
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite", "SECRET_KEY": "bench"}
    )
    app.instance_path = folder
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
    return app


def open_form(page, base: str) -> None:
    page.goto(f"{base}/visits/new")
    page.wait_for_selector("#report-form:not([hidden])")
    page.wait_for_load_state("networkidle")


def summary(meter: Meter) -> tuple[float, int, Counter, list[dict]]:
    seen = list(meter.seen)
    by_type = Counter()
    for record in seen:
        kind = record["type"].split(";")[0].split("/")[-1] or "none"
        by_type[kind] += record["sent"]
    return sum(r["sent"] for r in seen) / 1024, len(seen), by_type, seen


def main() -> None:
    from playwright.sync_api import sync_playwright
    from werkzeug.serving import make_server

    app = build_app()
    meter = Meter(app.wsgi_app)
    app.wsgi_app = meter
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        signing_in = browser.new_context(**PHONE)
        page = signing_in.new_page()
        page.goto(f"{base}/sign-in")
        page.get_by_label("Email address").fill("v0@example.org")
        page.get_by_label("Password", exact=True).fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        cookies = signing_in.cookies()
        signing_in.close()

        results = {}
        cold_page = browser.new_context(service_workers="block", **PHONE)
        cold_page.add_cookies(cookies)
        meter.reset()
        open_form(cold_page.new_page(), base)
        results["cold, the page alone (no service worker)"] = summary(meter)

        phone = browser.new_context(**PHONE)
        phone.add_cookies(cookies)
        page = phone.new_page()
        meter.reset()
        open_form(page, base)
        page.evaluate(
            """async () => {
                await navigator.serviceWorker.ready;
                while (!(await caches.match('/visits/new'))) {
                    await new Promise((r) => setTimeout(r, 50));
                }
            }"""
        )
        page.wait_for_load_state("networkidle")
        results["cold, page + service worker install"] = summary(meter)

        meter.reset()
        page = phone.new_page()  # opened again, as from the home screen
        open_form(page, base)
        page.wait_for_timeout(500)  # let any background request land
        results["warm, opened again (service worker)"] = summary(meter)
        browser.close()
    server.shutdown()
    report(results)


def report(results: dict) -> None:
    print("Visit report form on a 360px phone; text bodies gzip level 6; headers not counted")
    for label, (kb, count, by_type, seen) in results.items():
        statuses = Counter(record["status"] for record in seen)
        shown = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
        print(f"  {label:<42} {kb:7.1f} KB in {count:2d} requests ({shown})")
        if label.startswith("cold, the page"):
            parts = ", ".join(f"{kind} {size / 1024:.1f}" for kind, size in by_type.most_common())
            print(f"    by type (KB): {parts}")
        if label.startswith("warm"):
            for record in seen:
                print(f"    {record['status']} {record['path']} {record['sent']} bytes")
    print("  target: cold under 150 KB, warm 0 KB")


if __name__ == "__main__":
    main()
