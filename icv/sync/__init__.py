"""The JSON API the phone syncs with (/api/v1), and the emergency import page."""

from flask import Blueprint

bp = Blueprint("sync", __name__)
pages_bp = Blueprint("sync_pages", __name__)  # HTML pages: not under /api/, so errors are pages

from icv.sync import pages, views  # noqa: E402,F401
