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
