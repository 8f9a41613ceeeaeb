"""The daily reminder of Reviewer's copies not sent: each panel's coordinators (the admins
when a panel has none) hear, by email and in the app, about the copies of their panels not
sent TACT_COPY_REMINDER_DAYS after the report came in; each person at most once a day.

A person's reminder is claimed for the day (a SentNotice key) before anything is sent, so
two runs at once, or a rerun after a crash, never remind twice; if the email cannot be sent,
the claim is released and the next run tries again.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext, ngettext

from icv.dates import day, scheme_date, start_of_day
from icv.extensions import db
from icv.language import speaking
from icv.mail import send_email
from icv.models import User
from icv.notifications.store import keep
from icv.rota.models import SentNotice
from icv.rota.notices import claim, coordinators_of, hello, with_link
from icv.tact.copies import outstanding_since
from icv.tact.models import ReviewerCopy


def remind_unsent_copies(today: date) -> int:
    """Remind whoever has copies overdue on `today`; returns how many people were reminded."""
    days = current_app.config["TACT_COPY_REMINDER_DAYS"]
    # Received on `today - days` or before: `days` whole days have gone by unsent.
    overdue = db.session.scalars(outstanding_since(start_of_day(today - timedelta(days=days - 1))))
    reminded = 0
    for person, copies in _by_recipient(overdue).items():
        key = f"reviewer-copies:{person.id}:{today.isoformat()}"
        if claim(key):
            reminded += _send(person, copies, today, key)
    return reminded


def _by_recipient(copies) -> dict[User, list[ReviewerCopy]]:
    grouped: dict[User, list[ReviewerCopy]] = defaultdict(list)
    for copy in copies:
        for person in coordinators_of(copy.report.suite.panel):
            grouped[person].append(copy)
    return grouped


def _send(person: User, copies: list[ReviewerCopy], today: date, key: str) -> int:
    with speaking(person):
        subject, body = _message(person, copies, today)
    try:
        send_email(person.email, subject, body, in_app=False)
    except OSError:
        current_app.logger.exception("Copy reminder to user %s not sent; will retry", person.id)
        db.session.execute(sa.delete(SentNotice).where(SentNotice.key == key))
        db.session.commit()
        return 0
    keep(person.email, subject, body)
    db.session.commit()
    return 1


def _message(person: User, copies: list[ReviewerCopy], today: date) -> tuple[str, str]:
    # Only what finds the copy: no custody numbers or answers in email.
    lines = "\n".join(
        with_link(_line(copy, today), "visits.show", report_uuid=copy.report.uuid,
                  _anchor="reviewer-copy")
        for copy in copies
    )  # fmt: skip
    count = len(copies)
    subject = ngettext(
        "%(num)d Reviewer's copy of TACT reports not sent",
        "%(num)d Reviewer's copies of TACT reports not sent",
        count,
    )
    not_sent = ngettext(
        "%(num)d copy of visit reports with a person held under the Terrorism Act has not been "
        "recorded as sent to the Independent Reviewer of Terrorism Legislation:",
        "%(num)d copies of visit reports with a person held under the Terrorism Act have not "
        "been recorded as sent to the Independent Reviewer of Terrorism Legislation:",
        count,
    )
    body = f"{hello(person)}\n\n{not_sent}\n\n{lines}\n\n" + gettext(
        "Download each copy from the report's page, send it, then record it as sent there.\n"
        "You get this reminder at most once a day."
    )
    return subject, body


def _line(copy: ReviewerCopy, today: date) -> str:
    report = copy.report
    waited = (today - scheme_date(copy.created_at)).days
    return ngettext(
        "- %(reference)s: visit to %(suite)s on %(day)s, received %(num)d day ago.",
        "- %(reference)s: visit to %(suite)s on %(day)s, received %(num)d days ago.",
        waited,
        reference=copy.reference,
        suite=report.suite.name,
        day=day(report.arrived_at),
    )
