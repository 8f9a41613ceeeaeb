"""Police users (custody inspectors and managers): admins add them for any suite, coordinators
for their panels' suites. They answer follow-up actions in the app (icv.actions.police)."""

from flask import redirect, render_template, url_for
from flask_login import current_user

from icv import policy
from icv.admin import bp, people
from icv.admin.common import show_problem, welcome
from icv.admin.forms import NewPoliceUserForm
from icv.admin.scheme import Problem
from icv.extensions import db
from icv.fields import options
from icv.models import POLICE_REPORT_EMAILS, Role, setting_is_on

MANAGERS = policy.roles_required(*policy.MANAGERS)


@bp.route("/police")
@MANAGERS
def police_users():
    rows = db.session.scalars(policy.police_users_query(current_user)).all()
    return render_template(
        "admin/police_users.html",
        users=rows,
        can_change_settings=current_user.role in policy.SETTINGS_CHANGERS,
        report_emails=setting_is_on(POLICE_REPORT_EMAILS),
    )


@bp.route("/police/new", methods=["GET", "POST"])
@MANAGERS
def new_police_user():
    form = NewPoliceUserForm()
    suites = {str(s.id): s for s in db.session.scalars(policy.suites_query(current_user))}
    form.suites.choices = options((key, suite.name) for key, suite in suites.items())
    if form.validate_on_submit():
        chosen = [suites[key] for key in form.suites.data or [] if key in suites]
        password = form.password.data if form.access.data == "password" else None
        try:
            user = people.create_user(
                name=form.name.data, email=form.email.data, role=Role.POLICE,
                suites=chosen, password=password,
            )  # fmt: skip
        except Problem as problem:
            show_problem(form, problem)
        else:
            welcome(user, password)
            return redirect(url_for("admin.police_user", user_id=user.id))
    return render_template("admin/police_user_new.html", form=form)


@bp.route("/police/<int:user_id>")
@MANAGERS
def police_user(user_id: int):
    target = policy.managed_police_user_or_404(current_user, user_id)
    return render_template("admin/police_user.html", user=target)
