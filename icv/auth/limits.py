"""Rate limits (Flask-Limiter): limits read from the config so deployments and tests can tune them.

Counts live in RATELIMIT_STORAGE_URI, so several workers can share them (e.g. redis://).
Pages answer a breach with the GOV.UK 429 page, /api/ with JSON (icv.register_error_pages).
"""

from __future__ import annotations

from flask import current_app
from flask_limiter.util import get_remote_address
from flask_login import current_user

from icv.extensions import limiter


def sign_in_limit() -> str:
    return current_app.config["SIGN_IN_RATE_LIMIT"]


def two_factor_limit() -> str:
    return current_app.config["TWO_FACTOR_RATE_LIMIT"]


def password_reset_limit() -> str:
    return current_app.config["PASSWORD_RESET_RATE_LIMIT"]


def token_limit() -> str:
    return current_app.config["TOKEN_RATE_LIMIT"]


def sync_limit() -> str:
    return current_app.config["SYNC_RATE_LIMIT"]


def user_or_address() -> str:
    """Signed-in requests count per user (a ward's phones may share one address)."""
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return get_remote_address()


# Decorator for any view that creates an API token: @limits.token_creation.
token_creation = limiter.limit(token_limit, key_func=user_or_address, methods=["POST"])
# Decorator for the blueprint that receives reports (icv.sync): its PUTs, per user.
report_uploads = limiter.limit(sync_limit, key_func=user_or_address, methods=["PUT"])
