"""Scheduled visits: a suite, a pair of volunteers and a window to visit in."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv.extensions import db
from icv.models import Suite, User, utcnow


class VisitStatus(enum.StrEnum):
    SCHEDULED = "scheduled"
    CONFIRMED = "confirmed"
    MADE = "made"
    MISSED = "missed"
    CANCELLED = "cancelled"


scheduled_visitors = sa.Table(
    "scheduled_visitors",
    db.metadata,
    sa.Column(
        "scheduled_visit_id",
        sa.ForeignKey("scheduled_visits.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("user_id", sa.ForeignKey("users.id"), primary_key=True),
)


class ScheduledVisit(db.Model):
    __tablename__ = "scheduled_visits"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    suite_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("suites.id"), index=True)
    window_starts_on: so.Mapped[date]
    window_ends_on: so.Mapped[date]
    band: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default=VisitStatus.SCHEDULED)
    cancel_reason: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(sa.DateTime(timezone=True), default=utcnow)

    suite: so.Mapped[Suite] = so.relationship()
    visitors: so.Mapped[list[User]] = so.relationship(secondary=scheduled_visitors)
