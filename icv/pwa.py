"""Progressive web app: the web app manifest and the service worker, served from the site root.

The worker is a route rather than a static file so that its scope is the whole app, and so
that the server can embed the version and the list of app-shell files it precaches.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

from babel.messages.extract import extract
from flask import Blueprint, Response, abort, current_app, make_response, request, url_for
from flask_babel import get_translations, gettext

from icv.assets import is_hashed
from icv.language import LANGUAGES, page_language, speaking

bp = Blueprint("pwa", __name__)

THEME_COLOUR = "#0b0c0c"
ROOT = Path(__file__).resolve().parent.parent
# Expenses claims are started with no signal too (icv.expenses, static/js/expense-claim.js).
EXPENSES_PAGES = ("expenses.index", "expenses.new")
# Pages a volunteer's phone keeps for use with no signal. They show only the signed-in
# volunteer's own data (the JavaScript adds what is on the phone); sign-out deletes them.
SHELL_PAGES = ("visits.index", "visits.new", "main.home", "rota.mine", *EXPENSES_PAGES)
# Tells the service worker it may keep a response for offline use (see service-worker.js).
SHELL_HEADER = "X-App-Shell"
# The form is the same for every visit: opened from the phone's copy with no network at all.
# The reports page also lists reports from the server, so it is fetched first when online.
CACHE_FIRST_PAGES = ("visits.new",)
# Files under static/ that the app shell needs with no network.
SHELL_STYLES = ("vendor/govuk/govuk-frontend.min.css", "css/app.css")
SHELL_STATIC = (*SHELL_STYLES, "vendor/govuk/govuk-frontend.min.js", "icons/icon.svg")
# No GOV.UK fonts: app.css uses the phone's own font, so the browser never asks for them.
WORKER_SOURCE = "static/js/service-worker.js"
WORKER_MAX_AGE = 3600
# What the shell pages are made from besides static files: a change means a new version.
SHELL_SOURCES = (
    "templates/base.html",
    "templates/visits/index.html",
    "templates/visits/new.html",
    "templates/visits/_fields.html",
    "icv/visits/vocabulary.py",
    "templates/expenses/index.html",
    "templates/expenses/new.html",
    "icv/translations/cy/LC_MESSAGES/messages.po",  # the phone's words, and the pages'
    WORKER_SOURCE,
)
# The phone's own words in another language than English (static/js/i18n.js), one file per
# language, kept by the worker: the same for every page, so fetched once.
WORDS_PATH = "/phone-words/{code}.json"
OTHER_LANGUAGES = tuple(code for code in LANGUAGES if code != "en")
JS_KEYWORDS = {"gettext": None, "ngettext": (1, 2), "N_": None}  # as static/js/i18n.js names them


def page_kept_offline(html: str, keep: bool) -> Response:
    """The page, marked for the phone to keep when it holds nobody else's data."""
    response = make_response(html)
    if keep:
        response.headers[SHELL_HEADER] = "1"
        # Kept pages are in one language: the worker drops them when the phone's changes.
        response.headers["Content-Language"] = page_language()
    return response


def page_modules() -> list[str]:
    """Every ES module the pages load (the worker's own source is not one of them)."""
    folder = Path(current_app.static_folder) / "js"
    return sorted(
        f"js/{path.name}" for path in folder.glob("*.js") if path.name != "service-worker.js"
    )


def shell_urls() -> dict[str, list[str]]:
    """Static files by their content-hashed names (icv/assets.py), so the worker's copies and
    the browser's year-long cache never disagree; the manifest too, which every page links."""
    static = [url_for("static", filename=name) for name in (*SHELL_STATIC, *page_modules())]
    words = [url_for("pwa.phone_words", code=code) for code in OTHER_LANGUAGES]
    return {
        "pages": [url_for(endpoint) for endpoint in SHELL_PAGES],
        "cache_first": [url_for(endpoint) for endpoint in CACHE_FIRST_PAGES],
        "assets": [*static, url_for("pwa.manifest"), *words],
        "revalidate": [
            url for url in [*static, url_for("pwa.manifest"), *words] if not is_hashed(url)
        ],
        "styles": [url_for("static", filename=name) for name in SHELL_STYLES],
    }


@cache
def _content_hash(stamps: tuple[tuple[str, int, int], ...]) -> str:
    """Cached per (path, mtime, size) stamp, so an edited file is hashed again."""
    digest = hashlib.sha256()
    for path, _mtime, _size in stamps:
        digest.update(path.encode())
        digest.update(Path(path).read_bytes() if Path(path).exists() else b"")
    return digest.hexdigest()[:12]


def _stamp(path: Path) -> tuple[str, int, int]:
    if not path.exists():
        return (str(path), 0, 0)
    stat = path.stat()
    return (str(path), stat.st_mtime_ns, stat.st_size)


def worker_version() -> str:
    """PWA_VERSION when set (a deploy can force an update), else a hash of the shell's sources.

    Any change to a precached file or to what the shell pages are made of changes the
    version, so phones fetch the new shell (and the update prompt appears).
    """
    configured = current_app.config.get("PWA_VERSION")
    if configured:
        return str(configured)
    static = Path(current_app.static_folder)
    paths = [static / name for name in (*SHELL_STATIC, *page_modules())]
    paths += [ROOT / name for name in SHELL_SOURCES]
    files = _content_hash(tuple(_stamp(path) for path in paths))
    return hashlib.sha256(f"{files}{manifest_body()}".encode()).hexdigest()[:12]


def _revalidated(body: str, mimetype: str) -> Response:
    """Checked with the server on every use, but only a 304 travels when nothing changed."""
    response = Response(body, mimetype=mimetype)
    response.headers["Cache-Control"] = "no-cache"
    response.add_etag()
    return response.make_conditional(request)


@bp.route("/sw.js")
def service_worker():
    settings = {"version": worker_version(), **shell_urls(), "offline": offline_words()}
    source = (ROOT / WORKER_SOURCE).read_text(encoding="utf-8")
    response = _revalidated(
        f"const ICV_SHELL = {json.dumps(settings)};\n{source}", "text/javascript"
    )
    # Pages register the worker with updateViaCache "all": within this hour, opening the app
    # asks the server nothing at all; after it, the update check is a bodiless 304 until a
    # deploy changes the version. So a new version reaches a phone within the hour.
    response.headers["Cache-Control"] = f"max-age={WORKER_MAX_AGE}"
    response.headers["Service-Worker-Allowed"] = "/"
    return response


def offline_words() -> dict:
    """The worker's own page (no connection), in every language: the worker is the same file
    for everyone and picks the language the phone last showed."""
    words = {}
    for code in LANGUAGES:
        with speaking(code):
            words[code] = {
                "title": gettext("No connection"),
                "body": gettext(
                    "This page needs a connection. Your reports are still saved on this phone."
                ),
                "link": gettext("Go to your visit reports"),
            }
    return words


@bp.route("/phone-words/<code>.json")
def phone_words(code: str):
    """The phone's words in `code`, from the catalogue: English -> translation (a list of the
    plural forms for ngettext). Only the strings the phone's JavaScript marks."""
    if code not in OTHER_LANGUAGES:
        abort(404)
    with speaking(code):
        catalogue = get_translations()._catalog  # msgid -> msgstr, (msgid, n) -> form n
    words = {}
    for english in phone_strings():
        if isinstance(english, tuple):
            forms = [catalogue.get((english[0], n)) for n in range(6)]
            if all(forms):
                words[english[0]] = forms
        elif catalogue.get(english):
            words[english] = catalogue[english]
    return _revalidated(json.dumps(words, ensure_ascii=False, sort_keys=True), "application/json")


def phone_strings() -> list:
    """Every string the pages' JavaScript marks (gettext, ngettext), read from the files."""
    folder = Path(current_app.static_folder) / "js"
    stamps = tuple(_stamp(folder / name.removeprefix("js/")) for name in page_modules())
    return _marked_strings(stamps)


@cache
def _marked_strings(stamps: tuple) -> list:
    found = []
    for path, _mtime, _size in stamps:
        with open(path, "rb") as source:
            found += [
                message
                for _line, message, _comments, _context in extract(
                    "javascript", source, JS_KEYWORDS, options={"parse_template_string": True}
                )
            ]
    return found


@bp.route("/manifest.webmanifest")
def manifest():
    return _revalidated(manifest_body(), "application/manifest+json")


def manifest_body() -> str:
    """The web app manifest; the worker keeps a copy, so a change to it is a new version."""
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
    return json.dumps(body)
