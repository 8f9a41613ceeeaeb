"""Recording the time volunteers give at panel meetings and training, and confirming it.

A coordinator's (or admin's) entry counts at once; a volunteer's own waits until a
coordinator of their panel confirms it. Each step is in the audit trail (fields named,
never their values). Operations add and flush; the view commits.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from icv.audit import record
from icv.dates import utcnow
from icv.extensions import db
from icv.models import User
from icv.volunteering.models import TimeGiven


def record_time(
    volunteer: User, *, kind: str, given_on: date, minutes: int, note: str, by: User
) -> TimeGiven:
    """Time given by `volunteer`, recorded by `by`: confirmed unless they are the same."""
    row = TimeGiven(user_id=volunteer.id, kind=kind, given_on=given_on, minutes=minutes,
                    note=note.strip(), recorded_by_id=by.id)  # fmt: skip
    own = by.id == volunteer.id
    if not own:
        row.confirmed_by_id, row.confirmed_at = by.id, utcnow()
    db.session.add(row)
    db.session.flush()
    state = "awaiting confirmation" if own else "confirmed"
    record("created", "time_given", row.id,
           f"for user {volunteer.id}: kind, given_on, minutes, note; {state}")  # fmt: skip
    return row


def confirm_time(row: TimeGiven, by: User) -> None:
    if row.confirmed:
        return
    row.confirmed_by_id, row.confirmed_at = by.id, utcnow()
    db.session.flush()
    record("changed", "time_given", row.id, f"for user {row.user_id}: confirmed")


def own_time(volunteer: User) -> list[TimeGiven]:
    """A volunteer's recorded time, newest first."""
    query = sa.select(TimeGiven).where(TimeGiven.user_id == volunteer.id)
    return list(db.session.scalars(query.order_by(TimeGiven.given_on.desc(), TimeGiven.id.desc())))
