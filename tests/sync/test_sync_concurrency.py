"""Two copies of one report arriving at the same moment are stored once (the UNIQUE constraint).

Threads share the app but each request has its own database session and connection;
processes build their own app on the same database (SQLite file here, PostgreSQL in CI
when ICV_TEST_DATABASE_URL is set).
"""

from __future__ import annotations

import multiprocessing
import threading

import sqlalchemy as sa

from icv.extensions import db
from icv.visits import reports
from icv.visits.models import VisitReport
from tests.sync.factory import new_uuid, report_body, signed_in_api


def count(uuid: str) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).where(VisitReport.uuid == uuid))


def test_two_threads_putting_the_same_report_store_it_once(app, team):
    body = report_body(team.suite, [team.alice, team.bob], people=12)
    apis = [signed_in_api(app, team.alice), signed_in_api(app, team.bob)]
    for attempt in range(5):
        uuid, barrier, statuses = new_uuid(), threading.Barrier(2), []

        def send(api, uuid=uuid, barrier=barrier, statuses=statuses):
            barrier.wait()
            statuses.append(api.put(uuid, body).status_code)

        threads = [threading.Thread(target=send, args=(api,)) for api in apis]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)

        assert sorted(statuses) == [200, 201], (attempt, statuses)
        assert count(uuid) == 1


def test_losing_the_race_after_the_lookup_is_resolved_by_the_constraint(app, team, monkeypatch):
    """Both requests looked and found nothing; the second insert must not make a duplicate."""
    body = report_body(team.suite, [team.alice, team.bob])
    uuid = new_uuid()
    first = reports.receive_report(uuid, body, team.alice)
    lookups = iter([None])  # the second request's look-up happened before the first commit
    real_find = reports.find_report
    monkeypatch.setattr(reports, "find_report", lambda u: next(lookups, None) or real_find(u))

    second = reports.receive_report(uuid, body, team.bob)
    different = reports.receive_report(uuid, {**body, "rating": "unsatisfactory"}, team.bob)

    assert (first.status, second.status, different.status) == (201, 200, 409)
    assert second.report.id == first.report.id
    assert count(uuid) == 1


def _receive_in_own_process(database_url, uuid, body, user_id, barrier, results):
    from icv import create_app
    from icv.extensions import db as process_db
    from icv.models import User
    from icv.visits.reports import receive_report

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "test"})
    with app.app_context():
        user = process_db.session.get(User, user_id)
        process_db.session.execute(sa.text("SELECT 1"))  # connect before the race starts
        barrier.wait(timeout=30)
        results.put(receive_report(uuid, body, user).status)


def test_two_processes_putting_the_same_report_store_it_once(app, team):
    context = multiprocessing.get_context("spawn")
    body = report_body(team.suite, [team.alice, team.bob], people=12)
    uuid, barrier, results = new_uuid(), context.Barrier(2), context.Queue()
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    processes = [
        context.Process(
            target=_receive_in_own_process, args=(url, uuid, body, user.id, barrier, results)
        )
        for user in (team.alice, team.bob)
    ]
    for process in processes:
        process.start()
    statuses = sorted(results.get(timeout=60) for _ in processes)
    for process in processes:
        process.join(timeout=30)

    assert statuses == [200, 201]
    assert count(uuid) == 1


def test_two_reports_racing_for_one_scheduled_visit_are_stopped_by_the_constraint(
    team, monkeypatch, make_scheduled_visit
):
    """Both passed validation before either was stored: the second still gets a clear 422."""
    from icv.visits import validation

    visit = make_scheduled_visit(team.suite, [team.alice, team.bob])
    body = report_body(team.suite, [team.alice, team.bob], scheduled_visit=visit)
    first = reports.receive_report(new_uuid(), body, team.alice)
    monkeypatch.setattr(validation, "_check_scheduled_visit", lambda *args: None)

    second = reports.receive_report(new_uuid(), body, team.bob)

    assert (first.status, second.status) == (201, 422)
    assert second.errors["scheduled_visit_id"][0].startswith("Alice Able already sent the report")
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(VisitReport.id))) == 1
