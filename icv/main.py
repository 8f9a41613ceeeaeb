"""Home page, health check and the GOV.UK Frontend assets."""

from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from flask_login import current_user, login_required

from icv import policy
from icv.extensions import db
from icv.models import Role

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    counts = {}
    if current_user.role in policy.MANAGERS:
        for name, query in (
            ("panels", policy.panels_query(current_user)),
            ("suites", policy.suites_query(current_user)),
            ("volunteers", policy.volunteers_query(current_user)),
        ):
            counts[name] = db.session.scalar(
                sa.select(sa.func.count()).select_from(query.subquery())
            )
    return render_template("main/home.html", counts=counts, Role=Role)


@bp.route("/healthz")
def healthz():
    """Liveness and database reachability; reads only."""
    db.session.execute(sa.text("SELECT 1"))
    return jsonify(status="ok")


@bp.route("/assets/<path:filename>")
def govuk_assets(filename):
    """GOV.UK Frontend's CSS refers to /assets/...; serve them from the copied npm package."""
    folder = Path(current_app.static_folder) / "vendor" / "govuk" / "assets"
    return send_from_directory(folder, filename, max_age=86400)
