"""Lists of scheme data, scoped to the panels the user manages."""

from flask import render_template
from flask_login import current_user

from icv import policy
from icv.admin import bp
from icv.extensions import db
from icv.models import Role


@bp.route("/panels")
@policy.roles_required(*policy.MANAGERS)
def panels():
    rows = db.session.scalars(policy.panels_query(current_user)).all()
    return render_template("admin/panels.html", panels=rows)


@bp.route("/suites")
@policy.roles_required(*policy.MANAGERS)
def suites():
    rows = db.session.scalars(policy.suites_query(current_user)).all()
    return render_template("admin/suites.html", suites=rows)


@bp.route("/volunteers")
@policy.roles_required(*policy.MANAGERS)
def volunteers():
    rows = db.session.scalars(policy.volunteers_query(current_user)).all()
    return render_template("admin/volunteers.html", volunteers=rows)


@bp.route("/users")
@policy.roles_required(Role.ADMIN)
def users():
    return render_template("admin/users.html")
