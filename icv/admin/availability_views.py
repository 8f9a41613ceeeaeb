"""Availability and dates-away pages, shared by coordinators' and volunteers' own views."""

from __future__ import annotations

from flask import flash, redirect, render_template
from flask_babel import gettext

from icv import policy
from icv.admin import availability
from icv.admin.common import show_problem
from icv.admin.forms import AbsenceForm, AvailabilityForm
from icv.admin.scheme import Problem
from icv.extensions import db
from icv.fields import options
from icv.models import Absence, User


def availability_page(volunteer: User, *, own: bool, urls: dict):
    """The weekly grid and the list of dates away. `urls`: back, add_absence, remove(id)."""
    form = AvailabilityForm()
    form.slots.choices = options((key, key) for key in availability.all_slot_keys())
    if not form.is_submitted():
        form.slots.data = availability.current_slot_keys(volunteer)
    if form.validate_on_submit():
        availability.set_availability(volunteer, form.slots.data or [])
        db.session.commit()
        flash(gettext("Availability saved."), "success")
        return redirect(urls["self"])
    return render_template(
        "admin/availability.html",
        form=form,
        volunteer=volunteer,
        own=own,
        urls=urls,
        weekdays=zip(
            availability.weekday_names(), availability.weekday_names("abbreviated"), strict=True
        ),
        bands=[(band.value, availability.band_name(band)) for band in availability.BANDS],
        selected=set(form.slots.data or []),
        absences=availability.current_absences(volunteer),
    )


def new_absence_page(volunteer: User, *, own: bool, urls: dict):
    form = AbsenceForm()
    if form.validate_on_submit():
        try:
            availability.add_absence(
                volunteer,
                starts_on=form.starts_on.data,
                ends_on=form.ends_on.data,
                note=form.note.data or "",
            )
        except Problem as problem:
            show_problem(form, problem)
        else:
            db.session.commit()
            flash(gettext("Dates away added."), "success")
            return redirect(urls["back"])
    return render_template(
        "admin/absence_form.html", form=form, volunteer=volunteer, own=own, urls=urls
    )


def remove_absence(volunteer: User, absence_id: int, *, back: str):
    absence = policy.owned_or_404(Absence, volunteer, absence_id)
    availability.remove_absence(absence)
    db.session.commit()
    flash(gettext("Dates away removed."), "success")
    return redirect(back)
