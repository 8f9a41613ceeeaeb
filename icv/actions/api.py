"""GET /api/v1/actions: the actions the caller may read, with time to response and to close;
POST /api/v1/actions/<id>/responses: a police user's answer, from a force's own systems."""

from __future__ import annotations

from datetime import date

from flask import abort, jsonify, request
from flask_babel import gettext
from flask_login import current_user, login_required

from icv import policy
from icv.actions import api_bp, police, workflow
from icv.actions.listing import Filters, narrow
from icv.actions.models import Action, Status
from icv.actions.workflow import is_overdue
from icv.api_errors import invalid
from icv.api_params import Params, day, in_order, one_of, whole_number
from icv.dates import iso, scheme_today
from icv.extensions import db
from icv.figures.action_timing import timing_summary
from icv.language import N_
from icv.models import Role

FILTERS = Params(
    one_of("status", "Only actions with this status", Status),
    whole_number("panel_id", "Only this panel's actions (404 if not yours to read)",
                 message=N_("Give the panel as its number, like 3")),
    day("from", "Raised on or after this day"),
    day("to", "Raised on or before this day"),
    checks=(in_order("from", "to"),),
)  # fmt: skip


@api_bp.get("/actions")
@login_required
def list_actions():
    asked = FILTERS.read_or_422(request.args)
    filters = Filters(status=asked["status"], panel_id=asked["panel_id"],
                      raised_from=asked["from"], raised_to=asked["to"])  # fmt: skip
    if filters.panel_id is not None:
        _readable_panel_or_404(filters.panel_id)
    today = scheme_today()
    query = narrow(policy.actions_query(current_user), filters, today)
    actions = list(db.session.scalars(query.order_by(Action.raised_on, Action.id)))
    numbers = policy.can_see_custody_numbers(current_user)
    return jsonify(
        actions=[action_json(action, today, custody_numbers=numbers) for action in actions],
        timings=timing_summary(actions),
    )


ANSWER_FIELDS = ("response", "action_taken", "done_on", "disagrees")
EXAMPLE = '{"response": "...", "action_taken": "..."}'


@api_bp.post("/actions/<int:action_id>/responses")
@login_required
def answer_action(action_id: int):
    """The same answer as the app's form: 403 for an action not of the caller's suites."""
    action = policy.answerable_action_or_403(current_user, action_id)
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return invalid({"": [gettext("Send a JSON object, like %(example)s", example=EXAMPLE)]})
    errors = _answer_problems(body)
    if errors:
        return invalid(errors)
    try:
        answer = workflow.police_answer(
            action, current_user, body.get("response") or "", body.get("action_taken") or "",
            parse_day(body.get("done_on")), disagrees=bool(body.get("disagrees")),
        )  # fmt: skip
    except workflow.Refused as refused:
        return invalid({refused.field: [refused.message]})
    db.session.commit()
    police.tell_coordinators(action, answer)
    db.session.commit()
    shown = action_json(action, scheme_today(), custody_numbers=True)  # theirs to read
    return jsonify({**response_json(answer), "action": shown}), 201


def _answer_problems(body: dict) -> dict:
    errors = {name: [gettext("Unknown field")] for name in body if name not in ANSWER_FIELDS}
    for name in ("response", "action_taken"):
        if not isinstance(body.get(name, ""), str):
            errors[name] = [gettext("Give text")]
    if "disagrees" in body and not isinstance(body["disagrees"], bool):
        errors["disagrees"] = [gettext("Give true or false")]
    if body.get("done_on") is not None and parse_day(body["done_on"]) is None:
        errors["done_on"] = [gettext("Give the date it was done as YYYY-MM-DD, like 2026-07-03")]
    return errors


def parse_day(value) -> date | None:
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def response_json(answer) -> dict:
    return {
        "id": answer.id,
        "action_id": answer.action_id,
        "at": iso(answer.at),
        "response": answer.response,
        "action_taken": answer.action_taken,
        "done_on": iso(answer.done_on),
        "disagrees": answer.disagrees,
    }


def _readable_panel_or_404(panel_id: int) -> None:
    """A panel outside the caller's scope is 404, like any other guessed id."""
    if current_user.role == Role.VOLUNTEER:
        if panel_id != current_user.panel_id:
            abort(404)
        return
    policy.pack_panel_or_404(current_user, panel_id)


def action_json(action: Action, today: date, *, custody_numbers: bool) -> dict:
    shape = {
        "id": action.id,
        "panel_id": action.panel_id,
        "panel": action.panel.name,
        "suite_id": action.suite_id,
        "suite": action.suite.name,
        "category": action.category,
        "summary": action.summary,
        "owner": action.owner,
        "owner_other": action.owner_other,
        "raised_on": action.raised_on.isoformat(),
        "due_on": action.due_on.isoformat(),
        "status": action.status,
        "overdue": is_overdue(action, today),
        "sent_to_police_on": iso(action.sent_to_police_on),
        "police_response": {
            "text": action.police_response,
            "received_on": iso(action.police_response_on),
            "responder": action.police_responder,
        }
        if action.police_response
        else None,
        "escalated_on": iso(action.escalated_on),
        "closed_on": iso(action.closed_on),
        "closed_reason": action.closed_reason,
        "duplicate_of_id": action.duplicate_of_id,
        "sources": len(action.sources),
    }
    if custody_numbers:
        shape["custody_number"] = action.custody_number
    return shape
