"""Your details, and (for volunteers) your availability and dates away."""

from flask import current_app, flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user, login_required

from icv import policy
from icv.account import bp
from icv.account.forms import DetailsForm
from icv.admin import availability_views, people, training
from icv.admin.availability import availability_summary
from icv.dates import financial_year_of, scheme_today
from icv.extensions import db
from icv.figures.hours import hours_given
from icv.figures.periods import financial_year
from icv.figures.tables import HOURS_COLUMNS, grid
from icv.models import Role
from icv.volunteering.models import TIME_KINDS
from icv.volunteering.time_given import own_time

VOLUNTEERS = policy.roles_required(Role.VOLUNTEER)


@bp.route("/", methods=["GET", "POST"])
@login_required
def details():
    me = _me()
    form = DetailsForm(obj=me)
    if form.validate_on_submit():
        people.update_own_details(me, name=form.name.data, phone=form.phone.data or "")
        db.session.commit()
        flash(gettext("Your details were saved."), "success")
        return redirect(url_for("account.details"))
    volunteer = me.role == Role.VOLUNTEER
    summary = availability_summary(me) if volunteer else []
    names = training.courses() if volunteer else {}
    service = _own_service(me) if volunteer else {}
    return render_template(
        "account/details.html", form=form, availability=summary, course_names=names, **service
    )


def _own_service(me) -> dict:
    """A volunteer's hours this financial year and last, and the time they recorded."""
    this_year = financial_year_of(scheme_today())
    years = [financial_year(start) for start in (this_year, this_year - 1)]
    hours = [(year.label, hours_given(year, split_by="whole", user_id=me.id).total)
             for year in years]  # fmt: skip
    return {
        "hours": grid(gettext("Financial year"), HOURS_COLUMNS, hours),
        "time_rows": own_time(me),
        "time_kinds": TIME_KINDS,
        "travel_minutes": current_app.config["VISIT_TRAVEL_MINUTES"],
    }


def _me():
    """The signed-in user itself, not the proxy, for the domain functions."""
    return current_user._get_current_object()


def _urls() -> dict:
    return {
        "self": url_for("account.availability"),
        "back": url_for("account.availability"),
        "up": url_for("account.details"),
        "add_absence": url_for("account.new_absence"),
        "remove": lambda absence_id: url_for("account.remove_absence", absence_id=absence_id),
    }


@bp.route("/availability", methods=["GET", "POST"])
@VOLUNTEERS
def availability():
    return availability_views.availability_page(_me(), own=True, urls=_urls())


@bp.route("/absences/new", methods=["GET", "POST"])
@VOLUNTEERS
def new_absence():
    return availability_views.new_absence_page(_me(), own=True, urls=_urls())


@bp.route("/absences/<int:absence_id>/remove", methods=["POST"])
@VOLUNTEERS
def remove_absence(absence_id):
    return availability_views.remove_absence(
        _me(), absence_id, back=url_for("account.availability")
    )
