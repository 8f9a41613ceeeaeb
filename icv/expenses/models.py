"""An expenses claim as stored. Money is in integer pence; miles in tenths of a mile."""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.models import User


class ClaimKind(enum.StrEnum):
    MILEAGE = "mileage"
    PARKING = "parking"
    TRANSPORT = "transport"
    OTHER = "other"


class ClaimStatus(enum.StrEnum):
    SUBMITTED = "submitted"  # waiting for a coordinator
    APPROVED = "approved"  # waiting to be paid
    RETURNED = "returned"  # not paid, with a reason; the volunteer may claim again
    PAID = "paid"


class ExpenseClaim(db.Model):
    __tablename__ = "expense_claims"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Made by the phone: a claim sent twice (a lost answer, a retry) is stored once.
    uuid: so.Mapped[str] = so.mapped_column(sa.String(36), unique=True)
    claimant_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    # The claimant's panel when they claimed: its coordinators decide.
    panel_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("panels.id", ondelete="SET NULL"), index=True
    )
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))
    incurred_on: so.Mapped[date] = so.mapped_column(index=True)
    # A visit (one of the claimant's reports) or a meeting, in words.
    report_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("visit_reports.id", ondelete="SET NULL"), index=True
    )
    meeting: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    start_place: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    end_place: so.Mapped[str] = so.mapped_column(sa.String(120), default="")
    miles_tenths: so.Mapped[int | None]
    rate_pence: so.Mapped[int | None]  # the scheme's mileage rate used
    amount_pence: so.Mapped[int]
    description: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    # The photo's random file name under the instance folder (never the name it was sent as).
    receipt_name: so.Mapped[str | None] = so.mapped_column(sa.String(80))
    receipt_type: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    status: so.Mapped[str] = so.mapped_column(
        sa.String(20), default=ClaimStatus.SUBMITTED, index=True
    )
    return_reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    decided_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    paid_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    claimant: so.Mapped[User] = so.relationship(foreign_keys=[claimant_id])
    decided_by: so.Mapped[User | None] = so.relationship(foreign_keys=[decided_by_id])
    # By name: the visits package sits above this one (docs/architecture.md).
    report: so.Mapped[VisitReport | None] = so.relationship()  # noqa: F821
