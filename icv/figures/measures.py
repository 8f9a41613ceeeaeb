"""What each figure means, its label, and the rates derived from the counts.

Definitions (used by the page, the exports, the API and the command line alike):

- A visit is *made* when its report exists. Reports count in the period of their arrival time
  (Europe/London date). An amended report is one row holding its latest version, so it is
  counted once, as it now reads.
- *Ad-hoc* visits (a report with no scheduled visit) count as made and are also shown apart.
- *Scheduled* visits are rota visits that were not cancelled: every rota visit with a report
  (whatever its status says), plus published, uncancelled rota visits with no report, counted
  in the period their window starts. Cancelled visits (a closed contingency suite, say) are
  not scheduled. Visits in a draft rota are not scheduled.
- Completion rate = rota visits made / visits scheduled. Ad-hoc visits are left out of it.
- People in custody: the headcount on each report, so a person is counted once per visit in
  which they were in custody. Interviewed + declined + unavailable = in custody (the report
  has one row per person with one outcome; validation guarantees the rows match the count).
- Interview rate = interviewed / in custody.
- Follow-up actions: those raised in the period (duplicates linked into another action are
  left out); answered = the police have responded; overdue = not closed and due before today.
- Volunteers active: different volunteers who made at least one visit in the period. A person
  counts once however many visits, panels or suites, so it does not add up across rows.
"""

from __future__ import annotations

from decimal import Decimal

from babel.numbers import format_decimal, format_percent
from flask_babel import get_locale, gettext

from icv.language import N_
from icv.visits import vocabulary

VISIT_MEASURES = {
    "visits_scheduled": N_("Visits scheduled"),
    "visits_made": N_("Visits made"),
    "visits_rota_made": N_("Rota visits made"),
    "visits_ad_hoc": N_("Ad-hoc visits made (not on the rota)"),
    "visits_missed": N_("Rota visits missed"),
    "visits_cancelled": N_("Rota visits cancelled (not counted as scheduled)"),
    "visits_remote": N_("Visits made remotely"),
    "visits_refused_entry": N_("Visits not completed or access refused"),
    "visits_delayed": N_("Visits delayed at the door"),
    "visits_satisfactory": N_("Visits rated satisfactory"),
    "visits_follow_up": N_("Visits flagging a follow-up"),
}
PEOPLE_MEASURES = {
    "detainees_in_custody": N_("People in custody during visits"),
    "detainees_interviewed": N_("Interviewed"),
    "detainees_declined": N_("Declined a visit"),
    "detainees_unavailable": N_("Unavailable"),
    "juveniles": N_("Juveniles present"),
    "vulnerable_adults": N_("Vulnerable adults present"),
}
REASON_MEASURES = {
    f"unavailable_{code}": label for code, label in vocabulary.UNAVAILABLE_REASONS.items()
}
CONCERN_MEASURES = {f"concern_{code}": label for code, label in vocabulary.SUITE_CONDITIONS.items()}
ISSUE_MEASURES = {
    "allegations": N_("Allegations about treatment"),
    "detainee_follow_ups": N_("People needing a follow-up"),
    "issues_raised_with_staff": N_("People whose issues were raised with staff"),
    **CONCERN_MEASURES,
}
# Follow-up actions (icv.actions) raised in the period: by the day the concern was raised.
ACTION_MEASURES = {
    "actions_opened": N_("Follow-up actions opened"),
    "actions_answered": N_("Follow-up actions answered by the police"),
    "actions_closed": N_("Follow-up actions closed"),
    "actions_overdue": N_("Follow-up actions overdue (not closed by their due date)"),
}
# Format 2's answers about each person (icv.visits.report_format), counted per person row.
# A format-1 report, or an answer left out, records nothing: it adds to no count here, except
# that a sex or age band not given counts as "not recorded", so those two add up to the people
# in custody. The breakdowns' shape is `person_breakdowns`; for publication: icv.figures.people.
PERSON_GROUPS = {"in_custody": "in custody", "offered": "offered a visit",
                 "interviewed": "interviewed"}  # fmt: skip
# Their labels after a code's ("Female: in custody"), whole, for the catalogue.
GROUP_LABELS = {"in_custody": N_("%(label)s: in custody"),
                "offered": N_("%(label)s: offered a visit"),
                "interviewed": N_("%(label)s: interviewed")}  # fmt: skip
BY_CHARACTERISTIC = {"by_sex": ("sex", vocabulary.SEXES),
                     "by_age_band": ("age", vocabulary.AGE_BANDS)}  # fmt: skip
BY_ANSWER = {"appropriate_adult": vocabulary.APPROPRIATE_ADULT,
             "interpreter": vocabulary.INTERPRETER}  # fmt: skip
PERSON_COUNTS = {
    "offered_visit": N_("People offered a visit"),
    "mental_health_concerns": N_("People with a mental health or neurodiversity concern"),
    "strip_searches": N_("People strip-searched"),
    "safety_clothing": N_("People in safety (anti-rip) clothing"),
    "force_reported": N_("People for whom use of force or restraint was reported or seen"),
    "custody_records_examined": N_("Custody records examined (with consent)"),
}
ANSWER_NAMES = {"appropriate_adult": N_("Appropriate adult"), "interpreter": N_("Interpreter")}
# Labels made of two, each translated where shown (measure_label): "Female: in custody" is
# (code's label, group), "Interpreter: Yes" and "Custody record concern: Not signed" (what, which).
GROUPED = {f"{prefix}_{code}_{group}": (label, group)
           for prefix, codes in BY_CHARACTERISTIC.values() for code, label in codes.items()
           for group in PERSON_GROUPS}  # fmt: skip
LABEL_PARTS = {
    **{f"{key}_{code}": (ANSWER_NAMES[key], label)
       for key, codes in BY_ANSWER.items() for code, label in codes.items()},
    **{f"custody_record_concern_{code}": (N_("Custody record concern"), label)
       for code, label in vocabulary.CUSTODY_RECORD_FINDINGS.items()},
}  # fmt: skip
CUSTODY_RECORD_CONCERNS = {
    key: f"{what}: {which}"
    for key, (what, which) in LABEL_PARTS.items() if key.startswith("custody_record_concern_")
}  # fmt: skip
PERSON_MEASURES = {
    **{key: f"{label}: {PERSON_GROUPS[group]}" for key, (label, group) in GROUPED.items()},
    **{key: f"{what}: {which}" for key, (what, which) in LABEL_PARTS.items()
       if key not in CUSTODY_RECORD_CONCERNS},
    **PERSON_COUNTS,
    **CUSTODY_RECORD_CONCERNS,
}  # fmt: skip
# Visits to people held under the Terrorism Act (a report with someone held_under_tact,
# icv.visits.report_format.has_tact_detainee), and those people: counts only, never answers.
TACT_MEASURES = {
    "tact_visits": N_("Visits with someone held under TACT"),
    "tact_detainees": N_("People held under TACT in custody during visits"),
    "tact_interviewed": N_("People held under TACT interviewed"),
}
# Everything that adds up across periods, panels and suites.
ADDITIVE = {
    **VISIT_MEASURES,
    **PEOPLE_MEASURES,
    **REASON_MEASURES,
    **ISSUE_MEASURES,
    **ACTION_MEASURES,
    **PERSON_MEASURES,
    **TACT_MEASURES,
}
RATES = {
    "completion_rate": N_("Completion rate (rota visits made / scheduled)"),
    "interview_rate": N_("Interviewed (of people in custody)"),
}
LABELS = {"volunteers": N_("Volunteers active"), **ADDITIVE, **RATES}  # in English


def measure_label(key: str) -> str:
    """A measure's label in the reader's language (LABELS holds the English ones)."""
    if key in GROUPED:
        label, group = GROUPED[key]
        return gettext(GROUP_LABELS[group], label=gettext(str(label)))
    if key in LABEL_PARTS:
        return ": ".join(gettext(str(part)) for part in LABEL_PARTS[key])
    return gettext(str(LABELS[key]))


def shown_number(value: float, places: int = 0) -> str:
    """A number as people read it, in the page's language (Babel's symbols and grouping),
    rounded as Python rounds it so that every place shows the same digits."""
    pattern = "#,##0" + ("." + "0" * places if places else "")
    locale = get_locale() or "en"
    return format_decimal(Decimal(f"{value:.{places}f}"), format=pattern, locale=locale)


def with_rates(row: dict) -> dict:
    """The row with its rates: fractions from 0 to 1, or None when there is nothing to divide."""
    row["completion_rate"] = ratio(row["visits_rota_made"], row["visits_scheduled"])
    row["interview_rate"] = ratio(row["detainees_interviewed"], row["detainees_in_custody"])
    return row


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def percent(rate: float | None, places: int = 1) -> str:
    """A rate as a percentage, in the page's language (Babel), rounded as Python rounds."""
    if rate is None:
        return "–"
    pattern = "0" + ("." + "0" * places if places else "") + "%"  # no grouping, as before
    exact = Decimal(f"{rate * 100:.{places}f}") / 100  # the digits Python shows, as a fraction
    return format_percent(exact, format=pattern, locale=get_locale() or "en")


def person_breakdowns(row: dict) -> dict:
    """Format 2's figures of a row, exact, in the API's shape: `by_sex` and `by_age_band` as
    {code: {"in_custody": n, "offered": n, "interviewed": n}}, answers and custody-record
    concerns as {code: n}, the rest as counts."""
    shaped = {
        key: {code: {group: row[f"{prefix}_{code}_{group}"] for group in PERSON_GROUPS}
              for code in codes}
        for key, (prefix, codes) in BY_CHARACTERISTIC.items()
    }  # fmt: skip
    shaped |= {key: {code: row[f"{key}_{code}"] for code in codes}
               for key, codes in BY_ANSWER.items()}  # fmt: skip
    shaped |= {key: row[key] for key in PERSON_COUNTS}
    shaped["custody_record_concerns"] = {
        code: row[f"custody_record_concern_{code}"] for code in vocabulary.CUSTODY_RECORD_FINDINGS
    }
    return shaped


def reasons_of(row: dict) -> dict[str, int]:
    return {code: row[f"unavailable_{code}"] for code in vocabulary.UNAVAILABLE_REASONS}
