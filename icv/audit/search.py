"""Finding audit events by who, what, kind of record and date; the CSV of what was found."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext, pgettext

from icv import paging
from icv.audit.models import AuditEvent
from icv.dates import iso, start_of_day
from icv.extensions import db
from icv.models import User
from icv.paging import Page
from icv.spreadsheets import csv_text

SYSTEM = "system"  # the actor filter's value for events with no user (jobs, command line)
PAGE_SIZE = 50
CSV_LIMIT = 100_000


def csv_header() -> list[str]:
    """The CSV's column names: codes in English; words in Welsh, when the page is Welsh."""
    return [
        pgettext("audit CSV", "id"),
        pgettext("audit CSV", "at"),
        pgettext("audit CSV", "actor_id"),
        pgettext("audit CSV", "actor"),
        pgettext("audit CSV", "action"),
        pgettext("audit CSV", "object_type"),
        pgettext("audit CSV", "object_id"),
        pgettext("audit CSV", "summary"),
        pgettext("audit CSV", "request_id"),
    ]


@dataclass(frozen=True)
class Filters:
    actor: str | None = None  # a user id as text, SYSTEM, or None for anyone
    action: str | None = None
    object_type: str | None = None
    starts_on: date | None = None  # days in Europe/London, both inclusive
    ends_on: date | None = None

    def described(self) -> str:
        """Which filters were used (names and values are ids and codes, never personal data)."""
        chosen = {k: v for k, v in self.__dict__.items() if v is not None}
        return ", ".join(f"{k}={v}" for k, v in chosen.items()) or "no filters"


def events_query(filters: Filters):
    query = sa.select(AuditEvent).options(so.joinedload(AuditEvent.actor))
    if filters.actor == SYSTEM:
        query = query.where(AuditEvent.actor_id.is_(None))
    elif filters.actor:
        query = query.where(AuditEvent.actor_id == int(filters.actor))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.object_type:
        query = query.where(AuditEvent.object_type == filters.object_type)
    if filters.starts_on:
        query = query.where(AuditEvent.at >= start_of_day(filters.starts_on))
    if filters.ends_on:
        query = query.where(AuditEvent.at < start_of_day(filters.ends_on + timedelta(days=1)))
    return query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())


def page_of(filters: Filters, number: int) -> Page:
    return paging.page_of(events_query(filters), number, PAGE_SIZE)


def to_csv(filters: Filters) -> str:
    events = db.session.scalars(events_query(filters).limit(CSV_LIMIT))
    return csv_text([csv_header(), *(_row(event) for event in events)])


def _row(event: AuditEvent) -> list:
    actor = event.actor.name if event.actor else ("" if event.actor_id else SYSTEM)
    return [event.id, iso(event.at), event.actor_id or "", actor, event.action,
            event.object_type, event.object_id, event.summary, event.request_id or ""]  # fmt: skip


def actor_choices() -> list[tuple[str, str]]:
    people = db.session.execute(sa.select(User.id, User.name, User.email).order_by(User.name))
    named = ((str(i), f"{name} ({email})") for i, name, email in people)
    return [(SYSTEM, gettext("The system")), *named]
