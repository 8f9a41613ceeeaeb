"""Static files served as a phone should get them: content-hashed names, cached for a year, and
gzip and brotli copies made once rather than compressed on every request.

At start-up (and at set-up, so a first request never waits) each file under static/ is copied
to build/static/ as `name.<hash>.ext`, with `.gz` and `.br` beside it; WhiteNoise serves them
with `Cache-Control: public, max-age=31536000, immutable`. `url_for('static', ...)` gives the
hashed name everywhere (templates, the manifest, the service worker's precache list), and an
import map sends the ES modules' own relative imports to the hashed names too.
The original names stay served (revalidated each time) for what points at them by name: the
GOV.UK stylesheet's images, and pages a phone kept from an older version.

    .venv/bin/python -m icv.assets      # scripts/setup runs this
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path

from flask import Flask, url_for
from markupsafe import Markup
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "static"
BUILD = ROOT / "build" / "static"
YEAR = 365 * 24 * 3600
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[^./]+$")


def is_hashed(url: str) -> bool:
    """A hashed name's content never changes: cached for good, never asked about again."""
    return bool(HASHED_NAME.search(url))


def hashed_name(relative: str, content: bytes) -> str:
    stem, dot, extension = relative.rpartition(".")
    digest = hashlib.sha256(content).hexdigest()[:12]
    return f"{stem}.{digest}.{extension}" if dot else f"{relative}.{digest}"


def _write_atomically(path: Path, data: bytes) -> None:
    """Workers starting together may build at once: each file appears whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    with os.fdopen(handle, "wb") as file:
        file.write(data)
    os.replace(temporary, path)


def build(source: Path = SOURCE, target: Path = BUILD) -> dict[str, str]:
    """Copy every new or changed file to its hashed name, compressed; return name -> hashed name.

    Earlier builds' files stay, so a page or worker of the previous version still finds them.
    """
    compressor = Compressor(quiet=True)
    manifest = {}
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        relative = path.relative_to(source).as_posix()
        content = path.read_bytes()
        manifest[relative] = hashed_name(relative, content)
        copy = target / manifest[relative]
        if copy.exists():
            continue
        if compressor.should_compress(relative):
            for suffix, squeeze in ((".gz", compressor.compress_gzip),
                                    (".br", compressor.compress_brotli)):  # fmt: skip
                squeezed = squeeze(content)
                if compressor.is_compressed_effectively(suffix, relative, len(content), squeezed):
                    _write_atomically(copy.with_name(copy.name + suffix), squeezed)
        _write_atomically(copy, content)  # last: its presence means the build is complete
    return manifest


def _add_security_headers(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"


def configure(app: Flask) -> None:
    """Serve static files through WhiteNoise; hash their names unless ICV_HASH_ASSETS is off.

    Debug runs leave names alone, so an edited file shows on the next reload.
    """
    hashing = app.config.get("HASH_ASSETS", not app.debug)
    target = Path(app.config.get("ASSET_BUILD_FOLDER") or BUILD)
    manifest = {}
    if hashing:
        try:
            manifest = build(Path(app.static_folder), target)
        except OSError as error:  # say, a read-only code folder that scripts/setup never built
            app.logger.warning("static files served under their own names: %s", error)
            hashing = False
    server = WhiteNoise(
        app.wsgi_app,
        max_age=0,  # original names: always revalidated (an ETag makes that a 304)
        immutable_file_test=lambda path, url: is_hashed(url),
        add_headers_function=_add_security_headers,
        autorefresh=app.debug,
    )
    if hashing:
        server.add_files(str(target), prefix=app.static_url_path)
    server.add_files(app.static_folder, prefix=app.static_url_path)
    app.wsgi_app = server
    app.extensions["icv_assets"] = manifest

    @app.url_defaults
    def hashed_static_names(endpoint: str, values: dict) -> None:
        if endpoint == "static" and values.get("filename") in manifest:
            values["filename"] = manifest[values["filename"]]

    @app.context_processor
    def import_map_global() -> dict:
        return {"module_import_map": lambda nonce: import_map(app, nonce)}


def import_map(app: Flask, nonce: str) -> Markup:
    """The pages' ES modules import each other by plain name ("./db.js"): map those names to
    the hashed ones, so every module comes from the year-long cache (and the service worker's
    copies, offline) and is loaded once."""
    from icv.pwa import WORKER_SOURCE

    manifest = app.extensions["icv_assets"]
    if not manifest:
        return Markup("")
    worker = Path(WORKER_SOURCE).relative_to("static").as_posix()
    imports = {
        url_for("static", filename=name).replace(hashed, name): url_for("static", filename=name)
        for name, hashed in manifest.items()
        if name.endswith(".js") and name != worker  # GOV.UK Frontend's module too
    }
    body = json.dumps({"imports": imports}, separators=(",", ":")).replace("</", "<\\/")
    # Safe as markup: the nonce is URL-safe base64, and "</" cannot end the script early.
    return Markup(f'<script type="importmap" nonce="{nonce}">{body}</script>')  # noqa: S704  # nosec B704


if __name__ == "__main__":
    print(f"{len(build())} static files hashed and compressed in {BUILD.relative_to(ROOT)}")
