"""Stable codes used in visit reports, shared by the server, the API and the phone.

Codes are snake_case and never change once released; labels may be reworded.
"""

OUTCOMES = {
    "interviewed": "Interviewed",
    "declined": "Declined a visit",
    "unavailable": "Unavailable",
}

UNAVAILABLE_REASONS = {
    "asleep": "Asleep",
    "in_police_interview": "In police interview",
    "with_solicitor": "With a solicitor",
    "at_hospital": "At hospital",
    "at_court_or_in_transfer": "At court or being transferred",
    "being_booked_in_or_released": "Being booked in or released",
    "intoxicated": "Intoxicated",
    "risk_assessed_unsafe": "Risk-assessed as unsafe to visit",
    "receiving_healthcare": "Receiving healthcare",
    "other": "Other reason",
}

# The structured checklist for each interview: yes / no / not asked.
INTERVIEW_CHECKS = {
    "rights": {
        "understands_why_detained": "Understands why they are detained",
        "told_rights": "Told their rights",
        "legal_advice": "Offered legal advice",
        "someone_informed": "Someone informed of their detention",
    },
    "welfare": {
        "medical_attention": "Medical attention if needed",
        "medication": "Medication if needed",
        "food_and_drink": "Food and drink",
        "blanket": "Blanket",
        "reading_material": "Reading material",
        "toilet": "Toilet",
        "washing": "Washing facilities",
        "hygiene_products": "Hygiene and menstrual products",
        "same_sex_staff": "Offered same-sex staff",
        "faith_items": "Faith items",
    },
}
CHECK_ANSWERS = {"yes": "Yes", "no": "No", "not_asked": "Not asked"}

SUITE_CONDITIONS = {
    "cleanliness": "Cleanliness",
    "heating": "Heating",
    "lighting": "Lighting",
    "ventilation": "Ventilation",
    "cell_call_bells": "Cell call bells",
    "cctv_privacy": "CCTV privacy",
    "ligature_points_and_damage": "Ligature points and damage",
    "maintenance": "Maintenance",
    "medical_room": "Medical room",
    "kitchen_and_food_stocks": "Kitchen and food stocks",
    "supplies": "Supplies (clothing, blankets, mattresses, hygiene packs, reading and religious materials)",  # noqa: E501
    "safety_hazards": "Safety hazards",
}
CONDITION_RATINGS = {"fine": "Fine", "concern": "Concern", "not_checked": "Not checked"}

VISIT_MODES = {"in_person": "In person", "remote": "Remote (phone or video)"}

# The Code allows a delay at the door only when an officer of inspector rank or above
# authorises it. Each qualifying rank, with the shortenings volunteers write for it;
# a "Detective" (or "Det") in front is the same rank. How a typed rank is matched:
# icv.visits.validation.authorising_rank (and its twin in static/js/validation.js).
DELAY_AUTHORISING_RANKS = {
    "Inspector": ["Insp", "DI"],
    "Chief Inspector": ["Ch Insp", "Chief Insp", "C Insp", "CI", "DCI"],
    "Superintendent": ["Supt", "DSU"],
    "Chief Superintendent": ["Ch Supt", "Chief Supt", "C Supt", "DCS"],
    "Assistant Chief Constable": ["ACC"],
    "Deputy Chief Constable": ["DCC"],
    "Chief Constable": ["CC"],
    "Commander": ["Cmdr"],
    "Deputy Assistant Commissioner": ["DAC"],
    "Assistant Commissioner": ["AC"],
    "Deputy Commissioner": [],
    "Commissioner": [],
}

# --- per person, from format 2 (docs/visit-report-contract.md) ------------------------------
# Scotland publishes people offered a visit and seen by sex and child age band.
SEXES = {"female": "Female", "male": "Male", "other": "Other", "not_recorded": "Not recorded"}
AGE_BANDS = {
    "under_16": "Under 16",
    "16_17": "16 or 17",
    "adult": "Adult (18 or over)",
    "not_recorded": "Not recorded",
}
APPROPRIATE_ADULT = {
    "not_needed": "Not needed",
    "needed_present": "Needed and present",
    "needed_not_present": "Needed but not present",
    "not_known": "Not known",
}
INTERPRETER = {
    "not_needed": "Not needed",
    "needed_provided": "Needed and provided",
    "needed_not_provided": "Needed but not provided",
    "not_known": "Not known",
}
# What a visitor checks in a custody record (with consent, Police Reform Act 2002
# s.51(3)(b)): the checks of ICVA's custody-record review pilot.
CUSTODY_RECORD_FINDINGS = {
    "risk_assessment": "Risk assessment done",
    "rights_given": "Rights given and signed for",
    "reviews_on_time": "PACE reviews on time",
    "observation_level": "Observation level set and kept",
    "meals_drinks": "Meals and drinks recorded",
    "legal_advice": "Legal-advice contact recorded",
}
FINDING_ANSWERS = {"ok": "OK", "concern": "Concern"}
# A person held under the Terrorism Act (TACT): the Code of Practice's TACT paragraphs.
TACT_ACCESS = {
    "given": "Given when asked",
    "delayed": "Delayed",
}
# The Code lets a TACT detainee's conversation with visitors be within sight or hearing of
# staff; the report says which it was.
TACT_STAFF_PRESENCE = {
    "neither": "Out of sight and hearing of staff",
    "sight": "Within sight of staff, out of hearing",
    "sight_and_hearing": "Within sight and hearing of staff",
}


def reference_codes() -> dict:
    """Everything above, in the shape the phone caches for offline use."""
    return {
        "outcomes": OUTCOMES,
        "unavailable_reasons": UNAVAILABLE_REASONS,
        "interview_checks": INTERVIEW_CHECKS,
        "check_answers": CHECK_ANSWERS,
        "suite_conditions": SUITE_CONDITIONS,
        "condition_ratings": CONDITION_RATINGS,
        "visit_modes": VISIT_MODES,
        "delay_authorising_ranks": DELAY_AUTHORISING_RANKS,
        "sexes": SEXES,
        "age_bands": AGE_BANDS,
        "appropriate_adult": APPROPRIATE_ADULT,
        "interpreter": INTERPRETER,
        "custody_record_findings": CUSTODY_RECORD_FINDINGS,
        "finding_answers": FINDING_ANSWERS,
        "tact_access": TACT_ACCESS,
        "tact_staff_presence": TACT_STAFF_PRESENCE,
    }
