"""Ad-hoc TACT visits: when the police say someone is held under the Terrorism Act, a
coordinator calls a visit at short notice to a TACT-designated suite of their panel, with two
volunteers whose TACT training is valid that day (the rota's own rules check it), and every
TACT-trained volunteer of the panel hears of it, by email and in the app."""

from __future__ import annotations

from datetime import date

from flask import current_app
from flask_babel import gettext

from icv import policy
from icv.dates import day
from icv.extensions import db
from icv.language import speaking
from icv.mail import send_email
from icv.models import Suite, User
from icv.notifications.store import keep
from icv.rota.editing import add_ad_hoc_visit
from icv.rota.models import ScheduledVisit
from icv.rota.notices import hello, my_visit_url, my_visits_url
from icv.rota.planning import as_volunteer, panel_volunteers
from icv.rota.rules import tact_trained_for
from icv.rota.schedule import Window

REASON = "Ad-hoc TACT visit called at short notice"
DAYS_AHEAD = 7  # how far ahead "short notice" reaches


def tact_suites(user: User) -> list[Suite]:
    """The TACT-designated suites of the panels the user manages."""
    query = policy.suites_query(user).where(Suite.tact_designated).order_by(Suite.name)
    return list(db.session.scalars(query))


def trained_volunteers(panel_ids, on: date) -> list[User]:
    """The panels' volunteers whose TACT training is valid on `on`, by name."""
    window = Window(on, on)
    people = [p for panel_id in panel_ids for p in panel_volunteers(panel_id)]
    trained = [p for p in people if tact_trained_for(as_volunteer(p), window)]
    return sorted(trained, key=lambda person: (person.name, person.id))


def call_visit(suite: Suite, on: date, pair: list[User], by: User):
    """Add the visit and tell the panel's trained volunteers; (visit, told) or (None, problems)."""
    visit, problems = add_ad_hoc_visit(suite, on, pair, REASON, by)
    if visit is None:
        return None, problems
    db.session.commit()
    told = tell_trained_volunteers(visit)
    db.session.commit()
    return visit, told


def tell_trained_volunteers(visit: ScheduledVisit) -> int:
    """Email and notify each TACT-trained volunteer of the panel; how many were told."""
    people = trained_volunteers([visit.suite.panel_id], visit.window_starts_on)
    for person in people:
        with speaking(person):
            subject, body = _message(visit, person)
        try:
            send_email(person.email, subject, body, in_app=False)
        except OSError:  # the notification still reaches them in the app
            current_app.logger.exception("Ad-hoc TACT visit email to user %s not sent", person.id)
        keep(person.email, subject, body)
    return len(people)


def _message(visit: ScheduledVisit, person: User) -> tuple[str, str]:
    suite, on = visit.suite.name, day(visit.window_starts_on)
    where = gettext(
        "%(suite)s on %(day)s", suite=suite, day=day(visit.window_starts_on, weekday=True)
    )
    if person in visit.visitors:
        partner = next(p.name for p in visit.visitors if p.id != person.id)
        subject = gettext("You are on an ad-hoc TACT visit: %(where)s", where=where)
        text = gettext(
            "Someone held under the Terrorism Act is at %(suite)s. Your coordinator "
            "has asked you and %(partner)s to visit on %(day)s.\n\n"
            "See the visit and confirm it: %(url)s",
            suite=suite,
            partner=partner,
            day=on,
            url=my_visit_url(visit),
        )
    else:
        subject = gettext("Ad-hoc TACT visit called: %(where)s", where=where)
        text = gettext(
            "Someone held under the Terrorism Act is at %(suite)s, and your "
            "coordinator has called a visit on %(day)s. You are not "
            "on it; your coordinator may ask you to stand in.\n\n"
            "Your visits: %(url)s",
            suite=suite,
            day=on,
            url=my_visits_url(),
        )
    return subject, f"{hello(person)}\n\n{text}\n"


def chosen_pair(panel_id: int, ids: list[str], on: date) -> list[User] | None:
    """The two chosen volunteers, if they are TACT-trained volunteers of the suite's panel."""
    offered = {str(p.id): p for p in trained_volunteers([panel_id], on)}
    if len(ids) != 2 or not all(i in offered for i in ids):
        return None
    return [offered[i] for i in ids]
