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

from icv.visits import vocabulary

VISIT_MEASURES = {
    "visits_scheduled": "Visits scheduled",
    "visits_made": "Visits made",
    "visits_rota_made": "Rota visits made",
    "visits_ad_hoc": "Ad-hoc visits made (not on the rota)",
    "visits_missed": "Rota visits missed",
    "visits_cancelled": "Rota visits cancelled (not counted as scheduled)",
    "visits_remote": "Visits made remotely",
    "visits_refused_entry": "Visits not completed or access refused",
    "visits_delayed": "Visits delayed at the door",
    "visits_satisfactory": "Visits rated satisfactory",
    "visits_follow_up": "Visits flagging a follow-up",
}
PEOPLE_MEASURES = {
    "detainees_in_custody": "People in custody during visits",
    "detainees_interviewed": "Interviewed",
    "detainees_declined": "Declined a visit",
    "detainees_unavailable": "Unavailable",
    "juveniles": "Juveniles present",
    "vulnerable_adults": "Vulnerable adults present",
}
REASON_MEASURES = {
    f"unavailable_{code}": label for code, label in vocabulary.UNAVAILABLE_REASONS.items()
}
CONCERN_MEASURES = {f"concern_{code}": label for code, label in vocabulary.SUITE_CONDITIONS.items()}
ISSUE_MEASURES = {
    "allegations": "Allegations about treatment",
    "detainee_follow_ups": "People needing a follow-up",
    "issues_raised_with_staff": "People whose issues were raised with staff",
    **CONCERN_MEASURES,
}
# Follow-up actions (icv.actions) raised in the period: by the day the concern was raised.
ACTION_MEASURES = {
    "actions_opened": "Follow-up actions opened",
    "actions_answered": "Follow-up actions answered by the police",
    "actions_closed": "Follow-up actions closed",
    "actions_overdue": "Follow-up actions overdue (not closed by their due date)",
}
# Format 2's answers about each person (icv.visits.report_format), counted per person row.
# A format-1 report, or an answer left out, records nothing: it adds to no count here, except
# that a sex or age band not given counts as "not recorded", so those two add up to the people
# in custody. The breakdowns' shape is `person_breakdowns`; for publication: icv.figures.people.
PERSON_GROUPS = {"in_custody": "in custody", "offered": "offered a visit",
                 "interviewed": "interviewed"}  # fmt: skip
BY_CHARACTERISTIC = {"by_sex": ("sex", vocabulary.SEXES),
                     "by_age_band": ("age", vocabulary.AGE_BANDS)}  # fmt: skip
BY_ANSWER = {"appropriate_adult": vocabulary.APPROPRIATE_ADULT,
             "interpreter": vocabulary.INTERPRETER}  # fmt: skip
PERSON_COUNTS = {
    "offered_visit": "People offered a visit",
    "mental_health_concerns": "People with a mental health or neurodiversity concern",
    "strip_searches": "People strip-searched",
    "safety_clothing": "People in safety (anti-rip) clothing",
    "force_reported": "People for whom use of force or restraint was reported or seen",
    "custody_records_examined": "Custody records examined (with consent)",
}
CUSTODY_RECORD_CONCERNS = {
    f"custody_record_concern_{code}": f"Custody record concern: {label}"
    for code, label in vocabulary.CUSTODY_RECORD_FINDINGS.items()
}
PERSON_MEASURES = {
    **{f"{prefix}_{code}_{group}": f"{label}: {group_label}"
       for prefix, codes in BY_CHARACTERISTIC.values() for code, label in codes.items()
       for group, group_label in PERSON_GROUPS.items()},
    **{f"{key}_{code}": f"{key.replace('_', ' ').capitalize()}: {label}"
       for key, codes in BY_ANSWER.items() for code, label in codes.items()},
    **PERSON_COUNTS,
    **CUSTODY_RECORD_CONCERNS,
}  # fmt: skip
# Visits to people held under the Terrorism Act (a report with someone held_under_tact,
# icv.visits.report_format.has_tact_detainee), and those people: counts only, never answers.
TACT_MEASURES = {
    "tact_visits": "Visits with someone held under TACT",
    "tact_detainees": "People held under TACT in custody during visits",
    "tact_interviewed": "People held under TACT interviewed",
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
    "completion_rate": "Completion rate (rota visits made / scheduled)",
    "interview_rate": "Interviewed (of people in custody)",
}
LABELS = {"volunteers": "Volunteers active", **ADDITIVE, **RATES}


def with_rates(row: dict) -> dict:
    """The row with its rates: fractions from 0 to 1, or None when there is nothing to divide."""
    row["completion_rate"] = ratio(row["visits_rota_made"], row["visits_scheduled"])
    row["interview_rate"] = ratio(row["detainees_interviewed"], row["detainees_in_custody"])
    return row


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def percent(rate: float | None, places: int = 1) -> str:
    return "–" if rate is None else f"{rate * 100:.{places}f}%"


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
