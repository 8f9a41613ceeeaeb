"""The demo scheme's 2019/20 financial year, as individual rota visits and visit reports.

Called by `flask --app icv seed-demo` after the scheme exists; safe to run again (it adds
nothing when the year is there). Rows go in with bulk INSERTs, a few thousand at a time, so
seeding takes seconds. Each report body passes the same `normalise()` the API uses, and the
rows mirror what `visits.reports.apply_body` stores (tests compare the two on a sample).
"""

from __future__ import annotations

import random
import uuid
from collections import defaultdict
from datetime import datetime, timedelta

import sqlalchemy as sa

from icv.dates import parse_moment, utcnow
from icv.extensions import db
from icv.figures import summary
from icv.figures.demo_bodies import report_body, with_format_2_answers, with_tact_detainee
from icv.figures.demo_plan import YEAR_STARTS, Slot, plan_year
from icv.figures.localtime import band_for
from icv.models import Role, Suite, User, VolunteerStatus
from icv.rota.models import Rota, RotaStatus, ScheduledVisit, scheduled_visitors
from icv.visits.models import ConditionCheck, DetaineeRecord, ReportVisitor, VisitReport
from icv.visits.validation import body_hash, normalise

NAMESPACE = uuid.UUID("6f0c7c2e-8d1e-4d4e-9a51-2019d0e20000")
DEMO_VOLUNTEERS = "icv%@example.org"


def demo_uuid(number: int) -> str:
    return str(uuid.uuid5(NAMESPACE, f"demo-2019-20-{number}"))


def seed_demo_year(seed: int = 2019) -> int:
    """Add the year if it is missing; return how many visit reports were added."""
    if db.session.scalar(sa.select(VisitReport.id).where(VisitReport.uuid == demo_uuid(0))):
        return 0
    suites = list(db.session.scalars(sa.select(Suite).order_by(Suite.name)))
    teams = _teams()
    rng = random.Random(seed)  # noqa: S311  (made-up demo data, repeatable on purpose)
    slots = plan_year([s for s in suites if s.panel_id in teams], rng)
    pairs = _pairs(slots, teams)
    visit_ids = _store_rota(slots, pairs)
    made = [(slot, visit_ids[i], pairs[i]) for i, slot in enumerate(slots) if slot.status == "made"]
    # Format 2's answers come from a generator of their own: the main one's draws, and so
    # the year's published figures, are as before.
    _store_reports(made, rng, random.Random(f"{seed}-format-2"))  # noqa: S311
    summary.write_missing(db.session.connection())  # the figures' summary, in SQL
    db.session.commit()
    return len(made)


def _teams() -> dict[int, list[User]]:
    """The demo volunteers of each panel, in a fixed order."""
    query = (
        sa.select(User)
        .where(User.role == Role.VOLUNTEER, User.email.like(DEMO_VOLUNTEERS))
        .order_by(User.email)
    )
    teams = defaultdict(list)
    for user in db.session.scalars(query):
        teams[user.panel_id].append(user)
    return {panel: people for panel, people in teams.items() if len(people) >= 2}


def _pairs(slots: list[Slot], teams: dict) -> list[list[User]]:
    """A pair per visit, turning through each panel's volunteers (made visits first, so every
    volunteer makes visits), never the same person twice and seldom the same pair."""
    turn = defaultdict(int)
    pairs: list = [None] * len(slots)
    order = sorted(range(len(slots)), key=lambda i: slots[i].status != "made")
    for i in order:
        team = teams[slots[i].suite.panel_id]
        n, k = len(team), turn[slots[i].suite.panel_id]
        turn[slots[i].suite.panel_id] += 1
        pairs[i] = [team[k % n], team[(k + 1 + (k // n) % (n - 1)) % n]]
    return pairs


def _insert(model_or_table, rows: list[dict], returning: bool = False) -> list[int]:
    table = getattr(model_or_table, "__table__", model_or_table)
    if not rows:
        return []
    if not returning:
        db.session.execute(sa.insert(table), rows)
        return []
    statement = sa.insert(table).returning(table.c.id, sort_by_parameter_order=True)
    return list(db.session.scalars(statement, rows))


def _store_rota(slots: list[Slot], pairs: list) -> list[int]:
    """One published rota per panel and quarter, then every visit and its pair."""
    now = utcnow()
    keys = sorted({(slot.suite.panel_id, slot.week // 13) for slot in slots})
    rota_rows = [
        {"panel_id": panel, "starts_on": YEAR_STARTS + timedelta(weeks=13 * q),
         "ends_on": YEAR_STARTS + timedelta(weeks=13 * q + 13, days=-1), "granularity": "week",
         "seed": 2019, "status": RotaStatus.PUBLISHED, "gaps": [], "notes": [],
         "created_at": now, "published_at": now}
        for panel, q in keys
    ]  # fmt: skip
    rota_of = dict(zip(keys, _insert(Rota, rota_rows, returning=True), strict=True))
    visit_rows = [_visit_row(slot, rota_of[(slot.suite.panel_id, slot.week // 13)], now)
                  for slot in slots]  # fmt: skip
    visit_ids = _insert(ScheduledVisit, visit_rows, returning=True)
    _insert(
        scheduled_visitors,
        [{"scheduled_visit_id": visit_id, "user_id": person.id}
         for visit_id, pair in zip(visit_ids, pairs, strict=True) for person in pair],
    )  # fmt: skip
    return visit_ids


def _visit_row(slot: Slot, rota_id: int, now: datetime) -> dict:
    made = slot.arrived_at is not None
    return {
        "rota_id": rota_id,
        "suite_id": slot.suite.id,
        "window_starts_on": slot.window_starts_on,
        "window_ends_on": slot.window_starts_on + timedelta(days=6),
        "band": band_for(slot.local_arrival.hour) if made else None,
        "planned_on": slot.local_arrival.date() if made else None,
        "pair_planned_at": None,
        "status": slot.status,
        "cancel_reason": slot.cancel_reason,
        "created_at": now,
    }


def _store_reports(made: list, rng, answers_rng) -> None:
    bodies, report_rows = [], []
    tact_quarters = set()  # a visit to someone held under TACT in each quarter
    for number, (slot, visit_id, pair) in enumerate(made):
        trainees = [p for p in pair if p.status == VolunteerStatus.PROBATION][: len(pair) - 1]
        body = with_format_2_answers(report_body(slot, visit_id, pair, trainees, rng), answers_rng)
        quarter = slot.week // 13
        if slot.suite.tact_designated and quarter not in tact_quarters and with_tact_detainee(body):
            tact_quarters.add(quarter)
        checked = normalise(body)
        if checked.errors:  # a bug in the generator, never in the data
            raise RuntimeError(f"demo report {number} is invalid: {checked.errors}")
        clean = checked.report
        submitter = next(p for p in pair if p not in trainees)
        bodies.append(clean)
        report_rows.append(_report_row(demo_uuid(number), clean, submitter.id))
    report_ids = _insert(VisitReport, report_rows, returning=True)
    visitors, people, conditions = [], [], []
    for report_id, clean in zip(report_ids, bodies, strict=True):
        trainees = set(clean["trainee_ids"])
        visitors += [{"report_id": report_id, "user_id": uid, "is_trainee": uid in trainees}
                     for uid in clean["visitor_ids"]]  # fmt: skip
        people += [{"report_id": report_id, "position": index, **row}
                   for index, row in enumerate(clean["detainees"])]  # fmt: skip
        conditions += [{"report_id": report_id, "code": code, **item}
                       for code, item in clean["conditions"].items()]  # fmt: skip
    _insert(ReportVisitor, visitors)
    _insert(DetaineeRecord, people)
    _insert(ConditionCheck, conditions)


REPORT_FIELDS = ("format_version", "suite_id", "scheduled_visit_id", "visit_mode",
                 "not_completed_reason", "detainees_in_custody", "juveniles", "vulnerable_adults",
                 "raised_with_sergeant", "sergeant_response", "rating", "positive_findings",
                 "follow_up_needed", "follow_up_note")  # fmt: skip


def _report_row(report_uuid: str, clean: dict, submitter_id: int) -> dict:
    times = {key: parse_moment(clean[key]) for key in ("arrived_at", "admitted_at", "departed_at")}
    delay = clean["delay"] or {}
    return {
        "uuid": report_uuid,
        "submitted_by_id": submitter_id,
        **{key: clean[key] for key in REPORT_FIELDS},
        **times,
        "delay_minutes": delay.get("minutes"),
        "delay_reason": delay.get("reason", ""),
        "delay_authorised_by_rank": delay.get("authorised_by_rank", ""),
        "body": clean,
        "body_hash": body_hash(clean),
        "received_at": times["departed_at"] + timedelta(minutes=20),
        "amended_at": None,
    }
