"""The words the app writes around people's own: the notes on an action's timeline (and a
duplicate's reason for closing), a police answer's framing, and the lines intake adds to what
was found.

They are stored in English, as written, and shown in the reader's language: `shown` knows each
one by its pattern, and writes it again through the catalogue with the same values (a day in
it is written again for the language too). Anything else (people's own notes) is shown as is.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import cache

from flask_babel import gettext

from icv.dates import day
from icv.language import N_, speaking
from icv.visits import vocabulary

RAISED = N_("Raised from the visit report of %(day)s.")
AMENDED = N_("The visit report was amended; this item now reads as above.")
WITHDRAWN = N_(
    "The visit report was amended and no longer mentions this item. "
    "The action stays open until someone closes it with a reason."
)
REMINDED = N_("Overdue reminder emailed to %(names)s.")
LINKED = N_("Action %(id)s linked as a duplicate: its %(num)s source(s) moved here.")
DUPLICATE = N_("Duplicate of action %(id)s")
NOTES = (RAISED, AMENDED, WITHDRAWN, REMINDED, LINKED, DUPLICATE)
# A police user's own answer, as it becomes the action's police response: their words in
# between, and the day it was done, in brackets, after what was done.
DISAGREE = N_("We disagree: %(response)s")
DONE = N_("What was done: %(action)s")


# What intake writes into an action's summary around the visitors' words, a line each.
KEPT_WAITING = N_("Kept waiting %(minutes)s minutes at the door.")
REASON_GIVEN = N_("Reason given: %(reason)s.")
AUTHORISED_BY = N_("Authorised by: %(rank)s.")
NOT_ADMITTED = N_("Not admitted.")
REASON = N_("Reason: %(reason)s")
NO_DETAILS = N_("Follow-up asked for this person; no details given.")
DONE_ON_THE_VISIT = N_("Done on the visit: %(done)s")
FOLLOW_UP = N_("Follow-up: %(note)s")
RATED_A_CONCERN = N_("rated a concern")
SUMMARY_LINES = (
    KEPT_WAITING, REASON_GIVEN, AUTHORISED_BY, NOT_ADMITTED, REASON, NO_DETAILS,
    DONE_ON_THE_VISIT, FOLLOW_UP,
)  # fmt: skip


def written(template: str, /, **values) -> str:
    """The words as stored: in English, whoever reads them later."""
    return template % values if values else template


@cache
def _pattern(note: str) -> re.Pattern:
    parts = re.split(r"%\((\w+)\)s", note)
    pattern = "".join(
        re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
        for index, part in enumerate(parts)
    )
    return re.compile(pattern, re.S)


def shown(text: str) -> str:
    """A stored note in the language being written; people's own words as they are."""
    for note in NOTES:
        match = _pattern(note).fullmatch(text or "")
        if match:
            values = {name: _day_again(value) for name, value in match.groupdict().items()}
            return gettext(note, **values)
    return text


def summary_shown(text: str) -> str:
    """What was found in the language being written: the lines intake wrote (and a suite
    condition's label) are translated, the visitors' own words are not."""
    return "\n".join(_line_shown(line) for line in (text or "").split("\n"))


def _line_shown(line: str) -> str:
    for label in _condition_labels():
        if line.startswith(f"{label}: "):
            rest = line.removeprefix(f"{label}: ")
            rest = gettext(RATED_A_CONCERN) if rest == RATED_A_CONCERN else rest
            return f"{gettext(label)}: {rest}"
    for note in SUMMARY_LINES:
        match = _pattern(note).fullmatch(line)
        if match:
            return gettext(note, **match.groupdict())
    return line


def _condition_labels() -> list[str]:
    with speaking(None):  # as intake stores them
        return [str(label) for label in vocabulary.SUITE_CONDITIONS.values()]


def response_shown(text: str) -> str:
    """A police response in the language being written: the words the app put around a
    police user's answer are translated; their own words are not."""
    head, marker, done = (text or "").rpartition("\n\n" + written(DONE, action=""))
    if not marker:
        head, done = text or "", None
    disagree = written(DISAGREE, response="")
    if head.startswith(disagree):
        head = gettext(DISAGREE, response=head.removeprefix(disagree))
    if done is None:
        return head
    when = re.fullmatch(r"(.*) \((\d{1,2} \w+ \d{4})\)", done, re.S)
    if when:
        done = f"{when.group(1)} ({_day_again(when.group(2))})"
    return f"{head}\n\n{gettext(DONE, action=done)}"


def _day_again(value: str) -> str:
    """A day written as "1 June 2019", written again for the language; anything else as is."""
    try:
        return day(datetime.strptime(value, "%d %B %Y").date())
    except ValueError:
        return value
