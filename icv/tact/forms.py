"""The coordinator's record that a Reviewer's copy was sent."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import ValidationError

from icv.dates import day, scheme_today
from icv.fields import CheckboxesField, ChoiceField, DateInputField, RadioChoiceField, options
from icv.form import Form
from icv.tact.ad_hoc import DAYS_AHEAD
from icv.tact.models import SENT_HOW


class SentForm(Form):
    how = RadioChoiceField(
        _l("How did you send it?"),
        message=_l("Select how you sent the copy: email, post or secure portal"),
        choices=options((key, _l(words)) for key, words in SENT_HOW.items()),
    )
    sent_on = DateInputField(
        _l("Date sent"),
        description=_l("For example, 3 12 2026"),
        required=_l("Enter the date you sent it"),
    )
    submit = SubmitField(_l("Record as sent"), widget=GovSubmitInput())

    def __init__(self, *args, received_on: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.received_on = received_on

    def validate_sent_on(self, field):
        """It can be sent from the day the report came in, and not in the future."""
        if field.data is None:
            return
        if field.data > scheme_today():
            raise ValidationError(gettext("Date sent must be today or in the past"))
        if field.data < self.received_on:
            raise ValidationError(
                gettext(
                    "Date sent must be on or after %(day)s, when the report came in",
                    day=day(self.received_on),
                )
            )


class AdHocVisitForm(Form):
    """A TACT visit called at short notice: where, when, and the two trained volunteers."""

    suite_id = ChoiceField(
        _l("TACT suite"), message=_l("Select the TACT suite to visit"), choices=[]
    )
    visit_on = DateInputField(
        _l("Day of the visit"), description=_l("For example, 3 12 2026"),
        required=_l("Enter the day of the visit"),
    )  # fmt: skip
    visitor_ids = CheckboxesField(
        _l("Who will visit?"), message=_l("Select two TACT-trained volunteers"), choices=[],
        description=_l("Volunteers with TACT training valid today. Select two."),
    )  # fmt: skip
    submit = SubmitField(_l("Call the visit"), widget=GovSubmitInput())

    def offer(self, suites, volunteers, several_panels: bool) -> AdHocVisitForm:
        self.suite_id.choices = options((s.id, s.name) for s in suites)
        self.visitor_ids.choices = options(
            (p.id, f"{p.name} ({p.panel.name})" if several_panels else p.name) for p in volunteers
        )
        return self

    def validate_visit_on(self, field):
        if field.data is None:
            return
        today = scheme_today()
        last = today + timedelta(days=DAYS_AHEAD)
        if not today <= field.data <= last:
            raise ValidationError(
                gettext("Day of the visit must be between today and %(day)s", day=day(last))
            )

    def validate_visitor_ids(self, field):
        if len(field.data or ()) != 2:
            raise ValidationError(gettext("Select two TACT-trained volunteers"))
