"""Figures for coordinators and analysts: the page and exports (/figures) and the stats API."""

from flask import Blueprint

bp = Blueprint("figures", __name__)
api_bp = Blueprint("figures_api", __name__)  # registered under /api/v1

from icv.figures import api, indexes, models, views  # noqa: E402,F401
