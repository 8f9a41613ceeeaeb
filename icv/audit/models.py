"""Audit events: one row per thing done to personal data. Append-only in the application."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv.actions.models import AppendOnlyError
from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.models import User

# The verbs an event may have (the admin page filters by them).
ACTIONS = (
    "created",
    "viewed",
    "changed",
    "exported",
    "deleted",
    "published",
    "deactivated",
    "reactivated",
    "signed_in",
    "token_created",
    "token_revoked",
    "anonymised",
    "purged",
)
# What the object id names: a report's uuid, or the row id of the others.
OBJECT_TYPES = (
    "report",
    "action",
    "rota",
    "scheduled_visit",
    "user",
    "token",
    "figures",
    "pack",
    "audit",
    "application",  # to become a volunteer (icv.recruitment)
    "expense_claim",
    "reviewer_copy",
)


class AuditEvent(db.Model):
    """Never a detainee's details or a field's value: field names and ids only."""

    __tablename__ = "audit_events"
    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
    # None: the system (a scheduled job or the command line).
    actor_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"), index=True)
    action: so.Mapped[str] = so.mapped_column(sa.String(30), index=True)
    object_type: so.Mapped[str] = so.mapped_column(sa.String(30))
    object_id: so.Mapped[str] = so.mapped_column(sa.String(64), default="")
    summary: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    request_id: so.Mapped[str | None] = so.mapped_column(sa.String(128))

    actor: so.Mapped[User | None] = so.relationship()

    def __repr__(self) -> str:
        return f"<AuditEvent {self.action} {self.object_type} {self.object_id}>"


APPEND_ONLY = "The audit trail is append-only."


# The same mechanism as icv.actions.models: refused before anything is written.
@sa.event.listens_for(so.Session, "before_flush")
def _never_delete(session, flush_context, instances):
    if any(isinstance(row, AuditEvent) for row in session.deleted):
        raise _refused()


@sa.event.listens_for(AuditEvent, "before_update")
def _never_update(mapper, connection, target):
    raise _refused()


@sa.event.listens_for(so.Session, "do_orm_execute")
def _no_bulk_changes(state):
    """`session.execute(update(AuditEvent))` or `delete(...)` skip the hooks above: refuse them."""
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) == AuditEvent.__tablename__:
        raise _refused()


def _refused() -> Exception:
    return AppendOnlyError(APPEND_ONLY)
