"""Helpers the admin and account views share: choices, problems onto forms, invitations."""

from __future__ import annotations

from flask import abort, current_app, flash

from icv import policy
from icv.admin.fields import options
from icv.admin.scheme import Problem
from icv.auth.invitations import invitation_token, send_invitation
from icv.extensions import db
from icv.links import public_url
from icv.models import Panel, User


def panel_choices(user: User, placeholder: str | None = "Choose a panel") -> list[tuple]:
    """Panels the user manages, as select options (a guessed other id is not among them)."""
    panels = db.session.scalars(policy.panels_query(user)).all()
    pairs = [(panel.id, panel.name) for panel in panels]
    return options([("", placeholder), *pairs] if placeholder else pairs)


def chosen_panel(user: User, panel_id: str | None) -> Panel | None:
    """The panel picked in a form, re-checked against the user's scope (404 if outside it)."""
    if not panel_id:
        return None
    return policy.managed_panel_or_404(user, int(panel_id))


def show_problem(form, problem: Problem) -> None:
    """Put a domain rule's message on the form field it is about."""
    getattr(form, problem.field).errors = [problem.message]


def invite(user: User) -> bool:
    """Email a set-your-password link; tell the person using the page whether it went."""
    link = public_url("auth.set_password", token=invitation_token(user))
    try:
        send_invitation(user, link)
    except OSError:
        current_app.logger.exception("Invitation email to user %s failed", user.id)
        flash(
            f"The invitation email to {user.email} could not be sent. "
            "Try again later with “Send a new invitation”.",
            "error",
        )
        return False
    return True


def invite_again(user: User) -> None:
    """A fresh link, e.g. when the first email was lost; a deactivated user gets none."""
    if not user.is_enabled:
        abort(404)
    if invite(user):
        flash(f"A new invitation was emailed to {user.email}.", "success")
