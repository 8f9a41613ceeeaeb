"""The actions list and an action's page. The forms that change an action are in change_views."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from flask_login import current_user, login_required

from icv import policy
from icv.actions import bp
from icv.actions.forms import FilterForm
from icv.actions.listing import (
    LIST_LIMIT,
    OVERDUE_CHOICES,
    Filters,
    category_choices,
    find_actions,
    status_choices,
    suite_choices,
)
from icv.actions.models import CATEGORY_LABELS, OWNER_LABELS, STATUS_LABELS, Owner, Status
from icv.actions.workflow import is_overdue
from icv.dates import day, scheme_today
from icv.fields import options
from icv.models import Role

STATUS_TAGS = {
    Status.OPEN: "govuk-tag--blue",
    Status.SENT_TO_POLICE: "govuk-tag--light-blue",
    Status.RESPONSE_RECEIVED: "govuk-tag--turquoise",
    Status.ESCALATED: "govuk-tag--orange",
    Status.CLOSED: "govuk-tag--grey",
}
FIELD_LABELS = {
    "status": "Status",
    "due_on": "Due",
    "owner": "Owner",
    "owner_other": "Owner (other)",
    "sent_to_police_on": "Sent to police",
    "police_response": "Police response",
    "police_response_on": "Response date",
    "police_responder": "Responded",
    "escalated_on": "Escalated",
    "closed_on": "Closed",
    "closed_reason": "Reason for closing",
    "duplicate_of_id": "Duplicate of action",
    "detail": "Report item",
    "sources": "Sources",
}
EVENT_LABELS = {
    "raised": "Raised",
    "sent_to_police": "Sent to police",
    "response_recorded": "Police response recorded",
    "closed": "Closed",
    "escalated": "Escalated",
    "reassigned": "Owner or due date changed",
    "note": "Note",
    "linked": "Duplicate linked",
    "due_changed": "Due date changed",
    "report_amended": "Report amended",
    "reminded": "Overdue reminder sent",
    "police_answered": "The police answered",
    "asked_again": "Asked the police again",
}
# What the scheme asked the police: the notes of these events, shown to the police.
QUESTION_EVENTS = ("sent_to_police", "asked_again")


@bp.context_processor
def action_helpers():
    return {
        "status_label": lambda value: STATUS_LABELS.get(value, value),
        "status_tag": lambda value: STATUS_TAGS.get(value, "govuk-tag--grey"),
        "category_label": lambda value: CATEGORY_LABELS.get(value, value),
        "owner_label": owner_label,
        "field_label": lambda name: FIELD_LABELS.get(name, name.replace("_", " ").capitalize()),
        "event_label": lambda kind: EVENT_LABELS.get(kind, kind.replace("_", " ").capitalize()),
        "change_value": change_value,
        "is_overdue": is_overdue,
        "today": scheme_today(),
        "show_custody_numbers": policy.can_see_custody_numbers(current_user),
    }


def owner_label(action) -> str:
    if action.owner == Owner.OTHER and action.owner_other:
        return action.owner_other
    return OWNER_LABELS.get(action.owner, action.owner)


def change_value(field: str, value: str) -> str:
    if not value:
        return "none"
    if field == "status":
        return STATUS_LABELS.get(value, value)
    if field == "owner":
        return OWNER_LABELS.get(value, value)
    if field.endswith("_on"):
        return day(date.fromisoformat(value))
    return value


@bp.route("/")
@login_required
def index():
    filters = FilterForm(formdata=request.args)
    filters.status.choices = options([("", "All statuses"), *status_choices()])
    filters.suite.choices = options([("", "All suites"), *suite_choices(current_user)])
    filters.category.choices = options([("", "All categories"), *category_choices()])
    filters.overdue.choices = options([("", "Overdue or not"), *OVERDUE_CHOICES.items()])
    chosen = Filters()
    if filters.validate():
        chosen = Filters(
            status=filters.status.data,
            suite_id=int(filters.suite.data) if filters.suite.data else None,
            category=filters.category.data,
            overdue=filters.overdue.data == "yes",
        )
    today = scheme_today()
    rows = find_actions(current_user, chosen, today)
    return render_template(
        "actions/index.html",
        actions=rows,
        filters=filters,
        limit=LIST_LIMIT,
        can_make_pack=current_user.role in policy.PACK_MAKERS
        and "actions.pack" in current_app.view_functions,
        can_publish=current_user.role in policy.PUBLISHERS,
    )


@bp.route("/<int:action_id>")
@login_required
def show(action_id: int):
    action = policy.action_or_404(current_user, action_id)
    staff = current_user.role in policy.PACK_MAKERS
    police = current_user.role == Role.POLICE
    return render_template(
        "actions/show.html",
        action=action,
        # The police read what the scheme asked them, and may answer; never the report's text.
        questions=[e for e in action.events if e.kind in QUESTION_EVENTS and e.note],
        can_answer=police and policy.can_answer_action(current_user, action),
        can_ask_again=action.status == Status.RESPONSE_RECEIVED,
        show_source_detail=not police,
        # A volunteer sees the report items from their own visits, not other pairs'.
        sources=[
            s for s in action.sources if staff or policy.can_view_report(current_user, s.report)
        ],
        can_work=policy.can_work_on_action(current_user, action),
        # Volunteers see the outcome; the working timeline is for staff.
        show_timeline=staff,
        can_view_report=lambda report: policy.can_view_report(current_user, report),
    )
