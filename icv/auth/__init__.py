"""Signing in and out, passwords and API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from icv.auth import views  # noqa: E402,F401
