"""What people do to an action; every change is written to its timeline with who and when.

Callers check permission (icv.policy) first. Functions only change objects and add events;
the view commits. A rule that is broken raises Refused naming the form field to blame.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import gettext

from icv import dates
from icv.actions import notes
from icv.actions.models import OWNER_LABELS, Action, ActionEvent, ActionResponse, Owner, Status
from icv.audit import record
from icv.dates import scheme_today, utcnow
from icv.extensions import db
from icv.language import N_, speaking
from icv.models import User

TEXT_LIMIT = 5000
# A date before the action was raised, or one in the future, by the date's label. The rules'
# messages are written whole, so that each reads naturally in Welsh too.
TOO_EARLY = {
    "The date it was sent": N_(
        "The date it was sent must be on or after the day it was raised, %(day)s"
    ),
    "The date of the response": N_(
        "The date of the response must be on or after the day it was raised, %(day)s"
    ),
    "The date it was done": N_(
        "The date it was done must be on or after the day it was raised, %(day)s"
    ),
    "The new due date": N_("The new due date must be on or after the day it was raised, %(day)s"),
    "The due date": N_("The due date must be on or after the day it was raised, %(day)s"),
}
IN_THE_FUTURE = {
    "The date it was sent": N_("The date it was sent must be today or in the past"),
    "The date of the response": N_("The date of the response must be today or in the past"),
    "The date it was done": N_("The date it was done must be today or in the past"),
}


class Refused(Exception):
    """A rule said no. `field` is the form field the message belongs to."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def is_overdue(action: Action, today: date) -> bool:
    return not action.is_closed and action.due_on < today


def overdue_clause(today: date):
    """The SQL form of is_overdue, for lists and reminders."""
    return sa.and_(Action.status != Status.CLOSED, Action.due_on < today)


def send_to_police(action: Action, by: User, sent_on: date, note: str = "") -> None:
    _still_open(action)
    _not_before_raised(action, sent_on, "sent_on", "The date it was sent")
    _change(
        action, by, "sent_to_police", note, status=Status.SENT_TO_POLICE, sent_to_police_on=sent_on
    )


def record_response(action: Action, by: User, text: str, received_on: date, responder: str) -> None:
    _still_open(action)
    text, responder = (
        _required(text, "response", N_("Enter the police response")),
        responder.strip(),
    )
    _required(responder, "responder", N_("Enter who gave the response, like Inspector Patel"))
    _not_before_raised(action, received_on, "received_on", "The date of the response")
    _change(
        action,
        by,
        "response_recorded",
        "",
        status=Status.RESPONSE_RECEIVED,
        police_response=text,
        police_response_on=received_on,
        police_responder=responder,
    )


def police_answer(
    action: Action,
    by: User,
    response: str,
    action_taken: str = "",
    done_on: date | None = None,
    *,
    disagrees: bool = False,
    at: datetime | None = None,
) -> ActionResponse:
    """A police user's own answer: what was done (and when), or that they disagree and why.

    It is the action's police response from now on, timed by the police's own clock (`at`
    is for the demo's past answers; people answer now)."""
    at = at or utcnow()
    _still_open(action)
    if disagrees:
        response = _required(response, "response", N_("Enter why you disagree"))
        action_taken, done_on = "", None
    else:
        response = _required(response, "response", N_("Enter your response"))
        action_taken = (action_taken or "").strip()
        _limit(action_taken, "action_taken")
    if done_on is not None:
        _not_before_raised(action, done_on, "done_on", "The date it was done")
    answer = ActionResponse(
        action=action, by=by, at=at, response=response, action_taken=action_taken,
        done_on=done_on, disagrees=disagrees,
    )  # fmt: skip
    db.session.add(answer)
    text = notes.written(notes.DISAGREE, response=response) if disagrees else response
    if action_taken:
        text += "\n\n" + notes.written(notes.DONE, action=action_taken)
        if done_on:
            with speaking(None):  # stored: in English (icv.actions.notes shows it)
                text += f" ({dates.day(done_on)})"
    event = _change(
        action,
        by,
        "police_answered",
        "",
        status=Status.RESPONSE_RECEIVED,
        police_response=text,
        police_response_on=dates.scheme_date(at),
        police_responder=by.name,
    )
    event.at = at  # the timeline shows the answer when it was given
    return answer


def ask_again(action: Action, by: User, question: str) -> None:
    """Not enough: the coordinator asks the police again, saying what is still wanted."""
    _still_open(action)
    if action.status != Status.RESPONSE_RECEIVED:
        raise Refused("question", gettext("You can ask again only once the police have responded"))
    question = _required(question, "question", N_("Enter what you are asking the police"))
    _change(action, by, "asked_again", question, status=Status.SENT_TO_POLICE)


def close(action: Action, by: User, reason: str = "", today: date | None = None) -> None:
    """Closing needs the police response on record, or a reason."""
    _still_open(action)
    reason = reason.strip()
    if not reason and not action.police_response:
        raise Refused(
            "reason",
            gettext(
                "Enter why you are closing the action: there is no police response recorded yet"
            ),
        )
    _limit(reason, "reason")
    closed_on = today or scheme_today()
    _change(
        action,
        by,
        "closed",
        reason,
        status=Status.CLOSED,
        closed_on=closed_on,
        closed_reason=reason,
    )


def escalate(
    action: Action, by: User, reason: str, due_on: date | None = None, today: date | None = None
) -> None:
    _still_open(action)
    reason = _required(reason, "reason", N_("Enter why you are escalating the action, and to whom"))
    fields = {"status": Status.ESCALATED, "escalated_on": today or scheme_today()}
    if due_on is not None:
        _not_before_raised(action, due_on, "due_on", "The new due date")
        fields["due_on"] = due_on
    _change(action, by, "escalated", reason, **fields)


def reassign(action: Action, by: User, owner: str, owner_other: str, due_on: date) -> None:
    """Change who owns the action and when it is due."""
    _still_open(action)
    if owner not in set(Owner):
        raise Refused("owner", gettext("Choose who owns the action"))
    owner_other = owner_other.strip() if owner == Owner.OTHER else ""
    if owner == Owner.OTHER:
        _required(owner_other, "owner_other", N_("Enter who owns the action"))
    _not_before_raised(action, due_on, "due_on", "The due date")
    _change(action, by, "reassigned", "", owner=owner, owner_other=owner_other, due_on=due_on)


def add_note(action: Action, by: User, note: str) -> None:
    note = _required(note, "note", N_("Enter the note"))
    _record(action, by, "note", {}, note)


def link_duplicate(keep: Action, duplicate: Action, by: User) -> None:
    """The same problem reported more than once: one action, several sources.

    The duplicate's sources move to `keep`; the duplicate is closed (never deleted) and
    points at `keep`. The earlier due date wins, so nothing becomes less urgent.
    """
    if keep.id == duplicate.id:
        raise Refused(
            "duplicate", gettext("Choose a different action: an action cannot duplicate itself")
        )
    if keep.suite_id != duplicate.suite_id:
        raise Refused("duplicate", gettext("Choose an action from the same custody suite"))
    for action in (keep, duplicate):
        if action.is_closed:
            raise Refused(
                "duplicate",
                gettext("Action %(id)s is closed; only open actions can be linked", id=action.id),
            )
    moved = list(duplicate.sources)
    for source in moved:
        source.action = keep
    if duplicate.due_on < keep.due_on:
        _change(keep, by, "due_changed", "", due_on=duplicate.due_on)
    count = len(keep.sources)
    _record(
        keep,
        by,
        "linked",
        {"sources": [str(count - len(moved)), str(count)]},
        notes.written(notes.LINKED, id=duplicate.id, num=len(moved)),
    )
    _change(
        duplicate,
        by,
        "closed",
        notes.written(notes.DUPLICATE, id=keep.id),
        status=Status.CLOSED,
        closed_on=scheme_today(),
        closed_reason=notes.written(notes.DUPLICATE, id=keep.id),
        duplicate_of_id=keep.id,
    )


# --- helpers -------------------------------------------------------------------------------


def _change(action: Action, by: User | None, kind: str, note: str, **fields) -> ActionEvent:
    changes = {}
    for name, value in fields.items():
        before = getattr(action, name)
        if before != value:
            changes[name] = [_text(before), _text(value)]
            setattr(action, name, value)
    return _record(action, by, kind, changes, note)


def _record(action: Action, by: User | None, kind: str, changes: dict, note: str) -> ActionEvent:
    event = ActionEvent(action=action, by=by, kind=kind, changes=changes, note=note, at=utcnow())
    db.session.add(event)
    record("changed", "action", action.id, f"{kind}: {', '.join(changes) or 'note'}", actor=by)
    return event


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Owner):
        return OWNER_LABELS[value]
    return str(value)


def _still_open(action: Action) -> None:
    if action.is_closed:
        raise Refused(
            "", gettext("This action is closed. Add a note if there is something new to record")
        )


def _required(text: str, field: str, message: str) -> str:
    text = (text or "").strip()
    if not text:
        raise Refused(field, gettext(message))
    _limit(text, field)
    return text


def _limit(text: str, field: str) -> None:
    if len(text) > TEXT_LIMIT:
        raise Refused(field, gettext("Enter %(num)d characters or fewer", num=TEXT_LIMIT))


def _not_before_raised(action: Action, day: date, field: str, label: str) -> None:
    if day < action.raised_on:
        raise Refused(field, gettext(TOO_EARLY[label], day=dates.day(action.raised_on)))
    if field != "due_on" and day > scheme_today():
        raise Refused(field, gettext(IN_THE_FUTURE[label]))
