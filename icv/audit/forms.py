"""The audit page's filters (GET: nothing changes, so no CSRF)."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from icv.fields import ChoiceField, DateInputField
from icv.form import Form


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    actor = ChoiceField("Who", message="Choose someone from the list", choices=[], required=False)
    action = ChoiceField("What", message="Choose an action from the list", choices=[],
                         required=False)  # fmt: skip
    object_type = ChoiceField(
        "Kind of record", message="Choose a kind of record from the list", choices=[],
        required=False,
    )  # fmt: skip
    starts_on = DateInputField("From", description="For example, 1 4 2026")
    ends_on = DateInputField("To", description="For example, 30 6 2026")
    submit = SubmitField("Filter", widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            from wtforms.validators import ValidationError

            raise ValidationError("To must be the same as or after From")
