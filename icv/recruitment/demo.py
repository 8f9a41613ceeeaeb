"""The demo's applicants: the demo coordinator's first panel has someone at every stage, and
enough equality answers for the counts page to show numbers as well as suppressed cells."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from icv.dates import utcnow
from icv.extensions import db
from icv.models import Panel
from icv.recruitment.diversity import keep_answers
from icv.recruitment.models import Application, Stage
from icv.recruitment.pipeline import receive

# (name, stage, days since the last move, equality answers or None for "skipped")
APPLICANTS = [
    ("Amara Obi", Stage.APPLIED, 2, {"age_band": "25_34", "sex": "female", "ethnicity": "black"}),
    ("Tom Fletcher", Stage.APPLIED, 5, {"age_band": "55_64", "sex": "male", "ethnicity": "white"}),
    ("Leila Haddad", Stage.APPLIED, 9, None),
    ("Grace Lin", Stage.SHORTLISTED, 12, {"age_band": "35_44", "sex": "female",
                                          "ethnicity": "asian", "disability": "no"}),
    ("Owen Price", Stage.INTERVIEWED, 20, {"age_band": "65_plus", "sex": "male",
                                           "ethnicity": "white", "disability": "yes"}),
    ("Ruth Adeyemi", Stage.VETTING, 30, {"age_band": "45_54", "sex": "female",
                                         "ethnicity": "black", "disability": "no"}),
    ("Mark Ellis", Stage.NOT_TAKEN_FORWARD, 40, {"age_band": "25_34", "sex": "male",
                                                 "ethnicity": "white"}),
    ("Sara Novak", Stage.APPLIED, 1, {"age_band": "18_24", "sex": "female", "ethnicity": "white",
                                      "disability": "prefer_not"}),
]  # fmt: skip


def seed_demo_applications(panel: Panel) -> int:
    """Add the demo's applicants to `panel` unless there are applications already; how many."""
    if db.session.scalar(sa.select(Application.id).limit(1)) is not None:
        return 0
    for number, (name, stage, days, answers) in enumerate(APPLICANTS, start=1):
        application = receive(panel, name=name, email=f"applicant{number:02d}@example.org",
                              phone="", statement="I would like to help people in custody "
                              "be treated fairly, and I have time to give.")  # fmt: skip
        application.stage = stage
        application.stage_changed_at = utcnow() - timedelta(days=days)
        application.applied_at = application.stage_changed_at - timedelta(days=7 * (days > 5))
        if stage == Stage.NOT_TAKEN_FORWARD:
            application.reason = "Works as police staff: not independent of the police."
        if answers is not None:
            keep_answers(application, answers)
    db.session.commit()
    return len(APPLICANTS)
