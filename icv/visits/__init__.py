"""Visit reports: what a pair of volunteers found on a visit to a custody suite."""

from flask import Blueprint

bp = Blueprint("visits", __name__)
# Its route modules attach to bp when create_app imports them (icv.register_blueprints), not
# here: the models load without the views, so icv.policy can import them.
