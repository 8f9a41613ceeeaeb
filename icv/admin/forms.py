"""Forms for panels, suites, volunteers, users, availability and dates away."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovPasswordInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, PasswordField, SelectMultipleField, StringField, SubmitField
from wtforms.validators import Email, InputRequired, Length, Optional, ValidationError

from icv.auth.accounts import MIN_PASSWORD_LENGTH
from icv.fields import (
    CheckboxesField,
    ChoiceField,
    DateInputField,
    RadioChoiceField,
    WholeNumberField,
    options,
)
from icv.form import Form
from icv.models import Role, SuiteStatus, VolunteerStatus

SUITE_STATUSES = [
    (SuiteStatus.OPEN.value, _l("Open 24/7")),
    (SuiteStatus.CONTINGENCY.value, _l("Contingency (opened only when needed)")),
    (SuiteStatus.CLOSED.value, _l("Closed")),
]
VOLUNTEER_STATUSES = [
    (VolunteerStatus.PROBATION.value, _l("Probation")),
    (VolunteerStatus.ACTIVE.value, _l("Active")),
    (VolunteerStatus.ON_LEAVE.value, _l("On leave")),
    (VolunteerStatus.ENDED.value, _l("Ended")),
]
ROLES = [
    (Role.VOLUNTEER.value, _l("Volunteer (custody visitor)")),
    (Role.COORDINATOR.value, _l("Coordinator")),
    (Role.ANALYST.value, _l("Analyst")),
    (Role.ADMIN.value, _l("Admin")),
]
YES_NO = [("yes", _l("Yes")), ("no", _l("No"))]
ACCESS = [
    ("invite", _l("Email them an invitation to choose a password")),
    ("password", _l("Set a password now and give it to them")),
]
EMAIL_FORMAT = _l("Enter an email address in the correct format, like name@example.org")


# `too_long` may hold %(max)d: Length puts max_length in.
def _text(label, message, *, max_length, too_long, **kwargs):
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[InputRequired(message=message), Length(max=max_length, message=too_long)],
        **kwargs,
    )


def _optional_text(label, *, max_length, too_long, **kwargs):
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[Optional(), Length(max=max_length, message=too_long)],
        **kwargs,
    )


def _full_name(message):
    return _text(
        _l("Full name"),
        message,
        max_length=120,
        too_long=_l("Full name must be %(max)d characters or fewer"),
    )


def _note(description):
    return _optional_text(
        _l("Note (optional)"),
        max_length=200,
        too_long=_l("Note (optional) must be %(max)d characters or fewer"),
        description=description,
    )


def _email_field():
    return EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter an email address")),
            Email(message=EMAIL_FORMAT),
            Length(max=254, message=_l("Email address must be %(max)d characters or fewer")),
        ],
    )


class PanelForm(Form):
    name = _text(
        _l("Panel name"),
        _l("Enter the panel name"),
        max_length=120,
        too_long=_l("Panel name must be %(max)d characters or fewer"),
    )
    area = _optional_text(
        _l("Area"),
        max_length=200,
        too_long=_l("Area must be %(max)d characters or fewer"),
        description=_l("For example, the boroughs it covers"),
    )
    coordinators = CheckboxesField(
        _l("Coordinators"), message=_l("Choose coordinators from the list"), choices=[]
    )
    submit = SubmitField(_l("Save panel"), widget=GovSubmitInput())


class SuiteForm(Form):
    name = _text(
        _l("Suite name"),
        _l("Enter the suite name"),
        max_length=120,
        too_long=_l("Suite name must be %(max)d characters or fewer"),
    )
    address = StringField(
        _l("Address"),
        widget=GovTextArea(),
        validators=[
            Optional(),
            Length(max=300, message=_l("Address must be %(max)d characters or fewer")),
        ],
    )
    panel_id = ChoiceField(_l("Panel"), message=_l("Select a panel you manage"), choices=[])
    cells = WholeNumberField(
        _l("Number of cells"), example=_l("Enter the number of cells, like 12"), minimum=0
    )
    status = RadioChoiceField(
        _l("Status"), message=_l("Select the suite's status"), choices=options(SUITE_STATUSES)
    )
    target_visits_per_week = WholeNumberField(
        _l("Target visits per week"),
        example=_l("Enter the target visits per week as a whole number, like 1"),
        minimum=0,
        maximum=14,
    )
    tact_designated = RadioChoiceField(
        _l("Designated for TACT detainees?"),
        message=_l("Select yes if the suite holds people detained under the Terrorism Act"),
        choices=options(YES_NO),
        description=_l(
            "Only volunteers with TACT training valid for the whole visit window "
            "visit a designated suite"
        ),
    )
    submit = SubmitField(_l("Save suite"), widget=GovSubmitInput())


class OpenPeriodForm(Form):
    opens_on = DateInputField(
        _l("Opening date"),
        description=_l("For example, 6 1 2025"),
        required=_l("Enter the opening date"),
    )
    closes_on = DateInputField(
        _l("Closing date"),
        description=_l(
            "The last day it is open, for example 31 3 2025. "
            "Leave it empty if the suite stays open until further notice"
        ),
    )
    note = _note(_l("For example, while Colindale is refitted"))
    submit = SubmitField(_l("Save open period"), widget=GovSubmitInput())

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError(_l("The closing date must be on or after the opening date"))


class FilterForm(Form):
    """Filters read from the query string: no CSRF (they change nothing)."""

    class Meta:
        csrf = False


class SuiteFilterForm(FilterForm):
    panel = ChoiceField(_l("Panel"), message=_l("Select a panel"), choices=[])
    submit = SubmitField(_l("Show suites"), widget=GovSubmitInput())


class VolunteerFilterForm(FilterForm):
    panel = ChoiceField(_l("Panel"), message=_l("Select a panel"), choices=[])
    status = ChoiceField(
        _l("Status"),
        message=_l("Select a status"),
        choices=options(
            [("", _l("Any status")), *VOLUNTEER_STATUSES, ("deactivated", _l("Deactivated"))]
        ),
    )
    submit = SubmitField(_l("Show volunteers"), widget=GovSubmitInput())


class VolunteerForm(Form):
    name = _full_name(_l("Enter the volunteer's full name"))
    email = _email_field()
    phone = _optional_text(
        _l("Phone number"),
        max_length=40,
        too_long=_l("Phone number must be %(max)d characters or fewer"),
    )
    panel_id = ChoiceField(_l("Panel"), message=_l("Select a panel you manage"), choices=[])
    status = RadioChoiceField(
        _l("Status"),
        message=_l("Select the volunteer's status"),
        choices=options(VOLUNTEER_STATUSES),
    )
    appointed_on = DateInputField(_l("Appointment date"), description=_l("For example, 27 3 2024"))
    probation_completed_on = DateInputField(
        _l("Probation completed"),
        description=_l("Leave empty while they are on probation. For example, 27 9 2024"),
    )
    term_ends_on = DateInputField(
        _l("Appointment term end"), description=_l("For example, 27 3 2028")
    )
    vetting_expires_on = DateInputField(
        _l("Vetting expiry"), description=_l("For example, 31 12 2027")
    )
    visits_made = WholeNumberField(
        _l("Number of visits made"),
        example=_l("Enter the number of visits made, like 4"),
        minimum=0,
    )
    experienced = RadioChoiceField(
        _l("Experienced visitor?"),
        message=_l("Select yes if they are an experienced visitor"),
        choices=options(YES_NO),
        description=_l("Experienced visitors can be paired with volunteers on probation"),
    )
    max_visits_per_month = WholeNumberField(
        _l("Most visits a month"),
        example=_l("Enter the most visits a month as a whole number, like 2"),
        minimum=0,
        maximum=31,
    )
    submit = SubmitField(_l("Save volunteer"), widget=GovSubmitInput())

    def validate_probation_completed_on(self, field):
        if field.data and not self.appointed_on.data:
            raise ValidationError(
                _l("Enter the appointment date, or leave probation completed empty")
            )
        if field.data and field.data < self.appointed_on.data:
            raise ValidationError(
                _l("Probation completed must be on or after the appointment date")
            )

    def validate_term_ends_on(self, field):
        if field.data and self.appointed_on.data and field.data <= self.appointed_on.data:
            raise ValidationError(_l("Appointment term end must be after the appointment date"))


def _access_field():
    return RadioChoiceField(
        _l("How will they get their password?"),
        message=_l("Select how they will get their password"),
        choices=options(ACCESS),
    )


def _password_field():
    return PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        description=_l("Use %(num)d characters or more", num=MIN_PASSWORD_LENGTH),
    )


class AccessMixin:
    """How a new user gets their password: an emailed link, or one set now.

    Forms using it declare `access = _access_field()` and `password = _password_field()`
    where they appear on the page, so errors are listed in page order.
    """

    def validate_password(self, field):
        if self.access.data != "password":
            return
        if not field.data:
            raise ValidationError(_l("Enter a password, or choose to email an invitation"))
        if len(field.data) < MIN_PASSWORD_LENGTH:
            raise ValidationError(
                _l("Password must be %(num)d characters or more", num=MIN_PASSWORD_LENGTH)
            )


class NewVolunteerForm(AccessMixin, VolunteerForm):
    access = _access_field()
    password = _password_field()
    submit = SubmitField(_l("Add volunteer"), widget=GovSubmitInput())


class NewUserForm(AccessMixin, Form):
    name = _full_name(_l("Enter the user's full name"))
    email = _email_field()
    role = RadioChoiceField(
        _l("Role"), message=_l("Select the user's role"), choices=options(ROLES)
    )
    panel_id = ChoiceField(
        _l("Volunteer's panel"),
        message=_l("Select a panel from the list"),
        choices=[],
        required=False,
    )
    coordinated_panels = CheckboxesField(
        _l("Panels they coordinate"), message=_l("Choose panels from the list"), choices=[]
    )
    access = _access_field()
    password = _password_field()
    submit = SubmitField(_l("Add user"), widget=GovSubmitInput())

    def validate_panel_id(self, field):
        # Only a volunteer needs a panel; for other roles the select is ignored.
        if self.role.data == Role.VOLUNTEER and not field.data:
            raise ValidationError(_l("Select the volunteer's panel"))


class NewPoliceUserForm(AccessMixin, Form):
    """A custody inspector or manager, for suites of the panels the person adding manages."""

    name = _full_name(_l("Enter the police user's full name"))
    email = _email_field()
    suites = CheckboxesField(
        _l("Custody suites they answer for"),
        message=_l("Choose at least one custody suite"),
        choices=[],
    )
    access = _access_field()
    password = _password_field()
    submit = SubmitField(_l("Add police user"), widget=GovSubmitInput())


class AvailabilityForm(Form):
    slots = SelectMultipleField(_l("Usual availability"), choices=[], validate_choice=False)
    submit = SubmitField(_l("Save availability"), widget=GovSubmitInput())


class AbsenceForm(Form):
    starts_on = DateInputField(
        _l("Start date"),
        description=_l("For example, 1 8 2025"),
        required=_l("Enter the start date"),
    )
    ends_on = DateInputField(
        _l("End date"), description=_l("For example, 14 8 2025"), required=_l("Enter the end date")
    )
    note = _note(_l("For example, holiday"))
    submit = SubmitField(_l("Add dates away"), widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("End date must be the same as or after the start date"))


class TrainingRecordForm(Form):
    course_code = RadioChoiceField(_l("Course"), message=_l("Select the course"), choices=[])
    completed_on = DateInputField(
        _l("Date completed"),
        description=_l("For example, 14 3 2025"),
        required=_l("Enter the date completed"),
    )
    expires_on = DateInputField(
        _l("Expiry date (optional)"),
        description=_l(
            "The first day it is no longer valid, for example 14 3 2028. Leave it "
            "empty if it does not expire"
        ),
    )
    submit = SubmitField(_l("Save training record"), widget=GovSubmitInput())


class TrainingCourseForm(Form):
    name = _text(
        _l("Course name"),
        _l("Enter the course name"),
        max_length=120,
        too_long=_l("Course name must be %(max)d characters or fewer"),
    )
    code = _text(
        _l("Code"),
        _l("Enter a code for the course"),
        max_length=40,
        too_long=_l("Code must be %(max)d characters or fewer"),
        description=_l("Used in the API, for example first-aid"),
    )
    submit = SubmitField(_l("Add course"), widget=GovSubmitInput())


class SchemeSettingsForm(Form):
    """Settings of the whole scheme that admins change (issue 17)."""

    police_report_emails = RadioChoiceField(
        _l("Email each visit report's summary to the suite's police users?"),
        message=_l("Choose whether to email each visit report's summary to the police"),
        choices=options(YES_NO),
        description=_l(
            "As soon as a report is received: the concerns first (conditions found "
            "wanting, delays at the door, how many concerns about people), then the headcount "
            "and outcomes. Never a custody number, a name or what a detainee said."
        ),
    )
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())
