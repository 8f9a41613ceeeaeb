"""Between the password and the second factor: a short-lived signed marker in the session.

The marker names the user (id and a digest of their session token) but is not a sign-in:
Flask-Login's state is set only by `finish()`, after the second factor.
"""

from __future__ import annotations

from flask import current_app, g, session, url_for
from flask_login import login_user
from flask_wtf.csrf import generate_csrf

from icv import policy
from icv.auth import two_factor
from icv.auth.accounts import clear_failures
from icv.auth.tokens import check_user_token, make_user_token
from icv.language import keep_chosen_language
from icv.models import User

PURPOSE = "pending-sign-in"
MARKER = "pending_sign_in"
NEXT = "pending_next"
SETUP_KEY = "two_factor_setup_key"  # the authenticator key offered while setting one up


def needs_second_step(user: User) -> bool:
    return two_factor.is_enrolled(user) or policy.two_factor_required(user)


def fresh_session() -> None:
    """Forget the old session (no session fixation) and give the new one its CSRF token now.

    Otherwise the pages fetched at once next (the page, and the service worker warming its
    copies) would each make a token of their own, the last answer's cookie would win, and the
    page's form would fail as "expired"."""
    session.clear()
    g.pop(current_app.config["WTF_CSRF_FIELD_NAME"], None)  # the old session's, cached
    generate_csrf()


def start(user: User, next_url: str) -> str:
    """Forget any earlier session, remember who passed the password step; the next URL."""
    fresh_session()
    session[MARKER] = make_user_token(user, PURPOSE)
    session[NEXT] = next_url
    if not two_factor.is_enrolled(user):
        # The key is chosen now, not by the set-up page: the service worker fetches that page
        # too as the phone signs in, and each fetch made a key of its own, so the key on the
        # screen could differ from the one the code was checked against.
        session[SETUP_KEY] = two_factor.new_secret()
    return second_step_url(user)


def second_step_url(user: User) -> str:
    if two_factor.is_enrolled(user):
        return url_for("auth.two_factor_code")
    return url_for("auth.two_factor_setup")


def pending_user() -> User | None:
    """The user who passed the password step in the last few minutes, if any."""
    token = session.get(MARKER)
    if not token:
        return None
    check = check_user_token(token, PURPOSE, current_app.config["TWO_FACTOR_PENDING_SECONDS"])
    return check.user


def abandon() -> None:
    session.pop(MARKER, None)
    session.pop(NEXT, None)


def finish(user: User, next_url: str | None = None) -> str:
    """Sign the user in (only now) with a fresh session; where to go next."""
    next_url = next_url or session.get(NEXT) or url_for("main.home")
    fresh_session()
    login_user(user, remember=False)
    session.permanent = True
    keep_chosen_language(user)
    clear_failures(user)  # commits
    return next_url
