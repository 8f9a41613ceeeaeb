"""Sign-in and password forms."""

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import Email, EqualTo, InputRequired, Length

from icv.auth.accounts import MIN_PASSWORD_LENGTH
from icv.form import Form


class SignInForm(Form):
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        validators=[
            InputRequired(message=_l("Enter your email address")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.org")
            ),
        ],
    )
    password = PasswordField(
        _l("Password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your password"))],
    )
    submit = SubmitField(_l("Sign in"), widget=GovSubmitInput())


class ChangePasswordForm(Form):
    current_password = PasswordField(
        _l("Current password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your current password"))],
    )
    new_password = PasswordField(
        _l("New password"),
        widget=GovPasswordInput(),
        description=_l("Use %(number)d characters or more", number=MIN_PASSWORD_LENGTH),
        validators=[
            InputRequired(message=_l("Enter a new password")),
            Length(
                min=MIN_PASSWORD_LENGTH,
                message=_l(
                    "New password must be %(number)d characters or more", number=MIN_PASSWORD_LENGTH
                ),
            ),
        ],
    )
    confirm_password = PasswordField(
        _l("Confirm new password"),
        widget=GovPasswordInput(),
        validators=[
            InputRequired(message=_l("Confirm your new password")),
            EqualTo("new_password", message=_l("Passwords must match")),
        ],
    )
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class CodeForm(Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = StringField(
        _l("Code"),
        widget=GovTextInput(),
        description=(
            _l("The 6-digit code your authenticator app shows now, or one of your recovery codes")
        ),
        validators=[InputRequired(message=_l("Enter the code from your authenticator app"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class EnrolForm(Form):
    code = StringField(
        _l("Code from your authenticator app"),
        widget=GovTextInput(),
        description=_l("After you add the key, the app shows a 6-digit code, like 123456"),
        validators=[
            InputRequired(message=_l("Enter the 6-digit code from your authenticator app"))
        ],
    )
    submit = SubmitField(_l("Turn on two-factor sign-in"), widget=GovSubmitInput())


class ConfirmPasswordForm(Form):
    """Re-entering the password before changing how the account signs in."""

    password = PasswordField(
        _l("Your password"),
        widget=GovPasswordInput(),
        validators=[InputRequired(message=_l("Enter your password"))],
    )
    submit = SubmitField(_l("Continue"), widget=GovSubmitInput())


class ForgottenPasswordForm(Form):
    email = EmailField(
        _l("Email address"),
        widget=GovTextInput(),
        description=_l("The address you sign in with"),
        validators=[
            InputRequired(message=_l("Enter your email address")),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.org")
            ),
        ],
    )
    submit = SubmitField(_l("Send the link"), widget=GovSubmitInput())


class ResetPasswordForm(ChangePasswordForm):
    """A new password twice; the emailed link stands in for the current password."""

    current_password = None
    submit = SubmitField(_l("Change password"), widget=GovSubmitInput())


class SetPasswordForm(ChangePasswordForm):
    """A new password twice; the invitation link stands in for the current password."""

    current_password = None
    submit = SubmitField(_l("Set password and sign in"), widget=GovSubmitInput())
