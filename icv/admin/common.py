"""Helpers the admin and account views share: choices, problems onto forms, invitations."""

from __future__ import annotations

from flask import abort, current_app, flash
from flask_login import current_user

from icv import policy
from icv.admin.scheme import Problem
from icv.auth.invitations import invitation_token, send_invitation
from icv.extensions import db
from icv.fields import options
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


def invite(user: User, *, done: str = "", emailed: str = "An invitation was emailed") -> None:
    """Email a set-your-password link and tell the person using the page, after `done`
    ("Asha was added."), what really happened. With no mail server nothing is emailed: an
    admin is shown the link to pass on (once: a flashed message is shown, then dropped);
    anyone else is told that an admin can."""
    link = public_url("auth.set_password", token=invitation_token(user))
    try:
        sent = send_invitation(user, link)
    except OSError:
        current_app.logger.exception("Invitation email to user %s failed", user.id)
        if done:
            flash(done, "success")
        flash(
            f"The invitation email to {user.email} could not be sent. "
            "Try again later with “Send a new invitation”.",
            "error",
        )
        return
    if sent:
        flash(f"{done} {emailed} to {user.email}.".lstrip(), "success")
        return
    not_sent = f"{done} No invitation was emailed: this site has no mail server.".lstrip()
    if policy.sees_invitation_links(current_user):
        days = current_app.config["INVITATION_DAYS"]
        text = (
            f"{not_sent} Give {user.name} this link to choose their password. It works once, "
            f"for {days} days, and is not shown again:"
        )
        flash({"text": text, "link": link}, "invitation-link")
    else:
        flash(
            f"{not_sent} An admin can give {user.name} a link to choose their password: "
            "ask one to send a new invitation.",
            "information",
        )


def welcome(user: User, password: str | None) -> None:
    """Commit a new account, then invite them to choose a password, or (when staff set one)
    just say so."""
    db.session.commit()
    if password is None:
        invite(user, done=f"{user.name} was added.")
    else:
        flash(f"{user.name} was added.", "success")


def invite_again(user: User) -> None:
    """A fresh link, e.g. when the first email was lost; a deactivated user gets none."""
    if not user.is_enabled:
        abort(404)
    invite(user, emailed="A new invitation was emailed")
