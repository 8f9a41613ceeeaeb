"""Users of every role (admins only): list, add or invite, deactivate, API tokens."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.admin import bp, people
from icv.admin.common import (
    chosen_panel,
    invite_again,
    panel_choices,
    show_problem,
    welcome,
)
from icv.admin.forms import ROLES, NewUserForm
from icv.admin.scheme import Problem
from icv.auth.accounts import revoke_token
from icv.extensions import db
from icv.models import ApiToken, Panel, Role

ADMINS = policy.roles_required(Role.ADMIN)


@bp.route("/users")
@ADMINS
def users():
    rows = db.session.scalars(people.all_users_query()).all()
    return render_template("admin/users.html", users=rows, roles=dict(ROLES))


@bp.route("/users/new", methods=["GET", "POST"])
@ADMINS
def new_user():
    form = NewUserForm()
    form.panel_id.choices = panel_choices(current_user)
    form.coordinated_panels.choices = panel_choices(current_user, placeholder=None)
    if form.validate_on_submit():
        role = form.role.data
        password = form.password.data if form.access.data == "password" else None
        ids = {int(value) for value in form.coordinated_panels.data or []}
        try:
            user = people.create_user(
                name=form.name.data,
                email=form.email.data,
                role=role,
                panel=chosen_panel(current_user, form.panel_id.data),
                coordinated_panels=[db.session.get(Panel, panel_id) for panel_id in sorted(ids)],
                password=password,
            )
        except Problem as problem:
            show_problem(form, problem)
        else:
            welcome(user, password)
            return redirect(url_for("admin.user", user_id=user.id))
    return render_template("admin/user_new.html", form=form)


@bp.route("/users/<int:user_id>")
@ADMINS
def user(user_id):
    target = policy.user_or_404(current_user, user_id)
    tokens = sorted(target.api_tokens, key=lambda token: token.created_at, reverse=True)
    return render_template(
        "admin/user.html",
        user=target,
        roles=dict(ROLES),
        tokens=tokens,
        can_deactivate=policy.can_deactivate(current_user, target),
    )


@bp.route("/users/<int:user_id>/deactivate", methods=["POST"])
@ADMINS
def deactivate_user(user_id):
    target = policy.user_or_404(current_user, user_id)
    if not policy.can_deactivate(current_user, target):
        abort(403)
    people.deactivate(target)
    db.session.commit()
    flash(
        gettext(
            "%(name)s was deactivated and signed out. Their history is kept.", name=target.name
        ),
        "success",
    )
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/users/<int:user_id>/reactivate", methods=["POST"])
@ADMINS
def reactivate_user(user_id):
    target = policy.user_or_404(current_user, user_id)
    people.reactivate(target)
    db.session.commit()
    flash(gettext("%(name)s can sign in again.", name=target.name), "success")
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/users/<int:user_id>/invite", methods=["POST"])
@ADMINS
def invite_user(user_id):
    target = policy.user_or_404(current_user, user_id)
    invite_again(target)
    return redirect(url_for("admin.user", user_id=target.id))


@bp.route("/users/<int:user_id>/tokens/<int:token_id>/revoke", methods=["POST"])
@ADMINS
def revoke_user_token(user_id, token_id):
    target = policy.user_or_404(current_user, user_id)
    token = policy.owned_or_404(ApiToken, target, token_id)
    if token.revoked_at is None:
        revoke_token(token)
    label = token.label or gettext("unnamed")
    flash(gettext("The token “%(label)s” was revoked.", label=label), "success")
    return redirect(url_for("admin.user", user_id=target.id))
