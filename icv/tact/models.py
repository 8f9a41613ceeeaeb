"""The Reviewer's copy of a visit report with a TACT detainee, as stored: its reference and
whether (when, how, by whom) the coordinator sent it. The PDF itself is made on request
from the report's current version (icv.tact.copies), so an amendment is in the next copy."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext, pgettext

from icv.dates import UTCDateTime, day, utcnow
from icv.extensions import db
from icv.language import N_
from icv.models import User
from icv.visits.models import VisitReport


class CopyState(enum.StrEnum):
    NOT_SENT = "not_sent"
    SENT = "sent"


# How a copy reached the Independent Reviewer of Terrorism Legislation.
SENT_HOW = {"email": N_("Email"), "post": N_("Post"), "secure_portal": N_("Secure portal")}
# The same, after "Sent by": "Sent by post on 3 December 2026".
SENT_BY_HOW = {
    "email": N_("Sent by email on %(day)s"),
    "post": N_("Sent by post on %(day)s"),
    "secure_portal": N_("Sent by secure portal on %(day)s"),
}


class ReviewerCopy(db.Model):
    __tablename__ = "reviewer_copies"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    report_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("visit_reports.id", ondelete="CASCADE"), unique=True
    )
    # Quoted to the Reviewer, like "TACT-2026-0007": unique in the scheme (one deployment).
    reference: so.Mapped[str] = so.mapped_column(sa.String(30), unique=True)
    state: so.Mapped[str] = so.mapped_column(sa.String(10), default=CopyState.NOT_SENT)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    sent_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    sent_how: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    sent_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    report: so.Mapped[VisitReport] = so.relationship()
    sent_by: so.Mapped[User | None] = so.relationship()

    @property
    def is_sent(self) -> bool:
        return self.state == CopyState.SENT

    @property
    def state_words(self) -> str:
        """Like "Sent by post on 3 December 2026 (recorded by Ann Smith)"."""
        if not self.is_sent:
            return pgettext("one Reviewer's copy", "Not sent yet")
        sent = gettext(SENT_BY_HOW[self.sent_how], day=day(self.sent_at))
        if self.sent_by is None:
            return sent
        return gettext("%(sent)s (recorded by %(name)s)", sent=sent, name=self.sent_by.name)

    def __repr__(self) -> str:
        return f"<ReviewerCopy {self.reference}>"
