"""Volunteers' training records and the courses they can be on.

The standard courses (induction, TACT, refresher) are in icv.models.STANDARD_COURSES; an
admin adds others. Admins and the volunteer's coordinators add and correct records; each
change is in the audit trail (fields named, never their values). Operations add and flush;
a `Problem` names the form field at fault.
"""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext

from icv.admin.scheme import Problem
from icv.audit import record
from icv.extensions import db
from icv.language import N_
from icv.models import STANDARD_COURSES, TrainingCourse, TrainingRecord, User

CODE_FORMAT = re.compile(r"^[a-z][a-z0-9_-]{1,39}$")
# The standard courses' names (STANDARD_COURSES), for the catalogue: shown translated.
STANDARD_NAMES = (N_("Induction"), N_("Refresher"))  # "TACT" is the same in Welsh


def courses() -> dict[str, str]:
    """Every course by code: the standard ones first, then those admins added, by name."""
    added = db.session.scalars(sa.select(TrainingCourse).order_by(TrainingCourse.name))
    standard = {code: gettext(name) for code, name in STANDARD_COURSES.items()}
    return {**standard, **{course.code: course.name for course in added}}


def course_name(code: str) -> str:
    return courses().get(code, code)


def add_course(code: str, name: str) -> TrainingCourse:
    code = code.strip().lower()
    if not CODE_FORMAT.match(code):
        raise Problem(
            "code",
            gettext(
                "Code must start with a letter and use 2 to 40 lower-case letters, digits, "
                "hyphens or underscores, like first-aid"
            ),
        )
    if code in courses():
        raise Problem("code", gettext("A course with the code %(code)s already exists", code=code))
    course = TrainingCourse(code=code, name=name.strip())
    db.session.add(course)
    db.session.flush()
    record("created", "training_course", code, "code, name")
    return course


def _check(course_code: str, completed_on: date, expires_on: date | None) -> None:
    if course_code not in courses():
        raise Problem("course_code", gettext("Select a course from the list"))
    if expires_on is not None and expires_on <= completed_on:
        raise Problem(
            "expires_on", gettext("The expiry date must be after the date it was completed")
        )


def add_record(
    volunteer: User, *, course_code: str, completed_on: date, expires_on: date | None, by: User
) -> TrainingRecord:
    _check(course_code, completed_on, expires_on)
    training = TrainingRecord(
        course_code=course_code, completed_on=completed_on, expires_on=expires_on,
        recorded_by_id=by.id,
    )  # fmt: skip
    volunteer.trainings.append(training)
    db.session.flush()
    record("created", "training_record", training.id, f"for user {volunteer.id}: course_code, "
           "completed_on, expires_on")  # fmt: skip
    return training


def change_record(
    training: TrainingRecord, *, course_code: str, completed_on: date, expires_on: date | None,
    by: User,
) -> None:  # fmt: skip
    """Correct a record: the corrector becomes who recorded it."""
    _check(course_code, completed_on, expires_on)
    changed = [
        name
        for name, value in (("course_code", course_code), ("completed_on", completed_on),
                            ("expires_on", expires_on))
        if getattr(training, name) != value
    ]  # fmt: skip
    training.course_code, training.completed_on = course_code, completed_on
    training.expires_on, training.recorded_by_id = expires_on, by.id
    db.session.flush()
    summary = f"for user {training.user_id}: {', '.join(changed) or 'nothing'} corrected"
    record("changed", "training_record", training.id, summary)
