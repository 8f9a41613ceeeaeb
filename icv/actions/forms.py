"""Forms for working on an action, and the filters of the actions list."""

from __future__ import annotations

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
        validators=[first, Length(max=LIMIT, message=f"Enter {LIMIT} characters or fewer")],
        **kwargs,
    )


def _date(label, *, required: str | None = None, example="For example, 27 6 2019"):
    return DateInputField(label, description=example, required=required)


class SendForm(Form):
    sent_on = _date("Date sent to the police", required="Enter the date it was sent to the police")
    note = _text_area("Note (optional)", description="For example, who it was sent to and how")
    submit = SubmitField("Record as sent", widget=GovSubmitInput())


class ResponseForm(Form):
    response = _text_area("Police response", required="Enter the police response")
    received_on = _date("Date of the response", required="Enter the date of the response")
    responder = StringField(
        "Who responded",
        widget=GovTextInput(),
        description="Rank or role and name, for example Inspector Patel",
        validators=[
            InputRequired(message="Enter who gave the response, like Inspector Patel"),
            Length(max=200, message="Enter 200 characters or fewer"),
        ],
    )
    submit = SubmitField("Save the response", widget=GovSubmitInput())


ANSWER_STANCES = {
    "answer": "We have looked into it",
    "disagree": "We disagree with the concern",
}


class AnswerForm(Form):
    """A police user's own answer to an action of their suite."""

    stance = RadioChoiceField(
        "Your answer",
        message="Choose whether you have looked into it or disagree",
        choices=options(ANSWER_STANCES.items()),
    )
    response = _text_area(
        "Your response",
        required="Enter your response",
        description="What you found. If you disagree, say why.",
    )
    action_taken = _text_area(
        "What was done (optional)", description="For example, call bell in cell 4 repaired"
    )
    done_on = _date("Date it was done (optional)")
    submit = SubmitField("Send your response", widget=GovSubmitInput())


class AskAgainForm(Form):
    question = _text_area(
        "What are you asking the police?",
        required="Enter what you are asking the police",
        description="The police users for this suite are emailed and see it in the app. "
        "No names of detainees or volunteers.",
    )
    submit = SubmitField("Ask the police again", widget=GovSubmitInput())


class CloseForm(Form):
    reason = _text_area(
        "Why are you closing it?",
        description="Needed when no police response is recorded. For example, bell repaired "
        "and checked on the visit of 3 July",
    )
    submit = SubmitField("Close the action", widget=GovSubmitInput())


class EscalateForm(Form):
    reason = _text_area(
        "Why are you escalating it, and to whom?",
        required="Enter why you are escalating the action, and to whom",
    )
    due_on = _date("New due date (optional)")
    submit = SubmitField("Escalate", widget=GovSubmitInput())


class ReassignForm(Form):
    owner = RadioChoiceField(
        "Who owns it?",
        message="Choose who owns the action",
        choices=options((value.value, label) for value, label in OWNER_LABELS.items()),
    )
    owner_other = StringField(
        "Who, if other",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=200, message="Enter 200 characters or fewer")],
    )
    due_on = _date("Due date", required="Enter the due date")
    submit = SubmitField("Save", widget=GovSubmitInput())


class NoteForm(Form):
    note = _text_area(
        "Note",
        required="Enter the note",
        description="No names, and no custody numbers: analysts can read notes.",
    )
    submit = SubmitField("Add the note", widget=GovSubmitInput())


class LinkForm(Form):
    duplicate = ChoiceField(
        "Which action reports the same problem?",
        message="Choose the action that reports the same problem",
        choices=[],
    )
    submit = SubmitField("Link as a duplicate", widget=GovSubmitInput())


class FilterForm(Form):
    """GET filters of the list: no CSRF (nothing changes), nothing required."""

    class Meta:
        csrf = False

    status = ChoiceField("Status", message="Choose a status", choices=[], required=False)
    suite = ChoiceField("Suite", message="Choose a suite", choices=[], required=False)
    category = ChoiceField("Category", message="Choose a category", choices=[], required=False)
    overdue = ChoiceField("Overdue", message="Choose overdue or all", choices=[], required=False)
    submit = SubmitField("Filter", widget=GovSubmitInput())


class PackForm(Form):
    """GET: which panel and quarter the meeting pack is for."""

    class Meta:
        csrf = False

    panel_id = ChoiceField("Panel", message="Choose a panel", choices=[])
    quarter = ChoiceField(
        "Quarter",
        message="Choose a quarter, like 2019-20 Q1",
        choices=[],
    )
    submit = SubmitField("Show the pack", widget=GovSubmitInput())


# --- publishing (issue 17) -----------------------------------------------------------------

PUBLISH_CHOICES = {"yes": "Yes, list it", "no": "No, keep it off the public list"}


class PublishForm(Form):
    """One action: listed publicly or not, and which wording the coordinator approves."""

    publish = RadioChoiceField(
        "List this action in the quarter's published issues?",
        message="Choose whether to list this action",
        choices=options(PUBLISH_CHOICES.items()),
    )
    wording = CheckboxesField(
        "Which wording do you approve for publishing? (optional)",
        message="Choose the wording to publish",
        choices=[],
        description="Without it, the list shows the suite, the category and the state only. "
        "Take out names, custody numbers and anything else that could identify someone.",
    )
    summary = _text_area("What was found, as it will be published")
    response = _text_area("The police's response, as it will be published")
    submit = SubmitField("Save", widget=GovSubmitInput())


class QuarterForm(Form):
    """GET: which quarter to publish."""

    class Meta:
        csrf = False

    quarter = ChoiceField("Quarter", message="Choose a quarter, like 2019-20 Q1", choices=[])
    submit = SubmitField("Show the quarter", widget=GovSubmitInput())
