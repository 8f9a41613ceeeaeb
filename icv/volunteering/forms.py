"""Forms for recording time given and appraisals."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.dates import scheme_today
from icv.fields import DateInputField, RadioChoiceField, WholeNumberField, options
from icv.form import Form
from icv.volunteering.models import APPRAISAL_KINDS, APPRAISAL_OUTCOMES, TIME_KINDS

MOST_HOURS = 12  # in one entry: a training day is about 7


def _not_in_future(label: str):
    def check(form, field):
        if field.data and field.data > scheme_today():
            raise ValidationError(f"{label} must be today or in the past")

    return check


class TimeGivenForm(Form):
    kind = RadioChoiceField(
        "What was it?",
        message="Select a panel meeting or training",
        choices=options(TIME_KINDS.items()),
    )
    given_on = DateInputField(
        "Date", description="For example, 14 3 2025", required="Enter the date",
        validators=[_not_in_future("The date")],
    )  # fmt: skip
    hours = WholeNumberField(
        "Hours", example="Enter the hours as a whole number, like 2", minimum=0,
        maximum=MOST_HOURS,
    )  # fmt: skip
    minutes = WholeNumberField(
        "Minutes", example="Enter the minutes as a whole number, like 30", minimum=0, maximum=59
    )
    note = StringField(
        "What it was about (optional)",
        widget=GovTextInput(),
        description="For example, quarterly panel meeting with the custody inspector",
        validators=[
            Optional(),
            Length(max=200, message="The note must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Record time", widget=GovSubmitInput())

    def validate_minutes(self, field):
        if self.hours.data == 0 and field.data == 0:
            raise ValidationError("Enter how long it took: hours, minutes or both")
        if self.hours.data == MOST_HOURS and field.data:
            raise ValidationError(f"Record at most {MOST_HOURS} hours at a time")

    @property
    def total_minutes(self) -> int:
        return self.hours.data * 60 + self.minutes.data


class AppraisalForm(Form):
    kind = RadioChoiceField(
        "What was it?", message="Select an observed visit or an appraisal",
        choices=options(APPRAISAL_KINDS.items()),
    )  # fmt: skip
    held_on = DateInputField(
        "Date", description="For example, 14 3 2025", required="Enter the date",
        validators=[_not_in_future("The date")],
    )  # fmt: skip
    held_by = StringField(
        "Observed or appraised by",
        widget=GovTextInput(),
        description="Their name, for example an experienced visitor or the coordinator",
        validators=[InputRequired(message="Enter who observed or appraised"),
                    Length(max=120, message="The name must be 120 characters or fewer")],
    )  # fmt: skip
    outcome = RadioChoiceField(
        "Outcome", message="Select the outcome", choices=options(APPRAISAL_OUTCOMES.items())
    )
    notes = TextAreaField(
        "Notes (optional)",
        widget=GovTextArea(),
        description="Seen only by the coordinators of the volunteer's panel and admins",
        validators=[Optional(), Length(max=4000, message="Notes must be 4000 characters or fewer")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
