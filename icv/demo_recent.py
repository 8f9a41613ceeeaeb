"""The demo's last few weeks: visit reports sent through the ordinary intake, and their actions.

The 2019/20 year shows the figures; these show the product in use today. Each report goes
through `receive_report`, as one sent by a phone would, so its figures summary and follow-up
actions come from the same code; the demo coordinator then takes some actions further.

A run adds them only when the scheme has no report from the last two weeks, so running the
seed again adds nothing, and a demo database left for weeks gets a fresh set.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import sqlalchemy as sa

from icv.actions import publishing, workflow
from icv.actions.models import Action, ActionSource
from icv.attention import NEW_REPORT_DAYS
from icv.dates import SCHEME_TIME_ZONE, iso, start_of_day
from icv.demo import DEMO_ROLE_EMAILS, TACT_SUITE
from icv.extensions import db
from icv.figures.demo_bodies import CHECK_CODES, with_tact_detainee
from icv.models import Role, Suite, User, VolunteerStatus
from icv.tact.copies import Sending, copy_of, record_sent
from icv.visits import vocabulary
from icv.visits.models import VisitReport
from icv.visits.reports import CREATED, receive_report

NAMESPACE = uuid.UUID("6f0c7c2e-8d1e-4d4e-9a51-2019d0e20001")
# How far a visit's actions have gone: every state an action can be in.
OPEN, SENT, ESCALATED = "open", "sent to police", "sent, then escalated"
ANSWERED = "sent, and the first answered by the suite's police user (the others still wait)"
CLOSED = "sent, answered by the suite's police user and closed"
RECORDED = "sent, the police response recorded by the coordinator, and closed"


@dataclass(frozen=True)
class RecentVisit:
    """One visit of the last weeks, and how far its actions have gone (OPEN, SENT or CLOSED)."""

    days_ago: int
    suite: str
    hour: int  # local arrival time
    people: tuple[str, ...] = ("interviewed",) * 2 + ("declined",) + ("unavailable",) * 2
    concerns: dict = field(default_factory=dict)  # suite condition code: note
    follow_up_note: str = ""
    delay: dict | None = None
    issue: tuple[str, str] | None = None  # (raised by a detainee, done on the visit)
    rating: str = "satisfactory"
    positive_findings: str = ""
    actions: str = OPEN
    tact: bool = False  # someone interviewed is held under the Terrorism Act (format 2)


# Colindale is the demo volunteer's suite, and the demo police user's; Colindale and Wembley
# are the demo coordinator's. Other panels' actions are taken further by the demo admin.
RECENT = [
    RecentVisit(38, "Colindale", 19, concerns={"heating": "Cells cold; heating reported as faulty"},
                follow_up_note="Check the heating has been repaired", rating="unsatisfactory",
                actions=ESCALATED),
    RecentVisit(31, "Wembley", 20, actions=SENT, delay={
        "minutes": 25, "reason": "A detainee being restrained", "authorised_by_rank": "Inspector"}),
    RecentVisit(24, "Colindale", 18, actions=CLOSED,
                concerns={"cell_call_bells": "Call bell in one cell not working"}),
    RecentVisit(17, "Stoke Newington", 14, positive_findings="Calm suite; staff helpful",
                concerns={"lighting": "Two corridor lights out"}, actions=RECORDED),
    RecentVisit(10, "Wembley", 21, rating="unsatisfactory", people=("interviewed", "unavailable"),
                issue=("Asked to see a doctor; still waiting after three hours",
                       "Raised with the custody sergeant")),
    RecentVisit(6, "Brixton", 11, positive_findings="Cells clean; food well stocked",
                concerns={"ventilation": "Medical room stuffy; vent blocked"}, actions=SENT),
    RecentVisit(3, "Colindale", 20, concerns={"supplies": "Low on blankets and hygiene packs"},
                follow_up_note="Ask when supplies will be restocked", actions=ANSWERED),
]  # fmt: skip
POLICE_RESPONSE = ("The corridor lights were replaced two days after the visit.", "Inspector Okoro")
POLICE_ANSWER = ("Checked with the custody manager: repaired and tested.", "Engineer called out")
ESCALATION = "No answer after a reminder: raised with the Borough Commander"
# What the demo coordinator approved for the public list: the closed call bell, in words.
PUBLISHED = ("A call bell in one cell did not work", "Repaired and tested within a week")


def seed_recent_reports(today: date) -> int:
    """Add the recent visits unless the scheme already has a report from the last two weeks;
    return how many reports were added."""
    recent = start_of_day(today - timedelta(days=NEW_REPORT_DAYS))
    if db.session.scalar(sa.select(VisitReport.id).where(VisitReport.arrived_at >= recent)):
        return 0
    suites = {suite.name: suite for suite in db.session.scalars(sa.select(Suite))}
    volunteer = _account(DEMO_ROLE_EMAILS[Role.VOLUNTEER])
    coordinator = _account(DEMO_ROLE_EMAILS[Role.COORDINATOR])
    for number, visit in enumerate(RECENT):
        suite = suites[visit.suite]
        pair = _pair(suite, volunteer)
        body = _body(visit, suite, pair, today)
        report_uuid = str(uuid.uuid5(NAMESPACE, f"demo-recent-{today}-{number}"))
        receipt = receive_report(report_uuid, body, pair[0])
        if receipt.status != CREATED:  # a bug in the demo, never in the data
            raise RuntimeError(f"recent demo report {number}: {receipt.errors or receipt.message}")
        _take_further(receipt.report, visit, coordinator)
    db.session.commit()
    return len(RECENT) + _seed_recent_tact_reports(today, suites[TACT_SUITE], volunteer)


def _account(email: str) -> User:
    return db.session.scalar(sa.select(User).where(User.email == email))


def _pair(suite: Suite, volunteer: User) -> list[User]:
    """The demo volunteer and a partner at their own panel's suites; two others elsewhere."""
    query = (
        sa.select(User)
        .where(User.role == Role.VOLUNTEER, User.panel_id == suite.panel_id)
        .where(User.status == VolunteerStatus.ACTIVE, User.id != volunteer.id)
        .order_by(User.email)
        .limit(2)
    )
    others = list(db.session.scalars(query))
    return [volunteer, others[0]] if volunteer.panel_id == suite.panel_id else others


def _body(visit: RecentVisit, suite: Suite, pair: list[User], today: date) -> dict:
    day = today - timedelta(days=visit.days_ago)
    arrived = datetime.combine(day, time(visit.hour, 10), SCHEME_TIME_ZONE)
    admitted = arrived + timedelta(minutes=visit.delay["minutes"] if visit.delay else 0)
    conditions = {code: {"rating": "fine"} for code in vocabulary.SUITE_CONDITIONS}
    for code, note in visit.concerns.items():
        conditions[code] = {"rating": "concern", "note": note}
    people = [_person(outcome) for outcome in visit.people]
    if visit.issue:
        issue, done = visit.issue
        number = f"CU/{40_000 + visit.days_ago}/{day:%y}"  # invented, as the follow-up needs one
        people[0] |= {"issues_raised": issue, "action_taken": done, "raised_with_staff": True,
                      "follow_up": True, "custody_number": number}  # fmt: skip
    if visit.tact:
        with_tact_detainee({"detainees": people})
    return {
        "format_version": 2 if visit.tact else 1,
        "suite_id": suite.id,
        "scheduled_visit_id": None,  # made between rotas: the published one starts today
        "visitor_ids": [person.id for person in pair],
        "trainee_ids": [],
        "visit_mode": "in_person",
        "arrived_at": iso(arrived),
        "admitted_at": iso(admitted),
        "departed_at": iso(admitted + timedelta(minutes=40 + 8 * len(people))),
        "delay": visit.delay,
        "detainees_in_custody": len(people),
        "juveniles": 0,
        "vulnerable_adults": 1,
        "detainees": people,
        "conditions": conditions,
        "raised_with_sergeant": "Raised the suite concerns noted above" if visit.concerns else "",
        "sergeant_response": "Sergeant will report them to facilities" if visit.concerns else "",
        "rating": visit.rating,
        "positive_findings": visit.positive_findings,
        "follow_up_needed": bool(visit.follow_up_note),
        "follow_up_note": visit.follow_up_note,
    }


def _person(outcome: str) -> dict:
    if outcome == "interviewed":
        return {"outcome": outcome, "checks": dict.fromkeys(CHECK_CODES, "yes")}
    if outcome == "declined":
        return {"outcome": outcome}
    return {"outcome": "unavailable", "unavailable_reason": "asleep"}


def _take_further(report: VisitReport, visit: RecentVisit, coordinator: User) -> None:
    """The coordinator (the admin, for panels the coordinator does not run) sends the report's
    actions to the police; then escalates them, or the police answer and the coordinator
    closes them, or records an answer given another way and closes them."""
    if visit.actions == OPEN:
        return
    if coordinator not in report.suite.panel.coordinators:
        coordinator = _account(DEMO_ROLE_EMAILS[Role.ADMIN])
    police = _account(DEMO_ROLE_EMAILS[Role.POLICE])
    query = sa.select(Action).join(ActionSource).where(ActionSource.report_id == report.id)
    for number, action in enumerate(db.session.scalars(query.order_by(Action.id))):
        raised = action.raised_on
        workflow.send_to_police(action, coordinator, raised + timedelta(days=2))
        if visit.actions == ESCALATED:
            workflow.escalate(action, coordinator, ESCALATION, today=raised + timedelta(days=16))
        elif visit.actions in (ANSWERED, CLOSED) and (number == 0 or visit.actions == CLOSED):
            answered = _moment(raised + timedelta(days=min(5, visit.days_ago - 1)))
            response, done = POLICE_ANSWER
            workflow.police_answer(action, police, response, done, at=answered)
        elif visit.actions == RECORDED:
            text, responder = POLICE_RESPONSE
            workflow.record_response(
                action, coordinator, text, raised + timedelta(days=4), responder
            )
        if visit.actions in (CLOSED, RECORDED):
            workflow.close(action, coordinator, today=raised + timedelta(days=9))
        if visit.actions == CLOSED:
            summary, response = PUBLISHED
            publishing.approve(action, coordinator, list(publishing.WORDING), summary, response)


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(11, 30), SCHEME_TIME_ZONE)


# --- TACT visits (issue 16): two recent reports with a person held under the Terrorism Act ----
# At the TACT suite, by its panel's trained volunteers. The scheme office (the demo admin)
# sent the first one's Reviewer's copy by secure portal; the second's is overdue, so the
# daily reminder and the figures' "not sent yet" have something to show.
RECENT_TACT = (
    (
        RecentVisit(12, TACT_SUITE, 16, people=("interviewed", "declined"), tact=True),
        "secure_portal",
    ),
    (RecentVisit(9, TACT_SUITE, 22, people=("interviewed", "unavailable"), tact=True), None),
)


def _seed_recent_tact_reports(today: date, suite: Suite, volunteer: User) -> int:
    admin = _account(DEMO_ROLE_EMAILS[Role.ADMIN])
    for number, (visit, sent_how) in enumerate(RECENT_TACT):
        pair = _pair(suite, volunteer)
        body = _body(visit, suite, pair, today)  # the first person, interviewed, held under TACT
        number_held = f"CX/{50_000 + visit.days_ago}/{today:%y}"  # invented
        body["detainees"][0] |= {"sex": "male", "age_band": "adult", "custody_number": number_held}
        report_uuid = str(uuid.uuid5(NAMESPACE, f"demo-recent-tact-{today}-{number}"))
        receipt = receive_report(report_uuid, body, pair[0])
        if receipt.status != CREATED:  # a bug in the demo, never in the data
            raise RuntimeError(f"recent TACT report {number}: {receipt.errors or receipt.message}")
        copy = copy_of(receipt.report)
        copy.created_at = receipt.report.arrived_at  # as if it came in that night
        db.session.commit()
        if sent_how:
            sent_at = start_of_day(today - timedelta(days=visit.days_ago - 2))
            record_sent(copy, Sending(sent_how, sent_at), admin)
    return len(RECENT_TACT)
