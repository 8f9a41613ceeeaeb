"""Visit reports as stored: one per visit, a row per person in custody, amendments kept."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.models import Suite, User
from icv.rota.models import ScheduledVisit


class VisitReport(db.Model):
    """What a pair found on one visit. Columns hold the current version (after amendments)."""

    __tablename__ = "visit_reports"
    # Covering index for the figures (icv/figures, docs/figures.md): every column they read.
    __table_args__ = (
        sa.Index(
            "ix_visit_reports_figures",
            "arrived_at", "suite_id", "id", "scheduled_visit_id", "detainees_in_custody",
            "juveniles", "vulnerable_adults", "delay_minutes", "admitted_at", "rating",
            "visit_mode", "follow_up_needed",
        ),
    )  # fmt: skip

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    # Made on the phone; UNIQUE is the idempotency guarantee (retries never duplicate).
    uuid: so.Mapped[str] = so.mapped_column(sa.String(36), unique=True)
    suite_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("suites.id"), index=True)
    # UNIQUE (NULLs allowed): one report per scheduled visit, so figures never count it twice.
    scheduled_visit_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("scheduled_visits.id"), unique=True
    )
    submitted_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"), index=True)

    # The format it was sent in (icv.visits.report_format): format 1 has no per-person fields
    # of format 2, so its rows hold NULL there ("not in the report"), and it reads back as sent.
    # Defaults in the database only (here and below): code written for an older schema
    # (migration tests insert rows as it did) names no column it does not know.
    format_version: so.Mapped[int] = so.mapped_column(server_default="1")
    visit_mode: so.Mapped[str] = so.mapped_column(sa.String(20))
    arrived_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, index=True)
    admitted_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    departed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime)
    delay_minutes: so.Mapped[int | None]
    delay_reason: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    delay_authorised_by_rank: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    not_completed_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    detainees_in_custody: so.Mapped[int]
    juveniles: so.Mapped[int | None]  # None: not recorded
    vulnerable_adults: so.Mapped[int | None]

    raised_with_sergeant: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    sergeant_response: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    rating: so.Mapped[str | None] = so.mapped_column(sa.String(20))  # None: not given
    positive_findings: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    follow_up_needed: so.Mapped[bool] = so.mapped_column(default=False)
    follow_up_note: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    # The body exactly as first received (canonical JSON) and its SHA-256: a resend is
    # compared with this, never with the amended columns.
    body: so.Mapped[dict] = so.mapped_column(sa.JSON)
    body_hash: so.Mapped[str] = so.mapped_column(sa.String(64))
    received_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow, index=True)
    amended_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # Set by retention (icv.privacy.retention) once detainee text and custody numbers are gone.
    anonymised_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    suite: so.Mapped[Suite] = so.relationship()
    scheduled_visit: so.Mapped[ScheduledVisit | None] = so.relationship()
    submitted_by: so.Mapped[User] = so.relationship()
    visitors: so.Mapped[list[ReportVisitor]] = so.relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportVisitor.user_id"
    )
    detainees: so.Mapped[list[DetaineeRecord]] = so.relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="DetaineeRecord.position"
    )
    conditions: so.Mapped[list[ConditionCheck]] = so.relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ConditionCheck.code"
    )
    amendments: so.Mapped[list[ReportAmendment]] = so.relationship(
        back_populates="report", cascade="all, delete-orphan", order_by="ReportAmendment.id"
    )

    def __repr__(self) -> str:
        return f"<VisitReport {self.uuid}>"


class ReportVisitor(db.Model):
    """A volunteer who made the visit; trainees are marked."""

    __tablename__ = "report_visitors"

    report_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("visit_reports.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id"), primary_key=True, index=True
    )
    is_trainee: so.Mapped[bool] = so.mapped_column(default=False)

    report: so.Mapped[VisitReport] = so.relationship(back_populates="visitors")
    user: so.Mapped[User] = so.relationship()


class DetaineeRecord(db.Model):
    """One person in custody at the time of the visit, identified only by custody number."""

    __tablename__ = "detainee_records"
    __table_args__ = (
        sa.UniqueConstraint("report_id", "position"),
        # Covering index for the figures: outcomes counted without reading the rows.
        sa.Index("ix_detainee_records_figures", "report_id", "outcome", "unavailable_reason"),
    )

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    report_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("visit_reports.id", ondelete="CASCADE")
    )  # indexed by the unique constraint below
    position: so.Mapped[int]  # order on the form, from 0
    custody_number: so.Mapped[str] = so.mapped_column(sa.String(30), default="")
    outcome: so.Mapped[str] = so.mapped_column(sa.String(20))
    unavailable_reason: so.Mapped[str | None] = so.mapped_column(sa.String(40))
    unavailable_other: so.Mapped[str] = so.mapped_column(sa.String(500), default="")
    checks: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    allegation: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    issues_raised: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    action_taken: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    raised_with_staff: so.Mapped[bool] = so.mapped_column(default=False)
    follow_up: so.Mapped[bool] = so.mapped_column(default=False)

    # Format 2 (icv.visits.report_format.PERSON_FIELDS): codes and yes/no as columns so the
    # figures count them in SQL; NULL is "not recorded" (and every row of a format-1 report).
    sex: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    age_band: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    offered_visit: so.Mapped[bool | None]
    appropriate_adult: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    interpreter: so.Mapped[str | None] = so.mapped_column(sa.String(30))
    language: so.Mapped[str] = so.mapped_column(sa.String(50), server_default="")
    mental_health_concern: so.Mapped[bool | None]
    strip_searched: so.Mapped[bool | None]
    strip_searched_note: so.Mapped[str] = so.mapped_column(sa.String(200), server_default="")
    safety_clothing: so.Mapped[bool | None]
    safety_clothing_note: so.Mapped[str] = so.mapped_column(sa.String(200), server_default="")
    force_reported: so.Mapped[bool | None]
    force_reported_note: so.Mapped[str] = so.mapped_column(sa.String(200), server_default="")
    held_under_tact: so.Mapped[bool | None]
    # The TACT questions (report_format.TACT_FIELDS), asked about someone held under TACT.
    tact_access: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    tact_access_note: so.Mapped[str] = so.mapped_column(sa.String(500), server_default="")
    tact_staff_presence: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    tact_recordings_reviewed: so.Mapped[bool | None]
    tact_recordings_note: so.Mapped[str] = so.mapped_column(sa.String(500), server_default="")
    tact_recordings_concern: so.Mapped[bool | None]
    tact_recordings_concern_note: so.Mapped[str] = so.mapped_column(
        sa.String(200), server_default=""
    )
    tact_welfare_concern: so.Mapped[bool | None]
    tact_welfare_concern_note: so.Mapped[str] = so.mapped_column(sa.String(200), server_default="")
    custody_record_examined: so.Mapped[bool | None]
    custody_record_consent: so.Mapped[bool | None]
    # {finding code: "ok" | "concern"}; NULL in format 1.
    custody_record_findings: so.Mapped[dict | None] = so.mapped_column(sa.JSON)
    custody_record_note: so.Mapped[str] = so.mapped_column(sa.String(500), server_default="")

    report: so.Mapped[VisitReport] = so.relationship(back_populates="detainees")


class ConditionCheck(db.Model):
    """One item of the suite conditions checklist."""

    __tablename__ = "condition_checks"
    __table_args__ = (sa.UniqueConstraint("report_id", "code"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    report_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("visit_reports.id", ondelete="CASCADE")
    )  # indexed by the unique constraint below
    code: so.Mapped[str] = so.mapped_column(sa.String(40))
    rating: so.Mapped[str] = so.mapped_column(sa.String(20))
    note: so.Mapped[str] = so.mapped_column(sa.String(1000), default="")

    report: so.Mapped[VisitReport] = so.relationship(back_populates="conditions")


class ReportAmendment(db.Model):
    """A correction after submission: who, when, why, and the whole report before and after."""

    __tablename__ = "report_amendments"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    report_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("visit_reports.id", ondelete="CASCADE"), index=True
    )
    changed_by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    changed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    reason: so.Mapped[str] = so.mapped_column(sa.Text)
    before: so.Mapped[dict] = so.mapped_column(sa.JSON)
    after: so.Mapped[dict] = so.mapped_column(sa.JSON)

    report: so.Mapped[VisitReport] = so.relationship(back_populates="amendments")
    changed_by: so.Mapped[User] = so.relationship()
