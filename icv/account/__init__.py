"""A signed-in user's own contact details and availability."""

from flask import Blueprint

bp = Blueprint("account", __name__)

from icv.account import views  # noqa: E402,F401
