"""Single-use "set your password" links, sent by email when someone is given an account.

The link signs the user's id and (a digest of) their current session token. Setting a
password rotates that token, so a link works once; it also stops after INVITATION_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from icv.auth.tokens import Problem, check_user_token, make_user_token
from icv.mail import send_email
from icv.models import User

SALT = "invite"
EXPIRED = "This link has expired. Ask your scheme coordinator to send you a new one."
USED = (
    "This link has already been used. Sign in with the password you chose, "
    "or ask your scheme coordinator to send you a new link."
)
INVALID = "This link is not valid. Check you copied the whole link from the email."


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
        return InvitationCheck(problem=MESSAGES[check.problem])
    return InvitationCheck(user=check.user)


def send_invitation(user: User, link: str) -> bool:
    """Email the link; False if there is no mail server (nothing was emailed). Raises
    OSError when the mail server does not take it."""
    service = current_app.config["SERVICE_NAME"]
    days = current_app.config["INVITATION_DAYS"]
    body = (
        f"Hello {user.name},\n\n"
        f"You have been given an account for {service}.\n\n"
        f"Choose your password with this link. It works once and expires in {days} days:\n"
        f"{link}\n\n"
        f"Then sign in with your email address, {user.email}, and that password.\n\n"
        "If you were not expecting this email, you can ignore it.\n"
    )
    return send_email(user.email, f"Your {service} account: choose a password", body, in_app=False)
