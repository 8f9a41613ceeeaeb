"""Private iCalendar feeds: a secret address per user (kept hashed, revocable) and the text.

Written by hand (RFC 5545): all-day events for each visit window, so phone calendars show
them; the pair's agreed time, if set, goes in the description (the feed is the user's own).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext

from icv.dates import date_range, day, day_and_time, utcnow
from icv.extensions import db
from icv.models import User
from icv.rota.models import CalendarFeed, ScheduledVisit, VisitStatus
from icv.rota.status import band_words


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def active_feed(user: User) -> CalendarFeed | None:
    return db.session.scalar(
        sa.select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
        )
    )


def issue_feed(user: User) -> str:
    """A new secret address; any earlier one stops working. The token is shown once."""
    revoke_feeds(user)
    token = secrets.token_urlsafe(32)
    db.session.add(CalendarFeed(user_id=user.id, token_hash=_digest(token)))
    db.session.flush()
    return token


def revoke_feeds(user: User) -> None:
    for feed in db.session.scalars(
        sa.select(CalendarFeed).where(
            CalendarFeed.user_id == user.id, CalendarFeed.revoked_at.is_(None)
        )
    ):
        feed.revoked_at = utcnow()
    db.session.flush()


def user_for_feed(token: str) -> User | None:
    feed = db.session.scalar(
        sa.select(CalendarFeed).where(
            CalendarFeed.token_hash == _digest(token), CalendarFeed.revoked_at.is_(None)
        )
    )
    if feed is None or not feed.user.is_enabled:
        return None
    return feed.user


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start = [], 0
    while start < len(data):
        end = min(start + (75 if not parts else 74), len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:  # never split a character
            end -= 1
        parts.append(data[start:end].decode())
        start = end
    return "\r\n ".join(parts)


def ics_text(user: User, visits: list[ScheduledVisit], host: str, now: datetime) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//icv//Custody visiting rota//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + _escape(gettext("Custody visits")),
    ]
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    for visit in visits:
        if visit.status == VisitStatus.CANCELLED:
            continue
        partner = ", ".join(p.name for p in visit.visitors if p.id != user.id)
        window = date_range(visit.window_starts_on, visit.window_ends_on)
        details = [
            gettext("With %(partner)s.", partner=partner or gettext("to be named")),
            gettext("Window: %(window)s.", window=window),
        ]
        if visit.planned_on and visit.band:
            suggested = f"{day(visit.planned_on, weekday=True)}, {band_words(visit.band)}"
            details.append(gettext("Suggested: %(when)s.", when=suggested))
        if visit.pair_planned_at:
            agreed = day_and_time(visit.agreed_time, weekday=True)
            details.append(gettext("Agreed time: %(when)s.", when=agreed))
        lines += [
            "BEGIN:VEVENT",
            f"UID:scheduled-visit-{visit.id}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{visit.window_starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{visit.window_ends_on + timedelta(days=1):%Y%m%d}",
            "SUMMARY:" + _escape(gettext("Custody visit: %(suite)s", suite=visit.suite.name)),
            f"DESCRIPTION:{_escape(' '.join(details))}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
