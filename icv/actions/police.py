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
from flask_babel import gettext

from icv import policy
from icv.actions.models import Action, ActionResponse, Status, category_label
from icv.dates import day
from icv.extensions import db
from icv.figures.measures import CONCERN_MEASURES
from icv.figures.models import report_figures
from icv.language import speaking
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
        with speaking(person):  # each in their own language
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
    words = {
        "id": action.id,
        "suite": action.suite.name,
        "category": category_label(action.category),
        "raised": day(action.raised_on),
    }
    asked = (
        gettext(
            "The independent custody visiting scheme asks again for your response to action "
            "%(id)s: %(category)s, found at %(suite)s on %(raised)s.",
            **words,
        )
        if again
        else gettext(
            "The independent custody visiting scheme asks for your response to action "
            "%(id)s: %(category)s, found at %(suite)s on %(raised)s.",
            **words,
        )
    )
    subject = gettext("Action %(id)s at %(suite)s: your response is asked for", **words)
    link = page_url("actions.show", gettext("the action's page in the app"), action_id=action.id)
    body = "\n\n".join([
        gettext("Hello %(name)s,", name=person.name),
        asked,
        gettext("Read it and respond at %(link)s", link=link),
        gettext("It is due by %(day)s.", day=day(action.due_on)),
    ])  # fmt: skip
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
    told = chasers(action)
    for person in told:
        with speaking(person):  # each in their own language
            _email_and_notify(person, *_answered(action, answer, person))
    return told


def _answered(action: Action, answer: ActionResponse, person: User) -> tuple[str, str]:
    words = {
        "id": action.id,
        "suite": action.suite.name,
        "category": category_label(action.category),
        "raised": day(action.raised_on),
        "officer": answer.by.name,
    }
    said = (
        gettext(
            "The police (%(officer)s) disagree with action %(id)s: %(category)s, found at "
            "%(suite)s on %(raised)s.",
            **words,
        )
        if answer.disagrees
        else gettext(
            "The police (%(officer)s) have responded to action %(id)s: %(category)s, found at "
            "%(suite)s on %(raised)s.",
            **words,
        )
    )
    subject = gettext("Action %(id)s at %(suite)s: the police responded", **words)
    link = page_url("actions.show", gettext("the action's page in the app"), action_id=action.id)
    body = "\n\n".join([
        gettext("Hello %(name)s,", name=person.name),
        said,
        gettext("Read their response, then close the action or ask again, at %(link)s", link=link),
    ])  # fmt: skip
    return subject, body


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
        # The conditions' labels are kept in English by icv.visits: shown in the page's language.
        wanting=[gettext(str(label)) for name, label in CONCERN_MEASURES.items() if row[name]],
    )
