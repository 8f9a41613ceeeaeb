"""The daily reminder about overdue actions: each action at most once a day, to the people
who chase it (its panel's coordinators; the admins when a panel has none), and, while it
waits for the police's answer, to its suite's police users directly.

An action is claimed for the day with a conditional UPDATE before any email goes, so two
runs at once (or a rerun after a crash) never remind twice; if no email about it could be
sent, the claim is released and the next run tries again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext, ngettext

from icv.actions import notes
from icv.actions.models import Action, ActionEvent, category_label, status_label
from icv.actions.police import AWAITING_POLICE, chasers, police_for
from icv.actions.workflow import overdue_clause
from icv.dates import day, utcnow
from icv.extensions import db
from icv.language import speaking
from icv.mail import send_email
from icv.models import Role, User
from icv.rota.notices import page_url, with_link


def remind_overdue_actions(today: date) -> int:
    """Email about actions overdue on `today` not yet reminded today; returns how many."""
    claimed = [action for action in _overdue_unreminded(today) if _claim(action, today)]
    db.session.commit()
    reached: dict[int, list[User]] = defaultdict(list)
    for person, actions in _by_recipient(claimed).items():
        if _send(person, actions, today):
            for action in actions:
                reached[action.id].append(person)
    for action in claimed:
        if reached[action.id]:
            names = ", ".join(sorted(p.name for p in reached[action.id]))
            db.session.add(
                ActionEvent(action=action, kind="reminded", at=utcnow(),
                            note=notes.written(notes.REMINDED, names=names))
            )  # fmt: skip
        else:
            _release(action, today)
    db.session.commit()
    return sum(1 for action in claimed if reached[action.id])


def _overdue_unreminded(today: date) -> list[Action]:
    query = (
        sa.select(Action)
        .where(overdue_clause(today))
        .where(sa.or_(Action.last_reminded_on.is_(None), Action.last_reminded_on < today))
        .order_by(Action.panel_id, Action.due_on, Action.id)
    )
    return list(db.session.scalars(query))


def _claim(action: Action, today: date) -> bool:
    """Mark it reminded today, unless another run already did (then it is not ours)."""
    result = db.session.execute(
        sa.update(Action)
        .where(Action.id == action.id)
        .where(sa.or_(Action.last_reminded_on.is_(None), Action.last_reminded_on < today))
        .values(last_reminded_on=today)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def _release(action: Action, today: date) -> None:
    db.session.execute(
        sa.update(Action)
        .where(Action.id == action.id, Action.last_reminded_on == today)
        .values(last_reminded_on=None)
        .execution_options(synchronize_session=False)
    )


def _by_recipient(actions: list[Action]) -> dict[User, list[Action]]:
    grouped: dict[User, list[Action]] = defaultdict(list)
    for action in actions:
        people = chasers(action)
        if action.status in AWAITING_POLICE:
            people = [*people, *police_for(action.suite_id)]
        for person in people:
            grouped[person].append(action)
    return grouped


def _send(person: User, actions: list[Action], today: date) -> bool:
    with speaking(person):  # in the reader's language
        subject, body = _reminder(person, actions, today)
    try:
        send_email(person.email, subject, body)
    except OSError:
        current_app.logger.exception("Overdue reminder to user %s not sent; will retry", person.id)
        return False
    return True


def _reminder(person: User, actions: list[Action], today: date) -> tuple[str, str]:
    # No custody numbers or detainee details in email: only what finds the action.
    lines = "\n".join(
        with_link(_line(action, today), "actions.show", action_id=action.id) for action in actions
    )
    count = len(actions)
    todo = (
        gettext("Respond to them in the app: follow each link.")
        if person.role == Role.POLICE
        else gettext(
            "Record the police response, escalate or close them at %(link)s.", link=_actions_url()
        )
    )
    overdue = ngettext(
        "%(num)d follow-up action is overdue:", "%(num)d follow-up actions are overdue:", count
    )
    body = (
        f"{gettext('Hello %(name)s,', name=person.name)}\n\n{overdue}\n\n{lines}\n\n{todo}\n"
        + gettext("You get this reminder at most once a day for each overdue action.")
    )
    subject = ngettext(
        "%(num)d overdue follow-up action", "%(num)d overdue follow-up actions", count
    )
    return subject, body


def _line(action: Action, today: date) -> str:
    late = (today - action.due_on).days
    status = status_label(action.status) if action.status else ""
    return "- " + ngettext(
        "Action %(id)s: %(category)s, %(suite)s (%(panel)s). Due %(due)s, %(num)d day late. "
        "%(status)s.",
        "Action %(id)s: %(category)s, %(suite)s (%(panel)s). Due %(due)s, %(num)d days late. "
        "%(status)s.",
        late,
        id=action.id,
        category=category_label(action.category),
        suite=action.suite.name,
        panel=action.panel.name,
        due=day(action.due_on),
        status=status,
    )


def _actions_url() -> str:
    label = gettext("the Actions page (choose Overdue only)")
    return page_url("actions.index", label, overdue="yes")
