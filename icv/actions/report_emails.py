"""Each visit report received, summarised by email to its suite's police users, concerns first
(Devon & Cornwall's practice): a scheme setting admins turn on (POLICE_REPORT_EMAILS).

The summary is written while the report is stored (icv.visits.events) and sent once it has
committed, so a report the database refused is never announced. Like every police message it
carries no custody number, no volunteer's name and no detainee's words: concerns about people
are counted, with a link to read them in the app.
"""

from __future__ import annotations

from collections import Counter

from flask import current_app
from flask_babel import gettext, ngettext
from sqlalchemy import event
from sqlalchemy.orm import Session

from icv.actions import notes
from icv.actions.intake import concerns_in
from icv.actions.models import Category, category_label
from icv.actions.police import police_for
from icv.dates import day, time_of_day
from icv.extensions import db
from icv.language import N_, speaking
from icv.mail import send_email
from icv.models import POLICE_REPORT_EMAILS, setting_is_on
from icv.rota.notices import page_url
from icv.visits.events import report_stored
from icv.visits.models import VisitReport

OUTBOX = "icv_police_report_emails"  # in Session.info: (to, subject, body) sent after commit
ABOUT_THE_SUITE = (Category.SUITE_CONDITION, Category.ACCESS_DELAY)
OUTCOMES = (("interviewed", N_("Interviewed")), ("declined", N_("Declined a visit")),
            ("unavailable", N_("Unavailable")))  # fmt: skip


@report_stored.connect
def _summarise_for_police(report: VisitReport, **_signal) -> None:
    if not setting_is_on(POLICE_REPORT_EMAILS):
        return
    people = police_for(report.suite_id)
    if not people:
        return
    outbox = db.session.info.setdefault(OUTBOX, [])
    for person in people:
        with speaking(person):  # each in their own language
            subject, text = summary(report)
            greeting = gettext("Hello %(name)s,", name=person.name)
        outbox.append((person.email, subject, f"{greeting}\n\n{text}"))


def summary(report: VisitReport) -> tuple[str, str]:
    """The subject and the body (after the greeting): what needs their attention, then the
    visit's headcount and outcomes."""
    concerns = concerns_in(report)
    about_suite = [c.detail for c in concerns if c.kind in ABOUT_THE_SUITE]
    about_people = Counter(c.kind for c in concerns if c.kind not in ABOUT_THE_SUITE)
    suite, on = report.suite.name, day(report.arrived_at)
    count = len(concerns)
    subject = (
        ngettext(
            "Visit to %(suite)s on %(day)s: %(num)d concern",
            "Visit to %(suite)s on %(day)s: %(num)d concerns",
            count,
            suite=suite,
            day=on,
        )
        if count
        else gettext("Visit to %(suite)s on %(day)s: no concerns", suite=suite, day=on)
    )
    visited = gettext(
        "Custody visitors visited %(suite)s on %(day)s at %(time)s.",
        suite=suite,
        day=on,
        time=time_of_day(report.arrived_at),
    )
    lines = [visited, "", gettext("Concerns:")]
    lines += [f"- {notes.summary_shown(detail)}" for detail in about_suite]
    lines += [f"- {category_label(kind)}: {about_people[kind]}" for kind in Category
              if about_people[kind]]  # fmt: skip
    if about_people:
        link = page_url("actions.index", gettext("the Actions page in the app"))
        lines.append(
            gettext("Concerns about people (with their custody numbers) are at %(link)s", link=link)
        )
    if not concerns:
        lines.append("- " + gettext("None."))
    outcomes = Counter(row.outcome for row in report.detainees)
    in_custody = gettext("In custody")
    lines += ["", gettext("The visit:"), f"- {in_custody}: {report.detainees_in_custody}"]
    lines += [f"- {gettext(label)}: {outcomes[code]}" for code, label in OUTCOMES]
    visits = page_url("actions.visit_summaries", gettext("Visits in the app"))
    lines += ["", gettext("Every visit to your suites is summarised at %(link)s", link=visits)]
    return subject, "\n".join(lines)


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    for to, subject, body in session.info.pop(OUTBOX, []):
        try:
            # Never kept in the app instead: no SQL after a commit, and their Visits page
            # shows every summary anyway.
            send_email(to, subject, body, in_app=False)
        except OSError:  # the report is stored; the summary is also on their Visits page
            current_app.logger.exception("Visit summary email to the police not sent")


@event.listens_for(Session, "after_rollback")
def _drop_after_rollback(session: Session) -> None:
    session.info.pop(OUTBOX, None)
