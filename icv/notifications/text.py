"""A notification's body as the page shows it: paragraphs, lines, and the app's own links.

Only links to this app's own host become links: a body can quote what someone typed (a
decline note, a name), and a tappable link to elsewhere would be a phishing aid. A link's
text wraps after "/", "?", "&", "=", "#", "." or "-" rather than in the middle of a word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urlsplit

URL = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:!?)]")
BREAK_AFTER = re.compile(r"(?<=[/?&=#.-])(?![/?&=#.-])")  # after a run: "https://" whole


@dataclass(frozen=True)
class Piece:
    text: str
    href: str | None = None  # set when the piece is a link to this app

    @property
    def parts(self) -> list[str]:
        """The text cut where a line may break (the page puts a <wbr> between parts)."""
        return [part for part in BREAK_AFTER.split(self.text) if part]


def paragraphs(body: str, own_host: str) -> list[list[list[Piece]]]:
    """Paragraphs (split at blank lines) of lines of pieces, for the template to lay out."""
    return [
        [_pieces(line, own_host) for line in paragraph.split("\n")]
        for paragraph in body.split("\n\n")
    ]


def _pieces(line: str, own_host: str) -> list[Piece]:
    pieces, start = [], 0
    for match in URL.finditer(line):
        url = match.group()
        if urlsplit(url).netloc != own_host:
            continue
        if match.start() > start:
            pieces.append(Piece(line[start : match.start()]))
        pieces.append(Piece(url, href=url))
        start = match.end()
    if start < len(line) or not pieces:
        pieces.append(Piece(line[start:]))
    return pieces
