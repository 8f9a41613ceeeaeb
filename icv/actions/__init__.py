"""Follow-up actions: concerns from visit reports chased to closure, and the panel meeting pack."""

from flask import Blueprint

bp = Blueprint("actions", __name__)
api_bp = Blueprint("actions_api", __name__)  # GET /api/v1/actions (JSON errors under /api/)

from icv.actions import api, change_views, pack_views, views  # noqa: E402,F401
