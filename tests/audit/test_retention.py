"""Retention: old detainee text goes, every figure stays; long-gone volunteers are purged."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from icv.actions import workflow
from icv.actions.models import Action, Status
from icv.extensions import db
from icv.figures import exports
from icv.figures.aggregate import heat_map, open_actions
from icv.figures.periods import parse_year
from icv.figures.queries import Scope
from icv.models import Absence, Role
from icv.privacy import retention
from icv.visits.amendments import amend_report
from icv.visits.models import ReportVisitor, VisitReport
from icv.visits.reports import receive_report, report_body
from icv.volunteering.models import Appraisal
from icv.volunteering.probation import add_appraisal
from icv.volunteering.time_given import record_time
from tests.audit.conftest import events
from tests.sync.factory import new_uuid, signed_in_api
from tests.sync.factory import report_body as valid_body

YEAR = parse_year("2019-20")
LATER = date(2024, 1, 1)  # every 2019/20 visit is more than three years before this
CONFIG = {"RETENTION_DETAINEE_YEARS": 3, "RETENTION_DEACTIVATED_VOLUNTEER_YEARS": 1,
          "RETENTION_APPLICATION_MONTHS": 6}  # fmt: skip
SECRET = "SECRET"  # every piece of detainee text the tests write contains this
REASONS = ["asleep", "with_solicitor", "intoxicated", "other"]


def _row(rng: random.Random, n: int) -> dict:
    kind = rng.choice(["interviewed", "declined", "unavailable"])
    row = {"outcome": kind}
    if rng.random() < 0.6:
        row["custody_number"] = f"CN{SECRET}{n}"
    if kind == "unavailable":
        row["unavailable_reason"] = rng.choice(REASONS)
        if row["unavailable_reason"] == "other":
            row["unavailable_other"] = f"{SECRET} in the medical room {n}"
    if kind == "interviewed":
        for name in ("allegation", "issues_raised", "action_taken"):
            if rng.random() < 0.4:
                row[name] = f"{SECRET} {name} {n}"
        row["follow_up"] = rng.random() < 0.3
        row["checks"] = {"told_rights": rng.choice(["yes", "no"])}
    return row


def _format_2_fields(rng: random.Random, n: int) -> dict:
    """Format 2's fields of one person, with a note written wherever one may be."""
    fields = {"sex": rng.choice(["female", "male"]), "interpreter": "needed_provided"}
    fields["language"] = f"{SECRET} language {n}"
    for flag in ("strip_searched", "safety_clothing", "force_reported"):
        if rng.random() < 0.5:
            fields |= {flag: True, f"{flag}_note": f"{SECRET} {flag} {n}"}
    if rng.random() < 0.5:
        fields |= {"custody_record_examined": True, "custody_record_consent": True}
        fields["custody_record_findings"] = {"rights_given": "concern"}
        fields["custody_record_note"] = f"{SECRET} record {n}"
    return fields


def _random_reports(scene, seed: int) -> list[VisitReport]:
    rng = random.Random(seed)
    filed = []
    for n in range(rng.randint(4, 9)):
        suite, pair = rng.choice(
            [(scene.suite_a, [scene.ann, scene.bob]), (scene.suite_b, [scene.cara, scene.dan])]
        )
        rows = [_row(rng, n * 10 + i) for i in range(rng.randint(0, 5))]
        version = rng.choice([1, 2])
        if version == 2:
            rows = [row | _format_2_fields(rng, n * 10 + i) for i, row in enumerate(rows)]
        arrived = datetime(2019, 4, 2, tzinfo=UTC) + timedelta(
            days=rng.randint(0, 360), hours=rng.randint(0, 23)
        )
        note = rng.random() < 0.5
        body = valid_body(
            suite,
            pair,
            format_version=version,
            people=len(rows),
            detainees=rows,
            juveniles=min(len(rows), rng.randint(0, 1)),
            arrived_at=arrived.isoformat(),
            admitted_at=arrived.isoformat(),
            departed_at=(arrived + timedelta(hours=1)).isoformat(),
            raised_with_sergeant=f"{SECRET} raised {n}" if note else "",
            positive_findings=f"{SECRET} thanked staff {n}" if note else "",
            follow_up_needed=note,
            follow_up_note=f"{SECRET} follow {n}" if note else "",
        )
        receipt = receive_report(new_uuid(), body, pair[0])
        assert receipt.status == 201, receipt.errors
        filed.append(receipt.report)
        if rows and rng.random() < 0.4:  # corrected later: counts and text change
            after = report_body(receipt.report)
            after["detainees"][0]["custody_number"] = f"CN{SECRET}amended{n}"
            after["detainees"][0]["outcome"] = "declined"
            for name in (
                "allegation",
                "issues_raised",
                "action_taken",
                "unavailable_reason",
                "unavailable_other",
            ):
                after["detainees"][0][name] = None if name == "unavailable_reason" else ""
            after["detainees"][0].update(checks={}, raised_with_staff=False)
            reason = f"{SECRET} asked for it {n}"  # a reason may name the person too
            result = amend_report(receipt.report, {"reason": reason, "report": after}, pair[0])
            assert result.errors is None, result.errors
    for action in db.session.scalars(sa.select(Action)):  # most follow-ups were closed
        if rng.random() < 0.7:
            if action.category in retention.DETAINEE_CATEGORIES:  # what was said about them
                workflow.add_note(action, scene.coordinator, f"{SECRET} note {action.id}")
                action.police_response = f"{SECRET} response {action.id}"
                action.closed_reason = f"{SECRET} closed {action.id}"
            action.status, action.closed_on = Status.CLOSED, action.raised_on + timedelta(days=9)
    db.session.commit()
    return filed


def _every_figure() -> list:
    today = date(2020, 6, 1)
    return [
        [exports.build(name, YEAR, Scope()).rows for name in exports.TABLES],
        sorted(heat_map(YEAR).items()),
        open_actions(today=today),
    ]


def _database() -> dict:
    """Every row of every table, as text (to search for what must have gone)."""
    db.session.expire_all()
    with db.engine.connect() as connection:
        return {
            table.name: [tuple(map(str, row)) for row in connection.execute(table.select())]
            for table in db.metadata.sorted_tables
            if table.name != "audit_events"
        }


@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_anonymising_keeps_every_figure_and_removes_all_detainee_text(scene, seed):
    _random_reports(scene, seed)
    before = _every_figure()
    outcome = retention.run(LATER, CONFIG)
    assert outcome.reports
    assert _every_figure() == before
    closed = set(db.session.scalars(sa.select(Action.id).where(Action.status == Status.CLOSED)))
    text = str({k: v for k, v in _database().items() if k not in ("actions", "action_sources")})
    assert SECRET not in text
    for action in db.session.scalars(sa.select(Action).where(Action.id.in_(closed))):
        assert SECRET not in f"{action.custody_number} {action.summary}"
        assert SECRET not in f"{action.police_response} {action.closed_reason}"
        assert all(SECRET not in source.detail for source in action.sources)


def test_a_second_run_changes_nothing(scene):
    _random_reports(scene, 7)
    retention.run(LATER, CONFIG)
    snapshot = _database()
    outcome = retention.run(LATER, CONFIG)
    assert (outcome.reports, outcome.actions, outcome.volunteers) == ([], [], [])
    assert _database() == snapshot


def test_dry_run_reports_what_it_would_do_and_changes_nothing(scene, runner, monkeypatch):
    filed = _random_reports(scene, 8)
    snapshot = _database()
    result = runner.invoke(args=["retention", "run", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert f"Would change: {len(filed)} reports anonymised" in result.output
    assert filed[0].uuid in result.output
    assert _database() == snapshot
    assert events(action="anonymised") == []
    result = runner.invoke(args=["retention", "run"])
    assert f"Changed: {len(filed)} reports anonymised" in result.output
    assert len(events(action="anonymised", object_type="report")) == len(filed)


def test_only_reports_older_than_the_period_are_anonymised(scene):
    reports = _random_reports(scene, 9)
    cutoff = datetime(2019, 10, 1, tzinfo=UTC)
    outcome = retention.run(date(2022, 10, 1), CONFIG)  # three years before: 1 October 2019
    old = {r.uuid for r in reports if r.arrived_at.replace(tzinfo=UTC) < cutoff}
    assert set(outcome.reports) == old
    for report in reports:
        db.session.refresh(report)
        kept = SECRET in str(report.body) or SECRET in str(
            [d.custody_number for d in report.detainees]
        )
        if report.uuid in old:
            assert not kept and report.anonymised_at is not None
        else:
            assert report.anonymised_at is None


def test_the_period_is_a_setting(scene):
    _random_reports(scene, 10)
    assert retention.run(LATER, {**CONFIG, "RETENTION_DETAINEE_YEARS": 6}).reports == []


def test_an_open_action_keeps_its_custody_number_until_it_is_closed(scene):
    body = valid_body(
        scene.suite_a,
        [scene.ann, scene.bob],
        people=1,
        detainees=[{"outcome": "interviewed", "custody_number": "NT/1/19", "allegation": "Pushed"}],
    )
    receive_report(new_uuid(), body, scene.ann)
    action = db.session.scalar(sa.select(Action))
    retention.run(LATER, CONFIG)
    assert (action.custody_number, action.summary) == ("NT/1/19", "Pushed")
    action.status, action.closed_on = Status.CLOSED, date(2019, 7, 1)
    db.session.commit()
    assert retention.run(LATER, CONFIG).actions == [action.id]
    assert (action.custody_number, action.summary) == ("[removed]", "[removed]")


def test_a_phone_resending_an_anonymised_report_gets_200_and_the_anonymised_copy(app, scene):
    api = signed_in_api(app, scene.ann)
    uuid = new_uuid()
    body = valid_body(
        scene.suite_a,
        [scene.ann, scene.bob],
        people=1,
        detainees=[{"outcome": "interviewed", "issues_raised": "Wants a blanket"}],
    )
    assert api.put(uuid, body).status_code == 201
    retention.run(LATER, CONFIG)
    again = api.put(uuid, body)
    assert again.status_code == 200
    assert again.get_json()["report"]["detainees"][0]["issues_raised"] == "[removed]"
    body["detainees"][0]["issues_raised"] = "Something else"
    assert api.put(uuid, body).status_code == 409


def _deactivated(user, when: datetime):
    user.is_enabled, user.deactivated_at = False, when
    user.absences = [Absence(starts_on=date(2030, 1, 1), ends_on=date(2030, 1, 2), note="Away")]
    db.session.commit()


def test_long_deactivated_volunteers_are_purged_and_their_visits_kept(scene):
    receive_report(new_uuid(), valid_body(scene.suite_a, [scene.ann, scene.bob]), scene.ann)
    add_appraisal(scene.bob, kind="appraisal", held_on=date(2024, 5, 1), held_by="Olu",
                  outcome="satisfactory", notes="About Bob", by=scene.coordinator)  # fmt: skip
    meeting = record_time(scene.bob, kind="meeting", given_on=date(2024, 5, 1), minutes=90,
                          note="Met Bob's family", by=scene.coordinator)  # fmt: skip
    now = datetime.now(UTC)
    _deactivated(scene.bob, now - timedelta(days=400))
    _deactivated(scene.cara, now - timedelta(days=200))  # not a year yet
    outcome = retention.run(date.today(), CONFIG)
    assert outcome.volunteers == [scene.bob.id]
    bob = scene.bob
    assert bob.name == f"Former volunteer #{bob.id}"
    assert bob.email == f"former-volunteer-{bob.id}@purged.invalid"
    assert (bob.phone, bob.availability, bob.absences, bob.password_hash) == ("", [], [], None)
    assert db.session.scalar(sa.select(ReportVisitor).where(ReportVisitor.user_id == bob.id))
    assert db.session.scalar(sa.select(Appraisal).where(Appraisal.user_id == bob.id)) is None
    db.session.refresh(meeting)  # the hours given stay, its note goes
    assert (meeting.minutes, meeting.note) == (90, "")
    assert scene.cara.name == "Cara Elsewhere" and scene.cara.absences
    assert retention.run(date.today(), CONFIG).volunteers == []  # idempotent
    assert scene.coordinator.role == Role.COORDINATOR  # only volunteers are purged
    [event] = events(action="purged")
    assert "Bob" not in event.summary


def test_the_scheduler_runs_retention_daily_under_a_fixed_id(app_ctx):
    from icv.scheduler import JOBS

    assert JOBS["apply_retention"][0] == "icv.privacy.retention:scheduled_run"
    assert retention.scheduled_run(date.today()).startswith("0 reports anonymised")


def test_every_text_column_of_the_report_tables_is_anonymised_or_kept_on_purpose(app_ctx):
    """A new text column that may hold detainee details must be added to one of the lists."""
    report_tables = {"visit_reports", "actions", "action_events"} | {
        table.name
        for table in db.metadata.sorted_tables
        if any(key.column.table.name == "visit_reports" for key in table.foreign_keys)
    }
    text_columns = {
        (table.name, column.name)
        for table in db.metadata.sorted_tables
        if table.name in report_tables
        for column in table.columns
        if isinstance(column.type, sa.String | sa.Text | sa.JSON)
    }
    declared = {
        (table, column)
        for lists in (retention.ANONYMISED_COLUMNS, retention.KEPT_COLUMNS)
        for table, columns in lists.items()
        for column in columns
    }
    assert text_columns - declared == set()
    assert declared - text_columns == set()  # no stale names either
    assert {("report_amendments", "reason"), ("visit_reports", "positive_findings")} <= {
        (table, column)
        for table, columns in retention.ANONYMISED_COLUMNS.items()
        for column in columns
    }
