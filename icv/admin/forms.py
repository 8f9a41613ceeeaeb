"""Forms for panels, suites, volunteers, users, availability and dates away."""

from __future__ import annotations

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
    (SuiteStatus.OPEN.value, "Open 24/7"),
    (SuiteStatus.CONTINGENCY.value, "Contingency (opened only when needed)"),
    (SuiteStatus.CLOSED.value, "Closed"),
]
VOLUNTEER_STATUSES = [
    (VolunteerStatus.PROBATION.value, "Probation"),
    (VolunteerStatus.ACTIVE.value, "Active"),
    (VolunteerStatus.ON_LEAVE.value, "On leave"),
    (VolunteerStatus.ENDED.value, "Ended"),
]
ROLES = [
    (Role.VOLUNTEER.value, "Volunteer (custody visitor)"),
    (Role.COORDINATOR.value, "Coordinator"),
    (Role.ANALYST.value, "Analyst"),
    (Role.ADMIN.value, "Admin"),
]
YES_NO = [("yes", "Yes"), ("no", "No")]
ACCESS = [
    ("invite", "Email them an invitation to choose a password"),
    ("password", "Set a password now and give it to them"),
]
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.org"


def _text(label, message, *, max_length, **kwargs):
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message=message),
            Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
        ],
        **kwargs,
    )


def _optional_text(label, *, max_length, **kwargs):
    return StringField(
        label,
        widget=GovTextInput(),
        validators=[
            Optional(),
            Length(max=max_length, message=f"{label} must be {max_length} characters or fewer"),
        ],
        **kwargs,
    )


def _email_field(label="Email address"):
    return EmailField(
        label,
        widget=GovTextInput(),
        validators=[
            InputRequired(message="Enter an email address"),
            Email(message=EMAIL_FORMAT),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )


class PanelForm(Form):
    name = _text("Panel name", "Enter the panel name", max_length=120)
    area = _optional_text("Area", max_length=200, description="For example, the boroughs it covers")
    coordinators = CheckboxesField(
        "Coordinators", message="Choose coordinators from the list", choices=[]
    )
    submit = SubmitField("Save panel", widget=GovSubmitInput())


class SuiteForm(Form):
    name = _text("Suite name", "Enter the suite name", max_length=120)
    address = StringField(
        "Address",
        widget=GovTextArea(),
        validators=[Optional(), Length(max=300, message="Address must be 300 characters or fewer")],
    )
    panel_id = ChoiceField("Panel", message="Select a panel you manage", choices=[])
    cells = WholeNumberField(
        "Number of cells", example="Enter the number of cells, like 12", minimum=0
    )
    status = RadioChoiceField(
        "Status", message="Select the suite's status", choices=options(SUITE_STATUSES)
    )
    target_visits_per_week = WholeNumberField(
        "Target visits per week",
        example="Enter the target visits per week as a whole number, like 1",
        minimum=0,
        maximum=14,
    )
    tact_designated = RadioChoiceField(
        "Designated for TACT detainees?",
        message="Select yes if the suite holds people detained under the Terrorism Act",
        choices=options(YES_NO),
        description="Only volunteers with TACT training valid for the whole visit window "
        "visit a designated suite",
    )
    submit = SubmitField("Save suite", widget=GovSubmitInput())


class OpenPeriodForm(Form):
    opens_on = DateInputField(
        "Opening date", description="For example, 6 1 2025", required="Enter the opening date"
    )
    closes_on = DateInputField(
        "Closing date",
        description="The last day it is open, for example 31 3 2025. "
        "Leave it empty if the suite stays open until further notice",
    )
    note = _optional_text(
        "Note (optional)", max_length=200, description="For example, while Colindale is refitted"
    )
    submit = SubmitField("Save open period", widget=GovSubmitInput())

    def validate_closes_on(self, field):
        if field.data and self.opens_on.data and field.data < self.opens_on.data:
            raise ValidationError("The closing date must be on or after the opening date")


class FilterForm(Form):
    """Filters read from the query string: no CSRF (they change nothing)."""

    class Meta:
        csrf = False


class SuiteFilterForm(FilterForm):
    panel = ChoiceField("Panel", message="Select a panel", choices=[])
    submit = SubmitField("Show suites", widget=GovSubmitInput())


class VolunteerFilterForm(FilterForm):
    panel = ChoiceField("Panel", message="Select a panel", choices=[])
    status = ChoiceField(
        "Status",
        message="Select a status",
        choices=options([("", "Any status"), *VOLUNTEER_STATUSES, ("deactivated", "Deactivated")]),
    )
    submit = SubmitField("Show volunteers", widget=GovSubmitInput())


class VolunteerForm(Form):
    name = _text("Full name", "Enter the volunteer's full name", max_length=120)
    email = _email_field()
    phone = _optional_text("Phone number", max_length=40)
    panel_id = ChoiceField("Panel", message="Select a panel you manage", choices=[])
    status = RadioChoiceField(
        "Status", message="Select the volunteer's status", choices=options(VOLUNTEER_STATUSES)
    )
    appointed_on = DateInputField("Appointment date", description="For example, 27 3 2024")
    probation_completed_on = DateInputField(
        "Probation completed",
        description="Leave empty while they are on probation. For example, 27 9 2024",
    )
    term_ends_on = DateInputField("Appointment term end", description="For example, 27 3 2028")
    vetting_expires_on = DateInputField("Vetting expiry", description="For example, 31 12 2027")
    visits_made = WholeNumberField(
        "Number of visits made", example="Enter the number of visits made, like 4", minimum=0
    )
    experienced = RadioChoiceField(
        "Experienced visitor?",
        message="Select yes if they are an experienced visitor",
        choices=options(YES_NO),
        description="Experienced visitors can be paired with volunteers on probation",
    )
    max_visits_per_month = WholeNumberField(
        "Most visits a month",
        example="Enter the most visits a month as a whole number, like 2",
        minimum=0,
        maximum=31,
    )
    submit = SubmitField("Save volunteer", widget=GovSubmitInput())

    def validate_probation_completed_on(self, field):
        if field.data and not self.appointed_on.data:
            raise ValidationError("Enter the appointment date, or leave probation completed empty")
        if field.data and field.data < self.appointed_on.data:
            raise ValidationError("Probation completed must be on or after the appointment date")

    def validate_term_ends_on(self, field):
        if field.data and self.appointed_on.data and field.data <= self.appointed_on.data:
            raise ValidationError("Appointment term end must be after the appointment date")


def _access_field():
    return RadioChoiceField(
        "How will they get their password?",
        message="Select how they will get their password",
        choices=options(ACCESS),
    )


def _password_field():
    return PasswordField(
        "Password",
        widget=GovPasswordInput(),
        description=f"Use {MIN_PASSWORD_LENGTH} characters or more",
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
            raise ValidationError("Enter a password, or choose to email an invitation")
        if len(field.data) < MIN_PASSWORD_LENGTH:
            raise ValidationError(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")


class NewVolunteerForm(AccessMixin, VolunteerForm):
    access = _access_field()
    password = _password_field()
    submit = SubmitField("Add volunteer", widget=GovSubmitInput())


class NewUserForm(AccessMixin, Form):
    name = _text("Full name", "Enter the user's full name", max_length=120)
    email = _email_field()
    role = RadioChoiceField("Role", message="Select the user's role", choices=options(ROLES))
    panel_id = ChoiceField(
        "Volunteer's panel", message="Select a panel from the list", choices=[], required=False
    )
    coordinated_panels = CheckboxesField(
        "Panels they coordinate", message="Choose panels from the list", choices=[]
    )
    access = _access_field()
    password = _password_field()
    submit = SubmitField("Add user", widget=GovSubmitInput())

    def validate_panel_id(self, field):
        # Only a volunteer needs a panel; for other roles the select is ignored.
        if self.role.data == Role.VOLUNTEER and not field.data:
            raise ValidationError("Select the volunteer's panel")


class NewPoliceUserForm(AccessMixin, Form):
    """A custody inspector or manager, for suites of the panels the person adding manages."""

    name = _text("Full name", "Enter the police user's full name", max_length=120)
    email = _email_field()
    suites = CheckboxesField(
        "Custody suites they answer for",
        message="Choose at least one custody suite",
        choices=[],
    )
    access = _access_field()
    password = _password_field()
    submit = SubmitField("Add police user", widget=GovSubmitInput())


class AvailabilityForm(Form):
    slots = SelectMultipleField("Usual availability", choices=[], validate_choice=False)
    submit = SubmitField("Save availability", widget=GovSubmitInput())


class AbsenceForm(Form):
    starts_on = DateInputField(
        "Start date", description="For example, 1 8 2025", required="Enter the start date"
    )
    ends_on = DateInputField(
        "End date", description="For example, 14 8 2025", required="Enter the end date"
    )
    note = _optional_text("Note (optional)", max_length=200, description="For example, holiday")
    submit = SubmitField("Add dates away", widget=GovSubmitInput())

    def validate_ends_on(self, field):
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("End date must be the same as or after the start date")


class TrainingRecordForm(Form):
    course_code = RadioChoiceField("Course", message="Select the course", choices=[])
    completed_on = DateInputField(
        "Date completed", description="For example, 14 3 2025", required="Enter the date completed"
    )
    expires_on = DateInputField(
        "Expiry date (optional)",
        description="The first day it is no longer valid, for example 14 3 2028. Leave it "
        "empty if it does not expire",
    )
    submit = SubmitField("Save training record", widget=GovSubmitInput())


class TrainingCourseForm(Form):
    name = _text("Course name", "Enter the course name", max_length=120)
    code = _text(
        "Code",
        "Enter a code for the course",
        max_length=40,
        description="Used in the API, for example first-aid",
    )
    submit = SubmitField("Add course", widget=GovSubmitInput())


class SchemeSettingsForm(Form):
    """Settings of the whole scheme that admins change (issue 17)."""

    police_report_emails = RadioChoiceField(
        "Email each visit report's summary to the suite's police users?",
        message="Choose whether to email each visit report's summary to the police",
        choices=options(YES_NO),
        description="As soon as a report is received: the concerns first (conditions found "
        "wanting, delays at the door, how many concerns about people), then the headcount and "
        "outcomes. Never a custody number, a name or what a detainee said.",
    )
    submit = SubmitField("Save", widget=GovSubmitInput())
