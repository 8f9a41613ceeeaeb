"""A message kept for one person to read in the app (icv.mail keeps them with no SMTP)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.models import User

SUBJECT_LENGTH = 200


class Notification(db.Model):
    __tablename__ = "notifications"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    subject: so.Mapped[str] = so.mapped_column(sa.String(SUBJECT_LENGTH))
    body: so.Mapped[str] = so.mapped_column(sa.Text)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    read_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    user: so.Mapped[User] = so.relationship()

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
