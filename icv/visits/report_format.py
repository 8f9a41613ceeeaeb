"""The visit report's shape and rules, declared once for every format the server accepts.

Validation (icv.visits.validation) reads this module, the phone gets it as `rules` in the
reference data (`machine_rules()`), and the OpenAPI schema (icv.sync.openapi), the correction
page and the amendment wording are made from it. Codes and labels live in
icv.visits.vocabulary; this module says which field takes which, the limits, and the rules
between fields with their messages.

Format 1 is the report as sent since the first release; format 2 is all of format 1 plus
the per-person fields in PERSON_FIELDS (issue 15). Every format-2 field may be left out or
null: "not recorded". A report says its format in `format_version` (left out: 1), and a
format-1 report queued on a phone for weeks is accepted as it is.
"""

from __future__ import annotations

from flask_babel import gettext

from icv.language import N_
from icv.visits import vocabulary as v

FORMAT_VERSIONS = (1, 2)
FORMAT_VERSION = FORMAT_VERSIONS[-1]  # what a phone sends from now on
DEFAULT_FORMAT_VERSION = 1  # a report that leaves format_version out is format 1
UNKNOWN_FORMAT = N_("Report formats 1 and 2 are the only ones accepted")

LIMITS = {"custody_number": 30, "short_text": 100, "reason": 500, "text": 4000}
LIMITS |= {"detainees": 500, "delay_minutes": 1440, "visit_hours": 24}
LIMITS |= {"language": 50, "short_note": 200}
# fmt: off
TOP_FIELDS = {
    "format_version", "suite_id", "scheduled_visit_id", "visitor_ids", "trainee_ids",
    "visit_mode", "arrived_at", "admitted_at", "departed_at", "delay", "not_completed_reason",
    "detainees_in_custody", "juveniles", "vulnerable_adults", "detainees", "conditions",
    "raised_with_sergeant", "sergeant_response", "rating", "positive_findings",
    "follow_up_needed", "follow_up_note",
}
ROW_FIELDS = {
    "custody_number", "outcome", "unavailable_reason", "unavailable_other", "checks",
    "allegation", "issues_raised", "action_taken", "raised_with_staff", "follow_up",
}
INTERVIEW_ONLY = ("allegation", "issues_raised", "action_taken")
LONG_TEXTS = (
    "not_completed_reason", "raised_with_sergeant", "sergeant_response", "positive_findings",
    "follow_up_note", *INTERVIEW_ONLY,
)
# fmt: on
RATINGS = {"satisfactory": N_("Satisfactory"), "unsatisfactory": N_("Not satisfactory")}
# Signing in at the counter takes a moment: being let in up to this many minutes after
# arriving is not a delay at the door, so it needs no delay details (docs/visit-report-contract.md).
DELAY_GRACE_MINUTES = 5
DEFAULT_VISIT_MODE = "in_person"  # when a report leaves visit_mode out
MINIMUM_VISITORS = 2


def _when(field: str, *values) -> dict:
    """A condition on another field of the same person: its value is one of `values`."""
    return {"field": field, "in": list(values)}


NEEDED_INTERPRETER = _when("interpreter", "needed_provided", "needed_not_provided")
EXAMINED = _when("custody_record_examined", True)
# Someone interviewed was offered a visit; so was someone who declined one.
OFFERED_OUTCOMES = _when("outcome", "interviewed", "declined")


def _noted(flag: str, what: str, note_label: str, note_message: str, only_yes: str) -> tuple:
    """A yes/no/not recorded question with a short note required when the answer is yes.
    Each text is written out (not built from `what`), so each has its own Welsh."""
    question = {"name": flag, "kind": "flag", "label": what, "rules": []}
    note = {
        "name": f"{flag}_note",
        "kind": "text",
        "limit": "short_note",
        "label": note_label,
        "rules": [
            {"check": "required", "when": _when(flag, True), "message": note_message},
            {"check": "only_when", "when": _when(flag, True), "message": only_yes},
        ],
    }
    return question, note


HELD_UNDER_TACT = _when("held_under_tact", True)
NOT_TACT = N_(
    "Only answer the TACT questions about someone held under the Terrorism Act: "
    "{person} is not marked as held under TACT"
)
RECORDINGS_REVIEWED = _when("tact_recordings_reviewed", True)


def _about_tact(*fields: dict) -> list[dict]:
    """TACT questions (the Code of Practice's TACT paragraphs): asked only about someone held
    under TACT, so each is refused for anyone else. A note's own rule already needs its
    question answered yes, which needs the person held under TACT. The gate comes last: the
    phone asks a question where its first "only_when" holds."""
    gate = {"check": "only_when", "when": HELD_UNDER_TACT, "message": NOT_TACT}
    return [
        field if field["name"].endswith("_note") else {**field, "rules": [*field["rules"], gate]}
        for field in fields
    ]


TACT_FIELDS = _about_tact(
    {"name": "tact_access", "kind": "code", "label": N_("Access to the person"), "codes": v.TACT_ACCESS,  # noqa: E501
     "rules": [], "invalid": N_("Choose given when asked or delayed for access to {person}")},
    {"name": "tact_access_note", "kind": "text", "limit": "reason",
     "label": N_("Why access was delayed, for how long and who decided"), "rules": [
        {"check": "required", "when": _when("tact_access", "delayed"),
         "message": N_("Say why access to {person} was delayed, for how long and who decided")},
        {"check": "only_when", "when": _when("tact_access", "delayed"),
         "message": N_("Only say why access was delayed when access to {person} was delayed")},
    ]},
    {"name": "tact_staff_presence", "kind": "code",
     "label": N_("Could staff see or hear the conversation"), "codes": v.TACT_STAFF_PRESENCE,
     "rules": [], "invalid": N_("Choose whether staff could see or hear your conversation with "
                             "{person}")},
    {"name": "tact_recordings_reviewed", "kind": "flag",
     "label": N_("Interview recordings viewed or listened to"), "rules": []},
    {"name": "tact_recordings_note", "kind": "text", "limit": "reason",
     "label": N_("Which interview recordings, and the number of them"), "rules": [
        {"check": "required", "when": RECORDINGS_REVIEWED,
         "message": N_("Say which of {person}'s interview recordings you viewed or listened to, "
                    "and how many")},
        {"check": "only_when", "when": RECORDINGS_REVIEWED,
         "message": N_("Only say which recordings when you viewed or listened to {person}'s")},
    ]},
    *[{**field, "rules": [{"check": "only_when", "when": RECORDINGS_REVIEWED,
                           "message": N_("Only record a concern about the recordings when you "
                                      "viewed or listened to {person}'s")}, *field["rules"]]}
      if field["kind"] == "flag" else field
      for field in _noted("tact_recordings_concern", N_("Concern about the interview recordings"),
                          N_("Note about: concern about the interview recordings"),
                          N_("Describe the concern about {person}'s interview recordings"),
                          N_("Only add this note when the answer is yes for {person}: Concern about the interview recordings"))],  # noqa: E501
    *_noted("tact_welfare_concern", N_("Concern about health, welfare or treatment"),
            N_("Note about: concern about health, welfare or treatment"),
            N_("Describe the concern about {person}'s health, welfare or treatment"),
            N_("Only add this note when the answer is yes for {person}: Concern about health, welfare or treatment")),  # noqa: E501
)  # fmt: skip


def has_tact_detainee(report: dict) -> bool:
    """Whether a report (as sent or as validated) has someone held under the Terrorism Act:
    it then needs TACT-trained visitors and goes to the Independent Reviewer. In SQL:
    icv.visits.tact.report_has_tact_detainee(); of stored rows,
    icv.visits.tact.stored_report_has_tact_detainee."""
    people = report.get("detainees")
    return isinstance(people, list) and any(
        isinstance(person, dict) and person.get("held_under_tact") is True for person in people
    )


# Format 2's fields for each person, in the order of the form. Each has a kind:
#   "code"     one of `codes`, or null (not recorded)
#   "flag"     true, false or null (not recorded)
#   "text"     text up to LIMITS[limit] characters; "" when not given
#   "findings" an object of code (from `codes`) -> answer (from `answers`); {} when none
# and `rules` between fields, each with its message ({person} is "person 3"):
#   "required"  the field must be given when `when` holds
#   "only_when" the field must be empty unless `when` holds
#   "equals"    when `when` holds, the field must be `value`; with "fill", an empty field
#               is set to `value` instead of refused
# `when` is {"field": a field of the same person, "in": [values]} or, for findings,
# {"field": ..., "contains": answer}. Empty means null, "" or {}.
PERSON_FIELDS = (
    {"name": "sex", "kind": "code", "label": N_("Sex"), "codes": v.SEXES, "rules": [],
     "invalid": N_("Choose female, male, other or not recorded for {person}'s sex")},
    {"name": "age_band", "kind": "code", "label": N_("Age"), "codes": v.AGE_BANDS, "rules": [],
     "invalid": N_("Choose under 16, 16 or 17, adult or not recorded for {person}'s age")},
    {"name": "offered_visit", "kind": "flag", "label": N_("Offered a visit"), "rules": [
        {"check": "equals", "value": True, "fill": True, "when": OFFERED_OUTCOMES,
         "message": N_("Someone interviewed or who declined a visit was offered one: "
                    "answer yes for whether {person} was offered a visit")},
    ]},
    {"name": "appropriate_adult", "kind": "code", "label": N_("Appropriate adult"),
     "codes": v.APPROPRIATE_ADULT, "rules": [],
     "invalid": N_("Choose not needed, needed and present, needed but not present or not known "
                "for {person}'s appropriate adult")},
    {"name": "interpreter", "kind": "code", "label": N_("Interpreter"), "codes": v.INTERPRETER,
     "rules": [],
     "invalid": N_("Choose not needed, needed and provided, needed but not provided or not known "
                "for {person}'s interpreter")},
    {"name": "language", "kind": "text", "limit": "language",
     "label": N_("Language an interpreter was needed for"), "rules": [
        {"check": "required", "when": NEEDED_INTERPRETER,
         "message": N_("Enter the language {person} needed an interpreter for, like Polish")},
        {"check": "only_when", "when": NEEDED_INTERPRETER,
         "message": N_("Only give a language when {person} needed an interpreter")},
    ]},
    {"name": "mental_health_concern", "kind": "flag",
     "label": N_("Mental health or neurodiversity concern"), "rules": []},
    *_noted("strip_searched", N_("Strip-searched"),
            N_("Note about: strip-searched"),
            N_("Describe {person}'s strip search in a few words, like who authorised it"),
            N_("Only add this note when the answer is yes for {person}: Strip-searched")),
    *_noted("safety_clothing", N_("In safety (anti-rip) clothing"),
            N_("Note about: in safety (anti-rip) clothing"),
            N_("Say in a few words why {person} was in safety clothing, if known"),
            N_("Only add this note when the answer is yes for {person}: In safety (anti-rip) clothing")),  # noqa: E501
    *_noted("force_reported", N_("Use of force or restraint reported or seen"),
            N_("Note about: use of force or restraint reported or seen"),
            N_("Describe the force or restraint reported for {person} in a few words"),
            N_("Only add this note when the answer is yes for {person}: Use of force or restraint reported or seen")),  # noqa: E501
    # Held under the Terrorism Act 2000 s.41: the report then goes to the Independent
    # Reviewer of Terrorism Legislation too (Police Reform Act 2002 s.51(1A)).
    {"name": "held_under_tact", "kind": "flag", "label": N_("Held under the Terrorism Act (TACT)"),
     "rules": []},
    *TACT_FIELDS,
    {"name": "custody_record_examined", "kind": "flag", "label": N_("Custody record examined"),
     "rules": []},
    {"name": "custody_record_consent", "kind": "flag",
     "label": N_("Consented to their custody record being examined"), "rules": [
        {"check": "equals", "value": True, "when": EXAMINED,
         "message": N_("A custody record may be examined only with the person's consent: "
                    "confirm {person} consented, or do not record the record as examined")},
    ]},
    {"name": "custody_record_findings", "kind": "findings", "label": N_("Custody record findings"),
     "codes": v.CUSTODY_RECORD_FINDINGS, "answers": v.FINDING_ANSWERS, "rules": [
        {"check": "only_when", "when": EXAMINED,
         "message": N_("Only record custody record findings when you examined "
                    "{person}'s custody record")},
    ],
     "invalid": N_("Give {person}'s custody record findings as an object of check: ok or concern"),
     "unknown_code": N_("Unknown custody record check '{code}'"),
     "invalid_answer": N_("Answer ok or concern for '{label}' in {person}'s custody record")},
    {"name": "custody_record_note", "kind": "text", "limit": "reason",
     "label": N_("Note about the custody record"), "rules": [
        {"check": "required", "when": {"field": "custody_record_findings", "contains": "concern"},
         "message": N_("Say what concerned you in {person}'s custody record")},
        {"check": "only_when", "when": EXAMINED,
         "message": N_("Only add a custody record note when you examined {person}'s custody record")},  # noqa: E501
    ]},
)  # fmt: skip
PERSON_FIELD_NAMES = tuple(field["name"] for field in PERSON_FIELDS)
# Asked about everyone on the phone's person card; the others only of someone interviewed.
ASKED_OF_EVERYONE = ("sex", "age_band", "offered_visit")
# At a TACT-designated suite, also asked about everyone: someone held under TACT who declined
# or was unavailable is still reported on (and counted in tact_detainees).
ASKED_OF_EVERYONE_AT_TACT_SUITES = ("held_under_tact",)
# Messages for a value of the wrong kind, by kind ("code" fields say their own: "invalid").
KIND_MESSAGES = {
    "flag": N_("Answer true, false or null: {label} ({person})"),
    "text": N_("Enter text here"),
}
ROW_FIELDS_BY_FORMAT = {1: ROW_FIELDS, 2: ROW_FIELDS | set(PERSON_FIELD_NAMES)}

TEXT_LIMITS = (
    dict.fromkeys(LONG_TEXTS, "text")
    | {
        "custody_number": "custody_number",
        "unavailable_other": "reason",
        "reason": "reason",
        "note": "reason",
        "authorised_by_rank": "short_text",
    }
    | {field["name"]: field["limit"] for field in PERSON_FIELDS if field["kind"] == "text"}
)
# Kinds of text that may hold tabs and line breaks (icv.text); the others are one line.
MULTILINE_TEXTS = {"text", "reason", "short_note"}


def empty_person_fields() -> dict:
    """Format 2's fields of a person with nothing recorded, as validation fills them in."""
    empty = {"code": None, "flag": None, "text": "", "findings": {}}
    return {field["name"]: empty[field["kind"]] for field in PERSON_FIELDS}


def is_empty(value) -> bool:
    return value is None or value == "" or value == {}


def holds(condition: dict, person: dict) -> bool:
    """Whether a rule's `when` holds for a person's clean values."""
    value = person.get(condition["field"])
    if "contains" in condition:
        return isinstance(value, dict) and condition["contains"] in value.values()
    return value in condition["in"]


def machine_rules() -> dict:
    """The shape and rules as data, for the phone to check the same things offline."""
    return {
        "format_version": FORMAT_VERSION,
        "format_versions": list(FORMAT_VERSIONS),
        "default_format_version": DEFAULT_FORMAT_VERSION,
        "unknown_format_message": gettext(UNKNOWN_FORMAT),
        "limits": LIMITS,
        "text_limits": {key: LIMITS[kind] for key, kind in TEXT_LIMITS.items()},
        "multiline_texts": sorted(key for key, kind in TEXT_LIMITS.items()
                                  if kind in MULTILINE_TEXTS),
        "fields": sorted(TOP_FIELDS),
        "detainee_fields": sorted(ROW_FIELDS),
        "detainee_fields_by_format": {
            str(version): sorted(fields) for version, fields in ROW_FIELDS_BY_FORMAT.items()
        },
        "interview_only_fields": [*INTERVIEW_ONLY, "checks", "raised_with_staff"],
        "person_fields": [_served(field) for field in PERSON_FIELDS],
        "person_fields_asked_of_everyone": list(ASKED_OF_EVERYONE),
        "person_fields_asked_of_everyone_at_tact_suites": list(ASKED_OF_EVERYONE_AT_TACT_SUITES),
        "person_kind_messages": v.translated(KIND_MESSAGES),
        "ratings": v.translated(RATINGS),
        "minimum_visitors": MINIMUM_VISITORS,
        "delay_grace_minutes": DELAY_GRACE_MINUTES,
        "default_visit_mode": DEFAULT_VISIT_MODE,
    }  # fmt: skip


TRANSLATED_KEYS = ("label", "invalid", "unknown_code", "invalid_answer")


def translated_field(field: dict) -> dict:
    """A field of PERSON_FIELDS with its label, choices and messages in the language being
    written (the page's, or the API request's)."""
    done = {key: gettext(field[key]) for key in TRANSLATED_KEYS if key in field}
    done["rules"] = [{**rule, "message": gettext(rule["message"])} for rule in field["rules"]]
    for key in ("codes", "answers"):
        if key in field:
            done[key] = v.translated(field[key])
    return field | done


def translated_person_fields() -> list[dict]:
    return [translated_field(field) for field in PERSON_FIELDS]


def _served(field: dict) -> dict:
    served = {"format_version": 2, **translated_field(field)}
    if field["kind"] == "text":
        served["max_length"] = LIMITS[field["limit"]]
    return served
