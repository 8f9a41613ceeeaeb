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
import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402  (bench/ is not a package)
    bearer,
    build_scheme,
    count_reports,
    postgres_url,
    report,
    run_clients,
    start_gunicorn,
    stop,
    summary,
)


def bench(database_url: str, label: str, args) -> None:
    people = build_scheme(database_url, args.volunteers)
    port = 18000 + os.getpid() % 1000
    server = start_gunicorn(database_url, port, args.workers)
    try:
        health_jobs = [[("GET", "/healthz", None, {})] * args.reports for _ in people]
        health_wall, health_lat, health_status = run_clients(port, health_jobs)
        sync_jobs = []
        for person in people:
            headers = bearer(person)
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
        stop(server)
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
            url = postgres_url("icv_bench")
        except (subprocess.CalledProcessError, FileNotFoundError) as error:
            print(f"\n== PostgreSQL skipped: {error}")
            return
        bench(url, "PostgreSQL", args)


if __name__ == "__main__":
    main()
