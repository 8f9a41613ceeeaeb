"""Passwords, sign-in with lockout, and personal API tokens."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import gettext

from icv.audit import record
from icv.auth import throttle
from icv.dates import utcnow
from icv.extensions import db
from icv.language import N_
from icv.models import ApiToken, User, find_user_by_email

_hasher = PasswordHasher()
# Verified against when the email is unknown, so both paths take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(8))
MIN_PASSWORD_LENGTH = 10


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def password_matches(user: User | None, password: str) -> bool:
    stored = user.password_hash if user and user.password_hash else _DUMMY_HASH
    try:
        return _hasher.verify(stored, password) and user is not None
    except (VerificationError, InvalidHashError):
        return False


def set_password(user: User, password: str) -> None:
    """Set a new password, sign out the user's other sessions and end their API tokens
    (whoever knew the old password may have made one)."""
    user.password_hash = hash_password(password)
    user.session_token = secrets.token_hex(16)
    end_api_tokens(user, "password set")


def password_problem(password: str) -> str | None:
    if len(password) < MIN_PASSWORD_LENGTH:
        return gettext("Password must be %(number)d characters or more", number=MIN_PASSWORD_LENGTH)
    return None


@dataclass
class SignInResult:
    user: User | None = None
    error: str | None = None


WRONG_CREDENTIALS = N_("Enter a correct email address and password")


def check_sign_in(email: str, password: str) -> SignInResult:
    """Check credentials. Wrong passwords slow down and then stop the address they come from
    (icv.auth.throttle), never the account, so a stranger cannot lock anyone out."""
    refused = throttle.refusal(email)
    if refused:  # the same for every email, known or not, and answered without a hash
        return SignInResult(error=refused)
    user = find_user_by_email(email)
    if not password_matches(user, password) or not user.is_enabled:
        throttle.record_failure(email)
        return SignInResult(error=gettext(WRONG_CREDENTIALS))
    # Paused after wrong codes (the second factor): only someone with the password learns it.
    locked = locked_message(user)
    if locked:
        return SignInResult(error=locked)
    # Failures are cleared only once the whole sign-in (with any second factor) succeeds,
    # so retyping the password does not buy more guesses at the code.
    return SignInResult(user=user)


def locked_message(user: User | None) -> str | None:
    """Why the user cannot sign in now, if their account is paused after failed attempts."""
    locked_until = user.locked_until if user else None
    if locked_until and locked_until > utcnow():
        return _locked_message(locked_until)
    return None


def record_failure(user: User, *, threshold: int, lock_minutes: int) -> str | None:
    """Count a wrong code (the second factor: whoever sends it has the password); past the
    threshold, pause the account (the message)."""
    user.failed_sign_ins += 1
    if user.failed_sign_ins >= threshold:
        user.locked_until = utcnow() + timedelta(minutes=lock_minutes)
        user.failed_sign_ins = 0
        db.session.commit()
        return _locked_message(user.locked_until)
    db.session.commit()
    return None


def clear_failures(user: User) -> None:
    """The user signed in, or proved they hold the email: lift any pause and, from this
    address, the count of wrong passwords for them."""
    throttle.forget_failures(user.email)
    user.failed_sign_ins = 0
    user.locked_until = None
    db.session.commit()


def _locked_message(until: datetime) -> str:
    time = until.astimezone(UTC).strftime("%H:%M")
    return gettext(
        "Too many failed attempts to sign in. For your security, signing in is paused "
        "until %(time)s UTC. Try again then.",
        time=time,
    )


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, label: str = "") -> str:
    """Create a personal API token; the plain text is shown once and only its hash is kept."""
    token = "icv_" + secrets.token_urlsafe(32)
    api_token = ApiToken(user=user, token_hash=token_digest(token), label=label)
    db.session.add(api_token)
    db.session.flush()
    record("token_created", "token", api_token.id, f"for user {user.id}")
    db.session.commit()
    return token


def user_for_token(token: str) -> User | None:
    api_token = db.session.scalar(
        sa.select(ApiToken)
        .where(ApiToken.token_hash == token_digest(token), ApiToken.revoked_at.is_(None))
        .options(so.joinedload(ApiToken.user))  # every API request needs both: one query
    )
    if api_token is None or not api_token.user.is_enabled:
        return None
    _record_use(api_token)
    return api_token.user


def _record_use(api_token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (a write on every API call would
    cost more than it tells), in a transaction of its own: committing the request's session
    here would expire the user and token just loaded and cost a query to read them again."""
    now = utcnow()
    last_used = api_token.last_used_at
    if last_used is not None and now - last_used <= timedelta(minutes=1):
        return
    with db.engine.begin() as connection:
        connection.execute(
            sa.update(ApiToken).where(ApiToken.id == api_token.id).values(last_used_at=now)
        )
    so.attributes.set_committed_value(api_token, "last_used_at", now)


def end_api_tokens(user: User, why: str) -> None:
    """Revoke every token the user still has (the caller commits)."""
    for api_token in user.api_tokens:
        if api_token.revoked_at is None:
            api_token.revoked_at = utcnow()
            record("token_revoked", "token", api_token.id, f"of user {user.id}: {why}")


def revoke_token(api_token: ApiToken) -> None:
    api_token.revoked_at = utcnow()
    record("token_revoked", "token", api_token.id, f"of user {api_token.user_id}")
    db.session.commit()
