"""Every rule a visit report must meet, in one place: the API, the import and amendments use it.

`validate_report(data, user)` returns a `Checked`: either `report`, the clean canonical body
(every optional field filled in, times in UTC), or `errors` keyed by JSON path
(`detainees.1.unavailable_reason`) with messages that say what to do.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from icv import policy
from icv.dates import parse_moment, utcnow
from icv.extensions import db
from icv.models import Role, Suite, User
from icv.rota.models import ScheduledVisit
from icv.text import hidden_character_problem
from icv.visits import vocabulary as v
from icv.visits.report_format import (  # noqa: F401 (the names others import from here)
    DEFAULT_FORMAT_VERSION,
    DEFAULT_VISIT_MODE,
    DELAY_GRACE_MINUTES,
    FORMAT_VERSION,
    FORMAT_VERSIONS,
    INTERVIEW_ONLY,
    KIND_MESSAGES,
    LIMITS,
    LONG_TEXTS,
    MULTILINE_TEXTS,
    PERSON_FIELDS,
    RATINGS,
    ROW_FIELDS,
    ROW_FIELDS_BY_FORMAT,
    TEXT_LIMITS,
    TOP_FIELDS,
    UNKNOWN_FORMAT,
    holds,
    is_empty,
    machine_rules,
)

CHECK_CODES = {code for group in v.INTERVIEW_CHECKS.values() for code in group}
TIME_EXAMPLE = "like 2019-06-01T21:10:00+01:00"
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)


@dataclass
class Checked:
    report: dict | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    forbidden: bool = False  # the user may not file for this suite (403, not 422)
    # The suite as checked. Held here, it stays in the session's (weak) identity map, so
    # storing the report finds it there instead of reading it again.
    suite: Suite | None = None

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)


def validate_report(
    data, user: User, *, report_id: int | None = None, kept_rank: str | None = None
) -> Checked:
    """All the rules: the body's own, then who and where (suite, visitors, scheduled visit).

    `report_id` is the report being amended, so it does not count as a duplicate of itself;
    `kept_rank` is its delay's authorising rank as stored (see `normalise`).
    """
    checked = normalise(data, kept_rank=kept_rank)
    if checked.errors:
        if not checked.forbidden and isinstance(data, dict):
            _check_suite_only(data.get("suite_id"), user, checked)
        return checked
    _check_context(checked.report, user, checked, report_id)
    if checked.errors:
        checked.report = None
    return checked


def normalise(data, *, kept_rank: str | None = None) -> Checked:
    """The rules that need no database: shapes, codes, times and headcounts.

    `kept_rank` is the authorising rank of a report already stored: a report received
    before only an inspector or above was accepted may be resent or corrected keeping it.
    """
    checked = Checked()
    if not isinstance(data, dict):
        checked.add("", "Send the report as a JSON object")
        return checked
    _reject_unknown(data, TOP_FIELDS, "", checked)
    version = data.get("format_version", DEFAULT_FORMAT_VERSION)
    if isinstance(version, bool) or version not in FORMAT_VERSIONS:
        checked.add("format_version", UNKNOWN_FORMAT)
        version = DEFAULT_FORMAT_VERSION
    clean = {"format_version": version}
    clean["suite_id"] = _int(data, "suite_id", checked, "Choose the custody suite you visited")
    clean["scheduled_visit_id"] = _int(
        data, "scheduled_visit_id", checked, "Scheduled visit must be a visit id or null", True
    )
    _people(data, clean, checked)
    clean["visit_mode"] = _choice(
        _or_default(data.get("visit_mode"), DEFAULT_VISIT_MODE),
        v.VISIT_MODES,
        "visit_mode",
        checked,
        "Choose how the visit was made: in person or remote",
    )
    _times(data, clean, checked, kept_rank)
    clean["not_completed_reason"] = _text(data, "not_completed_reason", checked)
    if (
        "admitted_at" in clean
        and clean["admitted_at"] is None
        and not clean["not_completed_reason"]
    ):
        checked.add("not_completed_reason", "Say why the visit was not completed or access refused")
    _headcount(data, clean, checked, version)
    clean["conditions"] = _conditions(data.get("conditions"), checked)
    for key in ("raised_with_sergeant", "sergeant_response", "positive_findings"):
        clean[key] = _text(data, key, checked)
    clean["rating"] = None  # absent or null: no rating given
    if data.get("rating") is not None:
        clean["rating"] = _choice(
            data.get("rating"),
            RATINGS,
            "rating",
            checked,
            "Choose whether the visit was satisfactory or not satisfactory",
        )
    clean["follow_up_needed"] = _bool(data, "follow_up_needed", checked)
    clean["follow_up_note"] = _text(data, "follow_up_note", checked)
    if clean["follow_up_needed"] and not clean["follow_up_note"]:
        checked.add("follow_up_note", "Say what needs following up")
    if not checked.errors:
        checked.report = clean
    return checked


def canonical_json(report: dict) -> str:
    return json.dumps(report, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_hash(report: dict) -> str:
    return hashlib.sha256(canonical_json(report).encode()).hexdigest()


# --- people and times -------------------------------------------------------------------


def _people(data: dict, clean: dict, checked: Checked) -> None:
    visitors = _id_list(data.get("visitor_ids"), "visitor_ids", "visitors", checked)
    trainees = _id_list(data.get("trainee_ids") or [], "trainee_ids", "trainees", checked)
    clean["visitor_ids"], clean["trainee_ids"] = sorted(set(visitors)), sorted(set(trainees))
    if len(set(visitors)) != len(visitors):
        checked.add("visitor_ids", "List each visitor only once")
    if "visitor_ids" not in checked.errors and len(visitors) < 2:
        checked.add("visitor_ids", "Choose at least two visitors: visits are made in pairs")
    for index, trainee in enumerate(trainees):
        if trainee not in visitors:
            checked.add(f"trainee_ids.{index}", "A trainee must also be one of the visitors")
    if visitors and set(visitors) <= set(trainees):
        checked.add("trainee_ids", "At least one visitor must not be a trainee")


def _times(data: dict, clean: dict, checked: Checked, kept_rank: str | None) -> None:
    arrived = _time(data, "arrived_at", checked, "Enter the arrival time")
    admitted = _time(data, "admitted_at", checked, "Enter the time admitted", optional=True)
    departed = _time(data, "departed_at", checked, "Enter the departure time")
    for key, moment in (
        ("arrived_at", arrived),
        ("admitted_at", admitted),
        ("departed_at", departed),
    ):
        if key not in checked.errors:
            clean[key] = moment.isoformat() if moment else None
    delay = _delay(data.get("delay"), checked, kept_rank)
    clean["delay"] = delay
    if arrived and departed:
        if departed <= arrived:
            checked.add("departed_at", "Departure time must be after arrival time")
        elif departed - arrived > timedelta(hours=LIMITS["visit_hours"]):
            checked.add("departed_at", "Departure time must be within 24 hours of arrival time")
    if arrived and admitted:
        if admitted < arrived:
            checked.add("admitted_at", "Time admitted must be the same as or after arrival time")
        elif departed and admitted > departed and "departed_at" not in checked.errors:
            checked.add("admitted_at", "Time admitted must be before departure time")
        elif admitted - arrived > GRACE and delay is None and "delay" not in checked.errors:
            for key, message in DELAY_REQUIRED.items():
                checked.add(f"delay.{key}", message)
        elif admitted == arrived and delay is not None:
            checked.add(
                "admitted_at", "Time admitted must be after arrival time if you were delayed"
            )
    if arrived and arrived > utcnow() + timedelta(days=1):
        checked.add("arrived_at", "Arrival time must not be in the future")


GRACE = timedelta(minutes=DELAY_GRACE_MINUTES)
DELAY_REQUIRED = {
    "minutes": "Enter how many minutes you were kept waiting at the door, like 15",
    "reason": "Enter the reason given for the delay at the door",
    "authorised_by_rank": "Enter the rank of the officer who authorised the delay, like Inspector",
}
RANK_TOO_LOW = (
    "Only an inspector or above may authorise a delay: enter their rank, "
    "like Inspector, Chief Inspector or Superintendent"
)


def authorising_rank(typed: str) -> str | None:
    """The rank in vocabulary.DELAY_AUTHORISING_RANKS that `typed` names, or None.

    Case, full stops and slashes do not matter, and "Detective" or "Det" in front is the
    same rank: "det. insp" is Inspector, "C/Supt" Chief Superintendent; "Sergeant" is None.
    """
    words = re.sub(r"[./]", " ", typed).lower().split()
    if words[:1] in (["detective"], ["det"]):
        words = words[1:]
    wanted = " ".join(words)
    for rank, shortenings in v.DELAY_AUTHORISING_RANKS.items():
        if wanted in (name.lower() for name in (rank, *shortenings)):
            return rank
    return None


def _delay(delay, checked: Checked, kept_rank: str | None = None) -> dict | None:
    """A delay object with every field empty means no delay."""
    if delay is None:
        return None
    if not isinstance(delay, dict):
        checked.add("delay", "Give the delay as minutes, reason and authorising rank, or null")
        return None
    _reject_unknown(delay, set(DELAY_REQUIRED), "delay.", checked)
    if all(delay.get(key) in (None, "", 0) for key in DELAY_REQUIRED):
        return None
    clean = {"minutes": _int(delay, "minutes", checked, DELAY_REQUIRED["minutes"], path="delay.")}
    minutes = clean["minutes"]
    if minutes is not None and not 1 <= minutes <= LIMITS["delay_minutes"]:
        checked.add("delay.minutes", "Delay must be between 1 and 1440 minutes")
    for key in ("reason", "authorised_by_rank"):
        clean[key] = _text(delay, key, checked, path="delay.")
        if not clean[key]:
            checked.add(f"delay.{key}", DELAY_REQUIRED[key])
    rank = clean["authorised_by_rank"]
    if rank and rank != kept_rank and authorising_rank(rank) is None:
        checked.add("delay.authorised_by_rank", RANK_TOO_LOW)
    return clean


# --- headcount and rows -----------------------------------------------------------------


def _headcount(data: dict, clean: dict, checked: Checked, version: int) -> None:
    count = _int(
        data, "detainees_in_custody", checked, "Enter the number of people in custody, like 12"
    )
    if count is not None and not 0 <= count <= LIMITS["detainees"]:
        checked.add("detainees_in_custody", "Number of people in custody must be 0 to 500")
        count = None
    clean["detainees_in_custody"] = count
    for key, label in (("juveniles", "Juveniles"), ("vulnerable_adults", "Vulnerable adults")):
        # Absent or null: not recorded (the figures add up only the numbers recorded).
        number = _int(data, key, checked, f"Enter the number of {label.lower()}, like 0", True)
        clean[key] = number
        if number is not None and number < 0:
            checked.add(key, f"{label} must be 0 or more")
        elif number is not None and count is not None and number > count:
            checked.add(key, f"{label} must be no more than the people in custody ({count})")
    rows = data.get("detainees")
    if not isinstance(rows, list):
        checked.add("detainees", "Give the people in custody as a list, one row per person")
        rows = []
    clean["detainees"] = [_row(row, index, checked, version) for index, row in enumerate(rows)]
    if count is not None and len(rows) != count:
        checked.add(
            "detainees",
            f"Add a row for every person in custody: {count} in custody but {len(rows)} rows",
        )


def _row(row, index: int, checked: Checked, version: int) -> dict:
    path, person = f"detainees.{index}.", f"person {index + 1}"
    if not isinstance(row, dict):
        checked.add(path[:-1], f"Give {person} as an object with an outcome")
        return {}
    _reject_unknown(row, ROW_FIELDS_BY_FORMAT[version], path, checked)
    outcome = _choice(
        row.get("outcome"),
        v.OUTCOMES,
        path + "outcome",
        checked,
        f"Choose interviewed, declined or unavailable for {person}",
    )
    clean = {
        "custody_number": _text(row, "custody_number", checked, path=path),
        "outcome": outcome,
        "unavailable_reason": None,
    }
    reason = row.get("unavailable_reason")
    if outcome == "unavailable":
        clean["unavailable_reason"] = _choice(
            reason,
            v.UNAVAILABLE_REASONS,
            path + "unavailable_reason",
            checked,
            f"Choose why {person} was unavailable",
        )
    elif reason not in (None, ""):
        checked.add(path + "unavailable_reason", "Only give a reason for someone unavailable")
    clean["unavailable_other"] = _text(row, "unavailable_other", checked, path=path)
    if clean["unavailable_reason"] == "other" and not clean["unavailable_other"]:
        checked.add(path + "unavailable_other", f"Describe why {person} was unavailable")
    elif clean["unavailable_reason"] != "other" and clean["unavailable_other"]:
        checked.add(path + "unavailable_other", "Only describe a reason when you chose other")
    interviewed = outcome == "interviewed"
    clean["checks"] = _checks(row.get("checks"), interviewed, path, checked)
    for key in INTERVIEW_ONLY:
        clean[key] = _text(row, key, checked, path=path)
        if clean[key] and not interviewed:
            checked.add(path + key, "Only record this for someone who was interviewed")
    clean["raised_with_staff"] = _bool(row, "raised_with_staff", checked, path=path)
    if clean["raised_with_staff"] and not interviewed:
        checked.add(path + "raised_with_staff", "Only record this for someone who was interviewed")
    clean["follow_up"] = _bool(row, "follow_up", checked, path=path)
    if version >= 2:
        _person_fields(row, clean, path, person, checked)
    return clean


def _person_fields(row: dict, clean: dict, path: str, person: str, checked: Checked) -> None:
    """Format 2's fields (report_format.PERSON_FIELDS): each value, then the rules between."""
    for declared in PERSON_FIELDS:
        clean[declared["name"]] = _person_value(row, declared, path, person, checked)
    for declared in PERSON_FIELDS:
        name = declared["name"]
        if path + name in checked.errors:
            continue
        for rule in declared["rules"]:
            if _breaks(rule, clean, name):
                checked.add(path + name, rule["message"].format(person=person))
                break


def _breaks(rule: dict, clean: dict, name: str) -> bool:
    """Whether a person's clean values break a rule; an "equals" rule may fill in its value."""
    applies = holds(rule["when"], clean)
    empty = is_empty(clean[name])
    if rule["check"] == "required":
        return applies and empty
    if rule["check"] == "only_when":
        return not applies and not empty
    if applies and empty and rule.get("fill"):
        clean[name] = rule["value"]
    return applies and clean[name] != rule["value"]


def _person_value(row: dict, declared: dict, path: str, person: str, checked: Checked):
    name, kind = declared["name"], declared["kind"]
    value = row.get(name)
    if kind == "text":
        return _text(row, name, checked, path=path)
    if kind == "findings":
        return _findings(value, declared, path, person, checked)
    if value is None:
        return None
    if kind == "flag":
        valid = isinstance(value, bool)
    else:
        valid = isinstance(value, str) and value in declared["codes"]
    if not valid:
        message = declared.get("invalid") or KIND_MESSAGES[kind]
        label = declared["label"].lower()
        checked.add(path + name, message.format(person=person, label=label))
        return None
    return value


def _findings(value, declared: dict, path: str, person: str, checked: Checked) -> dict:
    name = declared["name"]
    if value is None:
        return {}
    if not isinstance(value, dict):
        checked.add(path + name, declared["invalid"].format(person=person))
        return {}
    clean = {}
    for code, answer in sorted(value.items()):
        if code not in declared["codes"]:
            checked.add(f"{path}{name}.{code}", declared["unknown_code"].format(code=code))
        elif not isinstance(answer, str) or answer not in declared["answers"]:
            label = declared["codes"][code]
            message = declared["invalid_answer"].format(person=person, label=label)
            checked.add(f"{path}{name}.{code}", message)
        else:
            clean[code] = answer
    return clean


def _checks(checks, interviewed: bool, path: str, checked: Checked) -> dict:
    if checks in (None, {}):
        checks = {}
    elif not isinstance(checks, dict):
        checked.add(path + "checks", "Give the checklist as an object of item: answer")
        return {}
    elif not interviewed:
        checked.add(path + "checks", "Only fill in the checklist for someone who was interviewed")
        return {}
    for code in checks.keys() - CHECK_CODES:
        checked.add(f"{path}checks.{code}", f"Unknown checklist item '{code}'")
    clean = {}
    for code in sorted(CHECK_CODES) if interviewed else ():
        answer = checks.get(code, "not_asked")
        clean[code] = _choice(
            answer, v.CHECK_ANSWERS, f"{path}checks.{code}", checked, "Answer yes, no or not asked"
        )
    return clean


def _conditions(conditions, checked: Checked) -> dict:
    if conditions is None:
        conditions = {}
    if not isinstance(conditions, dict):
        checked.add("conditions", "Give the suite conditions as an object of item: rating")
        return {}
    for code in conditions.keys() - v.SUITE_CONDITIONS.keys():
        checked.add(f"conditions.{code}", f"Unknown suite condition '{code}'")
    clean = {}
    for code, label in v.SUITE_CONDITIONS.items():
        item = conditions.get(code) or {}
        path = f"conditions.{code}."
        if not isinstance(item, dict):
            checked.add(path[:-1], f"Give {label} as a rating and a note")
            continue
        _reject_unknown(item, {"rating", "note"}, path, checked)
        rating = _choice(
            item.get("rating", "not_checked"),
            v.CONDITION_RATINGS,
            path + "rating",
            checked,
            f"Choose fine, concern or not checked for {label.split(' (')[0]}",
        )
        clean[code] = {"rating": rating, "note": _text(item, "note", checked, path=path)}
    return clean


# --- context: suite, visitors, scheduled visit ------------------------------------------


def _check_suite_only(suite_id, user: User, checked: Checked) -> Suite | None:
    if not isinstance(suite_id, int) or isinstance(suite_id, bool):
        return None
    suite = db.session.scalar(policy.visitable_suites_query(user).where(Suite.id == suite_id))
    if suite is None:
        checked.forbidden = True
        checked.errors = {"suite_id": ["You cannot file reports for this suite"]}
    return suite


def _check_context(clean: dict, user: User, checked: Checked, report_id: int | None) -> None:
    suite = checked.suite = _check_suite_only(clean["suite_id"], user, checked)
    if suite is None:
        return
    ids = clean["visitor_ids"]
    people = db.session.scalars(sa.select(User).where(User.id.in_(ids))).all()
    eligible = {p.id for p in people if p.role == Role.VOLUNTEER and p.panel_id == suite.panel_id}
    for index, visitor_id in enumerate(ids):
        if visitor_id not in eligible:
            checked.add(f"visitor_ids.{index}", f"Choose visitors from {suite.name}'s panel")
    if user.role == Role.VOLUNTEER and user.id not in ids:
        checked.add("visitor_ids", "Include yourself as one of the visitors")
    if clean["scheduled_visit_id"] is not None:
        _check_scheduled_visit(clean, user, checked, report_id)


def _check_scheduled_visit(clean: dict, user: User, checked: Checked, report_id) -> None:
    from icv.visits.models import VisitReport  # imported late: models import vocabulary users

    visit = db.session.get(ScheduledVisit, clean["scheduled_visit_id"])
    if visit is None or visit.suite_id != clean["suite_id"]:
        checked.add("scheduled_visit_id", "This scheduled visit is not for the suite you chose")
        return
    if user.role == Role.VOLUNTEER and (user not in visit.visitors or not visit.is_published):
        checked.add("scheduled_visit_id", "This scheduled visit is not assigned to you")
        return
    other = db.session.scalar(
        sa.select(VisitReport).where(
            VisitReport.scheduled_visit_id == visit.id, VisitReport.id != (report_id or 0)
        )
    )
    if other is not None:
        checked.add("scheduled_visit_id", DUPLICATE_VISIT.format(name=other.submitted_by.name))


DUPLICATE_VISIT = (
    "{name} already sent the report for this visit. Do not send it twice: "
    "ask for that report to be amended instead"
)


# --- small readers ----------------------------------------------------------------------


def _reject_unknown(data: dict, allowed: set, path: str, checked: Checked) -> None:
    for key in sorted(data.keys() - allowed, key=str):
        checked.add(f"{path}{key}", f"Remove the unknown field '{key}'")


def _or_default(value, default):
    return default if value is None else value


def _int(data: dict, key: str, checked: Checked, message: str, optional=False, path=""):
    value = data.get(key)
    if value is None and optional:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        checked.add(path + key, message)
        return None
    return value


def _id_list(value, path: str, label: str, checked: Checked) -> list[int]:
    ok = isinstance(value, list) and all(
        isinstance(item, int) and not isinstance(item, bool) for item in value
    )
    if not ok:
        checked.add(path, f"List the {label} by their ids, like [7, 19]")
        return []
    return value


def _choice(value, options: dict, path: str, checked: Checked, message: str):
    if not isinstance(value, str) or value not in options:
        checked.add(path, message)
        return None
    return value


def _text(data: dict, key: str, checked: Checked, path: str = "") -> str:
    value = data.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        checked.add(path + key, "Enter text here")
        return ""
    value = value.replace("\r\n", "\n")  # CRLF from some keyboards is the same line break
    # Checked before stripping (and then not stripped): Python and JavaScript strip
    # different control characters.
    problem = hidden_character_problem(value, multiline=TEXT_LIMITS[key] in MULTILINE_TEXTS)
    if problem:
        checked.add(path + key, problem)
        return value
    value = value.strip()
    limit = LIMITS[TEXT_LIMITS[key]]
    if len(value) > limit:
        checked.add(path + key, f"Enter {limit} characters or fewer (you entered {len(value)})")
    return value


def _bool(data: dict, key: str, checked: Checked, path: str = "") -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        checked.add(path + key, "Answer true or false")
        return False
    return value


def _time(data: dict, key: str, checked: Checked, message: str, optional=False):
    value = data.get(key)
    if value is None and optional:
        return None
    moment = parse_moment(value)
    if moment is None:
        checked.add(key, f"{message} as a date and time with a time zone offset, {TIME_EXAMPLE}")
        return None
    if moment < EARLIEST:
        checked.add(key, f"{message}: the date is too early")
        return None
    return moment
