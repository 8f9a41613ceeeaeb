"""English or Welsh: which one a page is in, and the switch on every page (docs/welsh.md).

The choice is the signed-in user's saved setting, else the cookie the switch leaves (for
signed-out pages, and after signing out), else the browser's Accept-Language."""

from __future__ import annotations

import json
from contextlib import contextmanager

from flask import (
    Blueprint,
    abort,
    current_app,
    has_app_context,
    has_request_context,
    redirect,
    request,
    session,
)
from flask_babel import force_locale, get_locale
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from icv.extensions import db
from icv.links import local_path_or_home

# Each language named in itself, as GOV.UK services name them on their switch.
LANGUAGES = {"en": "English", "cy": "Cymraeg"}
# The language the app is written in (the catalogue's msgids): text the app stores is kept in
# it and translated when shown. A scheme's default for its people is scheme_language().
DEFAULT_LANGUAGE = "en"
COOKIE = "language"
COOKIE_SECONDS = 365 * 24 * 60 * 60
# What was typed on a page whose answers were refused, carried over a switch of language
# (in the session, a cookie: kept only when small, and never a password).
TYPED = "typed_before_switch"
TYPED_PREFIX = "typed-"
TYPED_MAX_BYTES = 1500
NOT_CARRIED = {"PasswordField", "CSRFTokenField", "SubmitField", "FileField"}

bp = Blueprint("language", __name__)


def N_(text: str) -> str:  # noqa: N802 (the name pybabel looks for)
    """Marks a string for the catalogue that is translated later, by gettext on its value."""
    return text


def chosen_language() -> str | None:
    """Flask-Babel's locale selector. Outside a request (a scheduled job) the default."""
    if not has_request_context():
        return None
    saved = getattr(current_user, "language", None) if current_user.is_authenticated else None
    if saved in LANGUAGES:
        return saved
    if request.cookies.get(COOKIE) in LANGUAGES:
        return request.cookies[COOKIE]
    return request.accept_languages.best_match(LANGUAGES, default=scheme_language())


def scheme_language() -> str:
    """The scheme's language (ICV_DEFAULT_LANGUAGE) for people who have not chosen one."""
    configured = current_app.config.get("DEFAULT_LANGUAGE") if has_app_context() else None
    return configured if configured in LANGUAGES else DEFAULT_LANGUAGE


def language_of(person) -> str:
    """The language someone reads in: their saved choice, else the scheme's. Emails and other
    messages to a person (a scheduled job has no request) are written in it."""
    saved = getattr(person, "language", None)
    return saved if saved in LANGUAGES else scheme_language()


@contextmanager
def speaking(person_or_code):
    """Write in someone's language for a while: `with speaking(user): send_email(...)`.
    Takes a user (anything with `.language`), a language code, or None: the language the app
    stores text in (English), whatever the scheme's."""
    if person_or_code is None or isinstance(person_or_code, str):
        code = person_or_code if person_or_code in LANGUAGES else DEFAULT_LANGUAGE
    else:
        code = language_of(person_or_code)
    with force_locale(code):
        yield code


def keep_chosen_language(user) -> None:
    """At sign-in: a language chosen on the switch before signing in (the cookie) becomes the
    account's, if the account has none yet (the caller commits)."""
    chosen = request.cookies.get(COOKIE) if has_request_context() else None
    if not getattr(user, "language", None) and chosen in LANGUAGES:
        user.language = chosen


def page_language() -> str:
    return str(get_locale() or DEFAULT_LANGUAGE)


def language_options() -> list[dict]:
    """The switch: every language, the page's own marked current."""
    current = page_language()
    return [
        {"code": code, "name": name, "current": code == current} for code, name in LANGUAGES.items()
    ]


@bp.route("/language/<code>", methods=["GET", "POST"])
def switch(code: str):
    """Remember the language and go back to the page the switch was on (only a path on this
    site: no open redirect). Signed out, the switch is a link (a GET that only sets the
    cookie, so a signed-out page needs no session for a CSRF token); signed in, it is a form
    whose POST, with its CSRF token, also keeps the choice on the account."""
    if code not in LANGUAGES:
        abort(404)
    if request.method == "POST" and current_user.is_authenticated:
        current_user.language = code
        db.session.commit()
    back = local_path_or_home(request.values.get("next"))
    if request.method == "POST":
        _keep_typed(back)
    response = redirect(back)
    response.set_cookie(
        COOKIE,
        code,
        max_age=COOKIE_SECONDS,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure),
    )
    return response


def typed_values(form) -> list[tuple[str, str]]:
    """On a page answering a POST whose form was refused: what was typed (no passwords), for
    the switch to carry back to the page in the other language."""
    if not has_request_context() or request.method != "POST" or not getattr(form, "errors", None):
        return []
    return [
        (field.name, value)
        for field in form
        if field.type not in NOT_CARRIED
        for value in field.raw_data or ()
        if isinstance(value, str)
    ]


def _keep_typed(back: str) -> None:
    typed = [
        (name.removeprefix(TYPED_PREFIX), value)
        for name, value in request.form.items(multi=True)
        if name.startswith(TYPED_PREFIX)
    ]
    session.pop(TYPED, None)
    if typed and len(json.dumps(typed).encode()) <= TYPED_MAX_BYTES:
        session[TYPED] = {"path": back, "form": typed}


def typed_before_switch(field_names: set[str]) -> MultiDict | None:
    """For a form built on the page the switch went back to: what was typed there before, if
    it is this form's (icv.form.Form fills itself with it, once)."""
    kept = session.get(TYPED) if has_request_context() and request.method == "GET" else None
    if not kept:
        return None
    if kept.get("path") != request.full_path.rstrip("?"):
        session.pop(TYPED, None)  # the switch went elsewhere: forget it
        return None
    typed = [(name, value) for name, value in kept.get("form", [])]
    if not {name for name, _ in typed} <= field_names:
        return None  # another form on the page
    session.pop(TYPED, None)
    return MultiDict(typed)


def template_globals() -> dict:
    return {
        "page_language": page_language,
        "language_options": language_options,
        "typed_values": typed_values,
    }
