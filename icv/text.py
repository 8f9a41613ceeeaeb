"""Characters refused in anything people type: one rule for every form field and every text
in a visit report (served to the phone by served_rule(), for static/js/validation-readers.js).

Control characters are invisible (NUL cannot even be stored in PostgreSQL), and the
bidirectional embeddings, overrides and isolates make text read differently from what it is.
Long text (several lines) may hold tabs and line breaks; short text and names may not.
"""

from __future__ import annotations

import re

from flask_babel import gettext

from icv.language import N_

# Refused code points, as ranges (first, last): C0 and C1 controls and DEL, then the
# bidirectional embeddings, overrides and isolates. Long text may hold LONG_TEXT_ALLOWS.
REFUSED = ((0x00, 0x1F), (0x7F, 0x9F), (0x202A, 0x202E), (0x2066, 0x2069))
LONG_TEXT_ALLOWS = "\t\n\r"
# English here (the phone's copy, served by icv.visits.validation: translate each with
# gettext(message) where served); hidden_character_problem() answers in the page's language.
MESSAGES = {
    "one_line": N_("Enter this on one line, without line breaks or tabs"),
    "hidden_character": N_("Remove the hidden character (U+{code}) from this text"),
}
ONE_LINE = MESSAGES["one_line"]
_CLASS = "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in REFUSED)
_IN_ONE_LINE = re.compile(f"[{_CLASS}]")
_IN_LONG_TEXT = re.compile(f"(?![{LONG_TEXT_ALLOWS}])[{_CLASS}]")


def hidden_character_problem(value: str, *, multiline: bool) -> str | None:
    """What to do about the first refused character in `value`, if there is one."""
    found = (_IN_LONG_TEXT if multiline else _IN_ONE_LINE).search(value)
    if found is None:
        return None
    if found.group() in LONG_TEXT_ALLOWS:
        return gettext(MESSAGES["one_line"])
    return gettext(MESSAGES["hidden_character"]).format(code=f"{ord(found.group()):04X}")


def served_rule() -> dict:
    """The rule as data, for the phone (static/js/validation-readers.js) to apply the same."""
    return {"refused": REFUSED, "long_text_allows": LONG_TEXT_ALLOWS}
