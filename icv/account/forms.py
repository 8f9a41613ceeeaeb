"""Your own details."""

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from icv.form import Form


class DetailsForm(Form):
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter your full name"),
            Length(max=120, message="Full name must be 120 characters or fewer"),
        ],
    )
    phone = StringField(
        "Phone number",
        widget=GovTextInput(),
        description="Your coordinator and the other visitor on a visit may call you on it",
        validators=[
            Optional(),
            Length(max=40, message="Phone number must be 40 characters or fewer"),
        ],
    )
    submit = SubmitField("Save your details", widget=GovSubmitInput())
