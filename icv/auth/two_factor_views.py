"""The second sign-in step: a code, or setting up an authenticator app; and managing it."""

from flask import (
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext
from flask_login import current_user, login_required

from icv import policy
from icv.api_errors import api_error
from icv.auth import bp, limits, pending, two_factor
from icv.auth.accounts import locked_message, password_matches, record_failure
from icv.auth.forms import CodeForm, ConfirmPasswordForm, EnrolForm
from icv.extensions import db, limiter
from icv.language import N_

WRONG_CODE = N_("The code is not correct, or it has been used already. Enter the newest code")
TIMED_OUT = N_("Your sign-in timed out. Sign in again.")
# Pages a signed-in member of staff without two-factor sign-in may still reach.
OPEN_WITHOUT_SETUP = {
    "auth.two_factor_setup",
    "auth.sign_out",
    "static",
    "main.govuk_assets",
    "main.healthz",
    "main.readyz",
}


def _lockout_settings() -> dict:
    config = current_app.config
    return {"threshold": config["LOCKOUT_THRESHOLD"], "lock_minutes": config["LOCKOUT_MINUTES"]}


def _timed_out():
    if pending.MARKER in session:
        flash(gettext(TIMED_OUT), "info")
    pending.abandon()
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit(limits.two_factor_limit, methods=["POST"])
def two_factor_code():
    if current_user.is_authenticated:
        return redirect(url_for("main.home"))
    user = pending.pending_user()
    if user is None or not two_factor.is_enrolled(user):
        return _timed_out()
    form = CodeForm()
    if form.validate_on_submit():
        problem = locked_message(user)
        if problem is None and two_factor.accept_second_factor(user, form.code.data):
            db.session.commit()
            return redirect(pending.finish(user))
        problem = problem or record_failure(user, **_lockout_settings())
        if problem:  # paused: they start again from the password once it lifts
            pending.abandon()
        form.code.errors = [problem or gettext(WRONG_CODE)]
        form.code.data = ""
    return render_template("auth/two_factor_code.html", form=form)


def _enrolling_user():
    """Who is setting up: a signed-in user, or one between the password and the code."""
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return pending.pending_user()


@bp.route("/two-factor/set-up", methods=["GET", "POST"])
@limiter.limit(limits.two_factor_limit, methods=["POST"])
def two_factor_setup():
    user = _enrolling_user()
    if user is None:
        return _timed_out()
    if two_factor.is_enrolled(user):
        if current_user.is_authenticated:
            return redirect(url_for("auth.two_factor"))
        return redirect(pending.second_step_url(user))
    secret = session.get(pending.SETUP_KEY) or two_factor.new_secret()
    session[pending.SETUP_KEY] = secret
    form = EnrolForm()
    if form.validate_on_submit():
        codes = two_factor.enrol(user, secret, form.code.data)
        if codes:
            db.session.commit()
            session.pop(pending.SETUP_KEY, None)
            next_url = url_for("main.home")
            if not current_user.is_authenticated:
                next_url = pending.finish(user)
            return render_template("auth/recovery_codes.html", codes=codes, next_url=next_url)
        form.code.errors = [gettext(WRONG_CODE)]
        form.code.data = ""
    return render_template(
        "auth/two_factor_setup.html",
        form=form,
        user=user,
        required=policy.two_factor_required(user),
        key=two_factor.grouped(secret),
        uri=two_factor.provisioning_uri(user, secret, current_app.config["SERVICE_NAME"]),
    )


@bp.route("/account/two-factor", endpoint="two_factor")
@login_required
def two_factor_settings():
    return render_template(
        "auth/two_factor.html",
        enrolled=two_factor.is_enrolled(current_user),
        codes_left=two_factor.recovery_codes_left(current_user),
        can_turn_off=policy.can_turn_off_two_factor(current_user),
        form=ConfirmPasswordForm(),
    )


def _password_confirmed(form: ConfirmPasswordForm) -> bool:
    if not form.validate_on_submit():
        return False
    if not password_matches(current_user, form.password.data):
        form.password.errors = [gettext("Your password is not correct")]
        return False
    return True


@bp.route("/account/two-factor/recovery-codes", methods=["POST"])
@login_required
def new_recovery_codes():
    form = ConfirmPasswordForm()
    if not two_factor.is_enrolled(current_user):
        abort(404)
    if not _password_confirmed(form):
        return _status_page_with(form), 400
    codes = two_factor.replace_recovery_codes(current_user)
    db.session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.two_factor")
    )


@bp.route("/account/two-factor/turn-off", methods=["POST"])
@login_required
def turn_off_two_factor():
    if not policy.can_turn_off_two_factor(current_user):
        abort(403)
    form = ConfirmPasswordForm()
    if not _password_confirmed(form):
        return _status_page_with(form), 400
    two_factor.disable(current_user)
    db.session.commit()
    flash(gettext("Two-factor sign-in is off. You sign in with your password only."), "success")
    return redirect(url_for("auth.two_factor"))


def _status_page_with(form: ConfirmPasswordForm) -> str:
    return render_template(
        "auth/two_factor.html",
        enrolled=two_factor.is_enrolled(current_user),
        codes_left=two_factor.recovery_codes_left(current_user),
        can_turn_off=policy.can_turn_off_two_factor(current_user),
        form=form,
    )


@bp.before_app_request
def require_two_factor_setup():
    """Staff signed in without a second factor (e.g. after a role change) set one up first."""
    if request.endpoint in OPEN_WITHOUT_SETUP or "_user_id" not in session:
        return None  # bearer-token calls carry no session and are unaffected
    if not current_user.is_authenticated or not policy.two_factor_required(current_user):
        return None
    if two_factor.is_enrolled(current_user):
        return None
    if request.path.startswith("/api/"):
        message = gettext("Set up two-factor sign-in in the browser, then try again.")
        return api_error(403, message, error="two_factor_setup_required")
    return redirect(url_for("auth.two_factor_setup"))
