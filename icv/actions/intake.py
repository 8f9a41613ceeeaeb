"""Turning the concerns in a visit report into follow-up actions, each exactly once.

Runs inside the transaction that stores the report (or its amendment), so a report is never
stored without its actions. It reads with autoflush off: nothing is written before the
caller's commit, where the report's own idempotency checks run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app

from icv.actions import notes
from icv.actions.models import Action, ActionEvent, ActionSource, Category, Owner
from icv.dates import day, scheme_date, utcnow
from icv.extensions import db
from icv.language import speaking
from icv.models import User
from icv.visits import vocabulary
from icv.visits.events import report_amended, report_stored
from icv.visits.models import VisitReport

DEFAULT_OWNERS = {Category.FOLLOW_UP: Owner.SCHEME_OFFICE}  # the rest: the custody inspector


@dataclass(frozen=True)
class Concern:
    kind: Category
    item_key: str  # which item of the report: "row:3", a condition code, "delay", ...
    detail: str  # what was found, as the visitors put it
    custody_number: str = ""


def concerns_in(report: VisitReport) -> list[Concern]:
    """Everything in the report that needs following up, in the order of the form: written
    in English, whoever sends the report (it is stored, and matched again on amendments)."""
    with speaking(None):
        return _concerns_in(report)


def _concerns_in(report: VisitReport) -> list[Concern]:
    found = []
    for row in report.detainees:
        found += _detainee_concerns(row)
    conditions = [
        Concern(Category.SUITE_CONDITION, check.code, _condition_text(check))
        for check in report.conditions
        if check.rating == "concern"
    ]
    found += conditions
    if report.delay_minutes is not None:
        text = "\n".join([
            notes.written(notes.KEPT_WAITING, minutes=report.delay_minutes),
            notes.written(notes.REASON_GIVEN, reason=report.delay_reason),
            notes.written(notes.AUTHORISED_BY, rank=report.delay_authorised_by_rank),
        ])  # fmt: skip
        found.append(Concern(Category.ACCESS_DELAY, "delay", text))
    if report.admitted_at is None:  # access refused: the strongest concern about access
        reason = report.not_completed_reason.strip()
        text = f"{notes.NOT_ADMITTED}\n{notes.written(notes.REASON, reason=reason)}"
        found.append(Concern(Category.ACCESS_DELAY, "refused", text))
    note = report.follow_up_note.strip()
    if report.follow_up_needed and note:
        same = next((c for c in conditions if _names_condition(note, c.item_key)), None)
        if same is None:
            found.append(Concern(Category.FOLLOW_UP, "follow_up_note", note))
        else:  # the same problem, flagged twice: one action, saying both
            both = f"{same.detail}\n{notes.written(notes.FOLLOW_UP, note=note)}"
            found[found.index(same)] = replace(same, detail=both)
    return found


def _condition_text(check) -> str:
    label = vocabulary.SUITE_CONDITIONS.get(check.code, check.code)
    return f"{label}: {check.note.strip() or notes.RATED_A_CONCERN}"


def _names_condition(note: str, code: str) -> bool:
    """Whether a follow-up note is about this suite condition: it names it ("Check heating")."""
    label = vocabulary.SUITE_CONDITIONS.get(code, code).split(" (")[0]
    names = {label.lower(), code.replace("_", " ")}
    return any(re.search(rf"\b{re.escape(name)}\b", note.lower()) for name in names)


def _detainee_concerns(row) -> list[Concern]:
    key, number = f"row:{row.position}", row.custody_number.strip()
    found = []
    if row.allegation.strip():  # always followed up, whether or not the pair ticked the box
        found.append(Concern(Category.ALLEGATION, key, row.allegation.strip(), number))
    issue = row.issues_raised.strip()
    if row.follow_up and (issue or row.action_taken.strip() or not found):
        text = issue or notes.NO_DETAILS
        if row.action_taken.strip():
            text += "\n" + notes.written(notes.DONE_ON_THE_VISIT, done=row.action_taken.strip())
        found.append(Concern(Category.DETAINEE_ISSUE, key, text, number))
    return found


@report_stored.connect
@report_amended.connect
def _raise_actions(report: VisitReport, **_signal) -> None:
    """Concerns become follow-up actions in the transaction that stores the report."""
    actions_from_report(report)


def actions_from_report(report: VisitReport) -> list[Action]:
    """Open an action for each concern not yet followed up; returns the new actions.

    Safe to run again, and after an amendment: a concern already linked to an action (found
    by its text first, so reordered rows still match, then by its item) is refreshed, not
    repeated. An item the amendment removed keeps its action, with a note on the timeline.
    """
    with db.session.no_autoflush:
        known = _sources_of(report)
        concerns = concerns_in(report)
        matched = _match(concerns, known)
        by = _who_stored(report)
        created = []
        for concern in concerns:
            source = matched.get(concern)
            if source is None:
                created.append(_open_action(report, concern, _free_key(concern, known), by))
            else:
                _refresh(source, concern, by)
        for source in set(known) - set(matched.values()):
            _withdraw(source, by)
    return created


def _sources_of(report: VisitReport) -> list[ActionSource]:
    if report.id is None:
        return []
    query = sa.select(ActionSource).where(ActionSource.report_id == report.id)
    return list(db.session.scalars(query.order_by(ActionSource.id)))


def _match(concerns: list[Concern], known: list[ActionSource]) -> dict:
    matched, free = {}, list(known)
    for same in (
        lambda c, s: s.kind == c.kind and s.detail == c.detail,
        lambda c, s: s.kind == c.kind and s.item_key == c.item_key,
    ):
        for concern in concerns:
            if concern in matched:
                continue
            source = next((s for s in free if same(concern, s)), None)
            if source is not None:
                matched[concern] = source
                free.remove(source)
    return matched


def _free_key(concern: Concern, known: list[ActionSource]) -> str:
    """The item's key, or a numbered variant if an older item of this report holds it."""
    taken = {s.item_key for s in known if s.kind == concern.kind}
    key, number = concern.item_key, 2
    while key in taken:
        key, number = f"{concern.item_key}#{number}", number + 1
    return key


def _open_action(report: VisitReport, concern: Concern, key: str, by: User | None) -> Action:
    raised_on = scheme_date(report.arrived_at)
    with speaking(None):  # stored: in English, whoever reads it later (icv.actions.notes)
        note = notes.written(notes.RAISED, day=day(raised_on))
    days = current_app.config["ACTION_DUE_DAYS"].get(str(concern.kind), 28)
    action = Action(
        suite=report.suite,
        panel_id=report.suite.panel_id,
        category=concern.kind,
        summary=concern.detail,
        custody_number=concern.custody_number,
        owner=DEFAULT_OWNERS.get(concern.kind, Owner.CUSTODY_INSPECTOR),
        raised_on=raised_on,
        due_on=raised_on + timedelta(days=days),
    )
    action.sources = [
        ActionSource(report=report, kind=concern.kind, item_key=key, detail=concern.detail)
    ]
    action.events = [
        ActionEvent(
            by=by,
            kind="raised",
            at=utcnow(),
            note=note,
        )
    ]
    db.session.add(action)
    return action


def _refresh(source: ActionSource, concern: Concern, by: User | None) -> None:
    """The report was amended: keep the source's text (and the action's, if unedited) current."""
    if source.detail == concern.detail and source.withdrawn_at is None:
        return
    action = source.action
    if action.summary == source.detail:
        action.summary = concern.detail
    if concern.custody_number and action.custody_number != concern.custody_number:
        action.custody_number = concern.custody_number
    changes = {} if source.detail == concern.detail else {"detail": [source.detail, concern.detail]}
    source.detail, source.withdrawn_at = concern.detail, None
    db.session.add(
        ActionEvent(
            action=action,
            by=by,
            kind="report_amended",
            changes=changes,
            at=utcnow(),
            note=notes.AMENDED,
        )
    )


def _withdraw(source: ActionSource, by: User | None) -> None:
    if source.withdrawn_at is not None:
        return
    source.withdrawn_at = utcnow()
    db.session.add(
        ActionEvent(
            action=source.action,
            by=by,
            kind="report_amended",
            at=utcnow(),
            note=notes.WITHDRAWN,
        )
    )


def _who_stored(report: VisitReport) -> User | None:
    """Whoever sent the report, or made the amendment being stored."""
    if report.amendments:
        return report.amendments[-1].changed_by
    return report.submitted_by
