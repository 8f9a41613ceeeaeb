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
SAME_IN_BOTH = {"English", "Cymraeg", "GOV.UK", "GOV.UK Frontend", "Crown copyright"}
_SPOKEN_ATTRIBUTES = ("aria-label", "aria-description", "title", "alt", "placeholder")
_BUTTON_INPUTS = {"submit", "button", "reset"}


class _TextNodes(HTMLParser):
    """A page's text nodes (whitespace collapsed) and the attributes a screen reader reads."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes: list[str] = []
        self._hidden = 0  # inside <script> or <style>

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._hidden += 1
            return
        values = dict(attrs)
        spoken = [values.get(name) for name in _SPOKEN_ATTRIBUTES]
        if tag == "input" and values.get("type") in _BUTTON_INPUTS:
            spoken.append(values.get("value"))
        self.nodes.extend(_squeeze(text) for text in spoken if text and text.strip())

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._hidden:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.nodes.append(_squeeze(data))


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def text_nodes(page: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(page)
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
    too (a name such as "GOV.UK", a loanword)."""
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
    welsh = welsh_text()
    return frozenset(piece for piece in pieces if not _words(piece).search(welsh))


@lru_cache(maxsize=1)
def welsh_words() -> frozenset[str]:
    """The words of the catalogue's Welsh (lower case): Welsh, or the same in both."""
    return frozenset(word.lower() for word in re.findall(r"[^\W\d_]+", welsh_text()))


def _data_patterns(data: Iterable[str]) -> list[re.Pattern]:
    values = {_squeeze(line) for value in data for line in str(value).splitlines()}
    values = sorted((v for v in values if len(v) >= 3 and re.search(r"[^\W\d_]", v)), key=len)
    return [_words(value) for value in reversed(values)]


def _without_data(node: str, data: list[re.Pattern]) -> list[tuple[int, int]]:
    """The spans of `node` that are stored data (a name, a suite, free text)."""
    return [match.span() for pattern in data for match in pattern.finditer(node)]


def _outside(span: tuple[int, int], data_spans: list[tuple[int, int]]) -> bool:
    return not any(start <= span[0] and span[1] <= end for start, end in data_spans)


def english_left_on(
    welsh_page: str, english_page: str | None = None, *, data: Iterable[str] = ()
) -> list[str]:
    """The catalogue's English strings still on a page rendered in Welsh. Given the same page
    in English, only strings that page really shows count. `data`: text the scheme stored
    (names, suites, free text), which may hold an English word and is not the interface."""
    patterns = _data_patterns(data)
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
            nodes = [(node, _without_data(node, patterns)) for node in welsh.split("\n")]
        if any(
            _outside(match.span(), spans)
            for node, spans in nodes
            if piece in node
            for match in words.finditer(node)
        ):
            left.add(piece)
    return sorted(left)


def english_not_marked(
    welsh_page: str, english_page: str, *, data: Iterable[str] = (), same: Iterable[str] = ()
) -> list[str]:
    """Text a Welsh page shows exactly as its English page does and that reads as English: a
    word of three letters or more (not an abbreviation in capitals) that no Welsh string of the
    catalogue uses, outside stored `data` and names of fields (report_id). Catches a string
    nobody marked for translation.
    `same`: more text that is rightly the same in both languages."""
    patterns = _data_patterns(data)
    english = set(text_nodes(english_page))
    known = welsh_words()
    allowed = SAME_IN_BOTH | set(same)
    left = []
    for node in dict.fromkeys(text_nodes(welsh_page)):
        if node not in english or node in allowed:
            continue
        spans = _without_data(node, patterns)
        spans += [m.span() for m in re.finditer(r"\S*_\S*", node)]  # a field's name: report_id
        for match in re.finditer(r"[^\W\d_]{3,}", node):
            word = match.group()
            if word.isupper() or word.lower() in known or not _outside(match.span(), spans):
                continue
            if not re.search(r"[A-Za-z]{3}", word):
                continue
            left.append(node)
            break
    return left


def stored_text() -> set[str]:
    """Every string the database holds (in an app context): names, suites, addresses, free
    text, answers, stored messages. What people typed is shown as typed, in either language."""
    from icv.extensions import db

    found: set[str] = set()

    def collect(value):
        if isinstance(value, str):
            found.add(value)
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
