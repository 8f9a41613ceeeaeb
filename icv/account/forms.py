"""Your own details."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from icv.form import Form


class DetailsForm(Form):
    name = StringField(
        _l("Full name"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter your full name")),
            Length(max=120, message=_l("Full name must be 120 characters or fewer")),
        ],
    )
    phone = StringField(
        _l("Phone number"),
        widget=GovTextInput(),
        description=_l("Your coordinator and the other visitor on a visit may call you on it"),
        validators=[
            Optional(),
            Length(max=40, message=_l("Phone number must be 40 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save your details"), widget=GovSubmitInput())
