"""The rota as stored: drafts and published rotas, scheduled visits, the pair's answers,
private calendar feeds, and a log of notices sent (so background jobs never send twice)."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv.dates import SCHEME_TIME_ZONE, UTCDateTime, utcnow
from icv.extensions import db
from icv.models import Panel, Suite, User


class RotaStatus(enum.StrEnum):
    DRAFT = "draft"  # seen only by coordinators and admins
    PUBLISHED = "published"


class Answer(enum.StrEnum):
    CONFIRMED = "confirmed"
    DECLINED = "declined"


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


class Rota(db.Model):
    """One panel's visits for a period, proposed by the generator and edited by a person."""

    __tablename__ = "rotas"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    panel_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("panels.id"), index=True)
    starts_on: so.Mapped[date]
    ends_on: so.Mapped[date]
    granularity: so.Mapped[str] = so.mapped_column(sa.String(10), default="week")
    seed: so.Mapped[int] = so.mapped_column(sa.BigInteger, default=0)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default=RotaStatus.DRAFT)
    # What the generator could not do, in words: [{"suite_id", "starts_on", "message"}].
    gaps: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    notes: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    created_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    published_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    panel: so.Mapped[Panel] = so.relationship()
    visits: so.Mapped[list[ScheduledVisit]] = so.relationship(
        back_populates="rota",
        cascade="all, delete-orphan",
        order_by="(ScheduledVisit.window_starts_on, ScheduledVisit.suite_id)",
    )

    @property
    def is_draft(self) -> bool:
        return self.status == RotaStatus.DRAFT


class ScheduledVisit(db.Model):
    __tablename__ = "scheduled_visits"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # NULL for a visit planned outside any rota; it then counts as published.
    rota_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("rotas.id", ondelete="CASCADE"), index=True
    )
    suite_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("suites.id"), index=True)
    window_starts_on: so.Mapped[date]
    window_ends_on: so.Mapped[date]
    band: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    planned_on: so.Mapped[date | None]  # the generator's suggested day within the window
    # Agreed by the pair and seen only by them until the visit report exists.
    pair_planned_at: so.Mapped[datetime | None]
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default=VisitStatus.SCHEDULED)
    cancel_reason: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    suite: so.Mapped[Suite] = so.relationship()
    visitors: so.Mapped[list[User]] = so.relationship(
        secondary=scheduled_visitors, order_by="User.name"
    )
    rota: so.Mapped[Rota | None] = so.relationship(back_populates="visits")
    answers: so.Mapped[list[VisitAnswer]] = so.relationship(
        back_populates="visit", cascade="all, delete-orphan", passive_deletes=True
    )
    overrides: so.Mapped[list[VisitOverride]] = so.relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="VisitOverride.id"
    )

    @property
    def is_published(self) -> bool:
        return self.rota is None or self.rota.status == RotaStatus.PUBLISHED

    @property
    def agreed_time(self) -> datetime | None:
        """The pair's agreed time with its zone: pair_planned_at is kept as UK wall-clock time."""
        if self.pair_planned_at is None:
            return None
        return self.pair_planned_at.replace(tzinfo=SCHEME_TIME_ZONE)

    def answer_of(self, user: User) -> VisitAnswer | None:
        return next((a for a in self.answers if a.user_id == user.id), None)


class VisitAnswer(db.Model):
    """A visitor's reply to a published visit: they will go, or they cannot make it."""

    __tablename__ = "visit_answers"
    __table_args__ = (sa.UniqueConstraint("scheduled_visit_id", "user_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scheduled_visit_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("scheduled_visits.id", ondelete="CASCADE")
    )
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    answer: so.Mapped[str] = so.mapped_column(sa.String(20))
    note: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    answered_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    visit: so.Mapped[ScheduledVisit] = so.relationship(back_populates="answers")
    user: so.Mapped[User] = so.relationship()


class OverrideKind(enum.StrEnum):
    RULES = "rules"  # soft rules set aside for a swap or a move
    NOT_MISSED = "not_missed"  # a visit marked missed put back; the nightly job leaves it be


class VisitOverride(db.Model):
    """A coordinator's decision about one visit, with their reason: kept and shown."""

    __tablename__ = "visit_overrides"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    scheduled_visit_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("scheduled_visits.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    # The soft rules set aside (RULES only), as [rule, volunteer id(s), ...]: ids, not
    # names, so a purged volunteer's name goes (rules.set_aside_words puts them in words).
    rules: so.Mapped[list] = so.mapped_column(sa.JSON, default=list)
    reason: so.Mapped[str] = so.mapped_column(sa.String(300))
    made_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    made_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    made_by: so.Mapped[User | None] = so.relationship()


class CalendarFeed(db.Model):
    """A private iCalendar address; only the SHA-256 of its secret is kept."""

    __tablename__ = "calendar_feeds"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    user: so.Mapped[User] = so.relationship()


class SentNotice(db.Model):
    """One row per reminder or warning sent, or per piece of work a job has claimed (e.g. a
    panel's next-quarter draft): the unique key makes every job idempotent."""

    __tablename__ = "sent_notices"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    key: so.Mapped[str] = so.mapped_column(sa.String(200), unique=True)
    sent_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


def published_clause():
    """A visit others may see: on a published rota, or ad hoc (no rota)."""
    return sa.or_(ScheduledVisit.rota_id.is_(None), Rota.status == RotaStatus.PUBLISHED)
