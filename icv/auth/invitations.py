"""Single-use "set your password" links, sent by email when someone is given an account.

The link signs the user's id and current session token. Setting a password rotates the
token, so a link works once; it also stops working after INVITATION_DAYS.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from icv.extensions import db
from icv.mail import send_email
from icv.models import User

SALT = "invite"
EXPIRED = "This link has expired. Ask your scheme coordinator to send you a new one."
USED = (
    "This link has already been used. Sign in with the password you chose, "
    "or ask your scheme coordinator to send you a new link."
)
INVALID = "This link is not valid. Check you copied the whole link from the email."


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def invitation_token(user: User) -> str:
    return _serializer().dumps({"user": user.id, "token": user.session_token})


@dataclass
class InvitationCheck:
    user: User | None = None
    problem: str | None = None


def check_invitation(token: str) -> InvitationCheck:
    """The user a link was made for, or why the link cannot be used."""
    max_age = current_app.config["INVITATION_DAYS"] * 24 * 3600
    try:
        payload = _serializer().loads(token, max_age=max_age)
    except SignatureExpired:
        return InvitationCheck(problem=EXPIRED)
    except BadSignature:
        return InvitationCheck(problem=INVALID)
    if not isinstance(payload, dict):
        return InvitationCheck(problem=INVALID)
    user = (
        db.session.get(User, payload.get("user")) if isinstance(payload.get("user"), int) else None
    )
    if user is None or not user.is_enabled:
        return InvitationCheck(problem=INVALID)
    if user.session_token != payload.get("token"):
        return InvitationCheck(problem=USED)
    return InvitationCheck(user=user)


def send_invitation(user: User, link: str) -> None:
    """Email the link; raises OSError when the mail server does not take it."""
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
    send_email(user.email, f"Your {service} account: choose a password", body)
