"""Signing in and out, two-factor sign-in, passwords and API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from icv.auth import reset_views, two_factor_views, views  # noqa: E402,F401
