"""How pages and files travel: compressed when the client accepts it, static files under
content-hashed names cached for a year, and the service worker's copies by those names."""

from __future__ import annotations

import gzip
import json
import re

import brotli

from icv.models import Role
from tests.conftest import ROOT, sign_in

YEAR = "max-age=31536000"
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress}


def _linked(html: str, name: str) -> str:
    """The URL a page uses for static/<name>: its hashed name, e.g. css/app.1a2b3c4d5e6f.css."""
    stem, _, extension = name.rpartition(".")
    match = re.search(rf'"(/static/{re.escape(stem)}\.[0-9a-f]{{12}}\.{extension})"', html)
    assert match, f"no hashed link to {name}"
    return match.group(1)


def test_static_files_have_hashed_names_cached_for_a_year_and_come_precompressed(client):
    html = client.get("/sign-in").get_data(as_text=True)
    for name in ("css/app.css", "vendor/govuk/govuk-frontend.min.css", "js/app.js"):
        url = _linked(html, name)
        original = (ROOT / "static" / name).read_bytes()
        plain = client.get(url)
        assert plain.status_code == 200 and plain.data == original
        assert "Content-Encoding" not in plain.headers
        for encoding, decode in DECODE.items():
            response = client.get(url, headers={"Accept-Encoding": encoding})
            assert response.headers["Content-Encoding"] == encoding
            assert decode(response.data) == original
            assert len(response.data) < len(original) / 2
            cache_control = response.headers["Cache-Control"]
            assert YEAR in cache_control and "immutable" in cache_control
            assert "public" in cache_control
            assert "Accept-Encoding" in response.headers["Vary"]
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    # The original name still answers (the GOV.UK stylesheet's images point at theirs), but
    # is asked about again each time rather than kept for a year.
    original = client.get("/static/css/app.css")
    assert original.status_code == 200 and "immutable" not in original.headers["Cache-Control"]


def test_modules_import_each_other_by_plain_name_through_the_pages_import_map(client):
    response = client.get("/sign-in")
    html = response.get_data(as_text=True)
    nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
    found = re.search(r'<script type="importmap" nonce="([^"]+)">(.*?)</script>', html, re.S)
    assert found and found.group(1) == nonce
    imports = json.loads(found.group(2))["imports"]
    assert imports["/static/js/app.js"] == _linked(html, "js/app.js")
    # app.js imports "./db.js": the map sends that to db.js's hashed name, which is served.
    assert re.fullmatch(r"/static/js/db\.[0-9a-f]{12}\.js", imports["/static/js/db.js"])
    assert client.get(imports["/static/js/db.js"]).status_code == 200
    # init-govuk.js imports GOV.UK Frontend by its plain name, too.
    govuk = "/static/vendor/govuk/govuk-frontend.min.js"
    assert imports[govuk] == _linked(html, "vendor/govuk/govuk-frontend.min.js")
    assert "/static/js/service-worker.js" not in imports  # the worker is served as /sw.js
    assert html.index('type="importmap"') < html.index('type="module"')


def test_pages_and_api_answers_are_compressed_when_the_client_accepts_it(client, make_user):
    sign_in(client, make_user(Role.VOLUNTEER))
    plain = client.get("/visits/new")
    assert "Content-Encoding" not in plain.headers  # a client that asks for nothing gets text
    for encoding, decode in DECODE.items():
        page = client.get("/visits/new", headers={"Accept-Encoding": f"{encoding}, identity"})
        assert page.headers["Content-Encoding"] == encoding
        assert "Accept-Encoding" in page.headers["Vary"]
        assert page.headers["Cache-Control"] == "no-store"
        text = decode(page.data).decode()
        assert text.startswith("<!DOCTYPE html>") and "Sign out" in text
        assert int(page.headers["Content-Length"]) == len(page.data) < len(text) / 3
        api = client.get("/api/v1/reference", headers={"Accept-Encoding": encoding})
        assert api.status_code == 200 and api.headers["Content-Encoding"] == encoding
        assert json.loads(decode(api.data)).keys() == client.get("/api/v1/reference").json.keys()


def test_compressed_service_worker_and_manifest_still_come_back_as_a_bodiless_304(client):
    for url in ("/sw.js", "/manifest.webmanifest"):
        first = client.get(url, headers={"Accept-Encoding": "br"})
        assert first.headers["Content-Encoding"] == "br"
        again = client.get(
            url, headers={"Accept-Encoding": "br", "If-None-Match": first.headers["ETag"]}
        )
        assert again.status_code == 304 and again.data == b""


def test_service_worker_precaches_hashed_names_and_the_manifest(client):
    body = client.get("/sw.js").get_data(as_text=True)
    shell = json.loads(re.match(r"const ICV_SHELL = (\{.*\});\n", body).group(1))
    html = client.get("/sign-in").get_data(as_text=True)
    for name in ("css/app.css", "vendor/govuk/govuk-frontend.min.css", "js/app.js"):
        assert _linked(html, name) in shell["assets"]
    assert "/manifest.webmanifest" in shell["assets"]
    # Only what has no hashed name is asked about again when the worker installs: the
    # manifest, and the phone's Welsh words (static/js/i18n.js asks for them by language).
    assert shell["revalidate"] == ["/manifest.webmanifest", "/phone-words/cy.json"]
    assert "/phone-words/cy.json" in shell["assets"]
    assert shell["styles"] == [_linked(html, "vendor/govuk/govuk-frontend.min.css"),
                               _linked(html, "css/app.css")]  # fmt: skip


def test_a_build_folder_it_cannot_write_leaves_static_files_under_their_own_names(tmp_path):
    """A read-only code folder that scripts/setup never built must not stop the app."""
    from icv import create_app

    unwritable = tmp_path / "build"
    unwritable.write_text("a file where the folder should be: no folder can be made in it")
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://",
         "ASSET_BUILD_FOLDER": str(unwritable / "static")}
    )  # fmt: skip
    client = app.test_client()
    html = client.get("/sign-in").get_data(as_text=True)
    assert 'href="/static/css/app.css"' in html and 'type="importmap"' not in html
    assert client.get("/static/css/app.css").data == (ROOT / "static/css/app.css").read_bytes()
