"""Lighthouse 12 (mobile: simulated throttling, 412px phone) on the volunteer's home, reports
page and form, signed in, served by gunicorn with no proxy as bench/page_weight.py does.

    mkdir -p /tmp/lighthouse-run && cd /tmp/lighthouse-run && npm init -y \\
        && npm install --no-audit --no-fund lighthouse
    LIGHTHOUSE_DIR=/tmp/lighthouse-run .venv/bin/python bench/lighthouse.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parent))

from page_weight import ARGS, CHROMIUM, PASSWORD, seed, start_gunicorn  # noqa: E402

PAGES = ("/", "/visits/", "/visits/new")
CATEGORIES = ("performance", "accessibility", "best-practices")


def session_cookie(base: str) -> str:
    browser = requests.Session()
    page = browser.get(f"{base}/sign-in", timeout=30).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    browser.post(
        f"{base}/sign-in",
        data={"email": "v0@example.org", "password": PASSWORD, "csrf_token": token},
        timeout=30,
    )
    return f"session={browser.cookies['session']}"


def lighthouse(url: str, cookie: str, folder: str) -> dict:
    installed = os.environ.get("LIGHTHOUSE_DIR") or sys.exit("LIGHTHOUSE_DIR: where npm put it")
    tool = Path(installed) / "node_modules/.bin"
    output = Path(folder) / "report.json"
    subprocess.run(
        [str(tool / "lighthouse"), url, "--output=json", f"--output-path={output}",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(ARGS)}",
         f"--extra-headers={json.dumps({'Cookie': cookie})}", "--quiet"],
        check=True, env={**os.environ, "CHROME_PATH": CHROMIUM},
    )  # fmt: skip
    return json.loads(output.read_text())


def main() -> None:
    folder = tempfile.mkdtemp(prefix="icv-lighthouse-")
    server, port, _log = start_gunicorn(folder, seed(folder))
    base = f"http://127.0.0.1:{port}"
    try:
        cookie = session_cookie(base)
        print("Lighthouse 12, mobile, signed in as a volunteer; gunicorn with no proxy")
        for path in PAGES:
            report = lighthouse(f"{base}{path}", cookie, folder)
            scores = ", ".join(
                f"{name} {round(report['categories'][name]['score'] * 100)}" for name in CATEGORIES
            )
            audits = report["audits"]
            metrics = ", ".join(
                f"{name} {audits[key]['displayValue']}"
                for name, key in (("FCP", "first-contentful-paint"),
                                  ("LCP", "largest-contentful-paint"),
                                  ("TBT", "total-blocking-time"),
                                  ("CLS", "cumulative-layout-shift"))
            )  # fmt: skip
            print(f"  {path:<12} {scores}; {metrics}")
            failing = [
                audit["id"]
                for audit in audits.values()
                if audit.get("score") is not None
                and audit["score"] < 1
                and audit.get("scoreDisplayMode") == "binary"
            ]
            if failing:
                print(f"    not passed: {', '.join(sorted(failing))}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
