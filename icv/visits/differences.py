"""What an amendment changed, in words: "Time you left: 22:05 → 22:35".

Compares the whole report before and after (both canonical bodies) and names each changed
field with its old and new value as people read them: labels for codes, UK times, names
for visitors. Custody numbers are shown only to people who may see them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext

from icv.dates import day_and_time
from icv.language import N_
from icv.visits import vocabulary as v
from icv.visits.report_format import PERSON_FIELDS

HIDDEN = N_("(custody number not shown)")
NOTHING = "–"
RATINGS = {"satisfactory": N_("Satisfactory"), "unsatisfactory": N_("Not satisfactory")}
CHECK_LABELS = {
    code: label for group in v.INTERVIEW_CHECKS.values() for code, label in group.items()
}
LABELS = {
    "suite_id": N_("Custody suite"),
    "scheduled_visit_id": N_("Scheduled visit"),
    "visitor_ids": N_("Visitors"),
    "trainee_ids": N_("Trainees"),
    "visit_mode": N_("How the visit was made"),
    "arrived_at": N_("Time arrived at the counter"),
    "admitted_at": N_("Time let in"),
    "departed_at": N_("Time left"),
    "delay.minutes": N_("Delay at the door (minutes)"),
    "delay.reason": N_("Reason for the delay"),
    "delay.authorised_by_rank": N_("Rank of the officer who authorised the delay"),
    "not_completed_reason": N_("Why the visit was not completed"),
    "detainees_in_custody": N_("People in custody"),
    "juveniles": N_("Juveniles"),
    "vulnerable_adults": N_("Vulnerable adults"),
    "raised_with_sergeant": N_("Matters raised with the custody sergeant"),
    "sergeant_response": N_("The sergeant’s response"),
    "rating": N_("Overall rating"),
    "positive_findings": N_("Positive findings"),
    "follow_up_needed": N_("Follow-up needed"),
    "follow_up_note": N_("What needs following up"),
}
# A person's field, as "Person 2: outcome" (written out whole, so each has its own Welsh);
# format 2's fields are named by their label, in lower case.
ROW_LABELS = {
    "custody_number": N_("{person}: custody number"),
    "outcome": N_("{person}: outcome"),
    "unavailable_reason": N_("{person}: reason unavailable"),
    "unavailable_other": N_("{person}: reason described"),
    "allegation": N_("{person}: allegation about treatment"),
    "issues_raised": N_("{person}: issues raised"),
    "action_taken": N_("{person}: action taken"),
    "raised_with_staff": N_("{person}: raised with custody staff"),
    "follow_up": N_("{person}: needs follow-up"),
} | {field["name"]: field["label"] for field in PERSON_FIELDS}
CODES = {
    "visit_mode": v.VISIT_MODES,
    "rating": RATINGS,
    "outcome": v.OUTCOMES,
    "unavailable_reason": v.UNAVAILABLE_REASONS,
} | {field["name"]: field["codes"] for field in PERSON_FIELDS if field["kind"] == "code"}
FINDINGS = next(field for field in PERSON_FIELDS if field["kind"] == "findings")


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


def differences(before: dict, after: dict, *, names: dict, custody_numbers: bool) -> list[Change]:
    """Every changed field, in the order of the form. `names` maps user ids to names."""
    changes = []
    for key, label in LABELS.items():
        old, new = _get(before, key), _get(after, key)
        if old != new:
            changes.append(Change(gettext(label), _shown(key, old, names), _shown(key, new, names)))
    changes += _row_changes(before["detainees"], after["detainees"], custody_numbers)
    ratings = v.translated(v.CONDITION_RATINGS)
    for code, label in v.translated(v.SUITE_CONDITIONS).items():
        old, new = before["conditions"].get(code, {}), after["conditions"].get(code, {})
        name = label.split(" (")[0]
        if old.get("rating") != new.get("rating"):
            rating_before = ratings.get(old.get("rating"), NOTHING)
            rating_after = ratings.get(new.get("rating"), NOTHING)
            changes.append(
                Change(gettext("%(name)s: rating", name=name), rating_before, rating_after)
            )
        if old.get("note", "") != new.get("note", ""):
            before_note, after_note = old.get("note") or NOTHING, new.get("note") or NOTHING
            changes.append(Change(gettext("%(name)s: note", name=name), before_note, after_note))
    return changes


def _row_changes(before: list, after: list, custody_numbers: bool) -> list[Change]:
    changes = []
    for index in range(max(len(before), len(after))):
        person = gettext("Person %(number)s", number=index + 1)
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        if old is None or new is None:
            changes.append(Change(person, _row_summary(old), _row_summary(new)))
            continue
        for key, label in ROW_LABELS.items():
            if old.get(key) != new.get(key):
                shown = _row_value if key != "custody_number" or custody_numbers else _hidden
                field = _row_label(label, person)
                changes.append(Change(field, shown(key, old.get(key)), shown(key, new.get(key))))
        answers = v.translated(v.CHECK_ANSWERS)
        for code, label in CHECK_LABELS.items():
            was, now = old.get("checks", {}).get(code), new.get("checks", {}).get(code)
            if was != now:
                answer_before = answers.get(was, NOTHING)
                answer_after = answers.get(now, NOTHING)
                field = f"{person}: {gettext(label).lower()}"
                changes.append(Change(field, answer_before, answer_after))
    return changes


def _row_label(label: str, person: str) -> str:
    if label.startswith("{person}"):
        return gettext(label).format(person=person)
    return f"{person}: {gettext(label).lower()}"


def person_answers(row) -> list[tuple[str, str]]:
    """Format 2's answers recorded for a person (a stored row), as (label, value) to show."""
    answers = []
    for field in PERSON_FIELDS:
        value = getattr(row, field["name"])
        if value is not None and value != "" and value != {}:
            answers.append((gettext(field["label"]), _row_value(field["name"], value)))
    return answers


def _row_summary(row: dict | None) -> str:
    """A whole row added or removed, in a few words (never its custody number)."""
    if row is None:
        return gettext("Not on the report")
    outcome = v.translated(v.OUTCOMES).get(row["outcome"], row["outcome"])
    reason = v.translated(v.UNAVAILABLE_REASONS).get(row.get("unavailable_reason") or "", "")
    return f"{outcome}: {reason.lower()}" if reason else outcome


def _get(body: dict, key: str):
    if key.startswith("delay."):
        return (body.get("delay") or {}).get(key.split(".", 1)[1])
    return body.get(key)


def _shown(key: str, value, names: dict) -> str:
    if value is None or value == "" or value == []:
        return NOTHING
    if key in ("visitor_ids", "trainee_ids"):
        return ", ".join(names.get(uid, gettext("Volunteer %(id)s", id=uid)) for uid in value)
    if key.endswith("_at"):
        return day_and_time(datetime.fromisoformat(value))
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    return _code_label(key, value)


def _code_label(key: str, value) -> str:
    label = CODES.get(key, {}).get(value)
    return gettext(label) if label else str(value)


def _row_value(key: str, value) -> str:
    if value is None or value == "" or value == {}:
        return NOTHING
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, dict):  # custody record findings: "Risk assessment done: OK, ..."
        codes, answers = v.translated(FINDINGS["codes"]), v.translated(FINDINGS["answers"])
        return ", ".join(  # in the order of the list, not of the stored JSON
            f"{label}: {answers.get(value[code], value[code])}"
            for code, label in codes.items()
            if code in value
        )
    return _code_label(key, value)


def _hidden(key: str, value) -> str:
    return gettext(HIDDEN) if value else NOTHING
