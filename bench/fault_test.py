"""Fault test: 224 phones send 2,000 reports while workers and database connections die.

gunicorn (several sync workers) on a scratch PostgreSQL database, loopback only. Each phone
sends its reports one by one and retries until the server confirms (201 or 200), after a
random, growing delay; some sends give up early (a lost response: the server may have stored
it), some are sent twice at once, some are sent again after they were confirmed. Meanwhile a
chaos thread SIGKILLs a random worker (gunicorn starts another) and terminates every database
connection of the app with pg_terminate_backend (each worker's pool reconnects).

At the end the database must hold exactly the reports sent, once each, each one's stored
canonical body equal, byte for byte, to the server's normalisation of what the phone sent.
Exits 1 otherwise. Bounded: gives up after --timeout seconds.

    .venv/bin/python bench/fault_test.py                       # 224 phones, 2,000 reports
    .venv/bin/python bench/fault_test.py --reports 300 --volunteers 40
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402  (bench/ is not a package)
    ROOT,
    bearer,
    build_scheme,
    load_average,
    percentile,
    postgres_url,
    report,
    start_gunicorn,
    stop,
    worker_pids,
)

CONFIRMED = (200, 201)
RETRYABLE = (429, 500, 502, 503, 504, "error", "timeout")
TEXTS = ["Clean, calm suite", "Cell 4 cold; blanket given", "Café: tea ✓ — 2 hot meals", ""]


class Tally:
    """Counts shared by the phone threads."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = Counter()
        self.latencies: list[float] = []
        self.problems: list[str] = []

    def note(self, status, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.latencies.append(seconds)

    def problem(self, text: str) -> None:
        with self.lock:
            self.problems.append(text)


def varied_report(person: dict, rng: random.Random) -> dict:
    """A valid report that differs from its neighbours (people, day, times, free text)."""
    body = report(person, rng.randint(1, 12))
    day, start = rng.randint(1, 28), rng.randint(8, 20)
    body["arrived_at"] = body["admitted_at"] = f"2019-06-{day:02d}T{start:02d}:10:00+01:00"
    body["departed_at"] = f"2019-06-{day:02d}T{start + 1:02d}:05:00+01:00"
    body["positive_findings"] = rng.choice(TEXTS)
    return body


def send(port: int, path: str, body: str, headers: dict, timeout: float, tally: Tally):
    """One PUT on a fresh connection; returns the status, "timeout" or "error"."""
    began = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("PUT", path, body=body.encode(), headers=headers)
        response = connection.getresponse()
        response.read()
        status = response.status
    except TimeoutError:
        status = "timeout"
    except (OSError, http.client.HTTPException):
        status = "error"
    finally:
        connection.close()
    tally.note(status, time.perf_counter() - began)
    return status


def deliver(port: int, item: dict, headers: dict, rng: random.Random, tally: Tally) -> None:
    """Send one report until the server confirms it, as the phone's outbox does."""
    path, body = f"/api/v1/visit-reports/{item['uuid']}", item["json"]
    for attempt in range(1, 200):
        timeout = rng.uniform(0.05, 0.4) if rng.random() < 0.1 else 60  # a lost response
        twin = None
        if rng.random() < 0.1:  # the same report sent twice at once (two tabs, a double tap)
            twin = threading.Thread(target=send, args=(port, path, body, headers, 60, tally))
            twin.start()
        status = send(port, path, body, headers, timeout, tally)
        if twin:
            twin.join()
        if status in CONFIRMED:
            if rng.random() < 0.2:  # the confirmation was lost: the outbox sends it again
                time.sleep(rng.uniform(0, 0.5))
                again = send(port, path, body, headers, 60, tally)
                if again not in CONFIRMED + RETRYABLE:
                    tally.problem(f"{item['uuid']}: resend after confirmation answered {again}")
            return
        if status not in RETRYABLE:
            tally.problem(f"{item['uuid']}: answered {status}; the phone would give up")
            return
        time.sleep(min(3.0, rng.uniform(0.05, 0.3) * attempt))  # backing off, with jitter
    tally.problem(f"{item['uuid']}: never confirmed")


def chaos(master_pid: int, database: str, args, stop_event: threading.Event, counts: Counter):
    """Kill a worker now and then; cut every database connection of the app now and then."""
    rng = random.Random(args.seed + 1)
    next_kill, next_cut = time.monotonic() + args.kill_every, time.monotonic() + args.cut_every
    while not stop_event.wait(0.1):
        now = time.monotonic()
        if now >= next_kill:
            workers = worker_pids(master_pid)
            if workers:
                os.kill(rng.choice(workers), signal.SIGKILL)
                counts["workers killed"] += 1
            next_kill = now + args.kill_every
        if now >= next_cut:
            counts["connections terminated"] += terminate_backends(database)
            counts["connection cuts"] += 1
            next_cut = now + args.cut_every


def terminate_backends(database: str) -> int:
    # The name is this script's own constant, never input: no injection to fear.
    sql = (f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "  # noqa: S608
           f"WHERE datname = '{database}' AND pid <> pg_backend_pid()")  # fmt: skip
    command = ["psql", "-tAc", sql]
    if os.geteuid() == 0:
        command = ["su", "postgres", "-c", f'psql -tAc "{sql}"']
    result = subprocess.run(command, capture_output=True, text=True, timeout=30)
    return int(result.stdout.strip() or 0)


def verify(database_url: str, sent: list[dict], owners: dict, port: int) -> list[str]:
    """Exactly the reports sent, once each, each stored as the server's normalisation."""
    import sqlalchemy as sa

    from icv.visits.validation import body_hash, canonical_json, normalise

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT uuid, body, body_hash FROM visit_reports"))
        stored = [(row.uuid, row.body, row.body_hash) for row in rows]
        detainee_rows = connection.execute(sa.text("SELECT count(*) FROM detainee_records"))
        detainee_rows = detainee_rows.scalar()
    engine.dispose()
    failures = []
    uuids = [row[0] for row in stored]
    if len(stored) != len(sent):
        failures.append(f"{len(stored)} reports stored, {len(sent)} sent")
    if len(set(uuids)) != len(uuids):
        failures.append(f"{len(uuids) - len(set(uuids))} duplicate uuids")
    by_uuid = {row[0]: row for row in stored}
    for item in sent:
        row = by_uuid.get(item["uuid"])
        expected = normalise(json.loads(item["json"])).report
        if row is None:
            failures.append(f"{item['uuid']} missing")
        elif canonical_json(row[1]) != canonical_json(expected) or row[2] != body_hash(expected):
            failures.append(f"{item['uuid']} stored differently from what was sent")
    people = sum(json.loads(item["json"])["detainees_in_custody"] for item in sent)
    if detainee_rows != people:
        failures.append(f"{detainee_rows} detainee rows for {people} people reported")
    failures += read_back(port, sent, owners)
    return failures


def read_back(port: int, sent: list[dict], owners: dict, sample: int = 100) -> list[str]:
    """GET a sample back through the API: the phone sees what it sent, normalised."""
    from icv.visits.validation import canonical_json, normalise

    failures = []
    for item in random.Random(0).sample(sent, min(sample, len(sent))):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("GET", f"/api/v1/visit-reports/{item['uuid']}",
                           headers=bearer(owners[item["uuid"]]))  # fmt: skip
        answer = json.loads(connection.getresponse().read())
        connection.close()
        expected = normalise(json.loads(item["json"])).report
        if canonical_json(answer.get("report")) != canonical_json(expected):
            failures.append(f"{item['uuid']} reads back differently")
    return failures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--volunteers", type=int, default=224)
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--kill-every", type=float, default=4.0, help="seconds between kills")
    parser.add_argument("--cut-every", type=float, default=5.0, help="seconds between cuts")
    parser.add_argument("--timeout", type=float, default=900, help="give up after (seconds)")
    parser.add_argument("--seed", type=int, default=2019)
    args = parser.parse_args()

    database = "icv_fault"
    url = postgres_url(database)
    people = build_scheme(url, args.volunteers)
    rng = random.Random(args.seed)
    plans = [[] for _ in people]
    owners = {}
    for number in range(args.reports):
        person = people[number % len(people)]
        item = {"uuid": str(uuid.uuid4()), "json": json.dumps(varied_report(person, rng))}
        plans[number % len(people)].append(item)
        owners[item["uuid"]] = person
    port = 19000 + os.getpid() % 1000
    log = ROOT / "instance/fault_test.log"
    server = start_gunicorn(url, port, args.workers, log=log)
    print(f"gunicorn and request logs: {log}")
    tally, counts, stop_event = Tally(), Counter(), threading.Event()

    def phone(person, items, seed):
        phone_rng = random.Random(seed)
        for item in items:
            deliver(port, item, bearer(person), phone_rng, tally)

    phones = [threading.Thread(target=phone, args=(person, plans[n], args.seed * 1000 + n),
                               daemon=True) for n, person in enumerate(people)]  # fmt: skip
    chaos_thread = threading.Thread(
        target=chaos, args=(server.pid, database, args, stop_event, counts), daemon=True
    )
    began = time.perf_counter()
    try:
        chaos_thread.start()
        for thread in phones:
            thread.start()
        deadline = time.monotonic() + args.timeout
        for thread in phones:
            thread.join(max(0.0, deadline - time.monotonic()))
        stop_event.set()
        chaos_thread.join()
        wall = time.perf_counter() - began
        unfinished = sum(thread.is_alive() for thread in phones)
        load = load_average()
        time.sleep(3)  # let gunicorn replace the last killed worker before reading back
        failures = verify(url, [item for plan in plans for item in plan], owners, port)
    finally:
        stop_event.set()
        stop(server)
    if unfinished:
        failures.insert(0, f"{unfinished} phones still sending after {args.timeout:.0f} s")
    failures = tally.problems + failures
    report_figures(args, len(people), wall, tally, counts, load, failures)
    sys.exit(1 if failures else 0)


def report_figures(args, phones, wall, tally, counts, load, failures) -> None:
    statuses = {str(key): value for key, value in sorted(tally.statuses.items(), key=str)}
    p50, p99 = percentile(tally.latencies, 0.5), percentile(tally.latencies, 0.99)
    print(f"\n== Fault test: {phones} phones, {args.reports} reports, gunicorn -w {args.workers} "
          f"(sync workers), PostgreSQL")  # fmt: skip
    print(f"wall time                  {wall:.1f} s (load average after: {load})")
    print(f"requests sent              {sum(tally.statuses.values())} "
          f"(p50 {p50 * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms)")  # fmt: skip
    print(f"answers                    {statuses}")
    print(f"workers SIGKILLed          {counts['workers killed']}")
    print(f"database cuts              {counts['connection cuts']} "
          f"({counts['connections terminated']} connections terminated)")  # fmt: skip
    print(f"problems                   {len(failures)}")
    for failure in failures[:20]:
        print(f"  - {failure}")
    verdict = "PASS" if not failures else "FAIL"
    print(f"{verdict}: exactly {args.reports} reports expected, each once, byte for byte")


if __name__ == "__main__":
    main()
