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
from flask_babel import gettext

from icv import policy, text
from icv.dates import parse_moment, scheme_date, utcnow
from icv.extensions import db
from icv.language import N_
from icv.models import Role, Suite, User
from icv.rota.models import ScheduledVisit
from icv.text import hidden_character_problem
from icv.visits import report_format
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
    MINIMUM_VISITORS,
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
)
from icv.visits.tact import has_tact_detainee, tact_trained_on


class _Messages(dict):
    """English templates marked for the catalogue, read in the language being written
    (the request's, for the API and the pages): MESSAGES[name]."""

    def __getitem__(self, name: str) -> str:
        return gettext(super().__getitem__(name))


CHECK_CODES = {code for group in v.INTERVIEW_CHECKS.values() for code in group}
TIME_EXAMPLE = N_("like 2019-06-01T21:10:00+01:00")
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
CONDITION_FIELDS = {"rating", "note"}
DELAY_REQUIRED = {
    "minutes": N_("Enter how many minutes you were kept waiting at the door, like 15"),
    "reason": N_("Enter the reason given for the delay at the door"),
    "authorised_by_rank": N_(
        "Enter the rank of the officer who authorised the delay, like Inspector"
    ),
}
RANK_TOO_LOW = N_(
    "Only an inspector or above may authorise a delay: enter their rank, "
    "like Inspector, Chief Inspector or Superintendent"
)
# Every message of the rules that need no database, by name, as `str.format` templates:
# the phone gets them in machine_rules() and fills them in the same way (validation.js).
# fmt: off
MESSAGES = _Messages({
    "not_an_object": N_("Send the report as a JSON object"),
    "unknown_field": N_("Remove the unknown field '{key}'"),
    "format_version": UNKNOWN_FORMAT,
    "suite_id": N_("Choose the custody suite you visited"),
    "scheduled_visit_id": N_("Scheduled visit must be a visit id or null"),
    "visit_mode": N_("Choose how the visit was made: in person or remote"),
    "not_completed_reason": N_("Say why the visit was not completed or access refused"),
    "rating": N_("Choose whether the visit was satisfactory or not satisfactory"),
    "follow_up_note": N_("Say what needs following up"),
    "id_list": N_("List the {label} by their ids, like [7, 19]"),
    "visitor_twice": N_("List each visitor only once"),
    "too_few_visitors": N_("Choose at least two visitors: visits are made in pairs"),
    "trainee_not_visitor": N_("A trainee must also be one of the visitors"),
    "all_trainees": N_("At least one visitor must not be a trainee"),
    "arrived_at": N_("Enter the arrival time"),
    "admitted_at": N_("Enter the time admitted"),
    "departed_at": N_("Enter the departure time"),
    "time_format": N_("{what} as a date and time with a time zone offset, {example}"),
    "time_too_early": N_("{what}: the date is too early"),
    "departed_before_arrival": N_("Departure time must be after arrival time"),
    "visit_too_long": N_("Departure time must be within {hours} hours of arrival time"),
    "admitted_before_arrival": N_("Time admitted must be the same as or after arrival time"),
    "admitted_after_departure": N_("Time admitted must be before departure time"),
    "admitted_on_arrival_delayed":
        N_("Time admitted must be after arrival time if you were delayed"),
    "arrived_in_future": N_("Arrival time must not be in the future"),
    "delay_shape": N_("Give the delay as minutes, reason and authorising rank, or null"),
    "delay_range": N_("Delay must be between 1 and {most} minutes"),
    "rank_too_low": RANK_TOO_LOW,
    "detainees_in_custody": N_("Enter the number of people in custody, like 12"),
    "detainees_range": N_("Number of people in custody must be 0 to {most}"),
    "count_missing": N_("Enter the number of {what}, like 0"),
    "count_negative": N_("{label} must be 0 or more"),
    "count_over_total": N_("{label} must be no more than the people in custody ({count})"),
    "detainees_list": N_("Give the people in custody as a list, one row per person"),
    "rows_count": N_("Add a row for every person in custody: {count} in custody but {rows} rows"),
    "row_shape": N_("Give {person} as an object with an outcome"),
    "outcome": N_("Choose interviewed, declined or unavailable for {person}"),
    "unavailable_reason": N_("Choose why {person} was unavailable"),
    "reason_only_unavailable": N_("Only give a reason for someone unavailable"),
    "unavailable_other": N_("Describe why {person} was unavailable"),
    "other_only": N_("Only describe a reason when you chose other"),
    "interview_only": N_("Only record this for someone who was interviewed"),
    "checks_shape": N_("Give the checklist as an object of item: answer"),
    "checks_only_interviewed": N_("Only fill in the checklist for someone who was interviewed"),
    "unknown_check": N_("Unknown checklist item '{code}'"),
    "check_answer": N_("Answer yes, no or not asked"),
    "conditions_shape": N_("Give the suite conditions as an object of item: rating"),
    "unknown_condition": N_("Unknown suite condition '{code}'"),
    "condition_shape": N_("Give {label} as a rating and a note"),
    "condition_rating": N_("Choose fine, concern or not checked for {label}"),
    "not_text": N_("Enter text here"),
    "too_long": N_("Enter {limit} characters or fewer (you entered {length})"),
    "not_bool": N_("Answer true or false"),
    # Checked against the reference data on the phone (validateContext), the database here.
    "suite_forbidden": N_("You cannot file reports for this suite"),
    "visitor_not_in_panel": N_("Choose visitors from {suite}'s panel"),
    "include_yourself": N_("Include yourself as one of the visitors"),
    "visit_not_for_suite": N_("This scheduled visit is not for the suite you chose"),
    "visitor_not_tact_trained": N_("{visitor} has no TACT training valid on the day of this visit: "
    "only visitors with valid TACT training may report on someone held under the Terrorism "
    "Act (TACT)"),
    "person": N_("person {number}"),
    "visitors": N_("visitors"),  # {label} of id_list
    "trainees": N_("trainees"),
})
COUNTS = {"juveniles": N_("Juveniles"), "vulnerable_adults": N_("Vulnerable adults")}
# fmt: on


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

    def say(self, path: str, name: str, **values) -> None:
        """Add the message called `name` in MESSAGES, filled in with `values`."""
        self.add(path, MESSAGES[name].format(**values))


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
        checked.say("", "not_an_object")
        return checked
    _reject_unknown(data, TOP_FIELDS, "", checked)
    version = data.get("format_version", DEFAULT_FORMAT_VERSION)
    if isinstance(version, bool) or version not in FORMAT_VERSIONS:
        checked.say("format_version", "format_version")
        version = DEFAULT_FORMAT_VERSION
    clean = {"format_version": version}
    clean["suite_id"] = _int(data, "suite_id", checked, MESSAGES["suite_id"])
    clean["scheduled_visit_id"] = _int(
        data, "scheduled_visit_id", checked, MESSAGES["scheduled_visit_id"], True
    )
    _people(data, clean, checked)
    clean["visit_mode"] = _choice(
        _or_default(data.get("visit_mode"), DEFAULT_VISIT_MODE),
        v.VISIT_MODES,
        "visit_mode",
        checked,
        MESSAGES["visit_mode"],
    )
    _times(data, clean, checked, kept_rank)
    clean["not_completed_reason"] = _text(data, "not_completed_reason", checked)
    if (
        "admitted_at" in clean
        and clean["admitted_at"] is None
        and not clean["not_completed_reason"]
    ):
        checked.say("not_completed_reason", "not_completed_reason")
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
            MESSAGES["rating"],
        )
    clean["follow_up_needed"] = _bool(data, "follow_up_needed", checked)
    clean["follow_up_note"] = _text(data, "follow_up_note", checked)
    if clean["follow_up_needed"] and not clean["follow_up_note"]:
        checked.say("follow_up_note", "follow_up_note")
    if not checked.errors:
        checked.report = clean
    return checked


def canonical_json(report: dict) -> str:
    return json.dumps(report, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def body_hash(report: dict) -> str:
    return hashlib.sha256(canonical_json(report).encode()).hexdigest()


def machine_rules() -> dict:
    """The report's declaration (report_format) and every message of the rules that need no
    database, for the phone to check the same things offline (validation.js)."""
    return report_format.machine_rules() | {
        "interview_only_texts": list(INTERVIEW_ONLY),
        "delay_fields": list(DELAY_REQUIRED),
        "delay_required": v.translated(DELAY_REQUIRED),
        "condition_fields": sorted(CONDITION_FIELDS),
        "counts": v.translated(COUNTS),
        "time_example": gettext(TIME_EXAMPLE),
        "earliest": EARLIEST.isoformat(),
        "messages": v.translated(dict(MESSAGES) | text.MESSAGES),
        "hidden_characters": text.served_rule(),
    }


# --- people and times -------------------------------------------------------------------


def _people(data: dict, clean: dict, checked: Checked) -> None:
    visitors = _id_list(data.get("visitor_ids"), "visitor_ids", "visitors", checked)
    trainees = _id_list(data.get("trainee_ids") or [], "trainee_ids", "trainees", checked)
    clean["visitor_ids"], clean["trainee_ids"] = sorted(set(visitors)), sorted(set(trainees))
    if len(set(visitors)) != len(visitors):
        checked.say("visitor_ids", "visitor_twice")
    if "visitor_ids" not in checked.errors and len(visitors) < MINIMUM_VISITORS:
        checked.say("visitor_ids", "too_few_visitors")
    for index, trainee in enumerate(trainees):
        if trainee not in visitors:
            checked.say(f"trainee_ids.{index}", "trainee_not_visitor")
    if visitors and set(visitors) <= set(trainees):
        checked.say("trainee_ids", "all_trainees")


def _times(data: dict, clean: dict, checked: Checked, kept_rank: str | None) -> None:
    arrived = _time(data, "arrived_at", checked)
    admitted = _time(data, "admitted_at", checked, optional=True)
    departed = _time(data, "departed_at", checked)
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
            checked.say("departed_at", "departed_before_arrival")
        elif departed - arrived > timedelta(hours=LIMITS["visit_hours"]):
            checked.say("departed_at", "visit_too_long", hours=LIMITS["visit_hours"])
    if arrived and admitted:
        if admitted < arrived:
            checked.say("admitted_at", "admitted_before_arrival")
        elif departed and admitted > departed and "departed_at" not in checked.errors:
            checked.say("admitted_at", "admitted_after_departure")
        elif admitted - arrived > GRACE and delay is None and "delay" not in checked.errors:
            for key, message in DELAY_REQUIRED.items():
                checked.add(f"delay.{key}", message)
        elif admitted == arrived and delay is not None:
            checked.say("admitted_at", "admitted_on_arrival_delayed")
    if arrived and arrived > utcnow() + timedelta(days=1):
        checked.say("arrived_at", "arrived_in_future")


GRACE = timedelta(minutes=DELAY_GRACE_MINUTES)


def authorising_rank(typed: str) -> str | None:
    """The rank in vocabulary.DELAY_AUTHORISING_RANKS that `typed` names, or None.

    Case, full stops and slashes do not matter, and "Detective" or "Det" in front is the
    same rank: "det. insp" is Inspector, "C/Supt" Chief Superintendent; "Sergeant" is None.
    """
    words = re.sub(r"[./]", " ", typed).lower().split()
    if words[:1] in (["detective"], ["det"], ["ditectif"]):
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
        checked.say("delay", "delay_shape")
        return None
    _reject_unknown(delay, set(DELAY_REQUIRED), "delay.", checked)
    if all(delay.get(key) in (None, "", 0) for key in DELAY_REQUIRED):
        return None
    clean = {
        "minutes": _int(
            delay, "minutes", checked, gettext(DELAY_REQUIRED["minutes"]), path="delay."
        )
    }
    minutes = clean["minutes"]
    if minutes is not None and not 1 <= minutes <= LIMITS["delay_minutes"]:
        checked.say("delay.minutes", "delay_range", most=LIMITS["delay_minutes"])
    for key in ("reason", "authorised_by_rank"):
        clean[key] = _text(delay, key, checked, path="delay.")
        if not clean[key]:
            checked.add(f"delay.{key}", gettext(DELAY_REQUIRED[key]))
    rank = clean["authorised_by_rank"]
    if rank and rank != kept_rank and authorising_rank(rank) is None:
        checked.say("delay.authorised_by_rank", "rank_too_low")
    return clean


# --- headcount and rows -----------------------------------------------------------------


def _headcount(data: dict, clean: dict, checked: Checked, version: int) -> None:
    count = _int(data, "detainees_in_custody", checked, MESSAGES["detainees_in_custody"])
    if count is not None and not 0 <= count <= LIMITS["detainees"]:
        checked.say("detainees_in_custody", "detainees_range", most=LIMITS["detainees"])
        count = None
    clean["detainees_in_custody"] = count
    for key, label in v.translated(COUNTS).items():
        # Absent or null: not recorded (the figures add up only the numbers recorded).
        missing = MESSAGES["count_missing"].format(what=label.lower())
        number = _int(data, key, checked, missing, True)
        clean[key] = number
        if number is not None and number < 0:
            checked.say(key, "count_negative", label=label)
        elif number is not None and count is not None and number > count:
            checked.say(key, "count_over_total", label=label, count=count)
    rows = data.get("detainees")
    if not isinstance(rows, list):
        checked.say("detainees", "detainees_list")
        rows = []
    clean["detainees"] = [_row(row, index, checked, version) for index, row in enumerate(rows)]
    if count is not None and len(rows) != count:
        checked.say("detainees", "rows_count", count=count, rows=len(rows))


def _row(row, index: int, checked: Checked, version: int) -> dict:
    path, person = f"detainees.{index}.", MESSAGES["person"].format(number=index + 1)
    if not isinstance(row, dict):
        checked.say(path[:-1], "row_shape", person=person)
        return {}
    _reject_unknown(row, ROW_FIELDS_BY_FORMAT[version], path, checked)
    outcome = _choice(
        row.get("outcome"),
        v.OUTCOMES,
        path + "outcome",
        checked,
        MESSAGES["outcome"].format(person=person),
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
            MESSAGES["unavailable_reason"].format(person=person),
        )
    elif reason not in (None, ""):
        checked.say(path + "unavailable_reason", "reason_only_unavailable")
    clean["unavailable_other"] = _text(row, "unavailable_other", checked, path=path)
    if clean["unavailable_reason"] == "other" and not clean["unavailable_other"]:
        checked.say(path + "unavailable_other", "unavailable_other", person=person)
    elif clean["unavailable_reason"] != "other" and clean["unavailable_other"]:
        checked.say(path + "unavailable_other", "other_only")
    interviewed = outcome == "interviewed"
    clean["checks"] = _checks(row.get("checks"), interviewed, path, checked)
    for key in INTERVIEW_ONLY:
        clean[key] = _text(row, key, checked, path=path)
        if clean[key] and not interviewed:
            checked.say(path + key, "interview_only")
    clean["raised_with_staff"] = _bool(row, "raised_with_staff", checked, path=path)
    if clean["raised_with_staff"] and not interviewed:
        checked.say(path + "raised_with_staff", "interview_only")
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
                checked.add(path + name, gettext(rule["message"]).format(person=person))
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
        message = gettext(declared.get("invalid") or KIND_MESSAGES[kind])
        label = gettext(declared["label"]).lower()
        checked.add(path + name, message.format(person=person, label=label))
        return None
    return value


def _findings(value, declared: dict, path: str, person: str, checked: Checked) -> dict:
    name = declared["name"]
    if value is None:
        return {}
    if not isinstance(value, dict):
        checked.add(path + name, gettext(declared["invalid"]).format(person=person))
        return {}
    clean = {}
    for code, answer in sorted(value.items()):
        if code not in declared["codes"]:
            checked.add(f"{path}{name}.{code}", gettext(declared["unknown_code"]).format(code=code))
        elif not isinstance(answer, str) or answer not in declared["answers"]:
            label = gettext(declared["codes"][code])
            message = gettext(declared["invalid_answer"]).format(person=person, label=label)
            checked.add(f"{path}{name}.{code}", message)
        else:
            clean[code] = answer
    return clean


def _checks(checks, interviewed: bool, path: str, checked: Checked) -> dict:
    if checks in (None, {}):
        checks = {}
    elif not isinstance(checks, dict):
        checked.say(path + "checks", "checks_shape")
        return {}
    elif not interviewed:
        checked.say(path + "checks", "checks_only_interviewed")
        return {}
    for code in checks.keys() - CHECK_CODES:
        checked.say(f"{path}checks.{code}", "unknown_check", code=code)
    clean = {}
    for code in sorted(CHECK_CODES) if interviewed else ():
        answer = checks.get(code, "not_asked")
        clean[code] = _choice(
            answer, v.CHECK_ANSWERS, f"{path}checks.{code}", checked, MESSAGES["check_answer"]
        )
    return clean


def _conditions(conditions, checked: Checked) -> dict:
    if conditions is None:
        conditions = {}
    if not isinstance(conditions, dict):
        checked.say("conditions", "conditions_shape")
        return {}
    for code in conditions.keys() - v.SUITE_CONDITIONS.keys():
        checked.say(f"conditions.{code}", "unknown_condition", code=code)
    clean = {}
    for code, label in v.translated(v.SUITE_CONDITIONS).items():
        item = conditions.get(code) or {}
        path = f"conditions.{code}."
        if not isinstance(item, dict):
            checked.say(path[:-1], "condition_shape", label=label)
            continue
        _reject_unknown(item, CONDITION_FIELDS, path, checked)
        rating = _choice(
            item.get("rating", "not_checked"),
            v.CONDITION_RATINGS,
            path + "rating",
            checked,
            MESSAGES["condition_rating"].format(label=label.split(" (")[0]),
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
        checked.errors = {"suite_id": [MESSAGES["suite_forbidden"]]}
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
            checked.say(f"visitor_ids.{index}", "visitor_not_in_panel", suite=suite.name)
    if user.role == Role.VOLUNTEER and user.id not in ids:
        checked.say("visitor_ids", "include_yourself")
    if has_tact_detainee(clean):
        _check_tact_training(clean, [p for p in people if p.id in eligible], checked)
    if clean["scheduled_visit_id"] is not None:
        _check_scheduled_visit(clean, user, checked, report_id)


def _check_tact_training(clean: dict, people: list[User], checked: Checked) -> None:
    """Someone held under TACT: every visitor needs TACT training valid on the visit's day."""
    day = scheme_date(datetime.fromisoformat(clean["arrived_at"]))
    by_id = {person.id: person for person in people}
    for index, visitor_id in enumerate(clean["visitor_ids"]):
        person = by_id.get(visitor_id)
        if person is not None and not tact_trained_on(person, day):
            checked.say(f"visitor_ids.{index}", "visitor_not_tact_trained", visitor=person.name)


def _check_scheduled_visit(clean: dict, user: User, checked: Checked, report_id) -> None:
    from icv.visits.models import VisitReport  # imported late: models import vocabulary users

    visit = db.session.get(ScheduledVisit, clean["scheduled_visit_id"])
    if visit is None or visit.suite_id != clean["suite_id"]:
        checked.say("scheduled_visit_id", "visit_not_for_suite")
        return
    if user.role == Role.VOLUNTEER and (user not in visit.visitors or not visit.is_published):
        checked.add("scheduled_visit_id", gettext("This scheduled visit is not assigned to you"))
        return
    other = db.session.scalar(
        sa.select(VisitReport).where(
            VisitReport.scheduled_visit_id == visit.id, VisitReport.id != (report_id or 0)
        )
    )
    if other is not None:
        checked.add(
            "scheduled_visit_id", gettext(DUPLICATE_VISIT).format(name=other.submitted_by.name)
        )


DUPLICATE_VISIT = N_(
    "{name} already sent the report for this visit. Do not send it twice: "
    "ask for that report to be amended instead"
)


# --- small readers ----------------------------------------------------------------------


def _reject_unknown(data: dict, allowed: set, path: str, checked: Checked) -> None:
    for key in sorted(data.keys() - allowed, key=str):
        checked.say(f"{path}{key}", "unknown_field", key=key)


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
        checked.say(path, "id_list", label=MESSAGES[label])
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
        checked.say(path + key, "not_text")
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
        checked.say(path + key, "too_long", limit=limit, length=len(value))
    return value


def _bool(data: dict, key: str, checked: Checked, path: str = "") -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        checked.say(path + key, "not_bool")
        return False
    return value


def _time(data: dict, key: str, checked: Checked, optional=False):
    value = data.get(key)
    if value is None and optional:
        return None
    moment = parse_moment(value)
    if moment is None:
        checked.say(key, "time_format", what=MESSAGES[key], example=gettext(TIME_EXAMPLE))
        return None
    if moment < EARLIEST:
        checked.say(key, "time_too_early", what=MESSAGES[key])
        return None
    return moment
