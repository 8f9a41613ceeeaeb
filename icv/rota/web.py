"""The rota blueprint: coordinators plan at /rota, volunteers see theirs at /rota/mine."""

from flask import Blueprint

bp = Blueprint("rota", __name__)

from icv.rota import mine, views, visit_views  # noqa: E402,F401
