"""Password reset by an emailed single-use link that works for PASSWORD_RESET_MINUTES.

The answer to a request is the same whether or not the address has an account, and it
does not wait for the mail server (the email goes from a background thread), so neither
the page nor its timing tells anyone who has an account.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from flask import Flask, current_app
from flask_babel import gettext

from icv.auth.accounts import find_user_by_email
from icv.auth.tokens import Problem, TokenCheck, check_user_token, make_user_token
from icv.language import N_, page_language, speaking
from icv.mail import send_email, service_name
from icv.models import User

PURPOSE = "password-reset"
MESSAGES = {
    Problem.EXPIRED: N_("This link has expired. Ask for a new one."),
    Problem.USED: N_(
        "This link has already been used, or your password was changed after it was sent. "
        "Sign in, or ask for a new link."
    ),
    Problem.INVALID: N_(
        "This link is not valid. Check you copied the whole link from the email, "
        "or ask for a new one."
    ),
}
log = logging.getLogger(__name__)


def reset_token(user: User) -> str:
    return make_user_token(user, PURPOSE)


def check_reset(token: str) -> TokenCheck:
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    return check_user_token(token, PURPOSE, minutes * 60)


def request_reset(email: str, link_for: Callable[[str], str]) -> threading.Thread | None:
    """Email a reset link if `email` belongs to an enabled account. Returns the sending thread."""
    user = find_user_by_email(email)
    if user is None or not user.is_enabled:
        return None
    # In their saved language, else the one they asked in.
    language = user.language or page_language()
    with speaking(language):
        subject, body = _message(user, link_for(reset_token(user)))
    app = current_app._get_current_object()
    sender = threading.Thread(
        target=_send, args=(app, user.email, subject, body, language), daemon=True
    )
    sender.start()
    return sender


def _send(app: Flask, to: str, subject: str, body: str, language: str) -> None:
    with app.app_context(), speaking(language):
        try:
            send_email(to, subject, body, in_app=False)  # a link is no notification
        except OSError as error:  # nobody is waiting for it: log it (never the link)
            log.warning("Password reset email to user could not be sent: %s", error)


def _message(user: User, link: str) -> tuple[str, str]:
    service = service_name()
    minutes = current_app.config["PASSWORD_RESET_MINUTES"]
    body = (
        gettext("Hello %(name)s,", name=user.name) + "\n\n"
        + gettext("Someone asked to reset the password for your %(service)s account.",
                  service=service) + "\n\n"
        + gettext("Choose a new password with this link. It works once and expires in "
                  "%(minutes)s minutes:", minutes=minutes) + f"\n{link}\n\n"
        + gettext("If you did not ask for this, you can ignore this email: your password "
                  "stays the same.") + "\n"
    )  # fmt: skip
    return gettext("Reset your %(service)s password", service=service), body
