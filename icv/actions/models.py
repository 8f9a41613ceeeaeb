"""Follow-up actions: a concern from a visit report, chased until closed, with its timeline.

Actions are never deleted and their events never changed: the listeners at the bottom refuse
it, so no concern raised in a report can disappear between the visit and its closure.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask_babel import gettext

from icv.dates import UTCDateTime, utcnow
from icv.extensions import db
from icv.language import N_
from icv.models import Panel, Suite, User
from icv.visits.models import VisitReport


class Category(enum.StrEnum):
    ALLEGATION = "allegation"  # about treatment in custody: always followed up, urgently
    DETAINEE_ISSUE = "detainee_issue"
    SUITE_CONDITION = "suite_condition"
    ACCESS_DELAY = "access_delay"
    FOLLOW_UP = "follow_up"  # the report's own "needs following up" note


# Labels are data (the API, audit) in English: gettext(label) translates one where shown.
CATEGORY_LABELS = {
    Category.ALLEGATION: N_("Allegation about treatment"),
    Category.DETAINEE_ISSUE: N_("Issue raised by a detainee"),
    Category.SUITE_CONDITION: N_("Suite condition"),
    Category.ACCESS_DELAY: N_("Delay or refusal at the door"),
    Category.FOLLOW_UP: N_("Follow-up from the report"),
}


class Status(enum.StrEnum):
    OPEN = "open"
    SENT_TO_POLICE = "sent_to_police"
    RESPONSE_RECEIVED = "response_received"
    ESCALATED = "escalated"
    CLOSED = "closed"


STATUS_LABELS = {
    Status.OPEN: N_("Open"),
    Status.SENT_TO_POLICE: N_("Sent to police"),
    Status.RESPONSE_RECEIVED: N_("Response received"),
    Status.ESCALATED: N_("Escalated"),
    Status.CLOSED: N_("Closed"),
}


class Owner(enum.StrEnum):
    CUSTODY_INSPECTOR = "custody_inspector"
    SCHEME_OFFICE = "scheme_office"
    OTHER = "other"


OWNER_LABELS = {
    Owner.CUSTODY_INSPECTOR: N_("Custody inspector"),
    Owner.SCHEME_OFFICE: N_("Scheme office"),
    Owner.OTHER: N_("Other"),
}


def category_label(value: str) -> str:
    """A category as people read it, in the language being written (an unknown one as is)."""
    return gettext(CATEGORY_LABELS[value]) if value in CATEGORY_LABELS else value


def status_label(value: str) -> str:
    return gettext(STATUS_LABELS[value]) if value in STATUS_LABELS else value


def owner_label(value: str) -> str:
    """An owner's label; also an English label stored in an older timeline entry."""
    if value in OWNER_LABELS:
        return gettext(OWNER_LABELS[value])
    return gettext(value) if value in OWNER_LABELS.values() else value


class Action(db.Model):
    __tablename__ = "actions"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    panel_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("panels.id"), index=True)
    suite_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("suites.id"), index=True)
    category: so.Mapped[str] = so.mapped_column(sa.String(30), index=True)
    # What was found, in general terms (never a name). The custody number is kept only for
    # concerns about one person, and shown only to coordinators and admins.
    summary: so.Mapped[str] = so.mapped_column(sa.Text)
    custody_number: so.Mapped[str] = so.mapped_column(sa.String(30), default="")
    owner: so.Mapped[str] = so.mapped_column(sa.String(30), default=Owner.CUSTODY_INSPECTOR)
    owner_other: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    raised_on: so.Mapped[date] = so.mapped_column(index=True)
    due_on: so.Mapped[date]
    status: so.Mapped[str] = so.mapped_column(sa.String(30), default=Status.OPEN, index=True)
    sent_to_police_on: so.Mapped[date | None]
    police_response: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    police_response_on: so.Mapped[date | None]
    police_responder: so.Mapped[str] = so.mapped_column(sa.String(200), default="")
    escalated_on: so.Mapped[date | None]
    closed_on: so.Mapped[date | None] = so.mapped_column(index=True)
    closed_reason: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    # Set when this action was linked into another as a duplicate (and so closed).
    duplicate_of_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("actions.id"))
    last_reminded_on: so.Mapped[date | None]  # overdue reminders: at most one a day
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    panel: so.Mapped[Panel] = so.relationship()
    suite: so.Mapped[Suite] = so.relationship()
    duplicate_of: so.Mapped[Action | None] = so.relationship(remote_side=[id])
    sources: so.Mapped[list[ActionSource]] = so.relationship(
        back_populates="action", order_by="ActionSource.id"
    )
    events: so.Mapped[list[ActionEvent]] = so.relationship(
        back_populates="action", order_by="ActionEvent.id"
    )
    responses: so.Mapped[list[ActionResponse]] = so.relationship(
        back_populates="action", order_by="ActionResponse.id"
    )

    @property
    def is_closed(self) -> bool:
        return self.status == Status.CLOSED

    def __repr__(self) -> str:
        return f"<Action {self.id} {self.category} {self.status}>"


class ActionSource(db.Model):
    """Where an action came from: one item of one report. Linked duplicates share an action.

    The UNIQUE key makes intake idempotent: an item becomes an action at most once.
    """

    __tablename__ = "action_sources"
    __table_args__ = (sa.UniqueConstraint("report_id", "kind", "item_key"),)

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    action_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("actions.id"), index=True)
    report_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("visit_reports.id"))
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))  # a Category value
    # Which item: "row:3" (a detainee row), a condition code, "delay" or "follow_up_note".
    item_key: so.Mapped[str] = so.mapped_column(sa.String(60))
    detail: so.Mapped[str] = so.mapped_column(sa.Text, default="")  # the item's text as reported
    # Set when an amendment removed the item from the report (the action itself stays).
    withdrawn_at: so.Mapped[datetime | None] = so.mapped_column(UTCDateTime)
    created_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    action: so.Mapped[Action] = so.relationship(back_populates="sources")
    report: so.Mapped[VisitReport] = so.relationship()


class ActionEvent(db.Model):
    """One entry of an action's timeline: who, when, what changed and why. Append-only."""

    __tablename__ = "action_events"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    action_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("actions.id"), index=True)
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))  # None: the system
    kind: so.Mapped[str] = so.mapped_column(sa.String(30))
    # {"field": [before, after], ...} as text, for the fields this event changed.
    changes: so.Mapped[dict] = so.mapped_column(sa.JSON, default=dict)
    note: so.Mapped[str] = so.mapped_column(sa.Text, default="")

    action: so.Mapped[Action] = so.relationship(back_populates="events")
    by: so.Mapped[User | None] = so.relationship()


class ActionResponse(db.Model):
    """A police user's own answer (in the app or through the API), as they gave it and when.

    Either what the police did about it, or that they disagree and why. Append-only like the
    timeline: asking again brings a new answer, and the first one's time is the time to
    response (icv.figures.action_timing)."""

    __tablename__ = "action_responses"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    action_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("actions.id"), index=True)
    by_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("users.id"))
    at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)
    response: so.Mapped[str] = so.mapped_column(sa.Text)
    action_taken: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    done_on: so.Mapped[date | None]
    disagrees: so.Mapped[bool] = so.mapped_column(default=False)

    action: so.Mapped[Action] = so.relationship(back_populates="responses")
    by: so.Mapped[User] = so.relationship()


# --- publishing (issue 17): what a quarter's public list shows of an action ------------------


class ActionPublication(db.Model):
    """A coordinator's approval to list an action publicly, in the quarter it was raised.

    The public list shows the suite, category and current state of every approved action,
    and only the wording approved here: what was found and the police's response, each as
    the coordinator approved it ("" means that text is not published). Never a custody
    number, a name or text nobody approved. Withdrawing an approval deletes the row."""

    __tablename__ = "action_publications"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    action_id: so.Mapped[int] = so.mapped_column(sa.ForeignKey("actions.id"), unique=True)
    summary: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    response: so.Mapped[str] = so.mapped_column(sa.Text, default="")
    approved_by_id: so.Mapped[int | None] = so.mapped_column(sa.ForeignKey("users.id"))
    approved_at: so.Mapped[datetime] = so.mapped_column(UTCDateTime, default=utcnow)

    action: so.Mapped[Action] = so.relationship(backref=so.backref("publication", uselist=False))
    approved_by: so.Mapped[User | None] = so.relationship()


class AppendOnlyError(RuntimeError):
    pass


@sa.event.listens_for(so.Session, "before_flush")
def _never_delete(session, flush_context, instances):
    """Refused before anything is written (a mapper hook would run after the children)."""
    for row in session.deleted:
        if isinstance(row, Action):
            raise AppendOnlyError("Actions are never deleted; close them with a reason instead.")
        if isinstance(row, ActionEvent | ActionResponse):
            raise AppendOnlyError("An action's timeline is append-only.")


@sa.event.listens_for(ActionResponse, "before_update")
@sa.event.listens_for(ActionEvent, "before_update")
def _events_are_append_only(mapper, connection, target):
    raise AppendOnlyError("An action's timeline is append-only.")
