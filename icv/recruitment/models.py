"""Applications to become a custody visitor, and the optional equality-monitoring answers."""

from __future__ import annotations

import enum
from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import lazy_gettext as _l

from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.models import Panel, User


class Stage(enum.StrEnum):
    APPLIED = "applied"
    SHORTLISTED = "shortlisted"
    INTERVIEWED = "interviewed"
    VETTING = "vetting"
    APPOINTED = "appointed"  # a volunteer on probation now (Application.volunteer)
    NOT_TAKEN_FORWARD = "not_taken_forward"  # with a reason; deleted after a retention period


# The way forward, in order; an application leaves it at any stage as not taken forward.
PIPELINE = (Stage.APPLIED, Stage.SHORTLISTED, Stage.INTERVIEWED, Stage.VETTING, Stage.APPOINTED)
FINAL_STAGES = (Stage.APPOINTED, Stage.NOT_TAKEN_FORWARD)
STAGE_LABELS = {
    Stage.APPLIED: _l("Applied"),
    Stage.SHORTLISTED: _l("Shortlisted"),
    Stage.INTERVIEWED: _l("Interviewed"),
    Stage.VETTING: _l("Vetting"),
    Stage.APPOINTED: _l("Appointed"),
    Stage.NOT_TAKEN_FORWARD: _l("Not taken forward"),
}

# The pipeline page's button for each next stage (appointment has its own page).
MOVE_LABELS = {
    Stage.SHORTLISTED: _l("Move to shortlisted"),
    Stage.INTERVIEWED: _l("Move to interviewed"),
    Stage.VETTING: _l("Move to vetting"),
}


class Application(db.Model):
    """One person's application, on the scheme's standard form (Code of Practice para 11)."""

    __tablename__ = "applications"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    panel_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("panels.id"), index=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    email: so.Mapped[str] = so.mapped_column(sa.String(254))
    phone: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    statement: so.Mapped[str] = so.mapped_column(sa.Text)  # why they want to do it
    stage: so.Mapped[str] = so.mapped_column(sa.String(20), default=Stage.APPLIED, index=True)
    applied_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    stage_changed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # why not taken forward
    # The language they applied in ("en" or "cy"): every email to them is written in it.
    language: so.Mapped[str | None] = so.mapped_column(sa.String(5))
    volunteer_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )

    panel: so.Mapped[Panel] = so.relationship()
    volunteer: so.Mapped[User | None] = so.relationship()


class DiversityAnswers(db.Model):
    """Equality-monitoring answers, kept apart from the application: no page shows them
    with it, only counts (icv.recruitment.diversity). `application_id` is there so the
    answers go when the application does (retention), and for counting by outcome."""

    __tablename__ = "diversity_answers"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    application_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("applications.id", ondelete="CASCADE"), unique=True
    )
    # One code per question of icv.recruitment.diversity.QUESTIONS; "" when left unanswered.
    age_band: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    sex: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    ethnicity: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
    disability: so.Mapped[str] = so.mapped_column(sa.String(20), default="")
