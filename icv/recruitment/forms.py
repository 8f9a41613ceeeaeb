"""The application form, the equality-monitoring questions and the pipeline's forms."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, HiddenField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional, ValidationError

from icv.admin.forms import EMAIL_FORMAT
from icv.fields import ChoiceField, RadioChoiceField, options
from icv.form import Form
from icv.recruitment.diversity import QUESTIONS

STATEMENT_LENGTH = 3000
CONDITIONS = [("yes", _l("Yes, I meet all of these")), ("no", _l("No"))]


def _length(maximum: int, message) -> Length:
    """`message` names the field and says "%(max)d characters or fewer" (Length fills it in)."""
    return Length(max=maximum, message=message)


class ApplicationForm(Form):
    name = StringField(_l("Full name"), widget=GovTextInput(),
                       validators=[DataRequired(_l("Enter your full name")),
                                   _length(120, _l("Full name must be %(max)d characters or "
                                                   "fewer"))])  # fmt: skip
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        description=_l("We will only use this to contact you about your application"),
        validators=[
            InputRequired(_l("Enter your email address")),
            Email(_l(EMAIL_FORMAT)),  # its Welsh is in the catalogue (the sign-in form's)
            _length(254, _l("Email address must be %(max)d characters or fewer")),
        ],  # fmt: skip
    )
    phone = StringField(_l("Phone number (optional)"), widget=GovTextInput(),
                        validators=[Optional(), _length(40, _l("Phone number must be %(max)d "
                                                              "characters or fewer"))])  # fmt: skip
    panel_id = ChoiceField(
        _l("Where would you like to visit?"),
        description=_l("Each panel visits the custody suites in its area"),
        message=_l("Select where you would like to visit"),
        choices=[],
    )
    conditions = RadioChoiceField(
        _l("Do you meet these conditions?"),
        description=_l(
            "You are 18 or over. You are not a serving police officer, member of police "
            "staff or special constable, a magistrate, or on the staff of the police and crime "
            "commissioner."
        ),
        message=_l("Select yes if you meet all of these conditions"),
        choices=options(CONDITIONS),
    )
    statement = StringField(
        _l("Why do you want to be a custody visitor?"),
        widget=GovTextArea(),
        description=_l("Tell us what draws you to the role and any experience that will help"),
        validators=[
            DataRequired(_l("Tell us why you want to be a custody visitor")),
            _length(STATEMENT_LENGTH, _l("Your answer must be %(max)d characters or fewer")),
        ],  # fmt: skip
    )
    # The honeypot: hidden from people (static/css/app.css, aria-hidden), filled by bots.
    website = StringField(_l("Leave this empty"))
    submit = SubmitField(_l("Send application"), widget=GovSubmitInput())

    def validate_conditions(self, field):
        if field.data == "no":
            raise ValidationError(_l("You can apply only if you meet all of these conditions"))


class OptionalRadioField(RadioChoiceField):
    """Radios that may be left unanswered (equality monitoring is optional)."""

    def pre_validate(self, form):
        if self.data is not None:
            super().pre_validate(form)


def _question(code: str) -> OptionalRadioField:
    question, choices = QUESTIONS[code]
    return OptionalRadioField(question, message=_l("Select an answer to ‘%(question)s’, or none",
                                                   question=question),
                              choices=options(choices))  # fmt: skip


class DiversityForm(Form):
    age_band = _question("age_band")
    sex = _question("sex")
    ethnicity = _question("ethnicity")
    disability = _question("disability")
    submit = SubmitField(_l("Send these answers"), widget=GovSubmitInput())


class MoveForm(Form):
    to = HiddenField()  # the stage the page offered, so a repeated post moves it once
    submit = SubmitField(_l("Move"), widget=GovSubmitInput())


class NotTakenForwardForm(Form):
    reason = StringField(
        _l("Why is the application not being taken forward?"),
        widget=GovTextArea(),
        description=_l("Staff read this; the applicant is not sent it"),
        validators=[
            DataRequired(_l("Enter why the application is not being taken forward")),
            _length(1000, _l("The reason must be %(max)d characters or fewer")),
        ],  # fmt: skip
    )
    submit = SubmitField(_l("Not taken forward"), widget=GovSubmitInput())


class AppointForm(Form):
    submit = SubmitField(_l("Appoint as a volunteer"), widget=GovSubmitInput())
