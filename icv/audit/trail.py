"""record(): the one function every feature calls to add to the audit trail."""

from __future__ import annotations

from flask import g, has_request_context
from flask_login import current_user, user_logged_in

from icv.audit.models import ACTIONS, AuditEvent
from icv.extensions import db
from icv.models import User

SUMMARY_LIMIT = 500


def record(
    action: str,
    obj_type: str,
    obj_id,
    summary: str = "",
    actor: User | int | None = None,
    *,
    commit: bool = False,
) -> AuditEvent:
    """Add an event to the caller's transaction (`commit=True` for read-only requests).

    `actor` defaults to the signed-in user, or None (the system) outside a request.
    `summary` must name fields, never their values: no detainee data in the trail.
    """
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    event = AuditEvent(
        action=action,
        object_type=obj_type,
        object_id="" if obj_id is None else str(obj_id),
        summary=_shorten(summary),
        actor_id=_actor_id(actor),
        request_id=_request_id(),
    )
    db.session.add(event)
    if commit:
        db.session.commit()
    return event


def _shorten(summary: str) -> str:
    summary = " ".join((summary or "").split())
    return summary if len(summary) <= SUMMARY_LIMIT else summary[: SUMMARY_LIMIT - 1] + "…"


def _actor_id(actor: User | int | None) -> int | None:
    if isinstance(actor, int):
        return actor
    if actor is not None:
        return actor.id
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user.id
    return None


def _request_id() -> str | None:
    return g.get("request_id") if has_request_context() else None


@user_logged_in.connect
def _signed_in(sender, user, **extra) -> None:
    # Kept by the sign-in's own commit (pending.complete_sign_in clears failures next).
    record("signed_in", "user", user.id, actor=user)
