"""The audit page's filters (GET: nothing changes, so no CSRF)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import ValidationError

from icv.fields import ChoiceField, DateInputField
from icv.form import Form


class AuditFilterForm(Form):
    class Meta:
        csrf = False

    actor = ChoiceField(
        _l("Who"), message=_l("Choose someone from the list"), choices=[], required=False
    )
    action = ChoiceField(
        _l("What"), message=_l("Choose an action from the list"), choices=[], required=False
    )
    object_type = ChoiceField(
        _l("Kind of record"),
        message=_l("Choose a kind of record from the list"),
        choices=[],
        required=False,
    )
    starts_on = DateInputField(_l("From"), description=_l("For example, 1 4 2026"))
    ends_on = DateInputField(_l("To"), description=_l("For example, 30 6 2026"))
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("To must be the same as or after From"))
