"""Sign in (the password step), sign out and change password."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user, login_required, login_user, logout_user

from icv.auth import bp, limits, pending
from icv.auth.accounts import check_sign_in, password_matches, set_password
from icv.auth.forms import ChangePasswordForm, SetPasswordForm, SignInForm
from icv.extensions import db, limiter
from icv.links import local_path_or_home


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit(limits.sign_in_limit, methods=["POST"])
def sign_in():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    form = SignInForm()
    error = None
    if form.validate_on_submit():
        result = check_sign_in(form.email.data, form.password.data)
        if result.user:
            next_url = local_path_or_home(request.args.get("next"))
            if pending.needs_second_step(result.user):
                return redirect(pending.start(result.user, next_url))
            return redirect(pending.finish(result.user, next_url))
        error = result.error
        form.password.errors = [error]
    return render_template("auth/sign_in.html", form=form, error=error)


@bp.route("/sign-out", methods=["POST"])
def sign_out():
    logout_user()
    pending.fresh_session()
    flash(gettext("You have signed out."), "success")
    return redirect(url_for("auth.sign_in", cleared=1))


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not password_matches(current_user, form.current_password.data):
            form.current_password.errors = [gettext("Your current password is not correct")]
        else:
            me = current_user._get_current_object()  # the user, not the proxy, for g
            set_password(me, form.new_password.data)
            db.session.commit()
            login_user(me)  # keep this session; others are signed out
            flash(gettext("Your password has been changed."), "success")
            return redirect(url_for("main.home"))
    return render_template("auth/change_password.html", form=form)


@bp.route("/set-password/<token>", methods=["GET", "POST"], endpoint="set_password")
def set_password_from_invitation(token):
    """The single-use link from an invitation email: choose a password, then be signed in."""
    from icv.auth.invitations import check_invitation

    check = check_invitation(token)
    if check.problem:
        return render_template("auth/set_password.html", problem=check.problem), 400
    form = SetPasswordForm()
    if form.validate_on_submit():
        set_password(check.user, form.new_password.data)  # rotates the token: link now spent
        db.session.commit()
        if pending.needs_second_step(check.user):  # staff set up two-factor sign-in first
            return redirect(pending.start(check.user, url_for("main.home")))
        pending.finish(check.user)
        flash(gettext("Your password is set and you are signed in."), "success")
        return redirect(url_for("main.home"))
    return render_template("auth/set_password.html", form=form, user=check.user)
