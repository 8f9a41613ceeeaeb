"""Volunteers: list, add or invite, edit, deactivate, and their availability."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.admin import availability_views, bp, people
from icv.admin.availability import availability_summary
from icv.admin.common import (
    chosen_panel,
    invite_again,
    panel_choices,
    show_problem,
    welcome,
)
from icv.admin.forms import VOLUNTEER_STATUSES, NewVolunteerForm, VolunteerFilterForm, VolunteerForm
from icv.admin.scheme import Problem
from icv.extensions import db
from icv.models import Role, User, VolunteerStatus

MANAGERS = policy.roles_required(*policy.MANAGERS)
EDITABLE = [field for field in people.VOLUNTEER_FIELDS if field != "panel"]


@bp.route("/volunteers")
@MANAGERS
def volunteers():
    filters = VolunteerFilterForm(formdata=request.args)
    filters.panel.choices = panel_choices(current_user, placeholder=gettext("All panels"))
    filters.panel.required = filters.status.required = False
    valid = filters.validate()
    query = people.filter_volunteers(
        policy.volunteers_query(current_user),
        panel_id=int(filters.panel.data) if valid and filters.panel.data else None,
        status=filters.status.data if valid else None,
    )
    return render_template(
        "admin/volunteers.html",
        volunteers=db.session.scalars(query).all(),
        filters=filters,
        statuses=dict(VOLUNTEER_STATUSES),
        expiry_flag=people.expiry_flag,
    )


def _details(form) -> dict:
    """The form's answers as model values."""
    values = {field: getattr(form, field).data for field in EDITABLE}
    values["panel"] = chosen_panel(current_user, form.panel_id.data)
    values["experienced"] = form.experienced.data == "yes"
    values["phone"] = values["phone"] or ""
    return values


@bp.route("/volunteers/new", methods=["GET", "POST"])
@MANAGERS
def new_volunteer():
    form = NewVolunteerForm(data={"status": VolunteerStatus.PROBATION, "experienced": "no"})
    form.panel_id.choices = panel_choices(current_user)
    if not form.is_submitted():
        form.max_visits_per_month.data, form.visits_made.data = 1, 0
    if form.validate_on_submit():
        details = _details(form)
        password = form.password.data if form.access.data == "password" else None
        try:
            volunteer = people.create_user(role=Role.VOLUNTEER, password=password, **details)
        except Problem as problem:
            show_problem(form, problem)
        else:
            welcome(volunteer, password)
            return redirect(url_for("admin.edit_volunteer", volunteer_id=volunteer.id))
    return render_template("admin/volunteer_new.html", form=form)


@bp.route("/volunteers/<int:volunteer_id>", methods=["GET", "POST"])
@MANAGERS
def edit_volunteer(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    form = VolunteerForm(obj=volunteer)
    form.panel_id.choices = panel_choices(current_user)
    if form.validate_on_submit():
        try:
            people.update_volunteer(volunteer, **_details(form))
        except Problem as problem:
            show_problem(form, problem)
        else:
            db.session.commit()
            flash(gettext("%(name)s's details were saved.", name=volunteer.name), "success")
            return redirect(url_for("admin.volunteers"))
    return render_template(
        "admin/volunteer_edit.html",
        form=form,
        volunteer=volunteer,
        availability=availability_summary(volunteer),
    )


@bp.route("/volunteers/<int:volunteer_id>/deactivate", methods=["POST"])
@MANAGERS
def deactivate_volunteer(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    people.deactivate(volunteer)
    db.session.commit()
    flash(
        gettext(
            "%(name)s was deactivated and signed out. Their history is kept.",
            name=volunteer.name,
        ),
        "success",
    )
    return redirect(url_for("admin.edit_volunteer", volunteer_id=volunteer.id))


@bp.route("/volunteers/<int:volunteer_id>/reactivate", methods=["POST"])
@MANAGERS
def reactivate_volunteer(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    people.reactivate(volunteer)
    db.session.commit()
    flash(
        gettext(
            "%(name)s can sign in again. Check their status, vetting and term dates.",
            name=volunteer.name,
        ),
        "success",
    )
    return redirect(url_for("admin.edit_volunteer", volunteer_id=volunteer.id))


@bp.route("/volunteers/<int:volunteer_id>/invite", methods=["POST"])
@MANAGERS
def invite_volunteer(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    invite_again(volunteer)
    return redirect(url_for("admin.edit_volunteer", volunteer_id=volunteer.id))


def _availability_urls(volunteer: User) -> dict:
    return {
        "self": url_for("admin.volunteer_availability", volunteer_id=volunteer.id),
        "back": url_for("admin.volunteer_availability", volunteer_id=volunteer.id),
        "up": url_for("admin.edit_volunteer", volunteer_id=volunteer.id),
        "add_absence": url_for("admin.new_volunteer_absence", volunteer_id=volunteer.id),
        "remove": lambda absence_id: url_for(
            "admin.remove_volunteer_absence", volunteer_id=volunteer.id, absence_id=absence_id
        ),
    }


@bp.route("/volunteers/<int:volunteer_id>/availability", methods=["GET", "POST"])
@MANAGERS
def volunteer_availability(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    return availability_views.availability_page(
        volunteer, own=False, urls=_availability_urls(volunteer)
    )


@bp.route("/volunteers/<int:volunteer_id>/absences/new", methods=["GET", "POST"])
@MANAGERS
def new_volunteer_absence(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    return availability_views.new_absence_page(
        volunteer, own=False, urls=_availability_urls(volunteer)
    )


@bp.route("/volunteers/<int:volunteer_id>/absences/<int:absence_id>/remove", methods=["POST"])
@MANAGERS
def remove_volunteer_absence(volunteer_id, absence_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    back = url_for("admin.volunteer_availability", volunteer_id=volunteer.id)
    return availability_views.remove_absence(volunteer, absence_id, back=back)
