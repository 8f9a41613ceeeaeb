"""Checking a page in Welsh for English left on it (issue 19, docs/welsh.md): shared by the
language tests of every feature."""

from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
WELSH_CATALOGUE = ROOT / "icv/translations/cy/LC_MESSAGES/messages.po"
WELSH = {"Accept-Language": "cy"}
ENGLISH = {"Accept-Language": "en-GB"}


# Attributes people (or screen readers) meet; every other attribute (type="password", class
# names, a typed email's value) is markup, not text.
READ_ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|placeholder)="([^"]*)"')


def visible_text(page: str) -> str:
    """The page as someone (or a screen reader) meets it: its text and the attributes that
    are read out; no scripts, no markup."""
    page = re.sub(r"<script.*?</script>", "", page, flags=re.S)
    page = re.sub(
        r"<[^>]*>", lambda tag: "\n" + "\n".join(READ_ATTRIBUTES.findall(tag.group())) + "\n", page
    )
    return html.unescape(page)


@lru_cache(maxsize=1)
def english_fragments() -> frozenset[str]:
    """Every English string the Welsh catalogue translates differently, in the pieces that
    appear on a page (around its placeholders and markup). A one-word piece that is a Welsh
    word too ("panel" in "1 panel") tells nothing, so it is left out."""
    catalogue = read_po(WELSH_CATALOGUE.open("rb"))
    pieces, welsh_words = set(), set()
    for message in catalogue:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if not message.id or set(ids) <= set(strings):
            continue
        for text in strings:
            welsh_words.update(re.findall(r"\w+", text.lower()))
        for text in ids:
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>", text):
                if len(piece.strip(" .?:")) >= 4:
                    pieces.add(piece.strip())
    return frozenset(piece for piece in pieces if " " in piece or piece.lower() not in welsh_words)


def _shows(text: str, piece: str) -> bool:
    """The piece as words of the text ("volunteer" is not in "volunteer1@example.org")."""
    return re.search(rf"(?<!\w){re.escape(piece)}(?!\w)", text) is not None


def english_left_on(welsh_page: str, english_page: str | None = None) -> list[str]:
    """The catalogue's English strings still on a page rendered in Welsh. Given the same page
    in English, only strings that page really shows count (a name can hold an English word)."""
    welsh = visible_text(welsh_page)
    english = visible_text(english_page) if english_page is not None else None
    return sorted(
        piece
        for piece in english_fragments()
        if piece in welsh and _shows(welsh, piece) and (english is None or _shows(english, piece))
    )
