"""In-app notifications: the messages email would carry, kept when no SMTP server is set up."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from icv.notifications import views  # noqa: E402,F401
