"""In-app notifications: the messages email would carry, kept when no SMTP server is set up."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
# Its route modules attach to bp when create_app imports them (icv.register_blueprints), not
# here: the models load without the views, so icv.policy can import them.
