"""Keeping, counting and reading notifications. Functions add to the session; callers commit."""

from __future__ import annotations

import sqlalchemy as sa

from icv.dates import utcnow
from icv.extensions import db
from icv.models import User, find_user_by_email
from icv.notifications.models import SUBJECT_LENGTH, Notification
from icv.policy import own_notifications_query

LISTED = 100  # the page shows the newest hundred


def keep(to: str, subject: str, body: str) -> Notification | None:
    """Keep a message for the user with this email address, if they can sign in to read it.

    Nobody else's list gets it: an address with no account, a disabled account or one
    without a password yet (an invitation carries a sign-in link) keeps nothing.
    """
    user = find_user_by_email(to)
    if user is None or not user.is_enabled or not user.password_hash:
        return None
    notification = Notification(user=user, subject=subject[:SUBJECT_LENGTH], body=body)
    db.session.add(notification)
    db.session.flush()
    return notification


def unread_count(user: User) -> int:
    unread = own_notifications_query(user).where(Notification.read_at.is_(None)).subquery()
    return db.session.scalar(sa.select(sa.func.count()).select_from(unread)) or 0


def newest(user: User) -> list[Notification]:
    query = own_notifications_query(user).order_by(
        Notification.created_at.desc(), Notification.id.desc()
    )
    return list(db.session.scalars(query.limit(LISTED)))


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()


def mark_all_read(user: User) -> int:
    result = db.session.execute(
        sa.update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount
