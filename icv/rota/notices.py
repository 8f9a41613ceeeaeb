"""Email about the rota, each message at most once (a SentNotice row per message key).

Messages go only to the people concerned: a volunteer hears about their own visits, a
coordinator about their panels' visits. Someone taken off a visit hears only that they are
off it, never who takes their place. With no SMTP server, icv.mail keeps each message as
the recipient's in-app notification.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from types import SimpleNamespace

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext
from sqlalchemy.exc import IntegrityError

from icv.audit.models import AuditEvent
from icv.dates import date_range, day
from icv.extensions import db
from icv.language import speaking
from icv.links import public_url
from icv.mail import send_email
from icv.models import Panel, Role, User
from icv.rota.models import Rota, ScheduledVisit, SentNotice, VisitAnswer, VisitStatus
from icv.rota.status import band_words
from icv.rota.words import weekday


def claim(*keys: str) -> bool:
    """Store these keys in the caller's transaction; False if any was stored before (by
    another run too: the insert waits for that run's transaction, then fails)."""
    try:
        with db.session.begin_nested():
            db.session.add_all(SentNotice(key=k) for k in keys)
    except IntegrityError:
        return False
    return True


def send_once(key: str, to: str, subject: str, body: str, *, covers: Iterable[str] = ()) -> bool:
    """Send unless a message with this key was sent before; True if sent now. `covers`: keys
    of things the message reports, marked told with it (so it mentions them only once)."""
    keys = [key, *covers]
    if not claim(*keys):
        return False
    try:
        send_email(to, subject, body)
    except OSError:
        current_app.logger.exception("Could not send %s to %s; will try again", key, to)
        db.session.query(SentNotice).filter(SentNotice.key.in_(keys)).delete()
        return False
    db.session.commit()
    return True


def already_sent(key: str) -> bool:
    return db.session.scalar(sa.select(SentNotice.id).where(SentNotice.key == key)) is not None


def visit_words(visit) -> str:
    """The suite and the window, like "Colindale: 6 to 12 April 2026"."""
    window = date_range(visit.window_starts_on, visit.window_ends_on)
    if visit.window_starts_on == visit.window_ends_on:
        window = f"{day(visit.window_starts_on, weekday=True)}, {band_words(visit.band)}"
    return f"{visit.suite.name}: {window}"


def visit_line(visit) -> str:
    return f"- {visit_words(visit)}"


def when_line(visit) -> str:
    """visit_line with the suggested day and band of a week-long window."""
    line = visit_line(visit)
    if visit.window_starts_on != visit.window_ends_on and visit.planned_on and visit.band:
        suggested = f"{weekday(visit.planned_on)} {band_words(visit.band)}"
        line += " " + gettext("(suggested: %(when)s)", when=suggested)
    return line


def as_it_is(visit) -> SimpleNamespace:
    """What a visit's pair can see of it now (to tell them later what it was, in their own
    language, after it moves)."""
    return SimpleNamespace(
        suite=visit.suite,
        window_starts_on=visit.window_starts_on,
        window_ends_on=visit.window_ends_on,
        planned_on=visit.planned_on,
        band=visit.band,
    )


def my_visits_url() -> str:
    return page_url("rota.mine", gettext("the My visits page"))


def my_visit_url(visit) -> str:
    """The volunteer's own visit: its card on My visits."""
    return page_url("rota.mine", gettext("the My visits page"), _anchor=f"visit-{visit.id}")


def with_link(line: str, endpoint: str, **values) -> str:
    """`line`, followed by the page's address when one can be built."""
    address = public_url(endpoint, **values)
    return f"{line} {address}" if address else line


def visit_page_url(visit) -> str:
    return page_url("rota.visit", gettext("the visit's page in the rota"), visit_id=visit.id)


def page_url(endpoint: str, fallback: str, **values) -> str:
    """The page's full address, or `fallback` (its name) when there is no BASE_URL to build
    it on outside a request."""
    return public_url(endpoint, **values) or fallback


def coordinators_of(panel: Panel) -> list[User]:
    """Who hears about a panel's rota: its coordinators, or the admins if it has none."""
    people = [person for person in panel.coordinators if person.is_enabled]
    if people:
        return people
    query = sa.select(User).where(User.role == Role.ADMIN, User.is_enabled).order_by(User.id)
    return list(db.session.scalars(query))


def last_change(visit: ScheduledVisit) -> int:
    """The audit event id of the visit's latest change: each change's notices get their
    own keys, so moving a visit there and back again tells the pair both times."""
    query = sa.select(sa.func.max(AuditEvent.id)).where(
        AuditEvent.object_type == "scheduled_visit", AuditEvent.object_id == str(visit.id)
    )
    return db.session.scalar(query) or 0


def visits_by_person(rota: Rota) -> dict:
    """Who is on the rota's visits (cancelled ones aside), and on which: whom publishing tells."""
    by_person = defaultdict(list)
    for visit in rota.visits:
        if visit.status != VisitStatus.CANCELLED:
            for person in visit.visitors:
                by_person[person].append(visit)
    return by_person


def hello(person) -> str:
    return gettext("Hello %(name)s,", name=person.name)


def notify_published(rota: Rota) -> int:
    """Tell each volunteer on the published rota about their own visits."""
    sent = 0
    for person, visits in visits_by_person(rota).items():
        with speaking(person):
            lines = "\n".join(visit_line(v) for v in visits)
            body = gettext(
                "%(hello)s\n\nYour custody visits for %(panel)s are:\n\n%(lines)s\n\n"
                "Please confirm each one, or tell us if you cannot make it, at %(url)s.\n\n"
                "Keep these dates to yourself: visits are unannounced.",
                hello=hello(person),
                panel=rota.panel.name,
                lines=lines,
                url=my_visits_url(),
            )
            subject = gettext("Your custody visits")
        key = f"published:{rota.id}:{person.id}"
        sent += send_once(key, person.email, subject, body)
    return sent


def tell_each(people, key: str, write) -> int:
    """Send `write(person)`, a (subject, body) written in the person's language, to each
    person once (their id ends the key); how many were sent."""
    sent = 0
    for person in people:
        with speaking(person):
            subject, body = write(person)
        sent += send_once(f"{key}:{person.id}", person.email, subject, body)
    return sent


def notify_cancelled(visit) -> int:
    """Tell both visitors that a published visit is cancelled, and why (once per person)."""
    return tell_each(
        visit.visitors,
        f"cancelled:{visit.id}",
        lambda person: (
            gettext("Custody visit cancelled"),
            gettext(
                "%(hello)s\n\nThis custody visit is cancelled (%(reason)s):\n\n%(visit)s\n\n"
                "You do not need to go. Your other visits are at %(url)s.",
                hello=hello(person),
                reason=visit.cancel_reason or gettext("no reason given"),
                visit=visit_line(visit),
                url=my_visits_url(),
            ),
        ),
    )


def _partner_names(visit, person) -> str:
    return gettext(" and ").join(p.name for p in visit.visitors if p.id != person.id)


def _tell_new_visitors(visit, people, change: str) -> int:
    return tell_each(
        people,
        f"joined:{visit.id}:{change}",
        lambda person: (
            gettext("New custody visit"),
            gettext(
                "%(hello)s\n\nYou have a new custody visit for %(panel)s:\n\n%(visit)s, with "
                "%(partner)s.\n\nPlease confirm it, or tell us if you cannot make it, at "
                "%(url)s.\n\nKeep this date to yourself: visits are unannounced.",
                hello=hello(person),
                panel=visit.suite.panel.name,
                visit=when_line(visit),
                partner=_partner_names(visit, person),
                url=my_visits_url(),
            ),
        ),
    )


def notify_added(visit: ScheduledVisit) -> int:
    """Tell both visitors of a visit added to a published rota (call after your commit)."""
    return _tell_new_visitors(visit, visit.visitors, f"added-{last_change(visit)}")


def notify_swapped(visit: ScheduledVisit, leaving: User, joining: User) -> int:
    """After a swap on a published visit: the one joining hears they have a new visit, the
    one leaving that they are off it (not who replaces them), the partner who is with them."""
    change = f"swap-{last_change(visit)}"
    sent = _tell_new_visitors(visit, [joining], change)
    sent += tell_each(
        [leaving],
        f"left:{visit.id}:{change}",
        lambda person: (
            gettext("You are no longer on a custody visit"),
            gettext(
                "%(hello)s\n\nYou are no longer on this custody visit:\n\n%(visit)s\n\n"
                "You do not need to go. Your other visits are at %(url)s.",
                hello=hello(person),
                visit=visit_line(visit),
                url=my_visits_url(),
            ),
        ),
    )
    return sent + tell_each(
        [p for p in visit.visitors if p.id != joining.id],
        f"partner:{visit.id}:{change}",
        lambda person: (
            gettext("Your custody visit has a new co-visitor"),
            gettext(
                "%(hello)s\n\nYou now visit with %(name)s:\n\n%(visit)s\n\nAny time you "
                "had agreed has been cleared: agree one with %(name)s and record it at %(url)s.",
                hello=hello(person),
                name=joining.name,
                visit=when_line(visit),
                url=my_visits_url(),
            ),
        ),
    )


def notify_moved(visit: ScheduledVisit, before) -> int:
    """Tell both visitors a published visit moved from `before` (as_it_is() then)."""
    with speaking(None):
        if when_line(before) == when_line(visit):
            return 0  # nothing they can see changed
    return tell_each(
        visit.visitors,
        f"moved:{visit.id}:{last_change(visit)}",
        lambda person: (
            gettext("Your custody visit has moved"),
            gettext(
                "%(hello)s\n\nYour custody visit has moved.\n\nWas:\n%(before)s\n\n"
                "Now:\n%(visit)s, with %(partner)s.\n\nAny time you had agreed has been "
                "cleared: agree a new one and confirm at %(url)s.",
                hello=hello(person),
                before=when_line(before),
                visit=when_line(visit),
                partner=_partner_names(visit, person),
                url=my_visits_url(),
            ),
        ),
    )


def notify_declined(visit: ScheduledVisit, answer: VisitAnswer) -> int:
    """Tell the panel's coordinators at once that a visitor cannot make a visit, with a link
    to the visit's page, where replacements who obey every rule are offered."""
    person = answer.user
    return tell_each(
        coordinators_of(visit.suite.panel),
        f"declined:{visit.id}:{person.id}:{answer.answered_at:%Y%m%d%H%M%S%f}",
        lambda coordinator: (
            gettext(
                "Rota: %(name)s cannot make a visit to %(suite)s",
                name=person.name,
                suite=visit.suite.name,
            ),
            gettext(
                "%(hello)s\n\n%(name)s cannot make this custody visit:\n\n%(visit)s\n\n"
                "See who could replace them, and swap someone in, at %(url)s.",
                hello=hello(coordinator),
                name=person.name,
                visit=visit_line(visit),
                url=visit_page_url(visit),
            ),
        ),
    )
