"""Forgotten password: ask for a link by email, then choose a new password with it."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from icv.auth import bp, limits, reset
from icv.auth.accounts import clear_failures, set_password
from icv.auth.forms import ForgottenPasswordForm, ResetPasswordForm
from icv.extensions import db, limiter
from icv.links import public_url


@bp.route("/forgotten-password", methods=["GET", "POST"])
@limiter.limit(limits.password_reset_limit, methods=["POST"])
def forgotten_password():
    if current_user.is_authenticated:
        return redirect(url_for("auth.change_password"))
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        email = form.email.data.strip()
        reset.request_reset(email, lambda token: public_url("auth.reset_password", token=token))
        return render_template("auth/reset_sent.html", email=email)
    return render_template("auth/forgotten_password.html", form=form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
def reset_password(token):
    check = reset.check_reset(token)
    if check.problem:
        problem = gettext(reset.MESSAGES[check.problem])
        return render_template("auth/reset_password.html", problem=problem), 400
    form = ResetPasswordForm()
    if form.validate_on_submit():
        set_password(check.user, form.new_password.data)  # rotates the token: link now spent
        db.session.commit()
        clear_failures(check.user)  # they proved they hold the email: lift any pause
        flash(gettext("Your password has been changed. Sign in with your new password."), "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form, user=check.user)
