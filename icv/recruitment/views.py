"""Recruitment pages: the public form at /apply, and the pipeline for coordinators and admins."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, session, url_for
from flask_babel import gettext
from flask_login import current_user

from icv import policy
from icv.admin.common import welcome
from icv.admin.scheme import Problem
from icv.extensions import db, limiter
from icv.fields import options
from icv.language import page_language
from icv.models import Panel
from icv.recruitment import bp, diversity, pipeline
from icv.recruitment.forms import (
    ApplicationForm,
    AppointForm,
    DiversityForm,
    MoveForm,
    NotTakenForwardForm,
)
from icv.recruitment.models import MOVE_LABELS, STAGE_LABELS, Application

RECRUITERS = policy.roles_required(*policy.RECRUITERS)
DIVERSITY_READERS = policy.roles_required(*policy.DIVERSITY_READERS)
DIVERSITY_FOR = "diversity_for"  # the session remembers whose optional answers come next


def apply_limit() -> str:
    return current_app.config["APPLY_RATE_LIMIT"]


def _role_description() -> list[str]:
    text = gettext(current_app.config["RECRUITMENT_ROLE_DESCRIPTION"])  # the default in Welsh
    return [part.strip() for part in text.split("\n\n") if part.strip()]


# --- the public form -------------------------------------------------------------------------


@bp.route("/apply", methods=["GET", "POST"])
@limiter.limit(apply_limit, methods=["POST"])
def apply():
    form = ApplicationForm()
    panels = db.session.scalars(policy.panels_open_to_applicants()).all()
    form.panel_id.choices = options(
        [("", gettext("Choose an area")), *((p.id, p.name) for p in panels)]
    )
    if form.is_submitted() and form.website.data:
        # A bot filled in the field people cannot see: thank it, and keep nothing.
        return redirect(url_for("recruitment.applied"))
    if form.validate_on_submit():
        panel = db.session.get(Panel, int(form.panel_id.data))
        application = pipeline.receive(panel, name=form.name.data, email=form.email.data,
                                       phone=form.phone.data or "",
                                       statement=form.statement.data,
                                       language=page_language())  # fmt: skip
        db.session.commit()
        _tell(application, quiet=True)
        session[DIVERSITY_FOR] = application.id
        return redirect(url_for("recruitment.equality_monitoring"))
    return render_template("recruitment/apply.html", form=form, role=_role_description())


@bp.route("/apply/equality-monitoring", methods=["GET", "POST"])
@limiter.limit(apply_limit, methods=["POST"])
def equality_monitoring():
    """Optional questions, answered once per application, in the session that sent it."""
    application_id = session.get(DIVERSITY_FOR)
    if application_id is None or db.session.get(Application, application_id) is None:
        return redirect(url_for("recruitment.applied"))
    form = DiversityForm()
    if form.validate_on_submit():
        answers = {code: getattr(form, code).data for code in diversity.QUESTIONS}
        diversity.keep_answers(db.session.get(Application, application_id), answers)
        db.session.commit()
        session.pop(DIVERSITY_FOR, None)
        return redirect(url_for("recruitment.applied"))
    return render_template("recruitment/equality.html", form=form)


@bp.get("/apply/sent")
def applied():
    session.pop(DIVERSITY_FOR, None)  # skipping the questions ends the chance to answer them
    return render_template("recruitment/applied.html")


def _tell(application: Application, *, quiet: bool = False) -> None:
    """Email the applicant about their stage (if the scheme turned it on); staff hear whether
    it went, an applicant never hears of a mail server's trouble (the application is kept)."""
    try:
        sent = pipeline.tell_applicant(application)
    except OSError:
        current_app.logger.exception("Email to applicant %s failed", application.id)
        if not quiet:
            flash(gettext("The email to %(email)s could not be sent: tell them yourself.",
                          email=application.email), "error")  # fmt: skip
        return
    if sent and not quiet:
        flash(gettext("%(name)s was emailed about it.", name=application.name), "information")


# --- the pipeline (coordinators: their panels; admins: all) ----------------------------------


@bp.get("/recruitment/")
@RECRUITERS
def index():
    panels = db.session.scalars(policy.recruitment_panels_query(current_user)).all()
    counts = pipeline.stage_counts(policy.managed_panel_ids(current_user))
    head = [{"text": gettext("Panel")}, *({"text": label, "format": "numeric"}
                                 for label in STAGE_LABELS.values())]  # fmt: skip
    return render_template("recruitment/index.html", panels=panels, counts=counts,
                           stages=STAGE_LABELS, head=head)  # fmt: skip


@bp.get("/recruitment/panels/<int:panel_id>")
@RECRUITERS
def panel_pipeline(panel_id):
    panel = policy.recruitment_panel_or_404(current_user, panel_id)
    return render_template("recruitment/pipeline.html", panel=panel,
                           by_stage=pipeline.pipeline_of(panel), stages=STAGE_LABELS)  # fmt: skip


@bp.get("/recruitment/applications/<int:application_id>")
@RECRUITERS
def application(application_id):
    found = policy.application_or_404(current_user, application_id)
    following = pipeline.next_stage(found)
    return render_template("recruitment/application.html", application=found,
                           next_stage=following, stages=STAGE_LABELS, moves=MOVE_LABELS,
                           form=MoveForm(to=following))  # fmt: skip


def _back_to(found: Application):
    return redirect(url_for("recruitment.application", application_id=found.id))


def _moved(found: Application, move) -> Response:
    """Make the move (a StageError says why not), commit it, then tell the applicant."""
    try:
        move()
    except pipeline.StageError as problem:
        flash(str(problem), "error")
        return _back_to(found)
    db.session.commit()
    stage = str(STAGE_LABELS[found.stage]).lower()
    flash(gettext("%(name)s: %(stage)s.", name=found.name, stage=stage), "success")
    _tell(found)
    return _back_to(found)


@bp.post("/recruitment/applications/<int:application_id>/move")
@RECRUITERS
def move(application_id):
    found = policy.application_or_404(current_user, application_id)
    form = MoveForm()
    if not form.validate_on_submit():
        return _back_to(found)
    return _moved(found, lambda: pipeline.move_forward(found, form.to.data))


@bp.route("/recruitment/applications/<int:application_id>/not-taken-forward",
          methods=["GET", "POST"])  # fmt: skip
@RECRUITERS
def not_taken_forward(application_id):
    found = policy.application_or_404(current_user, application_id)
    form = NotTakenForwardForm()
    if form.validate_on_submit():
        return _moved(found, lambda: pipeline.not_taken_forward(found, form.reason.data))
    return render_template("recruitment/not_taken_forward.html", form=form, application=found)


@bp.route("/recruitment/applications/<int:application_id>/appoint", methods=["GET", "POST"])
@RECRUITERS
def appoint(application_id):
    found = policy.application_or_404(current_user, application_id)
    form = AppointForm()
    if form.validate_on_submit():
        try:
            volunteer = pipeline.appoint(found)
        except (pipeline.StageError, Problem) as problem:
            db.session.rollback()
            flash(str(problem), "error")
            return _back_to(found)
        welcome(volunteer, None)  # commits, then invites them to choose a password
        _tell(found)
        return redirect(url_for("admin.edit_volunteer", volunteer_id=volunteer.id))
    return render_template("recruitment/appoint.html", form=form, application=found)


@bp.get("/recruitment/equality-monitoring")
@DIVERSITY_READERS
def diversity_counts():
    table = diversity.counts(policy.diversity_panel_ids(current_user))
    return render_template("recruitment/diversity.html", shown=diversity.published(table),
                           questions=diversity.QUESTIONS, groups=diversity.GROUPS,
                           label=diversity.answer_label)  # fmt: skip
