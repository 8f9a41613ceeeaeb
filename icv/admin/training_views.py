"""Volunteers' training records (admins and the volunteer's coordinators) and courses
(admins)."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.admin import bp, training
from icv.admin.common import show_problem
from icv.admin.forms import TrainingCourseForm, TrainingRecordForm
from icv.admin.scheme import Problem
from icv.extensions import db
from icv.fields import options
from icv.models import Role, TrainingRecord, User

RECORDERS = policy.roles_required(*policy.TRAINING_RECORDERS)


def _records_page(volunteer: User) -> str:
    return url_for("admin.volunteer_training", volunteer_id=volunteer.id)


@bp.get("/volunteers/<int:volunteer_id>/training")
@RECORDERS
def volunteer_training(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    return render_template(
        "admin/training.html",
        volunteer=volunteer,
        names=training.courses(),
        can_add_courses=policy.can_add_courses(current_user),
    )


@bp.route("/volunteers/<int:volunteer_id>/training/new", methods=["GET", "POST"])
@RECORDERS
def new_training(volunteer_id):
    volunteer = policy.managed_volunteer_or_404(current_user, volunteer_id)
    return _record_form(volunteer, None)


@bp.route("/volunteers/<int:volunteer_id>/training/<int:record_id>", methods=["GET", "POST"])
@RECORDERS
def edit_training(volunteer_id, record_id):
    found = policy.training_record_or_404(current_user, volunteer_id, record_id)
    return _record_form(found.user, found)


def _record_form(volunteer: User, found: TrainingRecord | None):
    form = TrainingRecordForm(obj=found)
    form.course_code.choices = options(training.courses().items())
    if form.validate_on_submit():
        values = {"course_code": form.course_code.data, "completed_on": form.completed_on.data,
                  "expires_on": form.expires_on.data, "by": current_user}  # fmt: skip
        try:
            if found is None:
                training.add_record(volunteer, **values)
            else:
                training.change_record(found, **values)
        except Problem as problem:
            show_problem(form, problem)
        else:
            db.session.commit()
            if found is None:
                flash(gettext("Training record added."), "success")
            else:
                flash(gettext("Training record saved."), "success")
            return redirect(_records_page(volunteer))
    return render_template(
        "admin/training_form.html", form=form, volunteer=volunteer, created=found is None
    )


@bp.route("/training-courses/new", methods=["GET", "POST"])
@policy.roles_required(Role.ADMIN)
def new_training_course():
    form = TrainingCourseForm()
    if form.validate_on_submit():
        try:
            course = training.add_course(form.code.data, form.name.data)
        except Problem as problem:
            show_problem(form, problem)
        else:
            db.session.commit()
            flash(
                gettext(
                    "Course %(name)s added: it can now be chosen in training records.",
                    name=course.name,
                ),
                "success",
            )
            return redirect(url_for("admin.volunteers"))
    return render_template("admin/training_course_form.html", form=form, names=training.courses())
