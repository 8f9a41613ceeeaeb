"""Single-use "set your password" links, sent by email when someone is given an account.

The link signs the user's id and (a digest of) their current session token. Setting a
password rotates that token, so a link works once; it also stops after INVITATION_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext

from icv.auth.tokens import Problem, check_user_token, make_user_token
from icv.language import N_, speaking
from icv.mail import send_email, service_name
from icv.models import User

SALT = "invite"
EXPIRED = N_("This link has expired. Ask your scheme coordinator to send you a new one.")
USED = N_(
    "This link has already been used. Sign in with the password you chose, "
    "or ask your scheme coordinator to send you a new link."
)
INVALID = N_("This link is not valid. Check you copied the whole link from the email.")


def invitation_token(user: User) -> str:
    return make_user_token(user, SALT)


@dataclass
class InvitationCheck:
    user: User | None = None
    problem: str | None = None


MESSAGES = {Problem.EXPIRED: EXPIRED, Problem.INVALID: INVALID, Problem.USED: USED}


def check_invitation(token: str) -> InvitationCheck:
    """The user a link was made for, or why the link cannot be used."""
    max_age = current_app.config["INVITATION_DAYS"] * 24 * 3600
    check = check_user_token(token, SALT, max_age)
    if check.problem:
        return InvitationCheck(problem=gettext(MESSAGES[check.problem]))
    return InvitationCheck(user=check.user)


def send_invitation(user: User, link: str) -> bool:
    """Email the link, in the new user's language; False if there is no mail server (nothing
    was emailed). Raises OSError when the mail server does not take it."""
    days = current_app.config["INVITATION_DAYS"]
    with speaking(user):
        service = service_name()
        body = (
            gettext("Hello %(name)s,", name=user.name) + "\n\n"
            + gettext("You have been given an account for %(service)s.", service=service) + "\n\n"
            + gettext("Choose your password with this link. It works once and expires in "
                      "%(days)s days:", days=days) + f"\n{link}\n\n"
            + gettext("Then sign in with your email address, %(email)s, and that password.",
                      email=user.email) + "\n\n"
            + gettext("If you were not expecting this email, you can ignore it.") + "\n"
        )  # fmt: skip
        subject = gettext("Your %(service)s account: choose a password", service=service)
        return send_email(user.email, subject, body, in_app=False)
