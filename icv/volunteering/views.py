"""Pages for a volunteer's service: the coordinators' overview and each volunteer's record
(appraisals, probation, time given), and a volunteer recording their own time."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import dates, policy
from icv.audit import record
from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role, User
from icv.volunteering import bp, probation, time_given
from icv.volunteering.forms import AppraisalForm, TimeGivenForm
from icv.volunteering.models import (
    APPRAISAL_KINDS,
    APPRAISAL_OUTCOMES,
    APPRAISAL_RECORDED,
    TIME_KINDS,
    TimeGiven,
)

MANAGERS = policy.roles_required(*policy.SERVICE_MANAGERS)
LABELS = {"time_kinds": TIME_KINDS, "appraisal_kinds": APPRAISAL_KINDS,
          "outcomes": APPRAISAL_OUTCOMES}  # fmt: skip


def _me() -> User:
    return current_user._get_current_object()


@bp.get("/")
@MANAGERS
def index():
    """What waits for the coordinator: probation to end, time to confirm, who is on probation."""
    volunteers = policy.volunteers_query(current_user)
    on_probation = db.session.scalars(
        volunteers.where(User.appointed_on.is_not(None), User.probation_completed_on.is_(None))
    ).all()
    waiting = db.session.scalars(
        policy.managed_time_query(current_user)
        .where(TimeGiven.confirmed_at.is_(None))
        .order_by(TimeGiven.given_on, TimeGiven.id)
    ).all()
    return render_template(
        "volunteering/index.html",
        on_probation=[(person, probation.progress(person)) for person in on_probation],
        waiting=waiting,
        **LABELS,
    )


@bp.get("/volunteers/<int:volunteer_id>")
@MANAGERS
def volunteer(volunteer_id):
    person = policy.managed_volunteer_or_404(current_user, volunteer_id)
    appraisals = probation.appraisals_of(person)
    if appraisals:  # the notes are personal data: who read them is kept
        record("viewed", "user", person.id, "appraisals and their notes", commit=True)
    return render_template(
        "volunteering/volunteer.html",
        volunteer=person,
        on_probation=probation.on_probation(person),
        progress=probation.progress(person),
        appraisals=appraisals,
        time_rows=time_given.own_time(person),
        **LABELS,
    )


@bp.post("/volunteers/<int:volunteer_id>/end-probation")
@MANAGERS
def end_probation(volunteer_id):
    person = policy.managed_volunteer_or_404(current_user, volunteer_id)
    if not probation.on_probation(person):
        flash(gettext("%(name)s is not on probation.", name=person.name), "success")
    elif not probation.progress(person).ready:
        not_yet = gettext("%(name)s has not met the conditions to end probation yet.",
                          name=person.name)  # fmt: skip
        flash(not_yet, "error")
    else:
        probation.end_probation(person, scheme_today())
        db.session.commit()
        flash(gettext("%(name)s's probation has ended.", name=person.name), "success")
    return redirect(url_for("volunteering.volunteer", volunteer_id=person.id))


@bp.route("/volunteers/<int:volunteer_id>/appraisals/new", methods=["GET", "POST"])
@MANAGERS
def new_appraisal(volunteer_id):
    person = policy.managed_volunteer_or_404(current_user, volunteer_id)
    form = AppraisalForm()
    if not form.is_submitted():
        form.held_by.data = current_user.name
    if form.validate_on_submit():
        probation.add_appraisal(
            person, kind=form.kind.data, held_on=form.held_on.data, held_by=form.held_by.data,
            outcome=form.outcome.data, notes=form.notes.data or "", by=_me(),
        )  # fmt: skip
        db.session.commit()
        flash(str(APPRAISAL_RECORDED[form.kind.data]), "success")
        return redirect(url_for("volunteering.volunteer", volunteer_id=person.id))
    return render_template("volunteering/appraisal_form.html", form=form, volunteer=person)


@bp.route("/volunteers/<int:volunteer_id>/time/new", methods=["GET", "POST"])
@MANAGERS
def new_time(volunteer_id):
    person = policy.managed_volunteer_or_404(current_user, volunteer_id)
    back = url_for("volunteering.volunteer", volunteer_id=person.id)
    return _time_form(person, back, gettext("Time recorded for %(name)s.", name=person.name))


@bp.route("/my-time/new", methods=["GET", "POST"])
@policy.roles_required(Role.VOLUNTEER)
def new_own_time():
    back = url_for("account.details", _anchor="hours")
    done = gettext("Time recorded. It counts once your coordinator confirms it.")
    return _time_form(_me(), back, done)


def _time_form(person: User, back: str, done: str):
    form = TimeGivenForm()
    if form.validate_on_submit():
        time_given.record_time(
            person, kind=form.kind.data, given_on=form.given_on.data,
            minutes=form.total_minutes, note=form.note.data or "", by=_me(),
        )  # fmt: skip
        db.session.commit()
        flash(done, "success")
        return redirect(back)
    own = person.id == current_user.id
    return render_template(
        "volunteering/time_form.html", form=form, volunteer=person, back=back, own=own
    )


@bp.post("/time/<int:time_id>/confirm")
@MANAGERS
def confirm_time(time_id):
    row = policy.managed_time_or_404(current_user, time_id)
    time_given.confirm_time(row, _me())
    db.session.commit()
    flash(gettext("%(name)s's time on %(day)s confirmed.", name=row.user.name,
                  day=dates.day(row.given_on)), "success")  # fmt: skip
    return redirect(url_for("volunteering.index"))
