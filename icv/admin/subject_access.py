"""Subject access (admins): everything held about one person, as JSON or a readable page."""

from __future__ import annotations

import json

from flask import Response, render_template
from flask_babel import gettext, pgettext
from flask_login import current_user

from icv import policy
from icv.admin import bp
from icv.admin.availability import band_name, weekday_names
from icv.audit import record
from icv.language import N_
from icv.models import WEEKDAYS
from icv.privacy.subject_access import export_for

EXPORTERS = policy.roles_required(*policy.SUBJECT_ACCESS_EXPORTERS)
# The readable page's headings for the export's names (the JSON keeps the names: they are
# data). Any name not here reads as itself, e.g. "some_name" as "Some name".
HEADINGS = {
    "availability": N_("Availability"),
    "absences": N_("Absences"),
    "rota_visits": N_("Rota visits"),
    "visit_reports": N_("Visit reports"),
    "api_tokens": N_("Api tokens"),
    "calendar_feeds": N_("Calendar feeds"),
    "notifications": N_("Notifications"),
    "expense_claims": N_("Expense claims"),
    "action_timeline_entries": N_("Action timeline entries"),
    "audit_events": N_("Audit events"),
    "applications": N_("Applications"),
    "trainings": N_("Trainings"),
    "appraisals": N_("Appraisals"),
    "time_given": N_("Time given"),
    "id": N_("Id"),
    "name": N_("Name"),
    "email": N_("Email"),
    "phone": N_("Phone"),
    "role": N_("Role"),
    "status": N_("Status"),
    "appointed_on": N_("Appointed on"),
    "probation_completed_on": N_("Probation completed on"),
    "term_ends_on": N_("Term ends on"),
    "vetting_expires_on": N_("Vetting expires on"),
    "visits_made": N_("Visits made"),
    "experienced": N_("Experienced"),
    "max_visits_per_month": N_("Max visits per month"),
    "is_enabled": N_("Is enabled"),
    "created_at": N_("Created at"),
    "deactivated_at": N_("Deactivated at"),
    "failed_sign_ins": N_("Failed sign ins"),
    "locked_until": N_("Locked until"),
    "panel": N_("Panel"),
    "coordinated_panels": N_("Coordinated panels"),
    "two_factor_enabled_at": N_("Two factor enabled at"),
    "unused_recovery_codes": N_("Unused recovery codes"),
    "has_password": N_("Has password"),
    "day": N_("Day"),
    "time_band": N_("Time band"),
    "starts_on": N_("Starts on"),
    "ends_on": N_("Ends on"),
    "note": N_("Note"),
    "suite": N_("Suite"),
    "window_starts_on": N_("Window starts on"),
    "window_ends_on": N_("Window ends on"),
    "band": N_("Band"),
    "pair_planned_at": N_("Pair planned at"),
    "other_visitor_ids": N_("Other visitor ids"),
    "answer": N_("Answer"),
    "answer_note": N_("Answer note"),
    "uuid": N_("Uuid"),
    "arrived_at": N_("Arrived at"),
    "departed_at": N_("Departed at"),
    "sent_by_this_person": N_("Sent by this person"),
    "visited": N_("Visited"),
    "as_trainee": N_("As trainee"),
    "visit_mode": N_("Visit mode"),
    "detainees_in_custody": N_("Detainees in custody"),
    "juveniles": N_("Juveniles"),
    "vulnerable_adults": N_("Vulnerable adults"),
    "rating": N_("Rating"),
    "positive_findings": N_("Positive findings"),
    "delay_minutes": N_("Delay minutes"),
    "delay_reason": N_("Delay reason"),
    "delay_authorised_by_rank": N_("Delay authorised by rank"),
    "not_completed_reason": N_("Not completed reason"),
    "follow_up_needed": N_("Follow up needed"),
    "people_seen": N_("People seen"),
    "suite_conditions": N_("Suite conditions"),
    "amendments_by_this_person": N_("Amendments by this person"),
    "label": N_("Label"),
    "last_used_at": N_("Last used at"),
    "revoked_at": N_("Revoked at"),
    "subject": N_("Subject"),
    "body": N_("Body"),
    "read_at": N_("Read at"),
    "kind": N_("Kind"),
    "incurred_on": N_("Incurred on"),
    "meeting": N_("Meeting"),
    "start_place": N_("Start place"),
    "end_place": N_("End place"),
    "miles_tenths": N_("Miles tenths"),
    "rate_pence": N_("Rate pence"),
    "amount_pence": N_("Amount pence"),
    "description": N_("Description"),
    "return_reason": N_("Return reason"),
    "decided_at": N_("Decided at"),
    "paid_at": N_("Paid at"),
    "report_id": N_("Report id"),
    "receipt_photo_held": N_("Receipt photo held"),
    "decided_by_user_id": N_("Decided by user id"),
    "action_id": N_("Action id"),
    "at": N_("At"),
    "fields": N_("Fields"),
    "by_user_id": N_("By user id"),
    "object_type": N_("Object type"),
    "object_id": N_("Object id"),
    "summary": N_("Summary"),
    "statement": N_("Statement"),
    "stage": N_("Stage"),
    "applied_at": N_("Applied at"),
    "stage_changed_at": N_("Stage changed at"),
    "reason": N_("Reason"),
    "course_code": N_("Course code"),
    "completed_on": N_("Completed on"),
    "expires_on": N_("Expires on"),
    "recorded_by_id": N_("Recorded by id"),
    "recorded_at": N_("Recorded at"),
    "held_on": N_("Held on"),
    "held_by": N_("Held by"),
    "outcome": N_("Outcome"),
    "notes": N_("Notes"),
    "given_on": N_("Given on"),
    "minutes": N_("Minutes"),
    "confirmed_at": N_("Confirmed at"),
}


def heading(name: str) -> str:
    if name == "action":  # an audit event's verb, not a follow-up action
        return pgettext("subject access", "Action")
    if name in HEADINGS:
        return gettext(HEADINGS[name])
    return name.replace("_", " ").capitalize()


def field_name(name: str) -> str:
    """A name inside a value (a panel's id and name): in English as the JSON has it."""
    names = {
        "id": pgettext("subject access field", "id"),
        "name": pgettext("subject access field", "name"),
        "outcome": pgettext("subject access field", "outcome"),
        "unavailable_reason": pgettext("subject access field", "unavailable_reason"),
        "item": pgettext("subject access field", "item"),
        "rating": pgettext("subject access field", "rating"),
        "note": pgettext("subject access field", "note"),
        "changed_at": pgettext("subject access field", "changed_at"),
        "reason": pgettext("subject access field", "reason"),
    }
    return names.get(name, name)


def _readable(data: dict) -> dict:
    """The page's copy of the export: usual availability in the page's language."""
    days = weekday_names()
    availability = [
        {"day": days[WEEKDAYS.index(row["day"])], "time_band": band_name(row["time_band"])}
        for row in data["availability"]
    ]
    return {**data, "availability": availability}


@bp.route("/users/<int:user_id>/subject-access")
@EXPORTERS
def subject_access(user_id):
    target = policy.user_or_404(current_user, user_id)
    data = export_for(target)
    record("exported", "user", target.id, "subject access: readable page", commit=True)
    return render_template(
        "admin/subject_access.html",
        title=gettext("Subject access"),
        user=target,
        data=_readable(data),
        heading=heading,
        field_name=field_name,
    )


@bp.route("/users/<int:user_id>/subject-access.json")
@EXPORTERS
def subject_access_json(user_id):
    target = policy.user_or_404(current_user, user_id)
    content = json.dumps(export_for(target), indent=2, ensure_ascii=False, default=str)
    record("exported", "user", target.id, "subject access: JSON", commit=True)
    name = f"subject-access-user-{target.id}.json"
    return Response(
        content,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
