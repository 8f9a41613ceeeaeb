"""A volunteer's service beyond visits: time given at meetings and training, and appraisals.

Visits' time comes from the reports (arrival to departure); these rows hold the rest.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.models import User


class TimeKind(enum.StrEnum):
    MEETING = "meeting"  # a panel meeting
    TRAINING = "training"


TIME_KINDS = {TimeKind.MEETING: _l("Panel meeting"), TimeKind.TRAINING: _l("Training")}


class TimeGiven(db.Model):
    """Time a volunteer gave at a panel meeting or training. Counted in the hours once
    confirmed: a coordinator's entry is confirmed as recorded, a volunteer's own waits for
    their coordinator."""

    __tablename__ = "time_given"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    given_on: so.Mapped[date] = so.mapped_column(index=True)
    minutes: so.Mapped[int]
    note: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    confirmed_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    confirmed_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    user: so.Mapped[User] = so.relationship(foreign_keys=[user_id])

    @property
    def confirmed(self) -> bool:
        return self.confirmed_at is not None


class AppraisalKind(enum.StrEnum):
    OBSERVED_VISIT = "observed_visit"
    APPRAISAL = "appraisal"


class AppraisalOutcome(enum.StrEnum):
    SATISFACTORY = "satisfactory"
    DEVELOPMENT = "development"
    UNSATISFACTORY = "unsatisfactory"


APPRAISAL_KINDS = {AppraisalKind.OBSERVED_VISIT: _l("Observed visit"),
                   AppraisalKind.APPRAISAL: _l("Appraisal")}  # fmt: skip
# The message once one is recorded, by kind.
APPRAISAL_RECORDED = {AppraisalKind.OBSERVED_VISIT: _l("Observed visit recorded."),
                      AppraisalKind.APPRAISAL: _l("Appraisal recorded.")}  # fmt: skip
APPRAISAL_OUTCOMES = {
    AppraisalOutcome.SATISFACTORY: _l("Satisfactory"),
    AppraisalOutcome.DEVELOPMENT: _l("Satisfactory with development needs"),
    AppraisalOutcome.UNSATISFACTORY: _l("Not satisfactory"),
}


class Appraisal(db.Model):
    """An observed visit or an appraisal of a volunteer. The notes are for the coordinators
    of the volunteer's panel and admins only."""

    __tablename__ = "appraisals"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    held_on: so.Mapped[date]
    held_by: so.Mapped[str] = so.mapped_column(sa.String(120))  # who observed or appraised
    outcome: so.Mapped[str] = so.mapped_column(sa.String(20))
    notes: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    user: so.Mapped[User] = so.relationship(foreign_keys=[user_id])
