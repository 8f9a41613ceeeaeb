"""How Flask-Login finds the current user: the session cookie or a bearer token."""

import time

from flask import current_app, flash, redirect, request, session, url_for
from flask_babel import gettext
from flask_login import current_user, logout_user

from icv import policy
from icv.api_errors import api_error
from icv.auth.accounts import user_for_token
from icv.extensions import db
from icv.language import N_
from icv.models import User


def bearer_token(req) -> str | None:
    """The token of an `Authorization: Bearer` header ("" when empty), or None without one."""
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme == "Bearer" else None


def load_user_from_session(user_id: str) -> User | None:
    if bearer_token(request) is not None:
        return None  # a request that brings a token is authenticated by the token alone
    uid, _, session_token = user_id.partition(":")
    if not uid.isdigit():
        return None
    user = db.session.get(User, int(uid))
    if user is None or user.session_token != session_token or not user.is_enabled:
        return None
    return user


def load_user_from_bearer(req) -> User | None:
    token = bearer_token(req)
    return user_for_token(token) if token else None


LAST_SEEN = "last_seen"  # in the session: when its user last made a request (epoch seconds)
IDLE_SIGNED_OUT = N_(
    "You were signed out after %(minutes)s minutes without activity, to keep people's details "
    "safe. Sign in again to continue."
)


def end_idle_staff_session():
    """Sign staff out after STAFF_IDLE_MINUTES without a request (icv.policy says who)."""
    if bearer_token(request) is not None or not current_user.is_authenticated:
        return None
    if not policy.signs_out_when_idle(current_user):
        return None
    now, last_seen = int(time.time()), session.get(LAST_SEEN)
    minutes = int(current_app.config["STAFF_IDLE_MINUTES"])
    if isinstance(last_seen, int) and now - last_seen > minutes * 60:
        from icv.auth import pending

        logout_user()
        pending.fresh_session()
        message = gettext(IDLE_SIGNED_OUT, minutes=minutes)
        if request.path.startswith("/api/"):
            return api_error(401, message)
        flash(message, "info")
        return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))
    if not isinstance(last_seen, int) or now - last_seen >= 60:  # not a new cookie every time
        session[LAST_SEEN] = now
    return None


def unauthorized():
    if request.path.startswith("/api/"):
        return api_error(401, gettext("Sign in again to continue."))
    from icv.auth import pending

    halfway = pending.pending_user()
    if halfway is not None:  # password given, second factor not yet: finish that first
        return redirect(pending.second_step_url(halfway))
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))


def configure(login_manager) -> None:
    login_manager.user_loader(load_user_from_session)
    login_manager.request_loader(load_user_from_bearer)
    login_manager.unauthorized_handler(unauthorized)
