"""One page per change to an action (GOV.UK: one thing per page), for coordinators and admins."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext, ngettext
from flask_login import current_user

from icv import policy
from icv.actions import bp, notes, police, workflow
from icv.actions.forms import (
    AnswerForm,
    AskAgainForm,
    CloseForm,
    EscalateForm,
    LinkForm,
    NoteForm,
    ReassignForm,
    ResponseForm,
    SendForm,
)
from icv.actions.models import Action, Status, category_label
from icv.actions.workflow import Refused
from icv.dates import day, scheme_today
from icv.extensions import db
from icv.fields import options
from icv.models import Role

WORKERS = policy.roles_required(*policy.ACTION_WORKERS)


def _workable(action_id: int) -> Action:
    """An action of a panel the user works on; anything else is 404."""
    action = policy.action_or_404(current_user, action_id)
    if not policy.can_work_on_action(current_user, action):
        abort(404)
    return action


def _form_page(
    action: Action,
    form,
    apply,
    *,
    heading: str,
    fields: list[str],
    done: str,
    intro: str = "",
    open_only: bool = True,
    then=None,
):
    """Validate, apply the change, commit and go back to the action; or show the errors.
    `then` runs after the commit (telling people of a change that is stored)."""
    if open_only and action.is_closed:
        flash(gettext("This action is closed. You can still add a note."), "info")
        return redirect(url_for("actions.show", action_id=action.id))
    if form.validate_on_submit():
        try:
            apply(form)
        except Refused as refused:
            getattr(form, refused.field).errors = [refused.message]
        else:
            db.session.commit()
            if then is not None:
                then()
                db.session.commit()
            flash(done, "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template(
        "actions/change.html",
        action=action,
        form=form,
        heading=heading,
        fields=fields,
        intro=intro,
    )


@bp.route("/<int:action_id>/send", methods=["GET", "POST"])
@WORKERS
def send_to_police(action_id: int):
    action = _workable(action_id)
    form = SendForm()
    if not form.is_submitted():
        form.sent_on.data = scheme_today()
    return _form_page(
        action,
        form,
        lambda f: workflow.send_to_police(action, current_user, f.sent_on.data, f.note.data or ""),
        heading=gettext("Record that it was sent to the police"),
        fields=["sent_on", "note"],
        intro=_police_users_told(action),
        done=gettext("Recorded as sent to the police."),
        then=lambda: police.tell_police(action),
    )


@bp.route("/<int:action_id>/ask-again", methods=["GET", "POST"])
@WORKERS
def ask_again(action_id: int):
    action = _workable(action_id)
    return _form_page(
        action,
        AskAgainForm(),
        lambda f: workflow.ask_again(action, current_user, f.question.data),
        heading=gettext("Ask the police again"),
        fields=["question"],
        intro=_police_users_told(action),
        done=gettext("Asked the police again."),
        then=lambda: police.tell_police(action, again=True),
    )


def _police_users_told(action: Action) -> str:
    people = police.police_for(action.suite_id)
    if not people:
        return gettext(
            "Nobody answers for %(suite)s in the app, so send it another way too.",
            suite=action.suite.name,
        )
    return ngettext(
        "The %(num)d police user(s) for %(suite)s are emailed and notified.",
        "The %(num)d police user(s) for %(suite)s are emailed and notified.",
        len(people),
        suite=action.suite.name,
    )


@bp.route("/<int:action_id>/answer", methods=["GET", "POST"])
@policy.roles_required(Role.POLICE)
def answer(action_id: int):
    """A police user answers an action of their suite (another suite's is 404)."""
    action = policy.action_or_404(current_user, action_id)
    return _form_page(
        action,
        AnswerForm(),
        lambda f: workflow.police_answer(
            action,
            current_user,
            f.response.data,
            f.action_taken.data or "",
            f.done_on.data,
            disagrees=f.stance.data == "disagree",
        ),  # fmt: skip
        heading=gettext("Respond to the concern"),
        fields=["stance", "response", "action_taken", "done_on"],
        intro=gettext(
            "The scheme's coordinator reads your response and closes the action or asks again."
        ),
        done=gettext("Your response was sent to the scheme."),
        then=lambda: police.tell_coordinators(action, action.responses[-1]),  # the one just sent
    )


@bp.route("/<int:action_id>/response", methods=["GET", "POST"])
@WORKERS
def record_response(action_id: int):
    action = _workable(action_id)
    form = ResponseForm()
    if not form.is_submitted():
        form.received_on.data = scheme_today()
    return _form_page(
        action,
        form,
        lambda f: workflow.record_response(
            action, current_user, f.response.data, f.received_on.data, f.responder.data
        ),
        heading=gettext("Record the police response"),
        fields=["response", "received_on", "responder"],
        done=gettext("Police response saved."),
    )


@bp.route("/<int:action_id>/close", methods=["GET", "POST"])
@WORKERS
def close(action_id: int):
    action = _workable(action_id)
    intro = (
        gettext("The police response is on record; a reason is optional.")
        if action.police_response
        else gettext("No police response is recorded, so say why you are closing it.")
    )
    return _form_page(
        action,
        CloseForm(),
        lambda f: workflow.close(action, current_user, f.reason.data or ""),
        heading=gettext("Close the action"),
        fields=["reason"],
        done=gettext("Action closed."),
        intro=intro,
    )


@bp.route("/<int:action_id>/escalate", methods=["GET", "POST"])
@WORKERS
def escalate(action_id: int):
    action = _workable(action_id)
    return _form_page(
        action,
        EscalateForm(),
        lambda f: workflow.escalate(action, current_user, f.reason.data, f.due_on.data),
        heading=gettext("Escalate the action"),
        fields=["reason", "due_on"],
        done=gettext("Action escalated."),
    )


@bp.route("/<int:action_id>/owner", methods=["GET", "POST"])
@WORKERS
def reassign(action_id: int):
    action = _workable(action_id)
    form = ReassignForm(obj=action)
    return _form_page(
        action,
        form,
        lambda f: workflow.reassign(
            action, current_user, f.owner.data, f.owner_other.data or "", f.due_on.data
        ),
        heading=gettext("Change the owner or due date"),
        fields=["owner", "owner_other", "due_on"],
        done=gettext("Owner and due date saved."),
    )


@bp.route("/<int:action_id>/note", methods=["GET", "POST"])
@WORKERS
def add_note(action_id: int):
    action = _workable(action_id)
    return _form_page(
        action,
        NoteForm(),
        lambda f: workflow.add_note(action, current_user, f.note.data),
        heading=gettext("Add a note"),
        fields=["note"],
        done=gettext("Note added."),
        open_only=False,
    )


@bp.route("/<int:action_id>/link", methods=["GET", "POST"])
@WORKERS
def link_duplicate(action_id: int):
    action = _workable(action_id)
    form = LinkForm()
    candidates = _duplicate_candidates(action)
    form.duplicate.choices = options(
        [("", gettext("Choose an action")), *((str(o.id), _describe(o)) for o in candidates)]
    )
    by_id = {str(other.id): other for other in candidates}
    return _form_page(
        action,
        form,
        lambda f: workflow.link_duplicate(action, by_id[f.duplicate.data], current_user),
        heading=gettext("Link a duplicate"),
        fields=["duplicate"],
        done=gettext("Duplicate linked: its sources are now on this action."),
        intro=gettext(
            "The chosen action is closed as a duplicate and its report items move here. "
            "Only open actions for the same suite are listed."
        )
        if candidates
        else gettext("There are no other open actions for this suite to link."),
    )


def _duplicate_candidates(action: Action) -> list[Action]:
    query = (
        policy.actions_query(current_user)
        .where(Action.suite_id == action.suite_id)
        .where(Action.id != action.id)
        .where(Action.status != Status.CLOSED)
        .order_by(Action.raised_on, Action.id)
    )
    return list(db.session.scalars(query))


def _describe(action: Action) -> str:
    found = notes.summary_shown(action.summary)
    summary = found if len(found) <= 60 else found[:57] + "..."
    return gettext(
        "Action %(id)s, %(category)s, raised %(day)s: %(summary)s",
        id=action.id,
        category=category_label(action.category),
        day=day(action.raised_on),
        summary=summary,
    )
