"""Forms for planning the rota and answering it. Choices are filled in by the views."""

from __future__ import annotations

import re
from datetime import time

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import HiddenField, StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional, ValidationError

from icv.fields import ChoiceField, DateInputField, RadioChoiceField, options
from icv.form import Form
from icv.rota.schedule import BANDS, DAY, WEEK

# Each time band's name on a radio button (the band itself is data: "morning", …).
BAND_LABELS = {
    "morning": _l("Morning"),
    "afternoon": _l("Afternoon"),
    "evening": _l("Evening"),
    "night": _l("Night"),
}
BAND_CHOICES = options((band, BAND_LABELS[band]) for band in BANDS)
GRANULARITY_CHOICES = options(
    [(WEEK, _l("A week (the pair choose the day and time)")), (DAY, _l("A day and a time band"))]
)


class ActionForm(Form):
    """A button that changes something: only the CSRF token travels with it."""


class DraftRequestForm(Form):
    panel = ChoiceField(_l("Panel"), message=_l("Choose a panel from the list"), choices=[])
    starts_on = DateInputField(
        _l("Start date"),
        description=_l("For example, 1 4 2026"),
        required=_l("Enter the start date"),
    )
    ends_on = DateInputField(
        _l("End date"), description=_l("For example, 30 6 2026"), required=_l("Enter the end date")
    )
    granularity = RadioChoiceField(
        _l("Each visit's window"),
        message=_l("Choose a week or a day for each visit"),
        choices=GRANULARITY_CHOICES,
        default=WEEK,
    )
    seed = StringField(
        _l("Seed (optional)"),
        widget=GovTextInput(),
        description=_l("The same seed gives the same draft. Leave empty for a fresh one."),
        validators=[Optional()],
    )
    # Set by the page warning of a published rota over the same dates (for those dates only).
    overlap_confirmed = HiddenField()
    submit = SubmitField(_l("Make a draft rota"), widget=GovSubmitInput())

    def validate_seed(self, field):
        if field.data and not field.data.strip().isdigit():
            raise ValidationError(gettext("Seed must be a whole number, like 2019"))

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(gettext("End date must be the same as or after the start date"))


class RegenerateForm(Form):
    suite = ChoiceField(_l("Suite"), message=_l("Choose a suite from the list"), choices=[])
    starts_on = DateInputField(_l("From"), required=_l("Enter the first date to plan again"))
    ends_on = DateInputField(_l("To"), required=_l("Enter the last date to plan again"))
    submit = SubmitField(_l("Plan this part again"), widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(gettext("To must be the same as or after From"))


def set_aside_field(label: str) -> StringField:
    """Shown once only soft rules stand in the way (availability, the monthly maximum)."""
    return StringField(
        label,
        widget=GovTextInput(),
        description=_l(
            "The rules above are set aside for this visit. Your reason is kept with "
            "it, with your name, for coordinators and admins to see."
        ),
        validators=[
            Optional(),
            Length(max=300, message=_l("Reason must be %(limit)d characters or fewer", limit=300)),
        ],
    )


class SwapForm(Form):
    may_set_aside = False  # the view says so, once only soft rules refused the swap
    leaving = ChoiceField(
        _l("Take off this visit"), message=_l("Choose who to take off"), choices=[]
    )
    joining = ChoiceField(
        _l("Put on instead"), message=_l("Choose who to put on instead"), choices=[]
    )
    reason = set_aside_field(_l("Why put them on anyway?"))
    submit = SubmitField(_l("Swap"), widget=GovSubmitInput())


class MoveForm(Form):
    may_set_aside = False
    day = DateInputField(
        _l("Planned day"),
        description=_l("For example, 14 4 2026"),
        required=_l("Enter the planned day"),
    )
    band = RadioChoiceField(_l("Time band"), message=_l("Choose a time band"), choices=BAND_CHOICES)
    reason = set_aside_field(_l("Why move it anyway?"))
    submit = SubmitField(_l("Move visit"), widget=GovSubmitInput())


class AddVisitForm(Form):
    suite = ChoiceField(_l("Suite"), message=_l("Choose a suite from the list"), choices=[])
    day = DateInputField(
        _l("A day in the week to visit"),
        description=_l("For example, 14 4 2026"),
        required=_l("Enter a day in the week to visit"),
    )
    submit = SubmitField(_l("Add a visit"), widget=GovSubmitInput())


def reason_field(label: str, example: str, missing: str, limit: int) -> StringField:
    """A required reason, kept with the visit (the column is `limit` characters); `example`
    is the hint in full ("For example, …")."""
    return StringField(
        label,
        widget=GovTextInput(),
        description=example,
        validators=[
            InputRequired(message=missing),
            Length(
                max=limit, message=_l("Reason must be %(limit)d characters or fewer", limit=limit)
            ),
        ],
    )


class CancelForm(Form):
    reason = reason_field(
        _l("Why is this visit cancelled?"),
        _l("For example, suite closed for refurbishment"),
        _l("Enter why the visit is cancelled, like suite closed"),
        200,
    )
    submit = SubmitField(_l("Cancel visit"), widget=GovSubmitInput(), render_kw={})


class NotMissedForm(Form):
    reason = reason_field(
        _l("Why was this visit not missed?"),
        _l("For example, the report was sent on paper"),
        _l("Enter why this visit was not missed"),
        300,
    )
    submit = SubmitField(_l("Put the visit back"), widget=GovSubmitInput())


class DeclineForm(Form):
    note = StringField(
        _l("Anything the coordinator should know? (optional)"),
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=300, message=_l("Note must be 300 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Tell the coordinator"), widget=GovSubmitInput())


TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


class PlannedTimeForm(Form):
    day = DateInputField(
        _l("Day"), description=_l("For example, 14 4 2026"), required=_l("Enter the day")
    )
    at = StringField(
        _l("Time"),
        widget=GovTextInput(),
        description=_l("24-hour clock, for example 21:30"),
        validators=[InputRequired(message=_l("Enter a time, like 21:30"))],
    )
    submit = SubmitField(_l("Save time"), widget=GovSubmitInput())

    def validate_at(self, field):
        if not TIME_PATTERN.match(field.data.strip()):
            raise ValidationError(gettext("Enter a time on the 24-hour clock, like 21:30"))

    def time_value(self) -> time:
        hours, minutes = TIME_PATTERN.match(self.at.data.strip()).groups()
        return time(int(hours), int(minutes))
