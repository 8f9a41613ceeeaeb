"""The application form, the equality-monitoring questions and the pipeline's forms."""

from __future__ import annotations

from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from icv.admin.forms import EMAIL_FORMAT
from icv.fields import ChoiceField, RadioChoiceField, options
from icv.form import Form
from icv.recruitment.diversity import QUESTIONS

STATEMENT_LENGTH = 3000
CONDITIONS = [("yes", "Yes, I meet all of these"), ("no", "No")]


def _length(label: str, maximum: int) -> Length:
    return Length(max=maximum, message=f"{label} must be {maximum} characters or fewer")


class ApplicationForm(Form):
    name = StringField("Full name", widget=GovTextInput(),
                       validators=[DataRequired("Enter your full name"),
                                   _length("Full name", 120)])  # fmt: skip
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        description="We will only use this to contact you about your application",
        validators=[
            InputRequired("Enter your email address"),
            Email(EMAIL_FORMAT),
            _length("Email address", 254),
        ],  # fmt: skip
    )
    phone = StringField("Phone number (optional)", widget=GovTextInput(),
                        validators=[Optional(), _length("Phone number", 40)])  # fmt: skip
    panel_id = ChoiceField(
        "Where would you like to visit?",
        description="Each panel visits the custody suites in its area",
        message="Select where you would like to visit",
        choices=[],
    )
    conditions = RadioChoiceField(
        "Do you meet these conditions?",
        description="You are 18 or over. You are not a serving police officer, member of police "
        "staff or special constable, a magistrate, or on the staff of the police and crime "
        "commissioner.",
        message="Select yes if you meet all of these conditions",
        choices=options(CONDITIONS),
    )
    statement = StringField(
        "Why do you want to be a custody visitor?",
        widget=GovTextArea(),
        description="Tell us what draws you to the role and any experience that will help",
        validators=[
            DataRequired("Tell us why you want to be a custody visitor"),
            _length("Your answer", STATEMENT_LENGTH),
        ],  # fmt: skip
    )
    # The honeypot: hidden from people (static/css/app.css, aria-hidden), filled by bots.
    website = StringField("Leave this empty")
    submit = SubmitField("Send application", widget=GovSubmitInput())

    def validate_conditions(self, field):
        if field.data == "no":
            raise ValidationError("You can apply only if you meet all of these conditions")


class OptionalRadioField(RadioChoiceField):
    """Radios that may be left unanswered (equality monitoring is optional)."""

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)


def _question(code: str) -> OptionalRadioField:
    question, choices = QUESTIONS[code]
    return OptionalRadioField(question, message=f"Select an answer to ‘{question}’, or none",
                              choices=options(choices))  # fmt: skip


class DiversityForm(Form):
    age_band = _question("age_band")
    sex = _question("sex")
    ethnicity = _question("ethnicity")
    disability = _question("disability")
    submit = SubmitField("Send these answers", widget=GovSubmitInput())


class MoveForm(Form):
    to = HiddenField()  # the stage the page offered, so a repeated post moves it once
    submit = SubmitField("Move", widget=GovSubmitInput())


class NotTakenForwardForm(Form):
    reason = StringField(
        "Why is the application not being taken forward?",
        widget=GovTextArea(),
        description="Staff read this; the applicant is not sent it",
        validators=[
            DataRequired("Enter why the application is not being taken forward"),
            _length("The reason", 1000),
        ],  # fmt: skip
    )
    submit = SubmitField("Not taken forward", widget=GovSubmitInput())


class AppointForm(Form):
    submit = SubmitField("Appoint as a volunteer", widget=GovSubmitInput())
