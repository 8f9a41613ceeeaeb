"""Your details and availability."""

from flask import render_template
from flask_login import login_required

from icv.account import bp


@bp.route("/")
@login_required
def details():
    return render_template("account/details.html")
