"""Expenses: volunteers' claims for mileage, parking, public transport and other costs, with
receipt photos; coordinators approve or return them; finance gets a monthly export."""

from flask import Blueprint

bp = Blueprint("expenses", __name__)
api_bp = Blueprint("expenses_api", __name__)
# Its route modules attach to bp when create_app imports them (icv.register_blueprints), not
# here: the models load without the views, so icv.policy can import them.
