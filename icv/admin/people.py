"""Users and volunteers: adding, changing, deactivating; expiry warnings.

Operations add and flush; the view commits.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import date, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext

from icv.admin.scheme import Problem
from icv.audit import record
from icv.auth.accounts import end_api_tokens, set_password
from icv.dates import utcnow
from icv.extensions import db
from icv.models import Panel, Role, Suite, User, VolunteerStatus

EXPIRY_WARNING_DAYS = 30
# What a coordinator may change on a volunteer (email included: volunteers cannot).
VOLUNTEER_FIELDS = (
    "name",
    "email",
    "phone",
    "panel",
    "status",
    "appointed_on",
    "probation_completed_on",
    "term_ends_on",
    "vetting_expires_on",
    "visits_made",
    "experienced",
    "max_visits_per_month",
)


def _check_email_free(email: str, exclude_id: int | None = None) -> None:
    query = sa.select(User.id).where(sa.func.lower(User.email) == email.strip().lower())
    if exclude_id is not None:
        query = query.where(User.id != exclude_id)
    if db.session.scalar(query) is not None:
        raise Problem(
            "email",
            gettext("A user with the email address %(email)s already exists", email=email.strip()),
        )


def create_user(
    *,
    name: str,
    email: str,
    role: str,
    panel: Panel | None = None,
    coordinated_panels: Iterable[Panel] = (),
    suites: Iterable[Suite] = (),
    password: str | None = None,
    **volunteer_details,
) -> User:
    """Add a user. Without a password they cannot sign in until they follow an invitation."""
    _check_email_free(email)
    user = User(name=name.strip(), email=email.strip(), role=role, phone="")
    if role == Role.VOLUNTEER:
        user.panel = panel
        user.status = VolunteerStatus.PROBATION
        for field, value in volunteer_details.items():
            setattr(user, field, value)
    elif role == Role.COORDINATOR:
        user.coordinated_panels = list(coordinated_panels)
    elif role == Role.POLICE:
        if not suites:
            raise Problem("suites", gettext("Choose at least one custody suite"))
        user.police_suites = list(suites)
    if password:
        set_password(user, password)
    db.session.add(user)
    db.session.flush()
    record("created", "user", user.id, f"role {role}")
    return user


def update_volunteer(volunteer: User, **changes) -> User:
    unknown = set(changes) - set(VOLUNTEER_FIELDS)
    if unknown:
        raise TypeError(f"not volunteer fields: {sorted(unknown)}")
    if "email" in changes:
        _check_email_free(changes["email"], exclude_id=volunteer.id)
    for field, value in changes.items():
        setattr(volunteer, field, value.strip() if isinstance(value, str) else value)
    record("changed", "user", volunteer.id, "volunteer details: " + ", ".join(sorted(changes)))
    db.session.flush()
    return volunteer


def update_own_details(user: User, *, name: str, phone: str) -> User:
    """What people may change about themselves; email stays with their coordinator."""
    user.name = name.strip()
    user.phone = phone.strip()
    record("changed", "user", user.id, "own details: name, phone")
    db.session.flush()
    return user


def deactivate(user: User) -> None:
    """Stop someone signing in without deleting them or their history; signs them out."""
    user.is_enabled = False
    user.deactivated_at = utcnow()
    user.session_token = secrets.token_hex(16)  # ends every session and any invitation link
    end_api_tokens(user, "deactivated")
    if user.role == Role.VOLUNTEER:
        user.status = VolunteerStatus.ENDED
    record("deactivated", "user", user.id, "signed out; history kept")
    db.session.flush()


def reactivate(user: User) -> None:
    user.is_enabled = True
    user.deactivated_at = None
    end_api_tokens(user, "reactivated")  # any left from before deactivation ended tokens
    user.failed_sign_ins = 0
    user.locked_until = None
    if user.role == Role.VOLUNTEER and user.status == VolunteerStatus.ENDED:
        user.status = VolunteerStatus.ACTIVE
    record("reactivated", "user", user.id)
    db.session.flush()


def expiry_flag(day: date | None, today: date | None = None) -> str | None:
    """'expired', 'soon' (within EXPIRY_WARNING_DAYS) or None, for vetting and term dates."""
    if day is None:
        return None
    today = today or date.today()
    if day < today:
        return "expired"
    if day <= today + timedelta(days=EXPIRY_WARNING_DAYS):
        return "soon"
    return None


def filter_volunteers(query, *, panel_id: int | None = None, status: str | None = None):
    query = query.options(so.joinedload(User.panel))  # the list shows each one's panel
    if panel_id:
        query = query.where(User.panel_id == panel_id)
    if status == "deactivated":
        query = query.where(User.is_enabled.is_(False))
    elif status:
        query = query.where(User.status == status)
    return query


def all_users_query():
    return (
        sa.select(User)
        .options(
            so.selectinload(User.coordinated_panels),
            so.selectinload(User.police_suites),
            so.joinedload(User.panel),
        )
        .order_by(User.name)
    )
