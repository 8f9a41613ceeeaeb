"""Forms for planning the rota and answering it. Choices are filled in by the views."""

from __future__ import annotations

import re
from datetime import time

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.fields import ChoiceField, DateInputField, RadioChoiceField, options
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
    # Set by the page warning of a published rota over the same dates (for those dates only).
    overlap_confirmed = HiddenField()
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


def set_aside_field(label: str) -> StringField:
    """Shown once only soft rules stand in the way (availability, the monthly maximum)."""
    return StringField(
        label,
        widget=GovTextInput(),
        description="The rules above are set aside for this visit. Your reason is kept with "
        "it, with your name, for coordinators and admins to see.",
        validators=[Optional(), Length(max=300, message="Reason must be 300 characters or fewer")],
    )


class SwapForm(Form):
    may_set_aside = False  # the view says so, once only soft rules refused the swap
    leaving = ChoiceField("Take off this visit", message="Choose who to take off", choices=[])
    joining = ChoiceField("Put on instead", message="Choose who to put on instead", choices=[])
    reason = set_aside_field("Why put them on anyway?")
    submit = SubmitField("Swap", widget=GovSubmitInput())


class MoveForm(Form):
    may_set_aside = False
    day = DateInputField(
        "Planned day", description="For example, 14 4 2026", required="Enter the planned day"
    )
    band = RadioChoiceField("Time band", message="Choose a time band", choices=BAND_CHOICES)
    reason = set_aside_field("Why move it anyway?")
    submit = SubmitField("Move visit", widget=GovSubmitInput())


class AddVisitForm(Form):
    suite = ChoiceField("Suite", message="Choose a suite from the list", choices=[])
    day = DateInputField(
        "A day in the week to visit",
        description="For example, 14 4 2026",
        required="Enter a day in the week to visit",
    )
    submit = SubmitField("Add a visit", widget=GovSubmitInput())


def reason_field(label: str, example: str, missing: str, limit: int) -> StringField:
    """A required reason, kept with the visit (the column is `limit` characters)."""
    return StringField(
        label,
        widget=GovTextInput(),
        description=f"For example, {example}",
        validators=[
            InputRequired(message=missing),
            Length(max=limit, message=f"Reason must be {limit} characters or fewer"),
        ],
    )


class CancelForm(Form):
    reason = reason_field(
        "Why is this visit cancelled?",
        "suite closed for refurbishment",
        "Enter why the visit is cancelled, like suite closed",
        200,
    )
    submit = SubmitField("Cancel visit", widget=GovSubmitInput(), render_kw={})


class NotMissedForm(Form):
    reason = reason_field(
        "Why was this visit not missed?",
        "the report was sent on paper",
        "Enter why this visit was not missed",
        300,
    )
    submit = SubmitField("Put the visit back", widget=GovSubmitInput())


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
