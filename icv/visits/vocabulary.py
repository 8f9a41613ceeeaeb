"""Stable codes used in visit reports, shared by the server, the API and the phone.

Codes are snake_case and never change once released; labels may be reworded. Labels are
English, marked for the catalogue: `translated(labels)` gives them in the page's language.
"""

from flask_babel import gettext

from icv.language import N_

OUTCOMES = {
    "interviewed": N_("Interviewed"),
    "declined": N_("Declined a visit"),
    "unavailable": N_("Unavailable"),
}

UNAVAILABLE_REASONS = {
    "asleep": N_("Asleep"),
    "in_police_interview": N_("In police interview"),
    "with_solicitor": N_("With a solicitor"),
    "at_hospital": N_("At hospital"),
    "at_court_or_in_transfer": N_("At court or being transferred"),
    "being_booked_in_or_released": N_("Being booked in or released"),
    "intoxicated": N_("Intoxicated"),
    "risk_assessed_unsafe": N_("Risk-assessed as unsafe to visit"),
    "receiving_healthcare": N_("Receiving healthcare"),
    "other": N_("Other reason"),
}

# The structured checklist for each interview: yes / no / not asked.
INTERVIEW_CHECKS = {
    "rights": {
        "understands_why_detained": N_("Understands why they are detained"),
        "told_rights": N_("Told their rights"),
        "legal_advice": N_("Offered legal advice"),
        "someone_informed": N_("Someone informed of their detention"),
    },
    "welfare": {
        "medical_attention": N_("Medical attention if needed"),
        "medication": N_("Medication if needed"),
        "food_and_drink": N_("Food and drink"),
        "blanket": N_("Blanket"),
        "reading_material": N_("Reading material"),
        "toilet": N_("Toilet"),
        "washing": N_("Washing facilities"),
        "hygiene_products": N_("Hygiene and menstrual products"),
        "same_sex_staff": N_("Offered same-sex staff"),
        "faith_items": N_("Faith items"),
    },
}
CHECK_ANSWERS = {"yes": N_("Yes"), "no": N_("No"), "not_asked": N_("Not asked")}

SUITE_CONDITIONS = {
    "cleanliness": N_("Cleanliness"),
    "heating": N_("Heating"),
    "lighting": N_("Lighting"),
    "ventilation": N_("Ventilation"),
    "cell_call_bells": N_("Cell call bells"),
    "cctv_privacy": N_("CCTV privacy"),
    "ligature_points_and_damage": N_("Ligature points and damage"),
    "maintenance": N_("Maintenance"),
    "medical_room": N_("Medical room"),
    "kitchen_and_food_stocks": N_("Kitchen and food stocks"),
    "supplies": N_(
        "Supplies (clothing, blankets, mattresses, hygiene packs, reading and religious materials)"
    ),  # noqa: E501
    "safety_hazards": N_("Safety hazards"),
}
CONDITION_RATINGS = {"fine": N_("Fine"), "concern": N_("Concern"), "not_checked": N_("Not checked")}

VISIT_MODES = {"in_person": N_("In person"), "remote": N_("Remote (phone or video)")}

# The Code allows a delay at the door only when an officer of inspector rank or above
# authorises it. Each qualifying rank, with the shortenings volunteers write for it;
# a "Detective" (or "Det", or Welsh "Ditectif") in front is the same rank. Welsh forces'
# ranks in Welsh are the same ranks (issue 19). How a typed rank is matched:
# icv.visits.validation.authorising_rank (and its twin in static/js/validation.js).
DELAY_AUTHORISING_RANKS = {
    "Inspector": ["Insp", "DI", "Arolygydd"],
    "Chief Inspector": ["Ch Insp", "Chief Insp", "C Insp", "CI", "DCI", "Prif Arolygydd"],
    "Superintendent": ["Supt", "DSU", "Uwch-arolygydd", "Uwcharolygydd"],
    "Chief Superintendent": [
        "Ch Supt",
        "Chief Supt",
        "C Supt",
        "DCS",
        "Prif Uwch-arolygydd",
        "Prif Uwcharolygydd",
    ],
    "Assistant Chief Constable": ["ACC", "Prif Gwnstabl Cynorthwyol"],
    "Deputy Chief Constable": ["DCC", "Dirprwy Brif Gwnstabl"],
    "Chief Constable": ["CC", "Prif Gwnstabl"],
    "Commander": ["Cmdr"],
    "Deputy Assistant Commissioner": ["DAC"],
    "Assistant Commissioner": ["AC"],
    "Deputy Commissioner": [],
    "Commissioner": [],
}

# --- per person, from format 2 (docs/visit-report-contract.md) ------------------------------
# Scotland publishes people offered a visit and seen by sex and child age band.
SEXES = {
    "female": N_("Female"),
    "male": N_("Male"),
    "other": N_("Other"),
    "not_recorded": N_("Not recorded"),
}
AGE_BANDS = {
    "under_16": N_("Under 16"),
    "16_17": N_("16 or 17"),
    "adult": N_("Adult (18 or over)"),
    "not_recorded": N_("Not recorded"),
}
APPROPRIATE_ADULT = {
    "not_needed": N_("Not needed"),
    "needed_present": N_("Needed and present"),
    "needed_not_present": N_("Needed but not present"),
    "not_known": N_("Not known"),
}
INTERPRETER = {
    "not_needed": N_("Not needed"),
    "needed_provided": N_("Needed and provided"),
    "needed_not_provided": N_("Needed but not provided"),
    "not_known": N_("Not known"),
}
# What a visitor checks in a custody record (with consent, Police Reform Act 2002
# s.51(3)(b)): the checks of ICVA's custody-record review pilot.
CUSTODY_RECORD_FINDINGS = {
    "risk_assessment": N_("Risk assessment done"),
    "rights_given": N_("Rights given and signed for"),
    "reviews_on_time": N_("PACE reviews on time"),
    "observation_level": N_("Observation level set and kept"),
    "meals_drinks": N_("Meals and drinks recorded"),
    "legal_advice": N_("Legal-advice contact recorded"),
}
FINDING_ANSWERS = {"ok": N_("OK"), "concern": N_("Concern")}
# A person held under the Terrorism Act (TACT): the Code of Practice's TACT paragraphs.
TACT_ACCESS = {
    "given": N_("Given when asked"),
    "delayed": N_("Delayed"),
}
# The Code lets a TACT detainee's conversation with visitors be within sight or hearing of
# staff; the report says which it was.
TACT_STAFF_PRESENCE = {
    "neither": N_("Out of sight and hearing of staff"),
    "sight": N_("Within sight of staff, out of hearing"),
    "sight_and_hearing": N_("Within sight and hearing of staff"),
}


def translated(labels: dict) -> dict:
    """Labels (code -> label, or group -> {code -> label}) in the language being written."""
    return {
        code: translated(label) if isinstance(label, dict) else gettext(label)
        for code, label in labels.items()
    }


def reference_codes() -> dict:
    """Everything above, in the shape the phone caches for offline use, its labels in the
    language asked for (the ranks stay as officers write them)."""
    codes = {
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
    ranks = codes.pop("delay_authorising_ranks")
    return translated(codes) | {"delay_authorising_ranks": ranks}


class Translated:
    """This module's labels in the page's language, for templates: `vocab.OUTCOMES`."""

    def __getattr__(self, name: str):
        # Kept on the instance: a page reads vocab.OUTCOMES once per person (one per render).
        value = translated(globals()[name])
        setattr(self, name, value)
        return value
