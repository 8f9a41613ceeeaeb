"""Appraisals, observed visits and probation.

A volunteer is on probation from appointment (appointed_on) until probation_completed_on is
set. It may end once the scheme's conditions are met: PROBATION_VISITS visits made since
appointment (reports that name them as a visitor) and a satisfactory observed visit. The
coordinator is prompted (their home page) and ends it in one step. Operations add and
flush; the view commits; each is in the audit trail (fields named, never their values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask import current_app

from icv.audit import record
from icv.dates import start_of_day
from icv.extensions import db
from icv.models import User, VolunteerStatus
from icv.visits.models import ReportVisitor, VisitReport
from icv.volunteering.models import (
    Appraisal,
    AppraisalKind,
    AppraisalOutcome,
)

PASSED = (AppraisalOutcome.SATISFACTORY, AppraisalOutcome.DEVELOPMENT)


@dataclass(frozen=True)
class Progress:
    visits_made: int
    visits_needed: int
    observed: bool  # a satisfactory observed visit

    @property
    def ready(self) -> bool:
        return self.visits_made >= self.visits_needed and self.observed


def on_probation(volunteer: User) -> bool:
    return volunteer.appointed_on is not None and volunteer.probation_completed_on is None


def appraisals_of(volunteer: User) -> list[Appraisal]:
    query = sa.select(Appraisal).where(Appraisal.user_id == volunteer.id)
    return list(db.session.scalars(query.order_by(Appraisal.held_on.desc(), Appraisal.id.desc())))


def progress(volunteer: User) -> Progress:
    """How far a volunteer on probation is towards the scheme's conditions."""
    since = start_of_day(volunteer.appointed_on) if volunteer.appointed_on else None
    visits = (
        sa.select(sa.func.count())
        .select_from(ReportVisitor)
        .where(ReportVisitor.user_id == volunteer.id)
    )
    if since is not None:
        visits = visits.join(VisitReport, VisitReport.id == ReportVisitor.report_id).where(
            VisitReport.arrived_at >= since
        )
    observed = sa.select(Appraisal.id).where(
        Appraisal.user_id == volunteer.id,
        Appraisal.kind == AppraisalKind.OBSERVED_VISIT,
        Appraisal.outcome.in_(PASSED),
    )
    return Progress(
        visits_made=db.session.scalar(visits) or 0,
        visits_needed=current_app.config["PROBATION_VISITS"],
        observed=db.session.scalar(observed.limit(1)) is not None,
    )


def ready_to_end(volunteers_query) -> list[User]:
    """Those of the volunteers (a select of User) on probation who have met the conditions."""
    query = volunteers_query.where(
        User.is_enabled, User.appointed_on.is_not(None), User.probation_completed_on.is_(None)
    )
    return [person for person in db.session.scalars(query) if progress(person).ready]


def end_probation(volunteer: User, today: date) -> None:
    """Probation completed today: a volunteer whose status said probation becomes active."""
    volunteer.probation_completed_on = today
    changed = "probation_completed_on"
    if volunteer.status == VolunteerStatus.PROBATION:
        volunteer.status = VolunteerStatus.ACTIVE
        changed += ", status"
    db.session.flush()
    record("changed", "user", volunteer.id, f"probation ended: {changed}")


def add_appraisal(
    volunteer: User, *, kind: str, held_on: date, held_by: str, outcome: str, notes: str,
    by: User,
) -> Appraisal:  # fmt: skip
    appraisal = Appraisal(user_id=volunteer.id, kind=kind, held_on=held_on,
                          held_by=held_by.strip(), outcome=outcome, notes=notes.strip(),
                          recorded_by_id=by.id)  # fmt: skip
    db.session.add(appraisal)
    db.session.flush()
    record("created", "appraisal", appraisal.id,
           f"for user {volunteer.id}: kind, held_on, held_by, outcome, notes")  # fmt: skip
    return appraisal
