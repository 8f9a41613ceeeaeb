"""How Flask-Login finds the current user: the session cookie or a bearer token."""

from flask import redirect, request, url_for

from icv.api_errors import api_error
from icv.auth.accounts import user_for_token
from icv.extensions import db
from icv.models import User


def load_user_from_session(user_id: str) -> User | None:
    uid, _, session_token = user_id.partition(":")
    if not uid.isdigit():
        return None
    user = db.session.get(User, int(uid))
    if user is None or user.session_token != session_token or not user.is_enabled:
        return None
    return user


def load_user_from_bearer(req) -> User | None:
    scheme, _, token = req.headers.get("Authorization", "").partition(" ")
    if scheme != "Bearer" or not token:
        return None
    return user_for_token(token.strip())


def unauthorized():
    if request.path.startswith("/api/"):
        return api_error(401, "Sign in again to continue.")
    from icv.auth import pending

    halfway = pending.pending_user()
    if halfway is not None:  # password given, second factor not yet: finish that first
        return redirect(pending.second_step_url(halfway))
    return redirect(url_for("auth.sign_in", next=request.full_path.rstrip("?")))


def configure(login_manager) -> None:
    login_manager.user_loader(load_user_from_session)
    login_manager.request_loader(load_user_from_bearer)
    login_manager.unauthorized_handler(unauthorized)
