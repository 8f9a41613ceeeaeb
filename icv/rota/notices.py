"""Email about the rota, each message at most once (a SentNotice row per message key).

Messages go only to the people concerned: a volunteer hears about their own visits, a
coordinator about their panels' visits.
"""

from __future__ import annotations

from collections import defaultdict

from flask import current_app, url_for
from sqlalchemy.exc import IntegrityError

from icv.extensions import db
from icv.mail import send_email
from icv.rota.models import Rota, SentNotice, VisitStatus


def send_once(key: str, to: str, subject: str, body: str) -> bool:
    """Send unless a message with this key was sent before; True if sent now."""
    try:
        with db.session.begin_nested():
            db.session.add(SentNotice(key=key))
    except IntegrityError:
        return False
    try:
        send_email(to, subject, body)
    except OSError:
        current_app.logger.exception("Could not send %s to %s; will try again", key, to)
        db.session.query(SentNotice).filter_by(key=key).delete()
        return False
    db.session.commit()
    return True


def visit_line(visit) -> str:
    window = f"{visit.window_starts_on:%a %-d %b} to {visit.window_ends_on:%a %-d %b %Y}"
    if visit.window_starts_on == visit.window_ends_on:
        window = f"{visit.window_starts_on:%a %-d %b %Y}, {visit.band}"
    return f"- {visit.suite.name}: {window}"


def my_visits_url() -> str:
    try:
        return url_for("rota.mine", _external=True)
    except RuntimeError:  # no request: a background job without SERVER_NAME
        return "the My visits page"


def notify_published(rota: Rota) -> int:
    """Tell each volunteer on the published rota about their own visits."""
    by_person = defaultdict(list)
    for visit in rota.visits:
        if visit.status != VisitStatus.CANCELLED:
            for person in visit.visitors:
                by_person[person].append(visit)
    sent = 0
    for person, visits in by_person.items():
        lines = "\n".join(visit_line(v) for v in visits)
        body = (
            f"Hello {person.name},\n\nYour custody visits for {rota.panel.name} are:\n\n"
            f"{lines}\n\nPlease confirm each one, or tell us if you cannot make it, at "
            f"{my_visits_url()}.\n\nKeep these dates to yourself: visits are unannounced."
        )
        key = f"published:{rota.id}:{person.id}"
        sent += send_once(key, person.email, "Your custody visits", body)
    return sent


def notify_cancelled(visit) -> int:
    """Tell both visitors that a published visit is cancelled, and why (once per person)."""
    sent = 0
    for person in visit.visitors:
        body = (
            f"Hello {person.name},\n\nThis custody visit is cancelled "
            f"({visit.cancel_reason or 'no reason given'}):\n\n{visit_line(visit)}\n\n"
            f"You do not need to go. Your other visits are at {my_visits_url()}."
        )
        key = f"cancelled:{visit.id}:{person.id}"
        sent += send_once(key, person.email, "Custody visit cancelled", body)
    return sent
