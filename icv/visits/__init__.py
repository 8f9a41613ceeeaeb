"""Visit reports: what a pair of volunteers found on a visit to a custody suite."""

from flask import Blueprint

bp = Blueprint("visits", __name__)

from icv.visits import correction_views, views  # noqa: E402,F401
