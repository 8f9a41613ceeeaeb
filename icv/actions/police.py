"""The police's side of an action: who answers for a suite, telling them, and what they read.

A police user (Role.POLICE) answers for suites, not panels. They hear of an action when a
coordinator sends it to them or asks again: by email (with a link) and in the app, always
both, as the email may sit in a shared custody inbox. No message carries a custody number, a
volunteer's name or anything beyond the action's own suite.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import current_app

from icv import policy
from icv.actions.models import CATEGORY_LABELS, Action, ActionResponse, Status
from icv.dates import day
from icv.extensions import db
from icv.figures.measures import CONCERN_MEASURES
from icv.figures.models import report_figures
from icv.mail import send_email
from icv.models import Role, Suite, User, police_suite_links
from icv.notifications.store import keep
from icv.rota.notices import page_url

SUMMARIES_LISTED = 100  # the newest hundred visits
AWAITING_POLICE = (Status.SENT_TO_POLICE, Status.ESCALATED)  # their answer is wanted


def police_for(suite_id: int) -> list[User]:
    """The enabled police users who answer for this suite."""
    query = (
        sa.select(User)
        .join(police_suite_links, police_suite_links.c.user_id == User.id)
        .where(police_suite_links.c.suite_id == suite_id)
        .where(User.role == Role.POLICE, User.is_enabled)
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def tell_police(action: Action, *, again: bool = False) -> list[User]:
    """Email and notify the suite's police users that the action awaits their answer; the
    people told. Notifications join the session: the caller commits."""
    told = police_for(action.suite_id)
    for person in told:
        _email_and_notify(person, *_message(action, person, again))
    return told


def _email_and_notify(person: User, subject: str, body: str) -> None:
    """Both, always: an email may sit unread in a shared inbox. Notifications join the
    session; the caller commits."""
    try:
        send_email(person.email, subject, body, in_app=False)
    except OSError:  # the notification still reaches them in the app
        current_app.logger.exception("Email to user %s not sent", person.id)
    keep(person.email, subject, body)


def _message(action: Action, person: User, again: bool) -> tuple[str, str]:
    category = CATEGORY_LABELS.get(action.category, action.category)
    asked = "asks again for your response to" if again else "asks for your response to"
    subject = f"Action {action.id} at {action.suite.name}: your response is asked for"
    link = page_url("actions.show", "the action's page in the app", action_id=action.id)
    body = (
        f"Hello {person.name},\n\n"
        f"The independent custody visiting scheme {asked} action {action.id}: {category}, "
        f"found at {action.suite.name} on {day(action.raised_on)}.\n\n"
        f"Read it and respond at {link}\n\n"
        f"It is due by {day(action.due_on)}."
    )
    return subject, body


def chasers(action: Action) -> list[User]:
    """Who chases the action for the scheme: its panel's enabled coordinators, or the admins
    when nobody coordinates the panel (the scheme office must hear of it)."""
    people = [person for person in action.panel.coordinators if person.is_enabled]
    if people:
        return people
    admins = sa.select(User).where(User.role == Role.ADMIN, User.is_enabled).order_by(User.id)
    return list(db.session.scalars(admins))


def tell_coordinators(action: Action, answer: ActionResponse) -> list[User]:
    """The police answered: tell whoever chases the action, in the app and by email, so they
    close it or ask again. Like the police's messages: no custody number, no answer text."""
    category = CATEGORY_LABELS.get(action.category, action.category)
    said = "disagree with" if answer.disagrees else "have responded to"
    subject = f"Action {action.id} at {action.suite.name}: the police responded"
    link = page_url("actions.show", "the action's page in the app", action_id=action.id)
    told = chasers(action)
    for person in told:
        body = (
            f"Hello {person.name},\n\n"
            f"The police ({answer.by.name}) {said} action {action.id}: {category}, found at "
            f"{action.suite.name} on {day(action.raised_on)}.\n\n"
            f"Read their response, then close the action or ask again, at {link}"
        )
        _email_and_notify(person, subject, body)
    return told


def awaiting(user: User) -> list[Action]:
    """Actions of the user's suites waiting for the police's answer, soonest due first."""
    query = (
        policy.actions_query(user)
        .where(Action.status.in_(AWAITING_POLICE))
        .order_by(Action.due_on, Action.id)
    )
    return list(db.session.scalars(query))


@dataclass(frozen=True)
class VisitSummary:
    """What a visit found, for the police: no names, no custody numbers, no free text."""

    arrived_at: datetime
    suite: str
    in_custody: int
    interviewed: int
    declined: int
    unavailable: int
    wanting: list[str]  # the suite conditions the visitors found wanting


def visit_summaries(user: User) -> list[VisitSummary]:
    """The newest visits to the user's suites (police only; anyone else sees none)."""
    suite_ids = policy.police_suite_ids(user)
    if not suite_ids:
        return []
    figures = report_figures.c
    query = (
        sa.select(report_figures, Suite.name.label("suite_name"))
        .join(Suite, Suite.id == figures.suite_id)
        .where(figures.suite_id.in_(sorted(suite_ids)))
        .order_by(figures.arrived_at.desc(), figures.report_id.desc())
        .limit(SUMMARIES_LISTED)
    )
    return [_summary(row._mapping) for row in db.session.execute(query)]


def _summary(row) -> VisitSummary:
    return VisitSummary(
        arrived_at=row["arrived_at"],
        suite=row["suite_name"],
        in_custody=row["detainees_in_custody"],
        interviewed=row["detainees_interviewed"],
        declined=row["detainees_declined"],
        unavailable=row["detainees_unavailable"],
        wanting=[label for name, label in CONCERN_MEASURES.items() if row[name]],
    )
