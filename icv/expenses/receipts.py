"""Receipt photos: checked by their content (never the name or the type the phone claims),
limited in size, and kept outside the web root under a random name."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import gettext

from icv.language import N_

# The first bytes of each image type a phone's camera or gallery gives.
SIGNATURES = (
    ("image/jpeg", ".jpg", lambda head: head.startswith(b"\xff\xd8\xff")),
    ("image/png", ".png", lambda head: head.startswith(b"\x89PNG\r\n\x1a\n")),
    ("image/webp", ".webp", lambda head: head[:4] == b"RIFF" and head[8:12] == b"WEBP"),
    ("image/heic", ".heic", lambda head: head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS),
)
HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1"}
NOT_AN_IMAGE = N_("The receipt must be a photo (JPEG, PNG, WebP or HEIC)")


class ReceiptError(ValueError):
    """What is wrong with the file, in words for the volunteer."""


def max_bytes() -> int:
    return int(current_app.config["RECEIPT_MAX_BYTES"])


def too_large_message() -> str:
    return gettext("The receipt photo must be smaller than %(size)d MB", size=max_bytes() // 2**20)


def image_type(head: bytes) -> tuple[str, str] | None:
    """(media type, file extension) of an image this app accepts, from its first bytes."""
    for media_type, extension, matches in SIGNATURES:
        if matches(head):
            return media_type, extension
    return None


def check(data: bytes) -> tuple[str, str]:
    """The receipt's (media type, extension), or ReceiptError saying what is wrong."""
    if len(data) > max_bytes():
        raise ReceiptError(too_large_message())
    found = image_type(data[:16])
    if not data or found is None:
        raise ReceiptError(gettext(NOT_AN_IMAGE))
    return found


def read_limited(stream) -> bytes:
    """At most one byte past the limit: enough to know a file is too large."""
    return stream.read(max_bytes() + 1)


def folder() -> Path:
    """RECEIPT_FOLDER, or `receipts` in the instance folder (never under static/)."""
    configured = current_app.config.get("RECEIPT_FOLDER")
    path = Path(configured) if configured else Path(current_app.instance_path) / "receipts"
    path.mkdir(mode=0o700, parents=True, exist_ok=True)
    return path


def store(data: bytes, extension: str) -> str:
    """Keep the photo under a new random name and return that name."""
    name = secrets.token_hex(16) + extension
    (folder() / name).write_bytes(data)
    return name


def path_of(name: str) -> Path:
    path = folder() / name
    if path.parent != folder() or not path.is_file():  # a stored name never has a slash
        raise FileNotFoundError(name)
    return path


def delete(name: str | None) -> None:
    if name:
        (folder() / Path(name).name).unlink(missing_ok=True)
