"""The rota's words in English or Welsh (issue 19, docs/welsh.md).

A draft's gaps and notes are kept with the rota as words, written once when it is planned:
`Said` keeps what was said (a marked message and its values) so that it can be written in
each language then, and each reader sees it in theirs. Outside an app (the generator's own
tests, benchmarks) it is English.
"""

from __future__ import annotations

from datetime import date

from flask import has_app_context
from flask_babel import gettext

from icv.dates import written
from icv.language import LANGUAGES, page_language, speaking


class Said(str):
    """A message to write later in any language; as a string, its English."""

    def __new__(cls, msgid: str, **values):
        said = super().__new__(cls, _write(msgid, values, "en"))
        said.msgid, said.values = msgid, values
        return said

    def in_language(self, code: str) -> str:
        return _write(self.msgid, self.values, code)

    def kept(self) -> dict[str, str]:
        """What the rota keeps: the words in every language."""
        return {code: self.in_language(code) for code in LANGUAGES}


def _write(msgid: str, values: dict, code: str) -> str:
    if not has_app_context():
        return msgid % {key: _value(v, code) for key, v in values.items()} if values else msgid
    with speaking(code):
        return gettext(msgid, **{key: _value(v, code) for key, v in values.items()})


def _value(value, code: str):
    if isinstance(value, Said):
        return value.in_language(code)
    return value() if callable(value) else value


def kept_words(item, code: str | None = None) -> str:
    """Kept words (a gap's row, a note, or Said) in a language (the page's by default). Rows kept
    before issue 19 have English only."""
    code = code or page_language()
    if isinstance(item, Said):
        return item.in_language(code)
    if isinstance(item, str):
        return item
    words = item.get("words", item)
    return words.get(code) or words.get("en") or item.get("message", "")


def visitors_told(told) -> str:
    """Said after a change: whether the visit's pair were emailed about it."""
    return " " + gettext("Its visitors were told.") if told else ""


# Dates inside a sentence, formatted for the language being written.


def short_day(value: date) -> str:
    """ "6 January" """
    return written(value, "d MMMM")


def month_year(value: date) -> str:
    """ "April 2026" """
    return written(value, "MMMM yyyy")


def weekday(value: date) -> str:
    """ "Tuesday" """
    return written(value, "EEEE")
