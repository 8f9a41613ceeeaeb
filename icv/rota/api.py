"""GET /api/v1/rota, /volunteers and /suites: the rota's data as JSON, for planning tools.

Bearer token or session. Admins and analysts: every panel; coordinators: their panels (a
panel or suite id of anyone else's is 404); volunteers: 403. Scoping is icv.policy's.
Never in an answer: the pair's agreed time, names, email addresses, phone numbers, notes.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy.orm as so
from flask import Blueprint, jsonify, request
from flask_login import current_user

from icv import policy
from icv.api_errors import error_answers
from icv.api_params import Params, day, in_order, whole_number
from icv.dates import iso, scheme_today
from icv.extensions import db
from icv.models import Suite, SuiteStatus, User
from icv.openapi_common import (
    DATE,
    NULLABLE_DATE,
    answer,
    closed_object,
    enum,
    read_operation,
    record,
    ref,
)
from icv.rota.models import OverrideKind, ScheduledVisit, VisitStatus

bp = Blueprint("rota_api", __name__)

MAX_DAYS = 366  # a year of national visits (about 10,400) is the most one answer carries


PANEL_ID = whole_number("panel_id", "Only this panel")
ROTA = Params(
    day("from", "First day, inclusive", required=True),
    day("to", "Last day, inclusive", required=True),
    PANEL_ID,
    whole_number("suite_id", "Only this suite"),
    checks=(in_order("from", "to", most_days=MAX_DAYS),),
)
IN_PANEL = Params(PANEL_ID)


@bp.get("/rota")
@policy.roles_required(*policy.ROTA_API_READERS)
def rota():
    asked = ROTA.read_or_422(request.args)
    first, last = asked["from"], asked["to"]
    rows = _visits_between(first, last, asked["panel_id"], asked["suite_id"])
    visits = [visit_json(visit, panel) for visit, panel in rows]
    return jsonify({"from": first.isoformat(), "to": last.isoformat(), "visits": visits})


@bp.get("/volunteers")
@policy.roles_required(*policy.ROTA_API_READERS)
def volunteers():
    panel_id = IN_PANEL.read_or_422(request.args)["panel_id"]
    query = _in_panel(policy.rota_api_volunteers_query(current_user), User.panel_id, panel_id)
    query = query.options(
        so.selectinload(User.availability),
        so.selectinload(User.absences),
        so.selectinload(User.trainings),
    )
    today, trainings = scheme_today(), policy.can_see_training(current_user)
    people = db.session.scalars(query)
    return jsonify(volunteers=[volunteer_json(p, today, trainings=trainings) for p in people])


@bp.get("/suites")
@policy.roles_required(*policy.ROTA_API_READERS)
def suites():
    panel_id = IN_PANEL.read_or_422(request.args)["panel_id"]
    query = _in_panel(policy.rota_api_suites_query(current_user), Suite.panel_id, panel_id)
    query = query.options(so.selectinload(Suite.open_periods))
    return jsonify(suites=[suite_json(suite) for suite in db.session.scalars(query)])


def _visits_between(first: date, last: date, panel_id: int | None, suite_id: int | None):
    """(visit, panel id) rows whose window meets the period, within the caller's scope."""
    query = policy.rota_api_visits_query(current_user, scheme_today()).where(
        ScheduledVisit.window_starts_on <= last, ScheduledVisit.window_ends_on >= first
    )
    query = _in_panel(query, Suite.panel_id, panel_id)
    if suite_id is not None:
        query = query.where(Suite.id == policy.rota_api_suite_or_404(current_user, suite_id).id)
    query = query.add_columns(Suite.panel_id).options(
        so.selectinload(ScheduledVisit.visitors), so.selectinload(ScheduledVisit.overrides)
    )
    return db.session.execute(query.order_by(ScheduledVisit.window_starts_on, ScheduledVisit.id))


def _in_panel(query, column, panel_id: int | None):
    """Narrowed to one panel the caller may read (404 for anyone else's)."""
    if panel_id is None:
        return query
    return query.where(column == policy.rota_api_panel_or_404(current_user, panel_id).id)


def visit_json(visit: ScheduledVisit, panel_id: int) -> dict:
    # Deliberately not pair_planned_at (the pair's own) nor planned_on (a hint of the day).
    return {
        "id": visit.id,
        "rota_id": visit.rota_id,
        "suite_id": visit.suite_id,
        "panel_id": panel_id,
        "window_start": visit.window_starts_on.isoformat(),
        "window_end": visit.window_ends_on.isoformat(),
        "band": visit.band,
        "volunteer_ids": sorted(person.id for person in visit.visitors),
        "status": str(visit.status),
        # A coordinator put a volunteer on, or moved it, despite availability or the monthly
        # maximum; their reason is on the visit's page (free text: not sent here).
        "rules_set_aside": any(o.kind == OverrideKind.RULES for o in visit.overrides),
    }


def volunteer_json(person: User, today: date, *, trainings: bool) -> dict:
    """What planning needs, nothing that identifies or contacts the person; training records
    only for coordinators and admins (`trainings`), never analysts."""
    answer = {
        "id": person.id,
        "panel_id": person.panel_id,
        "status": person.status,
        "experienced": person.experienced,
        "max_visits_per_month": person.max_visits_per_month,
        "vetting_expires_on": iso(person.vetting_expires_on),
        "appointment_ends_on": iso(person.term_ends_on),
        "availability": [
            {"weekday": slot.weekday, "band": slot.band}
            for slot in sorted(person.availability, key=lambda s: (s.weekday, s.band))
        ],
        # Only dates away that still matter for planning, and never their note.
        "dates_away": [
            {"starts_on": away.starts_on.isoformat(), "ends_on": away.ends_on.isoformat()}
            for away in person.absences
            if away.ends_on >= today
        ],
    }
    if trainings:
        answer["trainings"] = [
            {"code": t.course_code, "completed_on": iso(t.completed_on),
             "expires_on": iso(t.expires_on)}
            for t in person.trainings
        ]  # fmt: skip
    return answer


def suite_json(suite: Suite) -> dict:
    return {
        "id": suite.id,
        "name": suite.name,
        "panel_id": suite.panel_id,
        "status": suite.status,
        "visits_per_week": suite.target_visits_per_week,
        # Only volunteers with TACT training valid through a visit's window go there.
        "tact_designated": suite.tact_designated,
        # When a contingency suite is open (never the note); closes_on null: no end yet.
        "open_periods": [
            {"opens_on": period.opens_on.isoformat(), "closes_on": iso(period.closes_on)}
            for period in suite.open_periods
        ],
    }


# --- the OpenAPI description, merged into icv.sync.openapi's document -----------------------

SCOPE = (
    "Admins and analysts: every panel; coordinators: their own (another panel's or suite's id "
    "is 404); volunteers: 403."
)


ERRORS = error_answers(
    {
        401: "Not signed in",
        403: "Volunteers do not read the rota through the API (or staff have not set up "
        "two-factor sign-in)",
        404: "A panel or suite that is not yours to read",
        422: "A parameter could not be read; messages by parameter",
    }
)


def _get(operation_id: str, summary: str, description: str, params: Params, ok: str) -> dict:
    return read_operation(operation_id, summary, f"{description} {SCOPE}", params.openapi(),
                          answer("OK", ok), ERRORS)  # fmt: skip


def rota_api_paths() -> dict:
    return {
        "/rota": _get(
            "getRota",
            "Published (and ad-hoc) scheduled visits whose window meets the period",
            f"Drafts are never included, nor the time the pair agreed. Analysts get only "
            f"visits whose window has ended (upcoming visits stay with the pair, the panel's "
            f"coordinators and admins). At most {MAX_DAYS} days at a time.",
            ROTA,
            "RotaVisits",
        ),  # fmt: skip
        "/volunteers": _get(
            "getVolunteers",
            "Volunteers with what planning needs: status, expiry dates, availability, dates "
            "away, training",
            "No names or contact details. Dates away that ended before today are left out. "
            "Training records go to coordinators and admins only, never analysts.",
            IN_PANEL,
            "Volunteers",
        ),
        "/suites": _get(
            "getSuites",
            "Custody suites, their weekly visit targets and when contingency suites are open",
            "A contingency suite is visited only within its open periods (closes_on is the "
            "last open day; null: open until further notice).",
            IN_PANEL,
            "Suites",
        ),
    }


VOLUNTEER_ALWAYS = (
    "id", "panel_id", "status", "experienced", "max_visits_per_month", "vetting_expires_on",
    "appointment_ends_on", "availability", "dates_away",
)  # fmt: skip


def _list_of(key: str, item: str) -> dict:
    return record({key: {"type": "array", "items": ref(item)}})


def rota_api_schemas() -> dict:
    integer = {"type": "integer"}
    visit = record({
        "id": integer, "rota_id": {"type": ["integer", "null"]}, "suite_id": integer,
        "panel_id": integer, "window_start": DATE, "window_end": DATE,
        "band": {"type": ["string", "null"]},
        "volunteer_ids": {"type": "array", "items": integer},
        "status": enum(VisitStatus),
        "rules_set_aside": {"type": "boolean"},
    })  # fmt: skip
    weekday = {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = Monday"}
    slot = record({"weekday": weekday, "band": {"type": "string"}})
    away = record({"starts_on": DATE, "ends_on": DATE})
    volunteer = closed_object({
        "id": integer, "panel_id": {"type": ["integer", "null"]},
        "status": {"type": ["string", "null"]}, "experienced": {"type": "boolean"},
        "max_visits_per_month": integer, "vetting_expires_on": NULLABLE_DATE,
        "appointment_ends_on": NULLABLE_DATE,
        "availability": {"type": "array", "items": ref("AvailabilitySlot")},
        "dates_away": {"type": "array", "items": ref("DatesAway")},
        "trainings": {"type": "array", "items": ref("Training"),
                      "description": "Courses completed (expires_on: the first day no longer "
                      "valid; null: no expiry). Not given to analysts."},
    }, required=VOLUNTEER_ALWAYS)  # fmt: skip
    suite = record({"id": integer, "name": {"type": "string"}, "panel_id": integer,
                     "status": enum(SuiteStatus),
                     "visits_per_week": integer, "tact_designated": {"type": "boolean"},
                     "open_periods": {"type": "array", "items": ref("OpenPeriod")}})  # fmt: skip
    open_period = record({"opens_on": DATE, "closes_on": NULLABLE_DATE})
    training = record({"code": {"type": "string"}, "completed_on": DATE,
                       "expires_on": NULLABLE_DATE})  # fmt: skip
    return {
        "RotaVisit": visit,
        "RotaVisits": record(
            {"from": DATE, "to": DATE, "visits": {"type": "array", "items": ref("RotaVisit")}}
        ),  # fmt: skip
        "AvailabilitySlot": slot,
        "DatesAway": away,
        "Volunteer": volunteer,
        "Volunteers": _list_of("volunteers", "Volunteer"),
        "Suite": suite,
        "OpenPeriod": open_period,
        "Training": training,
        "Suites": _list_of("suites", "Suite"),
    }
