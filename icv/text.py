"""Characters refused in anything people type: one rule for every form field and every text
in a visit report (static/js/validation-readers.js is its twin on the phone).

Control characters are invisible (NUL cannot even be stored in PostgreSQL), and the
bidirectional embeddings, overrides and isolates make text read differently from what it is.
Long text (several lines) may hold tabs and line breaks; short text and names may not.
"""

from __future__ import annotations

import re

_BIDI = "\u202a-\u202e\u2066-\u2069"
_IN_ONE_LINE = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_IN_LONG_TEXT = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{_BIDI}]")
ONE_LINE = "Enter this on one line, without line breaks or tabs"


def hidden_character_problem(value: str, *, multiline: bool) -> str | None:
    """What to do about the first refused character in `value`, if there is one."""
    found = (_IN_LONG_TEXT if multiline else _IN_ONE_LINE).search(value)
    if found is None:
        return None
    if found.group() in "\t\n\r":
        return ONE_LINE
    return f"Remove the hidden character (U+{ord(found.group()):04X}) from this text"
