"""TACT (Terrorism Act 2000 s.41) visits: the Independent Reviewer's copy of each report
with a TACT detainee, its reminder, and ad-hoc TACT visits called at short notice (issue 16)."""

from flask import Blueprint

bp = Blueprint("tact", __name__)
api_bp = Blueprint("tact_api", __name__)
# Its route modules attach when create_app imports them (icv.register_blueprints), not here:
# the models load without the views, so icv.policy can import them.
