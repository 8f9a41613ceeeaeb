"""Background work on the rota. Each job is idempotent: run it twice, the effect is the same.

Marking missed visits is naturally so; every email carries a SentNotice key, so a second
run sends nothing. The scheduler (icv/scheduler.py) calls these inside an app context.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext, ngettext

from icv import dates
from icv.dates import financial_quarter
from icv.extensions import db
from icv.language import N_, speaking
from icv.models import TACT_COURSE, Panel, Role, TrainingRecord, User
from icv.rota import planning
from icv.rota.models import (
    Answer,
    OverrideKind,
    Rota,
    ScheduledVisit,
    VisitOverride,
    VisitStatus,
)
from icv.rota.notices import (
    already_sent,
    claim,
    coordinators_of,
    hello,
    my_visit_url,
    page_url,
    send_once,
    visit_line,
    with_link,
)
from icv.rota.status import awaiting_confirmation_query, open_published_query, overdue_query
from icv.rota.unfilled import unfilled_by_panel

REMIND_DAYS_AHEAD = 3
EXPIRY_WARNING_DAYS = 60
DRAFT_LEAD_DAYS = 14


def mark_missed_visits(today: date) -> int:
    """Published visits whose window ended with no report become missed, unless a coordinator
    put the visit back after it was marked missed (their reason is on the visit)."""
    put_back = ScheduledVisit.overrides.any(VisitOverride.kind == OverrideKind.NOT_MISSED)
    count = 0
    for visit in db.session.scalars(overdue_query(today).where(~put_back)):
        if not _has_report(visit):
            visit.status = VisitStatus.MISSED
            count += 1
    db.session.commit()
    return count


def _has_report(visit: ScheduledVisit) -> bool:
    try:
        from icv.visits.models import VisitReport
    except ImportError:  # visit reports not installed: the status alone decides
        return False
    query = sa.select(VisitReport.id).where(VisitReport.scheduled_visit_id == visit.id)
    return db.session.scalar(query) is not None


def _open_published(starts_on: date):
    return open_published_query().where(ScheduledVisit.window_starts_on == starts_on)


def remind_volunteers(today: date) -> int:
    """Each visitor hears three days before their window opens, and on its first morning."""
    sent = 0
    for kind, starts_on in (("ahead", today + timedelta(days=REMIND_DAYS_AHEAD)), ("today", today)):
        for visit in db.session.scalars(_open_published(starts_on)):
            for person in visit.visitors:
                with speaking(person):
                    subject, body = _reminder(visit, person, kind)
                key = f"remind:{kind}:{visit.id}:{person.id}:{visit.window_starts_on}"
                sent += send_once(key, person.email, subject, body)
    return sent


def _reminder(visit: ScheduledVisit, person: User, kind: str) -> tuple[str, str]:
    others = [p.name for p in visit.visitors if p.id != person.id]
    if kind == "today":
        text = gettext("Your custody visit window starts today:")
    else:
        text = gettext("Your custody visit window starts in %(days)s days:", days=REMIND_DAYS_AHEAD)
    body = gettext(
        "%(hello)s\n\n%(text)s\n\n%(visit)s, with %(others)s.\n\n"
        "See it, confirm it or record your agreed time at %(url)s.",
        hello=hello(person),
        text=text,
        visit=visit_line(visit),
        others=", ".join(others),
        url=my_visit_url(visit),
    )
    return gettext("Custody visit reminder"), body


def tell_coordinators(today: date) -> int:
    """Coordinators hear, once a day per panel, about upcoming visits someone cannot make
    or that nobody has confirmed within a week of the window opening, and, once each, about
    published visits still without a full pair (unfilled.py)."""
    by_panel = defaultdict(list)
    for visit in db.session.scalars(awaiting_confirmation_query(today)):
        by_panel[visit.suite.panel].append(lambda visit=visit: _awaiting_line(visit))
    gaps = unfilled_by_panel(today)
    sent = 0
    for panel in sorted(set(by_panel) | set(gaps), key=lambda p: p.id):
        for coordinator in coordinators_of(panel):
            lines, unfilled = by_panel[panel], gaps.get(panel, [])
            sent += _tell_coordinator(coordinator, panel, lines, unfilled, today)
    return sent


def _awaiting_line(visit: ScheduledVisit) -> str:
    """A visit nobody has confirmed yet, or someone cannot make, in the language written."""
    declined = [a.user.name for a in visit.answers if a.answer == Answer.DECLINED]
    if declined:
        state = gettext("%(names)s cannot make it.", names=gettext(" and ").join(declined))
    else:
        state = gettext("not confirmed yet.")
    return with_link(f"{visit_line(visit)}: {state}", "rota.visit", visit_id=visit.id)


def _tell_coordinator(coordinator, panel, writers: list, gaps, today: date) -> bool:
    """`writers` and the gaps' lines write each line in the language of the one reading."""
    fresh = [(f"unfilled:{key}:{coordinator.id}", line) for key, line in gaps]
    fresh = [(key, line) for key, line in fresh if not already_sent(key)]
    if not writers and not fresh:
        return False
    with speaking(coordinator):
        subject, body = _coordinator_message(panel, [w() for w in writers], fresh)
    key = f"coordinators:{panel.id}:{coordinator.id}:{today}"
    covers = [key for key, _ in fresh]
    return send_once(key, coordinator.email, subject, body, covers=covers)


def _coordinator_message(panel, lines: list[str], fresh: list) -> tuple[str, str]:
    parts = []
    if lines:
        heading = gettext("Visits for %(panel)s that need you:", panel=panel.name)
        parts.append(heading + "\n\n" + "\n".join(lines))
    if fresh:
        url = page_url("rota.index", gettext("the Rota page"))
        parts.append(
            gettext("Visits without a full pair (you hear about each once):")
            + "\n\n"
            + "\n".join(line() for _, line in fresh)
            + "\n\n"
            + gettext("Find volunteers for them at %(url)s.", url=url)
        )
    return gettext("Rota: %(panel)s needs you", panel=panel.name), "\n\n".join(parts)


def draft_next_quarter(today: date) -> int:
    """Two weeks before a quarter starts, each panel without a rota for it gets a draft.

    Safe when two runs overlap: a panel's draft is made only by the run that first stores
    the claim "draft:<panel>:<first day>" (sent_notices.key is unique); the other run's
    insert waits for that transaction and then fails, so it leaves the panel alone.
    """
    drafted_for = today + timedelta(days=DRAFT_LEAD_DAYS)
    starts_on, ends_on = financial_quarter(drafted_for)
    if drafted_for != starts_on:
        return 0
    made = 0
    for panel in db.session.scalars(sa.select(Panel).order_by(Panel.id)).all():
        exists = sa.select(Rota.id).where(Rota.panel_id == panel.id, Rota.starts_on == starts_on)
        if not panel.suites or db.session.scalar(exists) is not None:
            continue
        if claim(f"draft:{panel.id}:{starts_on}"):
            planning.generate_draft(panel, starts_on, ends_on)
            made += 1
        db.session.commit()  # the claim and the draft together, panel by panel
    return made


def warn_expiring(today: date) -> int:
    """Admins hear once about each vetting, appointment or TACT training (not renewed in
    time) that ends within 60 days; coordinators about their panels' appointment terms, to
    re-appoint. One email per person per run, listing those not told before, each with a
    link to the person. Returns how many emails were sent."""
    horizon = today + timedelta(days=EXPIRY_WARNING_DAYS)
    tact_ending = sa.select(TrainingRecord.user_id).where(
        TrainingRecord.course_code == TACT_COURSE,
        TrainingRecord.expires_on.between(today, horizon),
    )
    people = db.session.scalars(
        sa.select(User).where(
            User.role == Role.VOLUNTEER,
            User.is_enabled,
            sa.or_(
                User.vetting_expires_on.between(today, horizon),
                User.term_ends_on.between(today, horizon),
                User.id.in_(tact_ending),
            ),
        )
    ).all()
    admins = db.session.scalars(sa.select(User).where(User.role == Role.ADMIN, User.is_enabled))
    ending = [
        (person, what, day)
        for person in people
        for what, day in (
            ("vetting", person.vetting_expires_on),
            ("appointment", person.term_ends_on),
            ("TACT training", _tact_training_ends(person, today)),
        )  # fmt: skip
        if day and today <= day <= horizon
    ]
    sent = sum(_warn_admin(admin, ending, today) for admin in admins)
    return sent + _warn_coordinators_of_terms(ending, today)


def _warn_coordinators_of_terms(ending: list, today: date) -> int:
    """Each panel's coordinators hear about its volunteers' appointment terms ending."""
    terms = defaultdict(list)
    for person, what, day in ending:
        if what == "appointment" and person.panel is not None:
            for coordinator in person.panel.coordinators:
                if coordinator.is_enabled:
                    terms[coordinator].append((person, what, day))
    return sum(_warn_coordinator(coordinator, items, today)
               for coordinator, items in terms.items())  # fmt: skip


def _tact_training_ends(person: User, today: date) -> date | None:
    """The first day without valid TACT training after today (a renewal that follows on
    without a break moves it later); None if it never ends."""
    for _, last_day in planning.tact_spans(person):
        if last_day >= today:
            return None if last_day == date.max else last_day + timedelta(days=1)
    return None


def _fresh(recipient: User, ending: list) -> list:
    """The dates `recipient` has not been told about, each with its notice key."""
    items = [
        (f"expiry:{what}:{person.id}:{day}:{recipient.id}", person, what, day)
        for person, what, day in ending
    ]
    return [item for item in items if not already_sent(item[0])]


# What ends, in words: "- Ann Smith's vetting ends on 3 June 2026."
ENDING_WORDS = {
    "vetting": N_("- %(name)s's vetting ends on %(day)s."),
    "appointment": N_("- %(name)s's appointment ends on %(day)s."),
    "TACT training": N_("- %(name)s's TACT training ends on %(day)s."),
}


def _lines(fresh: list, endpoint: str, argument: str) -> str:
    return "\n".join(
        with_link(gettext(ENDING_WORDS[what], name=person.name, day=dates.day(day)), endpoint,
                  **{argument: person.id})
        for _, person, what, day in fresh
    )  # fmt: skip


def _digest(recipient: User, ending: list, today: date, kind: str, write) -> bool:
    """One email to `recipient` of the dates they were not told about; `write(count, fresh)`
    words it as (subject, body)."""
    fresh = _fresh(recipient, ending)
    if not fresh:
        return False
    with speaking(recipient):
        subject, body = write(len(fresh), fresh)
    covers = [key for key, *_ in fresh]
    key = f"{kind}:{recipient.id}:{today}"
    return send_once(key, recipient.email, subject, body, covers=covers)


def _warn_admin(admin: User, ending: list, today: date) -> bool:
    def write(count: int, fresh: list) -> tuple[str, str]:
        lines = _lines(fresh, "admin.user", "user_id")
        tact = any(what == "TACT training" for _, _, what, _ in fresh)
        if tact:
            ending = ngettext(
                "%(num)d vetting, appointment or TACT training date ends within %(days)s days:",
                "%(num)d vetting, appointment or TACT training dates end within %(days)s days:",
                count,
                days=EXPIRY_WARNING_DAYS,
            )
            subject = gettext(
                "Renew vetting, appointments or TACT training: %(count)s to check", count=count
            )
        else:
            ending = ngettext(
                "%(num)d vetting or appointment date ends within %(days)s days:",
                "%(num)d vetting or appointment dates end within %(days)s days:",
                count,
                days=EXPIRY_WARNING_DAYS,
            )
            subject = gettext("Renew vetting or appointments: %(count)s to check", count=count)
        body = f"{hello(admin)}\n\n{ending}\n\n{lines}\n\n" + gettext(
            "Renew them, or record the new dates, on each person's page. You hear about each once."
        )
        return subject, body

    return _digest(admin, ending, today, "expiry-digest", write)


def _warn_coordinator(coordinator: User, ending: list, today: date) -> bool:
    def write(count: int, fresh: list) -> tuple[str, str]:
        lines = _lines(fresh, "admin.edit_volunteer", "volunteer_id")
        ending = ngettext(
            "%(num)d volunteer appointment term ends within %(days)s days:",
            "%(num)d volunteer appointment terms end within %(days)s days:",
            count,
            days=EXPIRY_WARNING_DAYS,
        )
        body = f"{hello(coordinator)}\n\n{ending}\n\n{lines}\n\n" + gettext(
            "If they are to be re-appointed, record the new term end date on each "
            "volunteer's page. You hear about each once."
        )
        subject = ngettext(
            "Re-appointment: %(num)d term ending", "Re-appointment: %(num)d terms ending", count
        )
        return subject, body

    return _digest(coordinator, ending, today, "term-digest", write)


def chase_police_responses(today: date) -> int:
    """Coordinators hear about follow-up actions sent to the police and still unanswered after
    POLICE_RESPONSE_DAYS days: one email a week per panel while any wait (the admins, when a
    panel has no coordinator). No custody numbers or detainee details in the email."""
    from icv.actions.models import Action, Status

    waited = timedelta(days=current_app.config["POLICE_RESPONSE_DAYS"])
    query = (
        sa.select(Action)
        .where(
            Action.status != Status.CLOSED,
            Action.sent_to_police_on <= today - waited,
            Action.police_response_on.is_(None),
        )
        .order_by(Action.panel_id, Action.sent_to_police_on, Action.id)
    )
    by_panel = defaultdict(list)
    for action in db.session.scalars(query):
        by_panel[action.panel].append(action)
    year, week, _ = today.isocalendar()
    sent = 0
    for panel, actions in by_panel.items():
        for person in coordinators_of(panel):
            with speaking(person):
                subject, body = _police_wait(panel, actions, waited.days, today)
            key = f"police-wait:{panel.id}:{person.id}:{year}-W{week:02d}"
            sent += send_once(key, person.email, subject, body)
    return sent


def _police_wait(panel, actions: list, days: int, today: date) -> tuple[str, str]:
    count = len(actions)
    lines = [
        with_link(_waiting_line(action, today), "actions.show", action_id=action.id)
        for action in actions
    ]
    body = (
        ngettext(
            "%(num)d follow-up action for %(panel)s has waited more than %(days)s days for a "
            "police response:",
            "%(num)d follow-up actions for %(panel)s have waited more than %(days)s days for a "
            "police response:",
            count,
            panel=panel.name,
            days=days,
        )
        + "\n\n"
        + "\n".join(lines)
        + "\n\n"
        + gettext(
            "Chase them, record the response or escalate at %(url)s.\n"
            "You hear about these once a week.",
            url=_actions_url(),
        )
    )
    subject = ngettext(
        "Waiting for the police: %(num)d action, %(panel)s",
        "Waiting for the police: %(num)d actions, %(panel)s",
        count,
        panel=panel.name,
    )
    return subject, body


def _waiting_line(action, today: date) -> str:
    from icv.actions.models import CATEGORY_LABELS

    days = (today - action.sent_to_police_on).days
    category = CATEGORY_LABELS.get(action.category)
    return gettext(
        "- Action %(id)s: %(category)s, %(suite)s. Sent to the police on %(day)s, "
        "%(days)s days ago.",
        id=action.id,
        category=gettext(category) if category else action.category,
        suite=action.suite.name,
        day=dates.day(action.sent_to_police_on),
        days=days,
    )


def _actions_url() -> str:
    return page_url("actions.index", gettext("the Actions page"))
