"""Sync throughput under gunicorn: 224 volunteers each send 5 queued reports of 12 detainees.

Prints wall time, p50/p99 latency and report PUTs per second, against GET /healthz per second
measured in the same run with the same concurrency (the ratio is what to compare across machines).
Then every report is sent again (a retry storm after lost responses): all must answer 200 and
the database must still hold exactly one row per report.

    .venv/bin/python bench/sync_throughput.py                # SQLite and, if available, PostgreSQL
    .venv/bin/python bench/sync_throughput.py --db sqlite --workers 4
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_scheme(database_url: str, volunteers: int) -> list[dict]:
    """Migrate a scratch database and create panels, suites and volunteers with API tokens."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from icv import create_app
    from icv.auth.accounts import issue_token
    from icv.extensions import db
    from icv.models import Panel, Role, Suite, User, VolunteerStatus

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    people = []
    with app.app_context():
        if database_url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()
        panels = [Panel(name=f"Panel {n}", area="") for n in range(20)]
        suites = [Suite(name=f"Suite {n}", panel=panels[n % 20]) for n in range(30)]
        db.session.add_all(panels + suites)
        today = date.today()
        users = [
            User(
                email=f"bench{n}@example.org",
                name=f"Volunteer {n}",
                role=Role.VOLUNTEER,
                panel=panels[n % 20],
                status=VolunteerStatus.ACTIVE,
                appointed_on=today - timedelta(days=10),
                term_ends_on=today + timedelta(days=900),
                vetting_expires_on=today + timedelta(days=900),
            )
            for n in range(volunteers)
        ]
        db.session.add_all(users)
        db.session.commit()
        by_panel = {}
        for user in users:
            by_panel.setdefault(user.panel_id, []).append(user)
        suite_of = {suite.panel_id: suite.id for suite in reversed(suites)}
        for user in users:
            mates = by_panel[user.panel_id]
            partner = mates[(mates.index(user) + 1) % len(mates)]
            people.append(
                {
                    "token": issue_token(user, "bench"),
                    "visitor_ids": [user.id, partner.id],
                    "suite_id": suite_of[user.panel_id],
                }
            )
    return people


def report(person: dict, detainees: int) -> dict:
    outcomes = [
        {"outcome": "interviewed", "checks": {"told_rights": "yes"}},
        {"outcome": "declined"},
        {"outcome": "unavailable", "unavailable_reason": "asleep"},
    ]
    return {
        "suite_id": person["suite_id"],
        "scheduled_visit_id": None,
        "visitor_ids": person["visitor_ids"],
        "visit_mode": "in_person",
        "arrived_at": "2019-06-01T21:10:00+01:00",
        "admitted_at": "2019-06-01T21:10:00+01:00",
        "departed_at": "2019-06-01T22:05:00+01:00",
        "detainees_in_custody": detainees,
        "juveniles": 0,
        "vulnerable_adults": 0,
        "detainees": [dict(outcomes[i % 3]) for i in range(detainees)],
        "rating": "satisfactory",
    }


def run_clients(port: int, jobs: list[list[tuple]]) -> tuple[float, list[float], dict]:
    """Each job list runs in its own thread (one phone); returns wall time, latencies, statuses."""
    latencies, statuses, lock = [], {}, threading.Lock()
    start_gate = threading.Barrier(len(jobs) + 1)

    def phone(requests):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        start_gate.wait()
        for method, path, body, headers in requests:
            began = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException):
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
                status = "error"
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1
        connection.close()

    threads = [threading.Thread(target=phone, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    start_gate.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began, latencies, statuses


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def summary(label: str, latencies: list[float], wall: float, statuses: dict) -> str:
    p50, p99 = percentile(latencies, 0.5) * 1000, percentile(latencies, 0.99) * 1000
    rate = len(latencies) / wall
    return f"{label:<20} {rate:7.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  {statuses}"


def count_reports(database_url: str) -> int:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        return connection.execute(sa.text("SELECT count(*) FROM visit_reports")).scalar()


def bench(database_url: str, label: str, args) -> None:
    people = build_scheme(database_url, args.volunteers)
    port = 18000 + os.getpid() % 1000
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench"}
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(args.workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning",
         "--backlog", "2048", "wsgi:app"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz")
                break
            except OSError:
                time.sleep(0.1)
        health_jobs = [[("GET", "/healthz", None, {})] * args.reports for _ in people]
        health_wall, health_lat, health_status = run_clients(port, health_jobs)
        sync_jobs = []
        for person in people:
            headers = {"Authorization": f"Bearer {person['token']}",
                       "Content-Type": "application/json"}  # fmt: skip
            sync_jobs.append(
                [("PUT", f"/api/v1/visit-reports/{uuid.uuid4()}",
                  json.dumps(report(person, args.detainees)), headers)
                 for _ in range(args.reports)]
            )  # fmt: skip
        sync_wall, sync_lat, sync_status = run_clients(port, sync_jobs)
        stored = count_reports(database_url)
        retry_wall, retry_lat, retry_status = run_clients(port, sync_jobs)
        stored_after_retry = count_reports(database_url)
    finally:
        server.terminate()
        server.wait(timeout=30)
    total = len(people) * args.reports
    health_rps = len(health_lat) / health_wall
    sync_rps = len(sync_lat) / sync_wall
    print(f"\n== {label}: {len(people)} phones x {args.reports} reports of {args.detainees} "
          f"detainees, gunicorn -w {args.workers}")  # fmt: skip
    print(summary("GET /healthz", health_lat, health_wall, health_status))
    print(summary("PUT report (new)", sync_lat, sync_wall, sync_status))
    print(summary("PUT report (resend)", retry_lat, retry_wall, retry_status))
    print(f"ratio report PUTs/s to healthz/s: {sync_rps / health_rps:.3f}")
    print(f"reports stored: {stored} of {total} sent; after resending all: {stored_after_retry}")
    print(f"wall time for all {total} reports: {sync_wall:.1f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--volunteers", type=int, default=224)
    parser.add_argument("--reports", type=int, default=5)
    parser.add_argument("--detainees", type=int, default=12)
    args = parser.parse_args()
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            bench(f"sqlite:///{folder}/bench.sqlite", "SQLite", args)
    if args.db in ("postgresql", "both"):
        try:
            url = subprocess.run([str(ROOT / "scripts/postgres-test-db"), "icv_bench"], check=True,
                                 capture_output=True, text=True).stdout.strip()  # fmt: skip
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            print(f"\n== PostgreSQL skipped: {error}")
            return
        bench(url, "PostgreSQL", args)


if __name__ == "__main__":
    main()
