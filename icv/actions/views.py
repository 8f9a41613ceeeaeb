"""The actions list and an action's page. The forms that change an action are in change_views."""

from __future__ import annotations

from datetime import date

from flask import current_app, render_template, request
from flask_babel import gettext
from flask_login import current_user, login_required

from icv import policy
from icv.actions import bp, notes
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
from icv.actions.models import (
    Owner,
    Status,
    category_label,
    status_label,
)
from icv.actions.models import owner_label as models_owner_label
from icv.actions.workflow import is_overdue
from icv.dates import day, scheme_today
from icv.fields import options
from icv.language import N_
from icv.models import Role

STATUS_TAGS = {
    Status.OPEN: "govuk-tag--blue",
    Status.SENT_TO_POLICE: "govuk-tag--light-blue",
    Status.RESPONSE_RECEIVED: "govuk-tag--turquoise",
    Status.ESCALATED: "govuk-tag--orange",
    Status.CLOSED: "govuk-tag--grey",
}
FIELD_LABELS = {
    "status": N_("Status"),
    "due_on": N_("Due"),
    "owner": N_("Owner"),
    "owner_other": N_("Owner (other)"),
    "sent_to_police_on": N_("Sent to police"),
    "police_response": N_("Police response"),
    "police_response_on": N_("Response date"),
    "police_responder": N_("Responded"),
    "escalated_on": N_("Escalated"),
    "closed_on": N_("Closed"),
    "closed_reason": N_("Reason for closing"),
    "duplicate_of_id": N_("Duplicate of action"),
    "detail": N_("Report item"),
    "sources": N_("Sources"),
}
EVENT_LABELS = {
    "raised": N_("Raised"),
    "sent_to_police": N_("Sent to police"),
    "response_recorded": N_("Police response recorded"),
    "closed": N_("Closed"),
    "escalated": N_("Escalated"),
    "reassigned": N_("Owner or due date changed"),
    "note": N_("Note"),
    "linked": N_("Duplicate linked"),
    "due_changed": N_("Due date changed"),
    "report_amended": N_("Report amended"),
    "reminded": N_("Overdue reminder sent"),
    "police_answered": N_("The police answered"),
    "asked_again": N_("Asked the police again"),
}
# What the scheme asked the police: the notes of these events, shown to the police.
QUESTION_EVENTS = ("sent_to_police", "asked_again")


@bp.context_processor
def action_helpers():
    return {
        "status_label": status_label,
        "status_tag": lambda value: STATUS_TAGS.get(value, "govuk-tag--grey"),
        "category_label": category_label,
        "owner_label": owner_label,
        "field_label": field_label,
        "event_label": event_label,
        "change_line": change_line,
        "note_shown": notes.shown,
        "response_shown": notes.response_shown,
        "summary_shown": notes.summary_shown,
        "is_overdue": is_overdue,
        "today": scheme_today(),
        "show_custody_numbers": policy.can_see_custody_numbers(current_user),
    }


def owner_label(action) -> str:
    if action.owner == Owner.OTHER and action.owner_other:
        return action.owner_other
    return models_owner_label(action.owner)


def field_label(name: str) -> str:
    if name in FIELD_LABELS:
        return gettext(FIELD_LABELS[name])
    return name.replace("_", " ").capitalize()


def event_label(kind: str) -> str:
    if kind in EVENT_LABELS:
        return gettext(EVENT_LABELS[kind])
    return kind.replace("_", " ").capitalize()


def change_line(field: str, before: str, after: str) -> str:
    """One change on the timeline: "Status: Open → Closed" (an empty side reads "none")."""
    shown = {"field": field_label(field), "before": change_value(field, before),
             "after": change_value(field, after)}  # fmt: skip
    if not before and not after:
        return gettext("%(field)s: none → none", **shown)
    if not before:
        return gettext("%(field)s: none → %(after)s", **shown)
    if not after:
        return gettext("%(field)s: %(before)s → none", **shown)
    return f"{shown['field']}: {shown['before']} → {shown['after']}"


def change_value(field: str, value: str) -> str:
    if not value:
        return ""
    if field == "status":
        return status_label(value)
    if field == "owner":
        return models_owner_label(value)
    if field == "police_response":
        return notes.response_shown(value)
    if field.endswith("_on"):
        return day(date.fromisoformat(value))
    return value


@bp.route("/")
@login_required
def index():
    filters = FilterForm(formdata=request.args)
    filters.status.choices = options([("", gettext("All statuses")), *status_choices()])
    filters.suite.choices = options([("", gettext("All suites")), *suite_choices(current_user)])
    filters.category.choices = options([("", gettext("All categories")), *category_choices()])
    filters.overdue.choices = options(
        [("", gettext("Overdue or not")), *((k, gettext(v)) for k, v in OVERDUE_CHOICES.items())]
    )
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
