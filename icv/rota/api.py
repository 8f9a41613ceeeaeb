"""GET /api/v1/rota, /volunteers and /suites: the rota's data as JSON, for planning tools.

Bearer token or session. Admins and analysts: every panel; coordinators: their panels (a
panel or suite id of anyone else's is 404); volunteers: 403. Scoping is icv.policy's.
Never in an answer: the pair's agreed time, names, email addresses, phone numbers, notes.
"""

from __future__ import annotations

import re
from datetime import date

import sqlalchemy.orm as so
from flask import Blueprint, jsonify, request
from flask_login import current_user

from icv import policy
from icv.api_errors import error_answers, invalid
from icv.dates import iso, scheme_today
from icv.extensions import db
from icv.models import Suite, SuiteStatus, User
from icv.openapi_common import DATE, NULLABLE_DATE, SECURITY, answer, enum, query, ref
from icv.rota.models import OverrideKind, ScheduledVisit, VisitStatus

bp = Blueprint("rota_api", __name__)

ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
MAX_DAYS = 366  # a year of national visits (about 10,400) is the most one answer carries


@bp.get("/rota")
@policy.roles_required(*policy.ROTA_API_READERS)
def rota():
    errors: dict = {}
    first, last = _read_period(errors)
    panel_id, suite_id = _read_id("panel_id", errors), _read_id("suite_id", errors)
    if errors:
        return invalid(errors)
    rows = _visits_between(first, last, panel_id, suite_id)
    visits = [visit_json(visit, panel) for visit, panel in rows]
    return jsonify({"from": first.isoformat(), "to": last.isoformat(), "visits": visits})


@bp.get("/volunteers")
@policy.roles_required(*policy.ROTA_API_READERS)
def volunteers():
    errors: dict = {}
    panel_id = _read_id("panel_id", errors)
    if errors:
        return invalid(errors)
    query = _in_panel(policy.rota_api_volunteers_query(current_user), User.panel_id, panel_id)
    query = query.options(so.selectinload(User.availability), so.selectinload(User.absences))
    today = scheme_today()
    return jsonify(volunteers=[volunteer_json(p, today) for p in db.session.scalars(query)])


@bp.get("/suites")
@policy.roles_required(*policy.ROTA_API_READERS)
def suites():
    errors: dict = {}
    panel_id = _read_id("panel_id", errors)
    if errors:
        return invalid(errors)
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


def _read_period(errors: dict) -> tuple[date | None, date | None]:
    first, last = _read_date("from", errors), _read_date("to", errors)
    if first and last and last < first:
        errors["to"] = ["The to date must be the same as or after the from date"]
    elif first and last and (last - first).days >= MAX_DAYS:
        errors["to"] = [f"Ask for {MAX_DAYS} days or fewer at a time"]
    return first, last


def _read_date(name: str, errors: dict) -> date | None:
    text = (request.args.get(name) or "").strip()
    try:
        if not ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        errors[name] = [f"Give the {name} date like 2026-04-01"]
        return None


def _read_id(name: str, errors: dict) -> int | None:
    text = (request.args.get(name) or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 18:
        errors[name] = [f"Give {name} as a number, like 12"]
        return None
    return int(text)


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


def volunteer_json(person: User, today: date) -> dict:
    """What planning needs, nothing that identifies or contacts the person."""
    return {
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


def suite_json(suite: Suite) -> dict:
    return {
        "id": suite.id,
        "name": suite.name,
        "panel_id": suite.panel_id,
        "status": suite.status,
        "visits_per_week": suite.target_visits_per_week,
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


def _get(operation_id: str, summary: str, description: str, parameters: list, ok: str) -> dict:
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": f"{description} {SCOPE}",
            "parameters": parameters,
            "security": SECURITY,
            "responses": {
                "200": answer("OK", ok),
                **error_answers(
                    {
                        401: "Not signed in",
                        403: "Volunteers do not read the rota through the API (or staff have not "
                        "set up two-factor sign-in)",
                        404: "A panel or suite that is not yours to read",
                        422: "A parameter could not be read; messages by parameter",
                    }
                ),
            },
        }
    }


def rota_api_paths() -> dict:
    panel = query("panel_id", "Only this panel", {"type": "integer"})
    return {
        "/rota": _get(
            "getRota",
            "Published (and ad-hoc) scheduled visits whose window meets the period",
            f"Drafts are never included, nor the time the pair agreed. Analysts get only "
            f"visits whose window has ended (upcoming visits stay with the pair, the panel's "
            f"coordinators and admins). At most {MAX_DAYS} days at a time.",
            [
                query("from", "First day, inclusive", DATE, required=True),
                query("to", "Last day, inclusive", DATE, required=True),
                panel,
                query("suite_id", "Only this suite", {"type": "integer"}),
            ],
            "RotaVisits",
        ),  # fmt: skip
        "/volunteers": _get(
            "getVolunteers",
            "Volunteers with what planning needs: status, expiry dates, availability, dates away",
            "No names or contact details. Dates away that ended before today are left out.",
            [panel],
            "Volunteers",
        ),
        "/suites": _get(
            "getSuites",
            "Custody suites, their weekly visit targets and when contingency suites are open",
            "A contingency suite is visited only within its open periods (closes_on is the "
            "last open day; null: open until further notice).",
            [panel],
            "Suites",
        ),
    }


def _object(properties: dict) -> dict:
    return {"type": "object", "properties": properties, "required": list(properties),
            "additionalProperties": False}  # fmt: skip


def _list_of(key: str, item: str) -> dict:
    return _object({key: {"type": "array", "items": ref(item)}})


def rota_api_schemas() -> dict:
    integer = {"type": "integer"}
    visit = _object({
        "id": integer, "rota_id": {"type": ["integer", "null"]}, "suite_id": integer,
        "panel_id": integer, "window_start": DATE, "window_end": DATE,
        "band": {"type": ["string", "null"]},
        "volunteer_ids": {"type": "array", "items": integer},
        "status": enum(VisitStatus),
        "rules_set_aside": {"type": "boolean"},
    })  # fmt: skip
    weekday = {"type": "integer", "minimum": 0, "maximum": 6, "description": "0 = Monday"}
    slot = _object({"weekday": weekday, "band": {"type": "string"}})
    away = _object({"starts_on": DATE, "ends_on": DATE})
    volunteer = _object({
        "id": integer, "panel_id": {"type": ["integer", "null"]},
        "status": {"type": ["string", "null"]}, "experienced": {"type": "boolean"},
        "max_visits_per_month": integer, "vetting_expires_on": NULLABLE_DATE,
        "appointment_ends_on": NULLABLE_DATE,
        "availability": {"type": "array", "items": ref("AvailabilitySlot")},
        "dates_away": {"type": "array", "items": ref("DatesAway")},
    })  # fmt: skip
    suite = _object({"id": integer, "name": {"type": "string"}, "panel_id": integer,
                     "status": enum(SuiteStatus),
                     "visits_per_week": integer,
                     "open_periods": {"type": "array", "items": ref("OpenPeriod")}})  # fmt: skip
    open_period = _object({"opens_on": DATE, "closes_on": NULLABLE_DATE})
    return {
        "RotaVisit": visit,
        "RotaVisits": _object(
            {"from": DATE, "to": DATE, "visits": {"type": "array", "items": ref("RotaVisit")}}
        ),  # fmt: skip
        "AvailabilitySlot": slot,
        "DatesAway": away,
        "Volunteer": volunteer,
        "Volunteers": _list_of("volunteers", "Volunteer"),
        "Suite": suite,
        "OpenPeriod": open_period,
        "Suites": _list_of("suites", "Suite"),
    }
