"""Follow-up actions: concerns from visit reports chased to closure, and the panel meeting pack."""

from flask import Blueprint

bp = Blueprint("actions", __name__)
api_bp = Blueprint("actions_api", __name__)  # GET /api/v1/actions (JSON errors under /api/)
public_bp = Blueprint("published", __name__)  # each quarter's published issues: no sign-in
# Its route modules attach to bp when create_app imports them (icv.register_blueprints), not
# here: the models load without the views, so icv.policy can import them.
