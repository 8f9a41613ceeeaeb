"""Helpers the admin and account views share: choices, problems onto forms, invitations."""

from __future__ import annotations

from flask import abort, current_app, flash
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from icv import policy
from icv.admin.scheme import Problem
from icv.auth.invitations import invitation_token, send_invitation
from icv.extensions import db
from icv.fields import options
from icv.links import public_url
from icv.models import Panel, User


def panel_choices(user: User, placeholder: str | None = _l("Choose a panel")) -> list[tuple]:
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


def invite(user: User, *, done: str = "", again: bool = False) -> None:
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
            gettext(
                "The invitation email to %(email)s could not be sent. "
                "Try again later with “Send a new invitation”.",
                email=user.email,
            ),
            "error",
        )
        return
    if sent:
        if again:
            emailed = gettext("A new invitation was emailed to %(email)s.", email=user.email)
        else:
            emailed = gettext("An invitation was emailed to %(email)s.", email=user.email)
        flash(_joined(done, emailed), "success")
        return
    not_sent = _joined(done, gettext("No invitation was emailed: this site has no mail server."))
    if policy.sees_invitation_links(current_user):
        days = current_app.config["INVITATION_DAYS"]
        text = _joined(
            not_sent,
            gettext(
                "Give %(name)s this link to choose their password. It works once, "
                "for %(days)d days, and is not shown again:",
                name=user.name,
                days=days,
            ),
        )
        flash({"text": text, "link": link}, "invitation-link")
    else:
        flash(
            _joined(
                not_sent,
                gettext(
                    "An admin can give %(name)s a link to choose their password: "
                    "ask one to send a new invitation.",
                    name=user.name,
                ),
            ),
            "information",
        )


def _joined(first: str, then: str) -> str:
    return f"{first} {then}".lstrip()


def welcome(user: User, password: str | None) -> None:
    """Commit a new account, then invite them to choose a password, or (when staff set one)
    just say so."""
    db.session.commit()
    added = gettext("%(name)s was added.", name=user.name)
    if password is None:
        invite(user, done=added)
    else:
        flash(added, "success")


def invite_again(user: User) -> None:
    """A fresh link, e.g. when the first email was lost; a deactivated user gets none."""
    if not user.is_enabled:
        abort(404)
    invite(user, again=True)
