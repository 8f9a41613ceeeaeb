"""Applications: received from /apply, moved through the stages, appointed as volunteers.

Operations add and flush; the view commits. Every move is an audit entry (field names, never
values); the applicant is emailed at the stages the scheme turns on (RECRUITMENT_EMAIL_STAGES).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from icv.admin import people
from icv.audit import record
from icv.dates import scheme_today, utcnow
from icv.extensions import db
from icv.language import speaking
from icv.mail import send_email
from icv.models import Panel, Role, User
from icv.recruitment.models import (
    FINAL_STAGES,
    PIPELINE,
    STAGE_LABELS,
    Application,
    Stage,
)

# What the applicant is told at each stage (when the scheme turns that stage's email on).
STAGE_EMAILS = {
    Stage.APPLIED: (
        _l("We have your application"),
        _l(
            "Thank you for applying to be an independent custody visitor. We have your "
            "application and will be in touch about the next step."
        ),
    ),
    Stage.SHORTLISTED: (
        _l("Your application: shortlisted"),
        _l("Your application has been shortlisted. We will contact you to arrange an interview."),
    ),
    Stage.INTERVIEWED: (
        _l("Your application: after your interview"),
        _l("Thank you for coming to interview. We will let you know the outcome."),
    ),
    Stage.VETTING: (
        _l("Your application: security vetting"),
        _l(
            "We would like to take your application forward, subject to security vetting. "
            "We will send you the vetting forms."
        ),
    ),
    Stage.APPOINTED: (
        _l("You have been appointed as a custody visitor"),
        _l(
            "Congratulations: you have been appointed as an independent custody visitor, "
            "starting with a probationary period. You will receive a separate email to set up "
            "your account."
        ),
    ),
    Stage.NOT_TAKEN_FORWARD: (
        _l("Your application"),
        _l(
            "Thank you for your interest in independent custody visiting. We are sorry that we "
            "will not be taking your application forward."
        ),
    ),
}


class StageError(ValueError):
    """A move the pipeline does not allow (e.g. from a final stage): the page says why."""


def receive(
    panel: Panel, *, name: str, email: str, phone: str, statement: str, language: str | None = None
) -> Application:
    """`language`: the one they applied in; every email to them is written in it."""
    application = Application(panel=panel, name=name.strip(), email=email.strip(),
                              phone=phone.strip(), statement=statement.strip(),
                              language=language)  # fmt: skip
    db.session.add(application)
    db.session.flush()
    record("created", "application", application.id, f"application to panel {panel.id}")
    return application


def next_stage(application: Application) -> Stage | None:
    """The stage after this one on the way to appointment; None once it is final."""
    if application.stage in FINAL_STAGES:
        return None
    return PIPELINE[PIPELINE.index(Stage(application.stage)) + 1]


def move_forward(application: Application, to: str) -> Application:
    """To the next stage only (`to` names it, so a repeated form does not move it twice).
    Appointment is `appoint`: it creates the volunteer."""
    expected = next_stage(application)
    if expected is None or to != expected:
        raise StageError(_is_now(application))
    if expected == Stage.APPOINTED:
        raise StageError(gettext("Appoint them from the application's page"))
    _set_stage(application, expected)
    return application


def not_taken_forward(application: Application, reason: str) -> Application:
    if application.stage in FINAL_STAGES:
        raise StageError(_is_now(application))
    application.reason = reason.strip()
    _set_stage(application, Stage.NOT_TAKEN_FORWARD, "reason")
    return application


def appoint(application: Application) -> User:
    """Vetting done: the applicant becomes a volunteer on probation in the panel they applied
    to (people.create_user, as a coordinator adding one would; it refuses an email in use)."""
    if next_stage(application) != Stage.APPOINTED:
        raise StageError(gettext("Only an application at vetting can be appointed"))
    volunteer = people.create_user(name=application.name, email=application.email,
                                   role=Role.VOLUNTEER, panel=application.panel,
                                   phone=application.phone,
                                   appointed_on=scheme_today())  # fmt: skip
    volunteer.language = application.language  # their account starts in it too
    application.volunteer = volunteer
    _set_stage(application, Stage.APPOINTED, f"volunteer user {volunteer.id}")
    return volunteer


def _is_now(application: Application) -> str:
    stage = str(STAGE_LABELS[application.stage]).lower()
    return gettext("This application is %(stage)s now", stage=stage)


def _set_stage(application: Application, stage: Stage, detail: str = "") -> None:
    was = application.stage
    application.stage = stage
    application.stage_changed_at = utcnow()
    summary = f"stage {was} to {stage}" + (f"; {detail}" if detail else "")
    record("changed", "application", application.id, summary)
    db.session.flush()


def email_stages(config) -> set[str]:
    """The stages whose email the scheme turned on: a list, or text like "applied,appointed"
    (ICV_RECRUITMENT_EMAIL_STAGES)."""
    stages = config["RECRUITMENT_EMAIL_STAGES"]
    if not stages:  # empty, or "0" from the environment: none
        return set()
    if isinstance(stages, str):
        stages = stages.replace(",", " ").split()
    return {str(stage) for stage in stages}


def tell_applicant(application: Application) -> bool:
    """Email the applicant about the stage they are at, if the scheme turned it on. True when
    an email went. Raises OSError when the mail server does not take it."""
    if application.stage not in email_stages(current_app.config):
        return False
    with speaking(application.language):  # the language they applied in, whoever moves it
        subject, text = (str(part) for part in STAGE_EMAILS[Stage(application.stage)])
        service = gettext(current_app.config["SERVICE_NAME"])
        greeting = gettext("Dear %(name)s,", name=application.name)
        return send_email(application.email, subject, f"{greeting}\n\n{text}\n\n{service}\n",
                          in_app=False)  # fmt: skip


def pipeline_of(panel: Panel) -> dict[str, list[Application]]:
    """The panel's applications by stage, oldest move first."""
    query = (
        sa.select(Application)
        .where(Application.panel_id == panel.id)
        .order_by(Application.stage_changed_at, Application.id)
    )
    by_stage = {stage: [] for stage in STAGE_LABELS}
    for application in db.session.scalars(query):
        by_stage[application.stage].append(application)
    return by_stage


def stage_counts(panel_ids: set[int] | None) -> dict[int, dict[str, int]]:
    """{panel id: {stage: n}} for the pipeline's index."""
    query = sa.select(Application.panel_id, Application.stage, sa.func.count()).group_by(
        Application.panel_id, Application.stage
    )
    if panel_ids is not None:
        query = query.where(Application.panel_id.in_(panel_ids))
    counts: dict[int, dict[str, int]] = {}
    for panel_id, stage, n in db.session.execute(query):
        counts.setdefault(panel_id, dict.fromkeys(STAGE_LABELS, 0))[stage] = n
    return counts
