"""Forms for recording time given and appraisals."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.dates import scheme_today
from icv.fields import DateInputField, RadioChoiceField, WholeNumberField, options
from icv.form import Form
from icv.volunteering.models import APPRAISAL_KINDS, APPRAISAL_OUTCOMES, TIME_KINDS

MOST_HOURS = 12  # in one entry: a training day is about 7


def _not_in_future(message):
    def check(form, field):
        if field.data and field.data > scheme_today():
            raise ValidationError(message)

    return check


class TimeGivenForm(Form):
    kind = RadioChoiceField(
        _l("What was it?"),
        message=_l("Select a panel meeting or training"),
        choices=options(TIME_KINDS.items()),
    )
    given_on = DateInputField(
        _l("Date"), description=_l("For example, 14 3 2025"), required=_l("Enter the date"),
        validators=[_not_in_future(_l("The date must be today or in the past"))],
    )  # fmt: skip
    hours = WholeNumberField(
        _l("Hours"), example=_l("Enter the hours as a whole number, like 2"), minimum=0,
        maximum=MOST_HOURS,
    )  # fmt: skip
    minutes = WholeNumberField(
        _l("Minutes"), example=_l("Enter the minutes as a whole number, like 30"), minimum=0,
        maximum=59,
    )  # fmt: skip
    note = StringField(
        _l("What it was about (optional)"),
        widget=GovTextInput(),
        description=_l("For example, quarterly panel meeting with the custody inspector"),
        validators=[
            Optional(),
            Length(max=200, message=_l("The note must be 200 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Record time"), widget=GovSubmitInput())

    def validate_minutes(self, field):
        if self.hours.data == 0 and field.data == 0:
            raise ValidationError(gettext("Enter how long it took: hours, minutes or both"))
        if self.hours.data == MOST_HOURS and field.data:
            raise ValidationError(
                gettext("Record at most %(hours)d hours at a time", hours=MOST_HOURS)
            )

    @property
    def total_minutes(self) -> int:
        return self.hours.data * 60 + self.minutes.data


class AppraisalForm(Form):
    kind = RadioChoiceField(
        _l("What was it?"), message=_l("Select an observed visit or an appraisal"),
        choices=options(APPRAISAL_KINDS.items()),
    )  # fmt: skip
    held_on = DateInputField(
        _l("Date"), description=_l("For example, 14 3 2025"), required=_l("Enter the date"),
        validators=[_not_in_future(_l("The date must be today or in the past"))],
    )  # fmt: skip
    held_by = StringField(
        _l("Observed or appraised by"),
        widget=GovTextInput(),
        description=_l("Their name, for example an experienced visitor or the coordinator"),
        validators=[InputRequired(message=_l("Enter who observed or appraised")),
                    Length(max=120, message=_l("The name must be 120 characters or fewer"))],
    )  # fmt: skip
    outcome = RadioChoiceField(
        _l("Outcome"), message=_l("Select the outcome"),
        choices=options(APPRAISAL_OUTCOMES.items()),
    )  # fmt: skip
    notes = TextAreaField(
        _l("Notes (optional)"),
        widget=GovTextArea(),
        description=_l("Seen only by the coordinators of the volunteer's panel and admins"),
        validators=[
            Optional(),
            Length(max=4000, message=_l("Notes must be 4000 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
