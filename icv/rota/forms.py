"""Forms for planning the rota and answering it. Choices are filled in by the views."""

from __future__ import annotations

import re
from datetime import time

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.admin.fields import ChoiceField, DateInputField, RadioChoiceField, options
from icv.form import Form
from icv.rota.schedule import BANDS, DAY, WEEK

BAND_CHOICES = options((band, band.capitalize()) for band in BANDS)
GRANULARITY_CHOICES = options(
    [(WEEK, "A week (the pair choose the day and time)"), (DAY, "A day and a time band")]
)


class ActionForm(Form):
    """A button that changes something: only the CSRF token travels with it."""


class DraftRequestForm(Form):
    panel = ChoiceField("Panel", message="Choose a panel from the list", choices=[])
    starts_on = DateInputField(
        "Start date", description="For example, 1 4 2026", required="Enter the start date"
    )
    ends_on = DateInputField(
        "End date", description="For example, 30 6 2026", required="Enter the end date"
    )
    granularity = RadioChoiceField(
        "Each visit's window",
        message="Choose a week or a day for each visit",
        choices=GRANULARITY_CHOICES,
        default=WEEK,
    )
    seed = StringField(
        "Seed (optional)",
        widget=GovTextInput(),
        description="The same seed gives the same draft. Leave empty for a fresh one.",
        validators=[Optional()],
    )
    submit = SubmitField("Make a draft rota", widget=GovSubmitInput())

    def validate_seed(self, field):
        if field.data and not field.data.strip().isdigit():
            raise ValidationError("Seed must be a whole number, like 2019")

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("End date must be the same as or after the start date")


class RegenerateForm(Form):
    suite = ChoiceField("Suite", message="Choose a suite from the list", choices=[])
    starts_on = DateInputField("From", required="Enter the first date to plan again")
    ends_on = DateInputField("To", required="Enter the last date to plan again")
    submit = SubmitField("Plan this part again", widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("To must be the same as or after From")


class SwapForm(Form):
    leaving = ChoiceField("Take off this visit", message="Choose who to take off", choices=[])
    joining = ChoiceField("Put on instead", message="Choose who to put on instead", choices=[])
    submit = SubmitField("Swap", widget=GovSubmitInput())


class MoveForm(Form):
    day = DateInputField(
        "Planned day", description="For example, 14 4 2026", required="Enter the planned day"
    )
    band = RadioChoiceField("Time band", message="Choose a time band", choices=BAND_CHOICES)
    submit = SubmitField("Move visit", widget=GovSubmitInput())


class AddVisitForm(Form):
    suite = ChoiceField("Suite", message="Choose a suite from the list", choices=[])
    day = DateInputField(
        "A day in the week to visit",
        description="For example, 14 4 2026",
        required="Enter a day in the week to visit",
    )
    submit = SubmitField("Add a visit", widget=GovSubmitInput())


class CancelForm(Form):
    reason = StringField(
        "Why is this visit cancelled?",
        widget=GovTextInput(),
        description="For example, suite closed for refurbishment",
        validators=[
            InputRequired(message="Enter why the visit is cancelled, like suite closed"),
            Length(max=200, message="Reason must be 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Cancel visit", widget=GovSubmitInput(), render_kw={})


class DeclineForm(Form):
    note = StringField(
        "Anything the coordinator should know? (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=300, message="Note must be 300 characters or fewer")],
    )
    submit = SubmitField("Tell the coordinator", widget=GovSubmitInput())


TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class PlannedTimeForm(Form):
    day = DateInputField("Day", description="For example, 14 4 2026", required="Enter the day")
    at = StringField(
        "Time",
        widget=GovTextInput(),
        description="24-hour clock, for example 21:30",
        validators=[InputRequired(message="Enter a time, like 21:30")],
    )
    submit = SubmitField("Save time", widget=GovSubmitInput())

    def validate_at(self, field):
        if not TIME_PATTERN.match(field.data.strip()):
            raise ValidationError("Enter a time on the 24-hour clock, like 21:30")

    def time_value(self) -> time:
        hours, minutes = TIME_PATTERN.match(self.at.data.strip()).groups()
        return time(int(hours), int(minutes))
