"""The per-report summary the figures read equals a recount from the report's own rows: after
receipt, after an amendment, after retention's anonymisation and after migration 0010's backfill.

The recount is plain Python over the stored people, condition and visitor rows (and zoneinfo
for the local day and time band); the summary is written by SQL. Random reports (hypothesis)
cover every count, both clock changes, rota and ad-hoc visits, and amendments that move a
visit to another suite, pair, rota visit and people.
"""

from __future__ import annotations

import importlib.util
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import upgrade
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from icv import create_app
from icv.dates import SCHEME_TIME_ZONE as LONDON
from icv.extensions import db
from icv.figures.localtime import band_for
from icv.figures.models import COUNTS, figure_visitors, report_figures
from icv.models import TACT_COURSE, Panel, Role, Suite, TrainingRecord, User
from icv.privacy.retention import anonymise_report
from icv.visits import vocabulary
from icv.visits.amendments import amend_report
from icv.visits.models import ConditionCheck, DetaineeRecord, ReportVisitor, VisitReport
from icv.visits.reports import receive_report
from tests.figures.conftest import schedule
from tests.figures.test_properties import _wipe
from tests.sync.factory import new_uuid

VERSIONS = Path(__file__).parents[2] / "icv/migrations/versions"
# The migrations that write summaries: 0010 the first, 0015 again with format 2's counts.
BACKFILLS = ("0010_figures_summary", "0017_figures_format_2")
SUMMARY_TABLES = {"visit_report_figures", "visit_report_figure_visitors"}
FIRST = datetime(2019, 1, 1, tzinfo=UTC)  # two years of minutes: both clock changes, twice

person = st.one_of(
    st.fixed_dictionaries(
        {"outcome": st.just("interviewed"), "allegation": st.sampled_from(["", "Pushed"]),
         "raised_with_staff": st.booleans(), "follow_up": st.booleans()}
    ),
    st.fixed_dictionaries({"outcome": st.just("declined"), "follow_up": st.booleans()}),
    st.fixed_dictionaries(
        {"outcome": st.just("unavailable"),
         "unavailable_reason": st.sampled_from(sorted(vocabulary.UNAVAILABLE_REASONS)),
         "follow_up": st.booleans()}
    ),
)  # fmt: skip
# Format 2's answers (null: not recorded); _body adds the notes and consent they need.
answers = st.fixed_dictionaries(
    {"sex": st.sampled_from([None, *vocabulary.SEXES]),
     "age_band": st.sampled_from([None, *vocabulary.AGE_BANDS]),
     "appropriate_adult": st.sampled_from([None, *vocabulary.APPROPRIATE_ADULT]),
     "interpreter": st.sampled_from([None, *vocabulary.INTERPRETER]),
     "mental_health_concern": st.sampled_from([None, False, True]),
     "strip_searched": st.sampled_from([None, False, True]),
     "safety_clothing": st.sampled_from([None, True]),
     "force_reported": st.sampled_from([None, True]),
     "held_under_tact": st.sampled_from([None, False, True]),
     "custody_record_findings": st.one_of(st.none(), st.dictionaries(
         st.sampled_from(sorted(vocabulary.CUSTODY_RECORD_FINDINGS)),
         st.sampled_from(["ok", "concern"])))}
)  # fmt: skip
person = st.tuples(person, answers).map(lambda pair: {**pair[0], **pair[1]})
report_spec = st.fixed_dictionaries(
    {
        "suite": st.integers(0, 2),
        "pair": st.integers(0, 1),
        "minute": st.integers(0, 2 * 365 * 24 * 60),
        "people": st.lists(person, max_size=6),
        "juveniles": st.integers(0, 6),
        "vulnerable": st.integers(0, 6),
        "conditions": st.dictionaries(
            st.sampled_from(sorted(vocabulary.SUITE_CONDITIONS)),
            st.sampled_from(["fine", "concern", "not_checked"]),
        ),
        "remote": st.booleans(),
        "door": st.sampled_from(["admitted", "delayed", "refused"]),
        "rating": st.sampled_from(["satisfactory", "unsatisfactory"]),
        "follow_up": st.booleans(),
        "on_rota": st.booleans(),
    }
)


def _notes_for(row: dict) -> None:
    """What format 2's rules ask for alongside the generated answers."""
    if (row.get("interpreter") or "").startswith("needed_"):
        row["language"] = "Polish"
    for flag in ("strip_searched", "safety_clothing", "force_reported"):
        if row.get(flag):
            row[f"{flag}_note"] = "Seen on the custody record"
    if row.get("custody_record_findings") is not None:
        row.update(custody_record_examined=True, custody_record_consent=True)
        if "concern" in row["custody_record_findings"].values():
            row["custody_record_note"] = "Review late"


def _body(scheme, spec) -> tuple[dict, list]:
    """A valid report body for the spec, and its visitors."""
    suites = [scheme.suite_a1, scheme.suite_a2, scheme.suite_b]
    suite = suites[spec["suite"]]
    visitors = (
        scheme.pair_a[spec["pair"] : spec["pair"] + 2] if spec["suite"] < 2 else scheme.pair_b
    )
    arrived = FIRST + timedelta(minutes=spec["minute"])
    admitted, delay, not_completed = arrived, None, ""
    if spec["door"] == "delayed":
        admitted = arrived + timedelta(minutes=25)
        delay = {"minutes": 25, "reason": "Busy", "authorised_by_rank": "Inspector"}
    elif spec["door"] == "refused":
        admitted, not_completed = None, "Refused entry"
    rows = [{key: value for key, value in row.items() if value not in (False, "")}
            for row in spec["people"]]  # fmt: skip
    for row in rows:
        if row.get("unavailable_reason") == "other":
            row["unavailable_other"] = "Asked to be left alone"
        _notes_for(row)
    count = len(rows)
    visit = schedule(scheme, suite, arrived.date()) if spec["on_rota"] else None
    body = {
        "format_version": 2,
        "suite_id": suite.id,
        "scheduled_visit_id": visit and visit.id,
        "visitor_ids": [visitor.id for visitor in visitors],
        "visit_mode": "remote" if spec["remote"] else "in_person",
        "arrived_at": arrived.isoformat(),
        "admitted_at": admitted and admitted.isoformat(),
        "departed_at": (arrived + timedelta(hours=1)).isoformat(),
        "delay": delay,
        "not_completed_reason": not_completed,
        "detainees_in_custody": count,
        "juveniles": min(spec["juveniles"], count),
        "vulnerable_adults": min(spec["vulnerable"], count),
        "detainees": rows,
        "conditions": {code: {"rating": rating} for code, rating in spec["conditions"].items()},
        "rating": spec["rating"],
        "follow_up_needed": spec["follow_up"],
        "follow_up_note": "Call the inspector" if spec["follow_up"] else "",
    }
    return body, visitors


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def recount(report: VisitReport) -> dict:
    """What the report adds to each figure, counted in Python from its stored rows."""
    arrived = _utc(report.arrived_at)
    local = arrived.astimezone(LONDON)
    people, conditions = report.detainees, report.conditions
    row = {
        "suite_id": report.suite_id,
        "arrived_at": arrived,
        "weekday": local.weekday(),
        "band": band_for(local.hour),
        "visits_rota_made": int(report.scheduled_visit_id is not None),
        "visits_ad_hoc": int(report.scheduled_visit_id is None),
        "visits_remote": int(report.visit_mode == "remote"),
        "visits_refused_entry": int(report.admitted_at is None),
        "visits_delayed": int((report.delay_minutes or 0) > 0),
        "visits_satisfactory": int(report.rating == "satisfactory"),
        "visits_follow_up": int(report.follow_up_needed),
        "detainees_in_custody": report.detainees_in_custody,
        "juveniles": report.juveniles,
        "vulnerable_adults": report.vulnerable_adults,
        "allegations": sum(p.allegation != "" for p in people),
        "detainee_follow_ups": sum(p.follow_up for p in people),
        "issues_raised_with_staff": sum(p.raised_with_staff for p in people),
    }
    for code in vocabulary.OUTCOMES:
        row[f"detainees_{code}"] = sum(p.outcome == code for p in people)
    for code in vocabulary.UNAVAILABLE_REASONS:
        row[f"unavailable_{code}"] = sum(p.unavailable_reason == code for p in people)
    for code in vocabulary.SUITE_CONDITIONS:
        row[f"concern_{code}"] = sum(c.code == code and c.rating == "concern" for c in conditions)
    return row | _person_recount(people)


def _person_recount(people) -> dict:
    """Format 2's counts: a sex or age band not given is "not recorded"."""
    row = {}
    for prefix, column, codes in (("sex", "sex", vocabulary.SEXES),
                                  ("age", "age_band", vocabulary.AGE_BANDS)):  # fmt: skip
        for code in codes:
            mine = [p for p in people if (getattr(p, column) or "not_recorded") == code]
            row[f"{prefix}_{code}_in_custody"] = len(mine)
            row[f"{prefix}_{code}_offered"] = sum(p.offered_visit is True for p in mine)
            row[f"{prefix}_{code}_interviewed"] = sum(p.outcome == "interviewed" for p in mine)
    for column, codes in (("appropriate_adult", vocabulary.APPROPRIATE_ADULT),
                          ("interpreter", vocabulary.INTERPRETER)):  # fmt: skip
        for code in codes:
            row[f"{column}_{code}"] = sum(getattr(p, column) == code for p in people)
    flags = {"offered_visit": "offered_visit", "mental_health_concerns": "mental_health_concern",
             "strip_searches": "strip_searched", "safety_clothing": "safety_clothing",
             "force_reported": "force_reported",
             "custody_records_examined": "custody_record_examined"}  # fmt: skip
    for key, column in flags.items():
        row[key] = sum(getattr(p, column) is True for p in people)
    for code in vocabulary.CUSTODY_RECORD_FINDINGS:
        row[f"custody_record_concern_{code}"] = sum(
            (p.custody_record_findings or {}).get(code) == "concern" for p in people
        )
    held = [p for p in people if p.held_under_tact is True]
    row["tact_detainees"] = len(held)
    row["tact_interviewed"] = sum(p.outcome == "interviewed" for p in held)
    row["tact_visits"] = int(bool(held))
    return row


def stored(report_id: int) -> tuple[dict, set]:
    """The summary row (without its key) and the visitor rows, as written."""
    query = sa.select(report_figures).where(report_figures.c.report_id == report_id)
    row = dict(db.session.execute(query).mappings().one())
    del row["report_id"]
    row["arrived_at"] = _utc(row["arrived_at"])
    query = sa.select(figure_visitors).where(figure_visitors.c.report_id == report_id)
    visitors = {(v.user_id, v.suite_id, _utc(v.arrived_at))
                for v in db.session.execute(query)}  # fmt: skip
    return row, visitors


def check_every_summary() -> dict[int, dict]:
    """Every report's summary equals its recount, and no summary is left without a report."""
    db.session.expire_all()  # recount from the rows as stored, not as remembered
    reports = db.session.scalars(sa.select(VisitReport)).all()
    rows = {}
    for report in reports:
        row, visitors = stored(report.id)
        assert row == recount(report), report.uuid
        assert set(row) == {"suite_id", "arrived_at", "weekday", "band", *COUNTS}
        arrived = _utc(report.arrived_at)
        assert visitors == {(v.user_id, report.suite_id, arrived) for v in report.visitors}
        rows[report.id] = row
    assert db.session.scalar(sa.select(sa.func.count()).select_from(report_figures)) == len(rows)
    return rows


def run_migration_backfill() -> None:
    """The migrations' own backfills in turn, on a database whose reports have no summary."""
    for table in (figure_visitors, report_figures):
        db.session.execute(sa.delete(table))
    for name in BACKFILLS:
        spec = importlib.util.spec_from_file_location(name, VERSIONS / f"{name}.py")
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.backfill(db.session.connection())


def _amend(report: VisitReport, body: dict, visitors: list) -> None:
    result = amend_report(report, {"reason": "Corrected", "report": body}, visitors[0])
    unchanged = {"report": ["This amendment changes nothing in the report"]}
    assert result.created or result.errors == unchanged, result.errors


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(specs=st.lists(report_spec, min_size=1, max_size=5), amended=st.lists(report_spec))
def test_summary_equals_a_recount_through_a_reports_life(app_ctx, scheme, specs, amended):
    _wipe()
    tact_trained(scheme)  # the reports may have someone held under TACT
    reports = []
    for spec in specs:
        body, visitors = _body(scheme, spec)
        receipt = receive_report(new_uuid(), body, visitors[0])
        assert receipt.status == 201, receipt.errors
        reports.append(receipt.report)
    check_every_summary()

    for report, spec in zip(reports, amended, strict=False):  # another time, suite, pair, people
        _amend(report, *_body(scheme, spec))
    after_amendments = check_every_summary()

    for report in reports:
        anonymise_report(report)
    db.session.commit()
    assert check_every_summary() == after_amendments  # counts stay

    run_migration_backfill()
    assert check_every_summary() == after_amendments


def tact_trained(scheme) -> None:
    for person in [*scheme.pair_a, *scheme.pair_b]:
        if not person.trainings:
            person.trainings.append(TrainingRecord(course_code=TACT_COURSE,
                                                   completed_on=FIRST.date()))  # fmt: skip
    db.session.commit()


def test_a_report_that_fails_to_store_leaves_no_summary(app_ctx, scheme):
    spec = {"suite": 0, "pair": 0, "minute": 0, "people": [{"outcome": "declined"}],
            "juveniles": 0, "vulnerable": 0, "conditions": {}, "remote": False,
            "door": "admitted", "rating": "satisfactory", "follow_up": False,
            "on_rota": True}  # fmt: skip
    body, visitors = _body(scheme, spec)
    uuid = new_uuid()
    assert receive_report(uuid, body, visitors[0]).status == 201
    body["detainees_in_custody"] += 1  # a different body under the same id: 409, nothing stored
    assert receive_report(uuid, body, visitors[0]).status == 409
    assert db.session.scalar(sa.select(sa.func.count()).select_from(report_figures)) == 1
    check_every_summary()


def _summary_only(item, name, type_, reflected, compare_to) -> bool:
    table = name if type_ == "table" else getattr(getattr(item, "table", None), "name", None)
    return table in SUMMARY_TABLES


def test_summary_models_match_the_migrated_schema(app):
    opts = {"compare_type": True, "include_object": _summary_only}
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=opts)
        assert compare_metadata(context, db.metadata) == []


def test_migration_0010_summarises_reports_already_stored(tmp_path):
    """A database at 0009 holding reports (written as rows, as older code did) gets every
    report's summary when upgraded (0010, then 0015 again with format 2's counts)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/old.sqlite",
                      "SECRET_KEY": "test"})  # fmt: skip
    with app.app_context():
        upgrade(revision="0009_suite_open_periods")
        ids = _old_rows()
        upgrade()
        rows = {row.report_id: row for row in db.session.execute(sa.select(report_figures))}
        assert set(rows) == set(ids)
        first, second = rows[ids[0]], rows[ids[1]]
        # 23:30 UTC on Saturday 30 March 2019 is Saturday 23:30 in London (GMT): evening.
        assert (first.weekday, first.band) == (5, "evening")
        # 23:30 UTC on Saturday 6 April 2019 is Sunday 00:30 in London (BST): night.
        assert (second.weekday, second.band) == (6, "night")
        assert (first.detainees_interviewed, first.detainees_unavailable) == (2, 1)
        assert (first.unavailable_asleep, first.allegations, first.concern_heating) == (1, 1, 1)
        assert (first.visits_ad_hoc, first.visits_delayed, first.visits_refused_entry) == (1, 1, 0)
        assert (second.detainees_in_custody, second.detainees_declined) == (0, 0)
        # Format 1: nobody's sex or age was recorded; nothing else of format 2 counts.
        assert first.sex_not_recorded_in_custody == first.age_not_recorded_in_custody == 3
        assert (first.sex_male_in_custody, first.offered_visit) == (0, 0)
        assert (second.visits_refused_entry, second.visits_remote) == (1, 1)
        visitors = db.session.execute(sa.select(figure_visitors.c.report_id)).scalars().all()
        assert sorted(visitors) == sorted([ids[0], ids[0], ids[1], ids[1]])
        db.session.remove()
        db.engine.dispose()


def _insert(model, **values) -> int:
    statement = sa.insert(model.__table__).values(**values)
    return db.session.connection().execute(statement).inserted_primary_key[0]


def _old_rows() -> list[int]:
    """Two reports with their rows, inserted directly (no summary code at revision 0009)."""
    panel = _insert(Panel, name="P", area="A")
    suite = _insert(Suite, name="S", panel_id=panel, address="1 Road", cells=4)
    users = [_insert(User, email=f"v{n}@example.org", name=f"V{n}", role=Role.VOLUNTEER,
                     panel_id=panel) for n in (1, 2)]  # fmt: skip
    arrivals = [datetime(2019, 3, 30, 23, 30, tzinfo=UTC), datetime(2019, 4, 6, 23, 30, tzinfo=UTC)]
    ids = []
    for first, arrived in zip((True, False), arrivals, strict=True):
        ids.append(_insert(
            VisitReport, uuid=new_uuid(), suite_id=suite, submitted_by_id=users[0],
            visit_mode="in_person" if first else "remote", arrived_at=arrived,
            admitted_at=arrived + timedelta(minutes=20) if first else None,
            departed_at=arrived + timedelta(hours=1), delay_minutes=20 if first else None,
            detainees_in_custody=3 if first else 0, juveniles=0, vulnerable_adults=0,
            rating="satisfactory", body={}, body_hash="0" * 64, received_at=arrived,
        ))  # fmt: skip
        for user in users:
            _insert(ReportVisitor, report_id=ids[-1], user_id=user)
    people = [("interviewed", None, "Pushed"), ("interviewed", None, ""),
              ("unavailable", "asleep", "")]  # fmt: skip
    for position, (outcome, reason, allegation) in enumerate(people):
        _insert(DetaineeRecord, report_id=ids[0], position=position, outcome=outcome,
                unavailable_reason=reason, allegation=allegation)  # fmt: skip
    _insert(ConditionCheck, report_id=ids[0], code="heating", rating="concern")
    db.session.commit()
    return ids
