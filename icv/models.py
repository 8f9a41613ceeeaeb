"""Scheme data: people, panels, custody suites, availability and API tokens."""

from __future__ import annotations

import enum
import secrets
from datetime import date, datetime, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext
from flask_login import UserMixin

from icv.crypto import EncryptedString
from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.language import N_


class Role(enum.StrEnum):
    VOLUNTEER = "volunteer"
    COORDINATOR = "coordinator"
    ANALYST = "analyst"
    ADMIN = "admin"
    POLICE = "police"  # custody inspectors and managers: their suites' actions, never names


ROLE_LABELS = {
    Role.VOLUNTEER: N_("Volunteer"),
    Role.COORDINATOR: N_("Coordinator"),
    Role.ANALYST: N_("Analyst"),
    Role.ADMIN: N_("Admin"),
    Role.POLICE: N_("Police"),
}


def role_label(role: str) -> str:
    """A role as people read it ("Coordinator"), in the page's language."""
    return gettext(ROLE_LABELS.get(role, str(role).replace("_", " ").capitalize()))


class VolunteerStatus(enum.StrEnum):
    PROBATION = "probation"
    ACTIVE = "active"
    ON_LEAVE = "on_leave"
    ENDED = "ended"


class SuiteStatus(enum.StrEnum):
    OPEN = "open"  # open 24/7
    CONTINGENCY = "contingency"  # opened only when needed
    CLOSED = "closed"


class TimeBand(enum.StrEnum):
    MORNING = "morning"
    AFTERNOON = "afternoon"
    EVENING = "evening"
    NIGHT = "night"


# The days in English, as data and in English exports; pages name them in their language with
# icv.dates.weekday_names (Babel), which gives these same names in English.
WEEKDAYS = (N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
            N_("Saturday"), N_("Sunday"))  # fmt: skip

panel_coordinators = sa.Table(
    "panel_coordinators",
    db.metadata,
    sa.Column("panel_id", sa.ForeignKey("panels.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)

# The suites a police user answers for (Role.POLICE): their scope, where staff have panels.
police_suite_links = sa.Table(
    "police_suites",
    db.metadata,
    sa.Column("suite_id", sa.ForeignKey("suites.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("user_id", sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Panel(db.Model):
    __tablename__ = "panels"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120), unique=True)
    area: so.Mapped[str] = so.mapped_column(sa.String(200), default="")

    coordinators: so.Mapped[list[User]] = so.relationship(
        secondary=panel_coordinators, back_populates="coordinated_panels", order_by="User.name"
    )
    suites: so.Mapped[list[Suite]] = so.relationship(back_populates="panel", order_by="Suite.name")
    volunteers: so.Mapped[list[User]] = so.relationship(
        back_populates="panel", foreign_keys="User.panel_id", order_by="User.name"
    )

    def __repr__(self) -> str:
        return f"<Panel {self.name}>"


class Suite(db.Model):
    __tablename__ = "suites"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120), unique=True)
    address: so.Mapped[str] = so.mapped_column(sa.String(300), default="")
    panel_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("panels.id"), index=True)
    cells: so.Mapped[int] = so.mapped_column(default=0)
    status: so.Mapped[str] = so.mapped_column(sa.String(20), default=SuiteStatus.OPEN)
    target_visits_per_week: so.Mapped[int] = so.mapped_column(default=1)
    # Holds people detained under the Terrorism Act: only TACT-trained volunteers visit it.
    # Default in the database only, as older code and migration tests insert rows without it.
    tact_designated: so.Mapped[bool] = so.mapped_column(server_default=sa.false())

    panel: so.Mapped[Panel] = so.relationship(back_populates="suites")
    open_periods: so.Mapped[list[SuiteOpenPeriod]] = so.relationship(
        back_populates="suite", cascade="all, delete-orphan", order_by="SuiteOpenPeriod.opens_on"
    )

    def __repr__(self) -> str:
        return f"<Suite {self.name}>"


class SuiteOpenPeriod(db.Model):
    """Dates a contingency suite is open, so the rota visits it then (and only then)."""

    __tablename__ = "suite_open_periods"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    suite_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("suites.id", ondelete="CASCADE"), index=True
    )
    opens_on: so.Mapped[date]
    closes_on: so.Mapped[date | None]  # the last open day; empty = until further notice
    note: so.Mapped[str] = so.mapped_column(sa.String(200), default="")

    suite: so.Mapped[Suite] = so.relationship(back_populates="open_periods")


class User(UserMixin, db.Model):
    """Anyone who signs in. Volunteer-only details are empty for other roles."""

    __tablename__ = "users"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    email: so.Mapped[str] = so.mapped_column(sa.String(254), unique=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))
    phone: so.Mapped[str] = so.mapped_column(sa.String(40), default="")
    role: so.Mapped[str] = so.mapped_column(sa.String(20), index=True)
    password_hash: so.Mapped[str | None] = so.mapped_column(sa.String(256))
    # Rotated on password change and deactivation: signs out every other session.
    session_token: so.Mapped[str] = so.mapped_column(
        sa.String(64), default=lambda: secrets.token_hex(16)
    )
    is_enabled: so.Mapped[bool] = so.mapped_column(default=True)
    # "en" or "cy" once they choose on the switch (icv.language); empty: the browser's.
    language: so.Mapped[str | None] = so.mapped_column(sa.String(5))
    failed_sign_ins: so.Mapped[int] = so.mapped_column(default=0)
    locked_until: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    deactivated_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # Two-factor sign-in (icv.auth.two_factor). The secret is a credential: never log or export it.
    totp_secret: so.Mapped[str | None] = so.mapped_column(EncryptedString(255))  # icv/crypto.py
    totp_enabled_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    # The last 30-second step a code was accepted for: the same code cannot be used twice.
    totp_last_step: so.Mapped[int | None] = so.mapped_column(sa.BigInteger)

    # Volunteer (ICV) details.
    panel_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("panels.id"), index=True)
    status: so.Mapped[str | None] = so.mapped_column(sa.String(20))
    appointed_on: so.Mapped[date | None]
    # On probation: appointed_on set and this empty (icv.volunteering.probation ends it).
    probation_completed_on: so.Mapped[date | None]
    term_ends_on: so.Mapped[date | None]
    vetting_expires_on: so.Mapped[date | None]
    visits_made: so.Mapped[int] = so.mapped_column(default=0)
    experienced: so.Mapped[bool] = so.mapped_column(default=False)
    max_visits_per_month: so.Mapped[int] = so.mapped_column(default=1)

    panel: so.Mapped[Panel | None] = so.relationship(
        back_populates="volunteers", foreign_keys=[panel_id]
    )
    coordinated_panels: so.Mapped[list[Panel]] = so.relationship(
        secondary=panel_coordinators, back_populates="coordinators", order_by="Panel.name"
    )
    police_suites: so.Mapped[list[Suite]] = so.relationship(
        secondary=police_suite_links, order_by="Suite.name"
    )
    availability: so.Mapped[list[Availability]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    absences: so.Mapped[list[Absence]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="Absence.starts_on"
    )
    api_tokens: so.Mapped[list[ApiToken]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    recovery_codes: so.Mapped[list[RecoveryCode]] = so.relationship(
        back_populates="user", cascade="all, delete-orphan"
    )
    trainings: so.Mapped[list[TrainingRecord]] = so.relationship(
        back_populates="user",
        cascade="all, delete-orphan",
        foreign_keys="TrainingRecord.user_id",
        order_by="TrainingRecord.completed_on",
    )

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_enabled

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


def find_user_by_email(email: str) -> User | None:
    """Email addresses match whatever their case: one person, one account."""
    return db.session.scalar(sa.select(User).where(sa.func.lower(User.email) == email.lower()))


class Availability(db.Model):
    """A weekly slot a volunteer can usually visit in: a day of the week and a time band."""

    __tablename__ = "availability"
    __table_args__ = (sa.UniqueConstraint("user_id", "weekday", "band"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    weekday: so.Mapped[int]  # 0 = Monday
    band: so.Mapped[str] = so.mapped_column(sa.String(20))

    user: so.Mapped[User] = so.relationship(back_populates="availability")


class Absence(db.Model):
    """Dates a volunteer is away and must not be scheduled."""

    __tablename__ = "absences"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    starts_on: so.Mapped[date]
    ends_on: so.Mapped[date]
    note: so.Mapped[str] = so.mapped_column(sa.String(200), default="")

    user: so.Mapped[User] = so.relationship(back_populates="absences")


TACT_COURSE = "tact"  # the training a visit to a TACT-designated suite needs
# Every scheme's courses; an admin adds others (TrainingCourse).
STANDARD_COURSES = {"induction": N_("Induction"), TACT_COURSE: "TACT", "refresher": N_("Refresher")}


class TrainingCourse(db.Model):
    """A course an admin added to the standard ones (STANDARD_COURSES)."""

    __tablename__ = "training_courses"

    code: so.Mapped[str] = so.mapped_column(sa.String(40), primary_key=True)
    name: so.Mapped[str] = so.mapped_column(sa.String(120))


class TrainingRecord(db.Model):
    """A course a volunteer completed. Valid from completed_on up to the day before
    expires_on (as vetting is); no expiry date: valid from then on."""

    __tablename__ = "training_records"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    course_code: so.Mapped[str] = so.mapped_column(sa.String(40))
    completed_on: so.Mapped[date]
    expires_on: so.Mapped[date | None]
    recorded_by_id: so.Mapped[int | None] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    user: so.Mapped[User] = so.relationship(back_populates="trainings", foreign_keys=[user_id])
    recorded_by: so.Mapped[User | None] = so.relationship(foreign_keys=[recorded_by_id])

    @property
    def last_valid_day(self) -> date | None:
        """The last day it is valid; None: it does not expire."""
        return self.expires_on - timedelta(days=1) if self.expires_on else None


class ApiToken(db.Model):
    """A personal API token; only its SHA-256 hash is stored."""

    __tablename__ = "api_tokens"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    token_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    label: so.Mapped[str] = so.mapped_column(sa.String(100), default="")
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    last_used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    revoked_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    user: so.Mapped[User] = so.relationship(back_populates="api_tokens")


class RecoveryCode(db.Model):
    """A single-use code for signing in without the authenticator app; only its hash is kept."""

    __tablename__ = "recovery_codes"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    user_id: so.Mapped[int] = so.mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    code_hash: so.Mapped[str] = so.mapped_column(sa.String(64), unique=True)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    used_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)

    user: so.Mapped[User] = so.relationship(back_populates="recovery_codes")


# --- scheme-wide settings that admins change in the app (issue 17) ---------------------------

# "yes": each visit report received is summarised by email to its suite's police users.
POLICE_REPORT_EMAILS = "police_report_emails"


class SchemeSetting(db.Model):
    """One setting of the scheme that an admin changes in the app (not deployment config)."""

    __tablename__ = "scheme_settings"

    name: so.Mapped[str] = so.mapped_column(sa.String(60), primary_key=True)
    value: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    changed_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    changed_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)


def setting_is_on(name: str) -> bool:
    """A yes/no setting: off until an admin turns it on."""
    row = db.session.get(SchemeSetting, name)
    return row is not None and row.value == "yes"
