"""A demo visit report's body, as a phone would send it: people, checklists, suite conditions.

Only general, invented wording; custody numbers only where a follow-up needs one.
"""

from __future__ import annotations

from datetime import timedelta

from icv.dates import iso
from icv.figures.demo_plan import PANDEMIC_FROM, Slot
from icv.visits import vocabulary

CHECK_CODES = [code for group in vocabulary.INTERVIEW_CHECKS.values() for code in group]
OFTEN_MISSING = {"reading_material", "blanket", "washing", "faith_items"}
CONCERNS = {
    "heating": "Cells cold; heating reported as faulty",
    "cell_call_bells": "Call bell in one cell not working",
    "cleanliness": "Two cells needed cleaning",
    "supplies": "Low on blankets and hygiene packs",
    "maintenance": "Toilet out of order in one cell",
    "ventilation": "Cell corridor stuffy",
    "kitchen_and_food_stocks": "Few vegetarian meals left",
}
ISSUES = [
    ("Asked for a blanket", "Sergeant provided one"),
    ("Wanted to know how long they would be held", "Asked the sergeant to update them"),
    ("Asked for a drink", "Drink provided"),
    ("Asked to speak to a solicitor again", "Sergeant contacted the duty solicitor"),
]
ALLEGATIONS = [
    "Said handcuffs were applied too tightly on arrest",
    "Said they were not given their medication on time",
]


def report_body(slot: Slot, visit_id: int, visitors: list, trainees: list, rng) -> dict:
    """The raw body for one made visit; validation's normalise() turns it into the canonical one."""
    arrived = slot.arrived_at
    remote = slot.window_starts_on >= PANDEMIC_FROM
    people = [_person(code, rng) for code in slot.people]
    delay = None
    admitted = arrived
    if not remote and rng.random() < 0.025:
        minutes = rng.randrange(5, 41)
        admitted = arrived + timedelta(minutes=minutes)
        reason = rng.choice(["Disturbance in the cell block", "A detainee being restrained"])
        delay = {"minutes": minutes, "reason": reason, "authorised_by_rank": "Inspector"}
    departed = admitted + timedelta(minutes=35 + 6 * len(people) + rng.randrange(30))
    conditions = {} if remote else _conditions(rng)
    concerns = [code for code, item in conditions.items() if item["rating"] == "concern"]
    allegations = sum(1 for person in people if person.get("allegation"))
    follow_up = bool(concerns or allegations)
    return {
        "suite_id": slot.suite.id,
        "scheduled_visit_id": visit_id,
        "visitor_ids": [visitor.id for visitor in visitors],
        "trainee_ids": [trainee.id for trainee in trainees],
        "visit_mode": "remote" if remote else "in_person",
        "arrived_at": iso(arrived),
        "admitted_at": iso(admitted),
        "departed_at": iso(departed),
        "delay": delay,
        "detainees_in_custody": len(people),
        "juveniles": sum(rng.random() < 0.04 for _ in people),
        "vulnerable_adults": sum(rng.random() < 0.08 for _ in people),
        "detainees": people,
        "conditions": conditions,
        "raised_with_sergeant": "Raised the suite concerns noted above" if concerns else "",
        "sergeant_response": "Sergeant will report them to facilities" if concerns else "",
        "rating": "unsatisfactory" if len(concerns) > 1 or allegations else "satisfactory",
        "positive_findings": "" if rng.random() < 0.7 else "Calm suite; staff helpful",
        "follow_up_needed": follow_up,
        "follow_up_note": "Ask the custody inspector for an update" if follow_up else "",
    }


def _person(code: str, rng) -> dict:
    if code.startswith("unavailable:"):
        reason = code.split(":", 1)[1]
        row = {"outcome": "unavailable", "unavailable_reason": reason}
        if reason == "other":
            row["unavailable_other"] = "Being fingerprinted"
        return row
    if code == "declined":
        return {"outcome": "declined"}
    return _interview(rng)


def _interview(rng) -> dict:
    checks = {}
    for check in CHECK_CODES:
        roll = rng.random()
        if check in OFTEN_MISSING and roll < 0.12:
            checks[check] = "no"
        elif roll < 0.9:
            checks[check] = "yes"  # the rest are left "not asked"
    row = {"outcome": "interviewed", "checks": checks}
    roll = rng.random()
    if roll < 0.006:
        row.update(allegation=rng.choice(ALLEGATIONS), raised_with_staff=True, follow_up=True)
        row["action_taken"] = "Raised with the custody sergeant"
        row["custody_number"] = f"CU/{rng.randrange(10_000, 99_999)}/19"
    elif roll < 0.1:
        issue, action = rng.choice(ISSUES)
        row.update(issues_raised=issue, action_taken=action, raised_with_staff=True)
    return row


def _conditions(rng) -> dict:
    conditions = {code: {"rating": "fine"} for code in vocabulary.SUITE_CONDITIONS}
    for code, note in CONCERNS.items():
        if rng.random() < 0.025:
            conditions[code] = {"rating": "concern", "note": note}
    if rng.random() < 0.05:
        conditions["medical_room"] = {"rating": "not_checked"}
    return conditions


SEX_WEIGHTS = {"male": 82, "female": 16, "other": 0.5, "not_recorded": 1.5}
LANGUAGES = ["Polish", "Romanian", "Albanian", "Arabic", "Lithuanian", "Portuguese"]


def with_format_2_answers(body: dict, rng) -> dict:
    """The body as format 2, with invented answers for each person. `rng` is a generator of
    its own, so the figures London published for 2019/20 (drawn from the main one) stay exact;
    juveniles and vulnerable adults are people of this visit, so age band and appropriate
    adult agree with the report's counts."""
    people = body["detainees"]
    young = set(rng.sample(range(len(people)), body["juveniles"]))
    vulnerable = set(rng.sample(range(len(people)), body["vulnerable_adults"]))
    for index, person in enumerate(people):
        person.update(_answers(person["outcome"], index in young, index in vulnerable, rng))
    return {"format_version": 2, **body}


def _answers(outcome: str, young: bool, vulnerable: bool, rng) -> dict:
    sex = rng.choices(list(SEX_WEIGHTS), weights=list(SEX_WEIGHTS.values()))[0]
    if young:
        age, adult = rng.choice(["under_16", "16_17", "16_17"]), "needed_present"
    else:
        age = "adult" if rng.random() < 0.97 else "not_recorded"
        adult = "needed_present" if vulnerable else "not_needed"
    if adult == "needed_present" and rng.random() < 0.1:
        adult = "needed_not_present"
    answers = {"sex": sex, "age_band": age, "appropriate_adult": adult,
               "offered_visit": outcome != "unavailable",
               "mental_health_concern": vulnerable or rng.random() < 0.05}  # fmt: skip
    roll = rng.random()
    answers["interpreter"] = ("needed_provided" if roll < 0.06 else
                              "needed_not_provided" if roll < 0.065 else "not_needed")  # fmt: skip
    if answers["interpreter"] != "not_needed":
        answers["language"] = rng.choice(LANGUAGES)
    for flag, chance, note in (("strip_searched", 0.01, "Authorised by an inspector"),
                               ("safety_clothing", 0.008, "Assessed at risk of self-harm"),
                               ("force_reported", 0.02, "Handcuffed on arrest")):  # fmt: skip
        answers[flag] = rng.random() < chance
        if answers[flag]:
            answers[f"{flag}_note"] = note
    if outcome == "interviewed" and rng.random() < 0.15:
        findings = {code: "concern" if rng.random() < 0.05 else "ok"
                    for code in vocabulary.CUSTODY_RECORD_FINDINGS}  # fmt: skip
        answers |= {"custody_record_examined": True, "custody_record_consent": True,
                    "custody_record_findings": findings}  # fmt: skip
        if "concern" in findings.values():
            answers["custody_record_note"] = "Review times not recorded"
    return answers


# A visit to someone held under TACT (the demo's TACT-designated suite): answers written out,
# no random numbers drawn, so the rest of the year is as it was.
TACT_ANSWERS = {
    "held_under_tact": True,
    "tact_access": "given",
    "tact_staff_presence": "sight",
    "tact_recordings_reviewed": True,
    "tact_recordings_note": "Interviews 1 and 2 (2 recordings), listened to in part",
    "tact_recordings_concern": False,
    "tact_welfare_concern": False,
}


def with_tact_detainee(body: dict) -> bool:
    """Mark the first person interviewed as held under TACT, with the TACT answers; False
    (and nothing changed) when no one was interviewed."""
    interviewed = [p for p in body["detainees"] if p["outcome"] == "interviewed"]
    if not interviewed:
        return False
    interviewed[0].update(TACT_ANSWERS)
    return True
