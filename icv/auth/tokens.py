"""Signed, time-limited tokens that name a user: invitation and reset links, pending sign-ins.

Each token carries the user's id and a digest of their current session token (the token
itself never leaves the server: the payload is signed, not encrypted). Setting a password,
or anything else that rotates the session token, spends every token made before it.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from icv.extensions import db
from icv.models import User


class Problem(enum.StrEnum):
    EXPIRED = "expired"
    INVALID = "invalid"
    USED = "used"


@dataclass
class TokenCheck:
    user: User | None = None
    problem: Problem | None = None


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    # The purpose is the salt, so an invitation link is no use as a reset link and so on.
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def _session_digest(user: User) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, user.session_token.encode(), hashlib.sha256).hexdigest()[:32]


def make_user_token(user: User, purpose: str) -> str:
    return _serializer(purpose).dumps({"user": user.id, "token": _session_digest(user)})


def check_user_token(token: str, purpose: str, max_age_seconds: int) -> TokenCheck:
    """The enabled user a token was made for, or why it cannot be used."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age_seconds)
    except SignatureExpired:
        return TokenCheck(problem=Problem.EXPIRED)
    except BadSignature:
        return TokenCheck(problem=Problem.INVALID)
    user_id = payload.get("user") if isinstance(payload, dict) else None
    user = db.session.get(User, user_id) if isinstance(user_id, int) else None
    if user is None or not user.is_enabled:
        return TokenCheck(problem=Problem.INVALID)
    if not hmac.compare_digest(_session_digest(user), str(payload.get("token"))):
        return TokenCheck(problem=Problem.USED)
    return TokenCheck(user=user)
