"""The coordinator's record that a Reviewer's copy was sent."""

from __future__ import annotations

from datetime import date

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import ValidationError

from icv.dates import day, scheme_today
from icv.fields import DateInputField, RadioChoiceField, options
from icv.form import Form
from icv.tact.models import SENT_HOW


class SentForm(Form):
    how = RadioChoiceField(
        "How did you send it?",
        message="Select how you sent the copy: email, post or secure portal",
        choices=options(SENT_HOW.items()),
    )
    sent_on = DateInputField(
        "Date sent", description="For example, 3 12 2026", required="Enter the date you sent it"
    )
    submit = SubmitField("Record as sent", widget=GovSubmitInput())

    def __init__(self, *args, received_on: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.received_on = received_on

    def validate_sent_on(self, field):
        """It can be sent from the day the report came in, and not in the future."""
        if field.data is None:
            return
        if field.data > scheme_today():
            raise ValidationError("Date sent must be today or in the past")
        if field.data < self.received_on:
            raise ValidationError(
                f"Date sent must be on or after {day(self.received_on)}, when the report came in"
            )
