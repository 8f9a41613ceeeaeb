"""Progressive web app: the web app manifest and the service worker, served from the site root.

The worker is a route rather than a static file so that its scope is the whole app, and so
that the server can embed the version and the list of app-shell files it precaches.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from flask import Blueprint, Response, current_app, url_for

bp = Blueprint("pwa", __name__)

THEME_COLOUR = "#0b0c0c"
# Pages that hold no report data of their own: the JavaScript fills them from IndexedDB.
SHELL_PAGES = ("visits.index", "visits.new")
# Files under static/ that the app shell needs with no network.
SHELL_STATIC = (
    "vendor/govuk/govuk-frontend.min.css",
    "vendor/govuk/govuk-frontend.min.js",
    "css/app.css",
    "icons/icon.svg",
)
# No GOV.UK fonts: app.css uses the phone's own font, so the browser never asks for them.
WORKER_SOURCE = "js/service-worker.js"


def _static_folder() -> Path:
    return Path(current_app.static_folder)


def _app_scripts() -> list[str]:
    """Every ES module the pages load (the worker's own source is not one of them)."""
    folder = _static_folder() / "js"
    return sorted(
        f"js/{path.name}" for path in folder.glob("*.js") if path.name != "service-worker.js"
    )


def shell_urls() -> dict[str, list[str]]:
    static = [url_for("static", filename=name) for name in (*SHELL_STATIC, *_app_scripts())]
    return {"pages": [url_for(endpoint) for endpoint in SHELL_PAGES], "assets": static}


@cache
def _content_hash(folder: str, stamps: tuple[tuple[str, int, int], ...]) -> str:
    """Cached per (name, mtime, size) stamp, so an edited file is hashed again."""
    digest = hashlib.sha256()
    for name, _mtime, _size in stamps:
        path = Path(folder) / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def _stamp(folder: Path, name: str) -> tuple[str, int, int]:
    path = folder / name
    if not path.exists():
        return (name, 0, 0)
    stat = path.stat()
    return (name, stat.st_mtime_ns, stat.st_size)


def worker_version() -> str:
    """PWA_VERSION when set (a deploy can force an update), else a hash of the shell files.

    Any change to a precached file changes the version, so phones fetch the new shell.
    """
    configured = current_app.config.get("PWA_VERSION")
    if configured:
        return str(configured)
    folder = _static_folder()
    names = (*SHELL_STATIC, *_app_scripts(), WORKER_SOURCE)
    return _content_hash(str(folder), tuple(_stamp(folder, name) for name in names))


@bp.route("/sw.js")
def service_worker():
    settings = {"version": worker_version(), **shell_urls()}
    source = (_static_folder() / WORKER_SOURCE).read_text(encoding="utf-8")
    body = f"const ICV_SHELL = {json.dumps(settings)};\n{source}"
    response = Response(body, mimetype="text/javascript")
    # Browsers must check for a new worker on every visit, never trust a stale copy.
    response.headers["Cache-Control"] = "no-cache"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


@bp.route("/manifest.webmanifest")
def manifest():
    name = current_app.config["SERVICE_NAME"]
    icons = [
        {"src": url_for("static", filename="icons/icon.svg"), "sizes": "any",
         "type": "image/svg+xml", "purpose": "any"},
        {"src": url_for("static", filename="icons/icon-192.png"), "sizes": "192x192",
         "type": "image/png", "purpose": "any"},
        {"src": url_for("static", filename="icons/icon-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "any"},
        {"src": url_for("static", filename="icons/icon-maskable-512.png"), "sizes": "512x512",
         "type": "image/png", "purpose": "maskable"},
    ]  # fmt: skip
    body = {
        "name": name,
        "short_name": "ICV",
        "description": "Record custody visits on your phone, even with no signal.",
        "id": "/",
        "start_url": url_for("visits.index"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME_COLOUR,
        "icons": icons,
    }
    response = Response(json.dumps(body), mimetype="application/manifest+json")
    response.headers["Cache-Control"] = "no-cache"
    return response
