"""Forms for working on an action, and the filters of the actions list."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import InputRequired, Length, Optional

from icv.actions.models import OWNER_LABELS
from icv.fields import CheckboxesField, ChoiceField, DateInputField, RadioChoiceField, options
from icv.form import Form

LIMIT = 5000


def _text_area(label, *, required: str | None = None, **kwargs):
    first = InputRequired(message=required) if required else Optional()
    return StringField(
        label,
        widget=GovTextArea(),
        validators=[
            first,
            Length(max=LIMIT, message=_l("Enter %(num)d characters or fewer", num=LIMIT)),
        ],
        **kwargs,
    )


DATE_EXAMPLE = _l("For example, 27 6 2019")


def _date(label, *, required: str | None = None, example=DATE_EXAMPLE):
    return DateInputField(label, description=example, required=required)


class SendForm(Form):
    sent_on = _date(
        _l("Date sent to the police"), required=_l("Enter the date it was sent to the police")
    )
    note = _text_area(
        _l("Note (optional)"), description=_l("For example, who it was sent to and how")
    )
    submit = SubmitField(_l("Record as sent"), widget=GovSubmitInput())


class ResponseForm(Form):
    response = _text_area(_l("Police response"), required=_l("Enter the police response"))
    received_on = _date(_l("Date of the response"), required=_l("Enter the date of the response"))
    responder = StringField(
        _l("Who responded"),
        widget=GovTextInput(),
        description=_l("Rank or role and name, for example Inspector Patel"),
        validators=[
            InputRequired(message=_l("Enter who gave the response, like Inspector Patel")),
            Length(max=200, message=_l("Enter 200 characters or fewer")),
        ],
    )
    submit = SubmitField(_l("Save the response"), widget=GovSubmitInput())


ANSWER_STANCES = {
    "answer": _l("We have looked into it"),
    "disagree": _l("We disagree with the concern"),
}


class AnswerForm(Form):
    """A police user's own answer to an action of their suite."""

    stance = RadioChoiceField(
        _l("Your answer"),
        message=_l("Choose whether you have looked into it or disagree"),
        choices=options(ANSWER_STANCES.items()),
    )
    response = _text_area(
        _l("Your response"),
        required=_l("Enter your response"),
        description=_l("What you found. If you disagree, say why."),
    )
    action_taken = _text_area(
        _l("What was done (optional)"), description=_l("For example, call bell in cell 4 repaired")
    )
    done_on = _date(_l("Date it was done (optional)"))
    submit = SubmitField(_l("Send your response"), widget=GovSubmitInput())


class AskAgainForm(Form):
    question = _text_area(
        _l("What are you asking the police?"),
        required=_l("Enter what you are asking the police"),
        description=_l(
            "The police users for this suite are emailed and see it in the app. "
            "No names of detainees or volunteers."
        ),
    )
    submit = SubmitField(_l("Ask the police again"), widget=GovSubmitInput())


class CloseForm(Form):
    reason = _text_area(
        _l("Why are you closing it?"),
        description=_l(
            "Needed when no police response is recorded. For example, bell repaired "
            "and checked on the visit of 3 July"
        ),
    )
    submit = SubmitField(_l("Close the action"), widget=GovSubmitInput())


class EscalateForm(Form):
    reason = _text_area(
        _l("Why are you escalating it, and to whom?"),
        required=_l("Enter why you are escalating the action, and to whom"),
    )
    due_on = _date(_l("New due date (optional)"))
    submit = SubmitField(_l("Escalate"), widget=GovSubmitInput())


class ReassignForm(Form):
    owner = RadioChoiceField(
        _l("Who owns it?"),
        message=_l("Choose who owns the action"),
        choices=options((value.value, _l(label)) for value, label in OWNER_LABELS.items()),
    )
    owner_other = StringField(
        _l("Who, if other"),
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message=_l("Enter 200 characters or fewer"))],
    )
    due_on = _date(_l("Due date"), required=_l("Enter the due date"))
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class NoteForm(Form):
    note = _text_area(
        _l("Note"),
        required=_l("Enter the note"),
        description=_l("No names, and no custody numbers: analysts can read notes."),
    )
    submit = SubmitField(_l("Add the note"), widget=GovSubmitInput())


class LinkForm(Form):
    duplicate = ChoiceField(
        _l("Which action reports the same problem?"),
        message=_l("Choose the action that reports the same problem"),
        choices=[],
    )
    submit = SubmitField(_l("Link as a duplicate"), widget=GovSubmitInput())


class FilterForm(Form):
    """GET filters of the list: no CSRF (nothing changes), nothing required."""

    class Meta:
        csrf = False

    status = ChoiceField(_l("Status"), message=_l("Choose a status"), choices=[], required=False)
    suite = ChoiceField(_l("Suite"), message=_l("Choose a suite"), choices=[], required=False)
    category = ChoiceField(
        _l("Category"), message=_l("Choose a category"), choices=[], required=False
    )
    overdue = ChoiceField(
        _l("Overdue"), message=_l("Choose overdue or all"), choices=[], required=False
    )
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())


class PackForm(Form):
    """GET: which panel and quarter the meeting pack is for."""

    class Meta:
        csrf = False

    panel_id = ChoiceField(_l("Panel"), message=_l("Choose a panel"), choices=[])
    quarter = ChoiceField(
        _l("Quarter"),
        message=_l("Choose a quarter, like 2019-20 Q1"),
        choices=[],
    )
    submit = SubmitField(_l("Show the pack"), widget=GovSubmitInput())


# --- publishing (issue 17) -----------------------------------------------------------------

PUBLISH_CHOICES = {"yes": _l("Yes, list it"), "no": _l("No, keep it off the public list")}


class PublishForm(Form):
    """One action: listed publicly or not, and which wording the coordinator approves."""

    publish = RadioChoiceField(
        _l("List this action in the quarter's published issues?"),
        message=_l("Choose whether to list this action"),
        choices=options(PUBLISH_CHOICES.items()),
    )
    wording = CheckboxesField(
        _l("Which wording do you approve for publishing? (optional)"),
        message=_l("Choose the wording to publish"),
        choices=[],
        description=_l(
            "Without it, the list shows the suite, the category and the state only. "
            "Take out names, custody numbers and anything else that could identify someone."
        ),
    )
    summary = _text_area(_l("What was found, as it will be published"))
    response = _text_area(_l("The police's response, as it will be published"))
    submit = SubmitField(_l("Save"), widget=GovSubmitInput())


class QuarterForm(Form):
    """GET: which quarter to publish."""

    class Meta:
        csrf = False

    quarter = ChoiceField(
        _l("Quarter"), message=_l("Choose a quarter, like 2019-20 Q1"), choices=[]
    )
    submit = SubmitField(_l("Show the quarter"), widget=GovSubmitInput())
