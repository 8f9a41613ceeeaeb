"""Checking a page in Welsh for English left on it (issue 19, docs/welsh.md): shared by the
language tests of every feature.

Two checks, both on what a person (or a screen reader) meets: the page's text and the
attributes read aloud, never its markup, scripts, addresses or CSS classes.
- `english_left_on`: the catalogue's English strings (those its Welsh translates differently)
  still on the Welsh page, as whole words.
- `english_not_marked`: text the Welsh page shows exactly as the English page does that reads
  as English: a string nobody marked for translation (so the catalogue cannot know it).
Both leave out what people typed or the scheme stored (names, suites, free text: `data`, e.g.
`stored_text()`), and strings the same in both languages.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
WELSH_CATALOGUE = ROOT / "icv/translations/cy/LC_MESSAGES/messages.po"
WELSH = {"Accept-Language": "cy"}
ENGLISH = {"Accept-Language": "en-GB"}

# Text the same on an English and a Welsh page by design (the switch names each language in
# itself; names of things that are not translated).
SAME_IN_BOTH = {"English", "Cymraeg", "GOV.UK", "GOV.UK Frontend"}
_SPOKEN_ATTRIBUTES = ("aria-label", "aria-description", "title", "alt", "placeholder")
_BUTTON_INPUTS = {"submit", "button", "reset"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr"}  # fmt: skip


class _TextNodes(HTMLParser):
    """A page's text nodes (whitespace collapsed) and the attributes a screen reader reads;
    not what is in the other language on purpose (lang="en" in a Welsh page: the switch)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._hidden = 0  # inside <script> or <style>
        self._language = ""  # the page's <html lang>
        self._other: list = []  # inside an element in another language: its tag, depth

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
            return
        values = dict(attrs)
        if tag == "html":
            self._language = values.get("lang") or ""
        elif self._other and tag == self._other[0]:
            self._other[1] += 1
        elif (
            not self._other
            and tag not in _VOID
            and values.get("lang", self._language) != (self._language)
        ):
            self._other = [tag, 1]  # in the other language on purpose (the switch's "English")
        if self._other:
            return
        spoken = [values.get(name) for name in _SPOKEN_ATTRIBUTES]
        if tag == "input" and values.get("type") in _BUTTON_INPUTS:
            spoken.append(values.get("value"))
        self.nodes.extend(_squeeze(text) for text in spoken if text and text.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1
        if self._other and tag == self._other[0]:
            self._other[1] -= 1
            if not self._other[1]:
                self._other = []

    def handle_data(self, data):
        if not self._hidden and not self._other and data.strip():
            self.nodes.append(_squeeze(data))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def text_nodes(page: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(re.sub(r"<wbr\s*/?>", "", page))  # a long address's break points: one text
    parser.close()
    return parser.nodes


def visible_text(page: str) -> str:
    """The page as someone (or a screen reader) meets it, one text node a line: no markup,
    no scripts, no CSRF tokens, no addresses or classes."""
    return "\n".join(text_nodes(page))


def _words(piece: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + re.escape(piece) + r"(?!\w)")


@lru_cache(maxsize=1)
def _catalogue():
    return [message for message in read_po(WELSH_CATALOGUE.open("rb")) if message.id]


@lru_cache(maxsize=1)
def welsh_text() -> str:
    """Every Welsh string of the catalogue, one a line."""
    return "\n".join(
        _squeeze(text)
        for message in _catalogue()
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if text
    )


@lru_cache(maxsize=1)
def english_fragments() -> frozenset[str]:
    """Every English string the Welsh catalogue translates differently, in the pieces that
    appear on a page (around its placeholders and markup); not a piece a Welsh string holds
    too (a name such as "GOV.UK"), nor one word that is a Welsh word too ("Panel": "1 panel")."""
    pieces = set()
    for message in _catalogue():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if set(ids) <= set(strings):
            continue
        for text in ids:
            for piece in re.split(r"%\(\w+\)[sd]|%[sd]|<[^>]+>", text):
                piece = _squeeze(piece)
                if len(piece.strip(" .?:")) >= 4:
                    pieces.add(piece)
    welsh, words = welsh_text(), welsh_words()
    return frozenset(
        piece
        for piece in pieces
        if not _words(piece).search(welsh) and (" " in piece or piece.lower() not in words)
    )


@lru_cache(maxsize=1)
def welsh_words() -> frozenset[str]:
    """The words of the catalogue's Welsh (lower case): Welsh, or the same in both."""
    return frozenset(word.lower() for word in re.findall(r"[^\W\d_]+", welsh_text()))


DATA = "\x00"  # where a node held stored data


@lru_cache(maxsize=8)
def _data_pattern(values: frozenset[str]) -> re.Pattern | None:
    """One pattern for every stored string (each line, whole words; the longest first)."""
    lines = {_squeeze(line) for value in values for line in str(value).splitlines()}
    kept = [v for v in lines if len(v) >= 3 and re.search(r"[^\W\d_]", v)]
    if not kept:
        return None
    alternatives = "|".join(re.escape(v) for v in sorted(kept, key=len, reverse=True))
    return re.compile(r"(?<!\w)(?:" + alternatives + r")(?!\w)")


# Not words: a field's name (report_id), a web address, an email address.
_CODES = re.compile(r"\S*_\S*|\b(?:https?://|www\.)\S+|\S+@\S+")


def _data_spans(node: str, data: re.Pattern | None) -> list[tuple[int, int]]:
    """The spans of `node` that are stored data (a name, a suite, free text), or codes."""
    found = [match.span() for match in data.finditer(node)] if data else []
    return found + [match.span() for match in _CODES.finditer(node)]


def _outside(span: tuple[int, int], data_spans: list[tuple[int, int]]) -> bool:
    return not any(start <= span[0] and span[1] <= end for start, end in data_spans)


def _stored(data: Iterable[str] | None) -> frozenset[str]:
    """`data` as given; by default what the database holds, when a test has an app context."""
    if data is not None:
        return frozenset(data)
    from flask import has_app_context

    return frozenset(stored_text()) if has_app_context() else frozenset()


def english_left_on(
    welsh_page: str, english_page: str | None = None, *, data: Iterable[str] | None = None
) -> list[str]:
    """The catalogue's English strings still on a page rendered in Welsh. Given the same page
    in English, only strings that page really shows count. `data`: text the scheme stored
    (names, suites, free text), which may hold an English word and is not the interface; by
    default everything the test's database holds (`stored_text()`), in an app context."""
    pattern = _data_pattern(_stored(data))
    welsh = visible_text(welsh_page)
    english = visible_text(english_page) if english_page is not None else None
    left = set()
    nodes = None
    for piece in english_fragments():
        if piece not in welsh or (english is not None and piece not in english):
            continue  # quick: not even a substring
        words = _words(piece)
        if english is not None and not words.search(english):
            continue
        if nodes is None:
            nodes = [(node, _data_spans(node, pattern)) for node in welsh.split("\n")]
        if any(
            _outside(match.span(), spans)
            for node, spans in nodes
            if piece in node
            for match in words.finditer(node)
        ):
            left.add(piece)
    return sorted(left)


def english_not_marked(
    welsh_page: str,
    english_page: str,
    *,
    data: Iterable[str] | None = None,
    same: Iterable[str] = (),
) -> list[str]:
    """Text a Welsh page shows as its English page does (stored `data` apart: a name may
    differ) and that reads as English: a word of three letters or more, not an abbreviation
    in capitals nor a field's name (report_id), that no Welsh string of the catalogue uses.
    Catches a string nobody marked for translation. `same`: more text that is rightly the
    same in both languages. `data`: as for `english_left_on`."""
    pattern = _data_pattern(_stored(data))

    def masked(node: str) -> str:
        return pattern.sub(DATA, node) if pattern else node

    english_nodes = text_nodes(english_page)
    english, english_masked = set(english_nodes), None
    known = welsh_words()
    allowed = SAME_IN_BOTH | set(same)

    def reads_as_english(text: str) -> bool:
        fields = [m.span() for m in _CODES.finditer(text)]  # report_id, an address
        return any(
            not (word.isupper() or word.lower() in known)
            and _outside(match.span(), fields)
            and re.search(r"[A-Za-z]{3}", word)
            for match in re.finditer(r"(?<!\w)[^\W\d_]{3,}(?!\w)", text)  # not in a code: a1b2
            for word in [match.group()]
        )

    left = []
    for node in dict.fromkeys(text_nodes(welsh_page)):
        if node in allowed or not reads_as_english(node):
            continue
        if node not in english:  # the same but for stored data (a name)?
            if english_masked is None:
                english_masked = {masked(text) for text in english_nodes}
            if masked(node) not in english_masked:
                continue
        if reads_as_english(masked(node)):
            left.append(node)
    return left


def stored_text() -> set[str]:
    """Every string the database holds (in an app context): names, suites, addresses, free
    text, answers, stored messages. What people typed is shown as typed, in either language."""
    from icv.extensions import db

    found: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            found.add(value)
            # A stored message is shown a line at a time, with its links made links.
            found.update(
                piece.strip() for piece in re.split(r"https?://\S+|\n", value) if piece.strip()
            )
        elif isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)

    with db.engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            for row in connection.execute(table.select()):
                collect(list(row))
    return found


def in_english_and_welsh(client, url: str, form: dict | None = None) -> tuple[str, str]:
    """A page in English and in Welsh; given `form`, the answer to it posted (with the page's
    CSRF token)."""
    from tests.conftest import extract_csrf

    pages = []
    for headers in (ENGLISH, WELSH):
        if form is None:
            pages.append(client.get(url, headers=headers).get_data(as_text=True))
        else:
            token = extract_csrf(client.get(url).get_data(as_text=True))
            answer = client.post(url, data={**form, "csrf_token": token}, headers=headers)
            pages.append(answer.get_data(as_text=True))
    return pages[0], pages[1]
