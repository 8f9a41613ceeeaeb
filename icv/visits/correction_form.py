"""The correction page's form: a report body as form fields and back again.

Field names are the report's JSON paths, as on the phone's form (`detainees.2.outcome`),
so the server's validation errors land on the field that caused them. Times are typed as
a date and "21:10" (or "21.10", "2110") in UK time; a time more than 12 hours before arrival
is after midnight, as on the phone (static/js/report-model.js).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from flask_babel import gettext

from icv.dates import SCHEME_TIME_ZONE, iso, local, parse_moment
from icv.language import N_
from icv.visits import vocabulary as v
from icv.visits.report_format import PERSON_FIELDS

TIMES = ("arrived_at", "admitted_at", "departed_at")
DELAY_FIELDS = ("minutes", "reason", "authorised_by_rank")
DATE_PARTS = ("day", "month", "year")
CHECK_CODES = [code for group in v.INTERVIEW_CHECKS.values() for code in group]
TEXTS = ("raised_with_sergeant", "sergeant_response", "positive_findings", "follow_up_note")
NUMBERS = ("detainees_in_custody", "juveniles", "vulnerable_adults")
INTERVIEW_TEXTS = ("allegation", "issues_raised", "action_taken")
MAX_ROWS_ADDED = 50
# A format-2 yes/no (and a custody record check) left unanswered: a radio of its own, so an
# answer given by mistake can be taken back.
UNANSWERED = "unknown"
FLAG_OPTIONS = {"true": N_("Yes"), "false": N_("No"), UNANSWERED: N_("Not recorded")}
FINDING_OPTIONS = {"ok": N_("OK"), "concern": N_("Concern"), UNANSWERED: N_("Not checked")}
# The twin of TYPED_TIME in static/js/report-model.js: "19:05", "19.05", "9:05" or "1905".
TYPED_TIME = re.compile(r"^(?:(\d{1,2})[:.]|(\d{2}))(\d{2})$", re.ASCII)
TIME_MISSING = {
    "arrived_at": N_("Enter the time you arrived at the counter, like 21:10"),
    "departed_at": N_("Enter the time you left, like 22:05"),
    "admitted_at": N_(
        "Enter the time you were let in, like 21:12, or say the visit was not completed"
    ),
}
TIME_UNREADABLE = {
    "arrived_at": N_(
        "Time you arrived at the counter must be a real time on the 24-hour clock, like 21:10"
    ),
    "departed_at": N_("Time you left must be a real time on the 24-hour clock, like 22:05"),
    "admitted_at": N_("Time you were let in must be a real time on the 24-hour clock, like 21:12"),
}


def form_values(body: dict) -> dict:
    """The report's current values as form fields: {path: "text"} ({path: [..]} for lists)."""
    arrived = _local(body["arrived_at"])
    values = {f"visit_date.{part}": str(getattr(arrived, part)) for part in DATE_PARTS}
    for key in TIMES:
        moment = _local(body[key])
        values[key] = moment.strftime("%H:%M") if moment else ""
    for key in DELAY_FIELDS:
        values[f"delay.{key}"] = _text((body["delay"] or {}).get(key))
    values["visitor_ids"] = [str(uid) for uid in body["visitor_ids"]]
    values["trainee_ids"] = [str(uid) for uid in body["trainee_ids"]]
    values["visit_mode"] = body["visit_mode"] or ""
    values["rating"] = body["rating"] or ""
    values["not_completed"] = "true" if body["not_completed_reason"] else ""
    values["not_completed_reason"] = body["not_completed_reason"]
    values["follow_up_needed"] = "true" if body["follow_up_needed"] else ""
    for key in (*TEXTS, *NUMBERS):
        values[key] = _text(body[key])
    for code, item in body["conditions"].items():
        values[f"conditions.{code}.rating"] = item["rating"]
        values[f"conditions.{code}.note"] = item["note"]
    values["rows"] = str(len(body["detainees"]))
    values["format_version"] = str(body["format_version"])
    for index, row in enumerate(body["detainees"]):
        values.update(_row_values(index, row))
        if body["format_version"] >= 2:
            values.update(_person_values(f"detainees.{index}.", row))
    return values


def _person_values(p: str, row: dict) -> dict:
    """Format 2's fields of a row as form fields (report_format.PERSON_FIELDS)."""
    values = {}
    for field in PERSON_FIELDS:
        name, value = field["name"], row[field["name"]]
        if field["kind"] == "flag":
            values[p + name] = UNANSWERED if value is None else str(value).lower()
        elif field["kind"] == "findings":
            for code in field["codes"]:
                values[f"{p}{name}.{code}"] = value.get(code, UNANSWERED)
        else:
            values[p + name] = value or ""
    return values


def _row_values(index: int, row: dict) -> dict:
    p = f"detainees.{index}."
    values = {p + "source": str(index), p + "outcome": row["outcome"]}
    values[p + "unavailable_reason"] = row["unavailable_reason"] or ""
    for key in ("custody_number", "unavailable_other", *INTERVIEW_TEXTS):
        values[p + key] = row[key]
    for key in ("raised_with_staff", "follow_up"):
        values[p + key] = "true" if row[key] else ""
    for code in CHECK_CODES:
        values[f"{p}checks.{code}"] = row["checks"].get(code, "not_asked")
    return values


def submitted_values(form) -> dict:
    """What was typed, in the shape form_values gives (so a re-shown form keeps it all)."""
    values = {key: form.get(key, "") for key in form}
    values["visitor_ids"] = form.getlist("visitor_ids")
    values["trainee_ids"] = form.getlist("trainee_ids")
    return values


def row_indexes(values: dict) -> list[int]:
    """The rows on the form, in order, leaving out any marked for removal."""
    count = _whole(values.get("rows")) or 0
    return [i for i in range(min(count, 500)) if not values.get(f"detainees.{i}.remove")]


def with_rows_added(values: dict, how_many) -> dict:
    """The form again with removed rows gone and `how_many` blank rows at the end."""
    kept = row_indexes(values)
    rows = [_row_fields(values, old) for old in kept]
    adding = max(0, min(_whole(how_many) or 0, MAX_ROWS_ADDED))
    rows += [{"source": ""}] * adding
    result = {k: val for k, val in values.items() if not k.startswith("detainees.")}
    result["rows"] = str(len(rows))
    for index, row in enumerate(rows):
        result.update({f"detainees.{index}.{key}": val for key, val in row.items()})
    return result


def _row_fields(values: dict, index: int) -> dict:
    prefix = f"detainees.{index}."
    return {k[len(prefix) :]: val for k, val in values.items() if k.startswith(prefix)}


def read_form(values: dict, current: dict, *, custody_numbers: bool) -> tuple[dict, dict]:
    """The corrected body and the errors only the form can have (a missing date or time).

    `current` is the report as it reads now: the suite and scheduled visit are kept, and
    when the user may not see custody numbers each kept row keeps its number unseen.
    """
    errors: dict[str, list[str]] = {}
    day = _read_date(values, errors)
    arrived = _moment(day, values.get("arrived_at"))
    admitted = _after(arrived, _moment(day, values.get("admitted_at")))
    departed = _after(arrived, _moment(day, values.get("departed_at")))
    not_completed = bool(values.get("not_completed"))
    if day:
        _time_errors(values, not_completed, errors)
    body = {
        "format_version": current["format_version"],
        "suite_id": current["suite_id"],
        "scheduled_visit_id": current["scheduled_visit_id"],
        "visitor_ids": _ids(values.get("visitor_ids")),
        "trainee_ids": _ids(values.get("trainee_ids")),
        "visit_mode": values.get("visit_mode") or None,
        "arrived_at": iso(arrived),
        "admitted_at": iso(admitted),
        "departed_at": iso(departed),
        "delay": {key: values.get(f"delay.{key}", "") for key in DELAY_FIELDS},
        "not_completed_reason": values.get("not_completed_reason", "") if not_completed else "",
        "rating": values.get("rating") or None,
        "follow_up_needed": bool(values.get("follow_up_needed")),
        "conditions": {
            code: {
                "rating": values.get(f"conditions.{code}.rating") or "not_checked",
                "note": values.get(f"conditions.{code}.note", ""),
            }
            for code in v.SUITE_CONDITIONS
        },
    }
    body["delay"]["minutes"] = _number(body["delay"]["minutes"])
    for key in NUMBERS:
        body[key] = _number(values.get(key, ""))
    for key in TEXTS:
        body[key] = values.get(key, "")
    if not body["follow_up_needed"]:
        body["follow_up_note"] = ""
    old_rows = current["detainees"]
    body["detainees"] = [
        _read_row(_row_fields(values, index), old_rows, custody_numbers)
        for index in row_indexes(values)
    ]
    if body["format_version"] >= 2:
        for index, row in zip(row_indexes(values), body["detainees"], strict=True):
            row.update(_read_person(_row_fields(values, index)))
    return body, errors


def person_details_open(p: str, source: str, values: dict, errors: dict) -> bool:
    """Whether a person's format-2 fields start open: something recorded, or an error there.
    `p` is the row's path on the page, `source` its prefix among the values."""
    names = tuple(field["name"] for field in PERSON_FIELDS)
    if any(path.startswith(p) and path[len(p) :].startswith(names) for path in errors):
        return True
    return any(
        value not in ("", UNANSWERED)
        for key, value in values.items()
        if key.startswith(source) and key[len(source) :].startswith(names)
    )


def _read_person(row: dict) -> dict:
    """Format 2's fields as typed; "Not recorded" is null, as the phone sends it."""
    person = {}
    for field in PERSON_FIELDS:
        name, typed = field["name"], row.get(field["name"], "")
        if field["kind"] == "flag":
            person[name] = {"true": True, "false": False}.get(typed)
        elif field["kind"] == "findings":
            answers = {code: row.get(f"{name}.{code}", UNANSWERED) for code in field["codes"]}
            person[name] = {code: a for code, a in answers.items() if a != UNANSWERED}
        elif field["kind"] == "code":
            person[name] = typed or None
        else:
            person[name] = typed
    return person


def _read_row(row: dict, old_rows: list, custody_numbers: bool) -> dict:
    """Only the fields that apply to the outcome, as the phone sends them."""
    outcome = row.get("outcome") or None
    clean = {"custody_number": row.get("custody_number", ""), "outcome": outcome}
    if not custody_numbers:  # kept as stored: this user never sees (or sets) the numbers
        source = _whole(row.get("source"))
        known = source is not None and source < len(old_rows)
        clean["custody_number"] = old_rows[source]["custody_number"] if known else ""
    if outcome == "unavailable":
        clean["unavailable_reason"] = row.get("unavailable_reason") or None
        if clean["unavailable_reason"] == "other":
            clean["unavailable_other"] = row.get("unavailable_other", "")
    if outcome == "interviewed":
        clean["checks"] = {code: row.get(f"checks.{code}") or "not_asked" for code in CHECK_CODES}
        clean.update({key: row.get(key, "") for key in INTERVIEW_TEXTS})
        clean["raised_with_staff"] = bool(row.get("raised_with_staff"))
    clean["follow_up"] = bool(row.get("follow_up"))
    return clean


# --- small readers ----------------------------------------------------------------------


def _read_date(values: dict, errors: dict) -> date | None:
    parts = [str(values.get(f"visit_date.{part}", "")).strip() for part in DATE_PARTS]
    if not all(parts):
        errors["visit_date"] = [gettext("Enter the date of the visit, like 1 6 2019")]
        return None
    try:
        day, month, year = (int(part) for part in parts)
        found = date(year, month, day)
    except ValueError:
        found = None
    if found is None or found.year < 2000:
        errors["visit_date"] = [gettext("Date of the visit must be a real date, like 1 6 2019")]
        return None
    return found


def typed_time(typed) -> str | None:
    """ "19:05" for a time typed as TYPED_TIME allows; None for anything else ("7pm")."""
    match = TYPED_TIME.match(str(typed or "").strip())
    if match is None:
        return None
    hour, minute = int(match[1] or match[2]), int(match[3])
    return f"{hour:02}:{minute:02}" if hour <= 23 and minute <= 59 else None


def _time_errors(values: dict, not_completed: bool, errors: dict) -> None:
    """A time left empty (admitted_at may be, when not completed) or unreadable."""
    for key in TIME_MISSING:
        typed = str(values.get(key) or "").strip()
        if typed and typed_time(typed) is None:
            errors[key] = [gettext(TIME_UNREADABLE[key])]
        elif not typed and not (key == "admitted_at" and not_completed):
            errors[key] = [gettext(TIME_MISSING[key])]


def _moment(day: date | None, typed) -> datetime | None:
    hhmm = typed_time(typed)
    if day is None or hhmm is None:
        return None
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SCHEME_TIME_ZONE)


def _after(arrived: datetime | None, moment: datetime | None) -> datetime | None:
    if arrived and moment and arrived - moment > timedelta(hours=12):
        following = moment.date() + timedelta(days=1)
        return datetime.combine(following, moment.time(), tzinfo=SCHEME_TIME_ZONE)
    return moment


def _local(text: str | None) -> datetime | None:
    moment = parse_moment(text)
    return moment and local(moment)


def _ids(values) -> list:
    return [int(item) if str(item).isdigit() else item for item in values or []]


def _whole(text) -> int | None:
    text = str(text or "").strip()
    return int(text) if text.isdigit() else None


def _number(text):
    """A whole number, None when empty, or the text as typed (validation says what is wrong)."""
    text = str(text if text is not None else "").strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"-?\d+", text) else text


def _text(value) -> str:
    return "" if value is None else str(value)


# --- errors against fields --------------------------------------------------------------

PAGE_ORDER = (
    "reason", "scheduled_visit_id", "visitor_ids", "trainee_ids", "visit_mode", "visit_date",
    "arrived_at", "admitted_at", "delay.", "departed_at", "not_completed_reason",
    "detainees_in_custody", "juveniles", "vulnerable_adults", "detainees", "conditions.",
    "raised_with_sergeant", "sergeant_response", "rating", "positive_findings",
    "follow_up_needed", "follow_up_note",
)  # fmt: skip


def field_path(path: str) -> str:
    """The form field an error belongs to: "visitor_ids.1" is the visitors' checkboxes."""
    if not path:
        return "reason"  # "This amendment changes nothing": said next to the reason
    head = path.split(".", 1)[0]
    return head if head in ("visitor_ids", "trainee_ids", "format_version") else path


def field_id(path: str) -> str:
    return "f-" + path.replace(".", "-")


def page_order(errors: dict) -> list[str]:
    def position(path: str) -> tuple:
        for index, start in enumerate(PAGE_ORDER):
            if path == start or (start.endswith(".") and path.startswith(start)):
                return (index, _row_number(path), path)
            if start == "detainees" and path.startswith("detainees."):
                return (index, _row_number(path), path)
        return (len(PAGE_ORDER), 0, path)

    return sorted(errors, key=position)


def _row_number(path: str) -> int:
    parts = path.split(".")
    return int(parts[1]) if len(parts) > 1 and parts[1].isdigit() else -1
