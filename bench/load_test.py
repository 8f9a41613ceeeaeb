"""Load test: 500 volunteers at once opening their visits and syncing, for 2 minutes.

Each volunteer (a thread, one connection per session) repeats: open the visits page
(GET /visits/), refresh the offline data (GET /api/v1/reference), send a new report
(PUT /api/v1/visit-reports/<uuid>), then put the phone away for a random 10-30 s (--think).
Every answer but the expected 200/201 counts as an error, and so does a dropped connection.
Before the clock starts, a warm-up (not counted) has every worker render its templates once.
Prints p50/p99 latency per request kind and overall, the error count and the load average
seen during the run (other work on the machine makes the figures noisy: say so).

Target on the project's 2-core machine: zero errors, p99 under 1 s.

    .venv/bin/python bench/load_test.py                          # PostgreSQL, 500 users, 120 s
    .venv/bin/python bench/load_test.py --db sqlite --seconds 30 --users 100
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402  (bench/ is not a package)
    ROOT,
    bearer,
    build_scheme,
    database_cpu,
    machine_speed,
    percentile,
    postgres_url,
    process_cpu,
    report,
    start_gunicorn,
    stop,
    worker_pids,
)

EXPECTED = {"page": 200, "reference": 200, "sync": 201}


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies = defaultdict(list)
        self.errors = Counter()
        self.timeline = []  # (when it began, seconds): where in the run the slow ones were

    def note(self, kind: str, seconds: float, status, began: float = 0.0) -> None:
        with self.lock:
            self.latencies[kind].append(seconds)
            self.timeline.append((began, seconds))
            if status != EXPECTED[kind]:
                self.errors[f"{kind} {status}"] += 1


def session(port: int, person: dict, rng: random.Random, results: Results) -> None:
    """One opening of the app: the page, the offline data, one report sent."""
    headers = bearer(person)
    body = json.dumps(report(person, rng.randint(1, 12)))
    steps = [
        ("page", "GET", "/visits/", None),
        ("reference", "GET", "/api/v1/reference", None),
        ("sync", "PUT", f"/api/v1/visit-reports/{uuid.uuid4()}", body),
    ]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        for kind, method, path, payload in steps:
            began = time.perf_counter()
            try:
                connection.request(method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                status = type(error).__name__
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            results.note(kind, time.perf_counter() - began, status, began)
    finally:
        connection.close()


def volunteer(port, person, seed, args, deadline: float, results: Results) -> None:
    rng = random.Random(seed)
    time.sleep(first_wait(rng, *args.think))
    while time.monotonic() < deadline:
        session(port, person, rng, results)
        time.sleep(rng.uniform(*args.think))


def first_wait(rng: random.Random, shortest: float, longest: float) -> float:
    """How long a volunteer waits before their first session: as if they had been using the
    app for a while already, so sessions begin at the steady rate from the first second.

    That wait is the remainder of a think time already under way, whose density is
    P(think > r) / mean think (a renewal process in equilibrium). Drawing it uniformly from
    0 to the longest think instead gave 16 sessions a second in the first 5 s and 32 at 25 to
    30 s (the first returners on top of the last starters), against 25 from then on.
    """
    while True:  # rejection sampling: r uniform on [0, longest], kept with P(think > r)
        wait = rng.uniform(0, longest)
        if wait < shortest or rng.random() < (longest - wait) / (longest - shortest):
            return wait


def warm_up(port: int, people: list[dict], rounds: int = 3) -> None:
    """Every worker thread renders the page once before the clock starts: the first render
    compiles the GOV.UK templates (seconds under load), which a running service has done."""
    for _ in range(rounds):
        threads = [
            threading.Thread(target=session, args=(port, person, random.Random(n), Results()))
            for n, person in enumerate(people)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def sample_load(stop_event: threading.Event, samples: list) -> None:
    while not stop_event.wait(5):
        samples.append(os.getloadavg()[0])


def run(database_url: str, label: str, args) -> None:
    people = build_scheme(database_url, args.users)
    speed_before = machine_speed()
    port = 20000 + os.getpid() % 1000
    log = ROOT / f"instance/load_test_{label.lower()}.log"
    # Info level: the log then shows each worker boot and max_requests restart.
    options = ("-k", "gthread", "--threads", str(args.threads), "--log-level", "info")
    server = start_gunicorn(database_url, port, args.workers, *options, log=log)
    warm_up(port, people[: args.workers * args.threads * 2])
    results, samples, stop_event = Results(), [os.getloadavg()[0]], threading.Event()
    deadline = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=volunteer, args=(port, person, n, args, deadline, results))
        for n, person in enumerate(people)
    ]
    sampler = threading.Thread(target=sample_load, args=(stop_event, samples), daemon=True)
    try:
        sampler.start()
        on_postgres = database_url.startswith("postgresql")
        database = database_url.rsplit("/", 1)[1] if on_postgres else None
        server_cpu, client_cpu = cpu_seconds(server.pid), time.process_time()
        database_before = database_cpu(database) if database else 0.0
        log_start = log.stat().st_size  # what the server logs from here on is the run's
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - began
        cpu = {"server": cpu_seconds(server.pid) - server_cpu,
               "database": database_cpu(database) - database_before if database else None,
               "client": time.process_time() - client_cpu}  # fmt: skip
    finally:
        stop_event.set()
        stop(server)
    print_figures(label, args, results, wall, samples, log)
    print_timeline(results, began)
    print(f"machine    a fixed Python task took {speed_before:.0f} ms of CPU before the run, "
          f"{machine_speed():.0f} ms after (idle: see docs/reliability.md)")  # fmt: skip
    print_cpu(cpu, wall, sum(len(values) for values in results.latencies.values()), log)
    print_time_inside(log, log_start)


def cpu_seconds(master: int) -> float:
    """CPU used by gunicorn's master and workers so far, restarted workers included."""
    workers = sum(process_cpu(pid) for pid in worker_pids(master))
    return process_cpu(master, waited_children=True) + workers


def print_cpu(cpu: dict, wall: float, requests: int, log) -> None:
    """Who used the cores: the server and PostgreSQL (per request), this client; restarts."""
    for who in ("server", "database"):
        if cpu[who] is not None:
            print(f"cpu        {who:<8} {cpu[who]:.1f} s ({cpu[who] / wall:.2f} cores, "
                  f"{cpu[who] / requests * 1000:.1f} ms a request)")  # fmt: skip
    print(f"cpu        client   {cpu['client']:.1f} s ({cpu['client'] / wall:.2f} cores)")
    text = Path(log).read_text(errors="replace")
    print(f"workers    {text.count('Booting worker')} booted, "
          f"{text.count('Autorestarting worker')} restarted by max_requests")  # fmt: skip


def print_time_inside(log: Path, start: int) -> None:
    """The app's own request log: time inside the app. The rest of what the client saw was
    spent queueing for a worker thread (or in the client)."""
    inside = defaultdict(list)
    with log.open(errors="replace") as lines:
        lines.seek(start)
        for line in lines:
            if line.startswith("{") and '"duration_ms"' in line:
                entry = json.loads(line)
                path = entry["path"]
                kind = "page" if path.startswith("/visits") else "reference"
                kind = "sync" if path.startswith("/api/v1/visit-reports/") else kind
                inside[kind].append(entry["duration_ms"])
    for kind in EXPECTED:
        if inside[kind]:
            p50, p99 = percentile(inside[kind], 0.5), percentile(inside[kind], 0.99)
            print(f"in the app {kind:<10} p50 {p50:7.1f} ms  p99 {p99:7.1f} ms")


def print_timeline(results: Results, began: float, slice_seconds: float = 15.0) -> None:
    """p99 by slice of the run: a tail spread over the run is the steady state's, a tail in
    one slice is a moment's (the start, a checkpoint, another process on the machine)."""
    slices = defaultdict(list)
    for when, seconds in results.timeline:
        slices[int((when - began) // slice_seconds)].append(seconds)
    parts = [f"{int(n * slice_seconds)}s {percentile(values, 0.99) * 1000:.0f}"
             for n, values in sorted(slices.items())]  # fmt: skip
    print(f"p99 ms by {slice_seconds:.0f} s slice: " + ", ".join(parts))
    rates = [f"{int(n * slice_seconds)}s {len(values) / slice_seconds:.0f}"
             for n, values in sorted(slices.items())]  # fmt: skip
    print(f"requests/s by {slice_seconds:.0f} s slice: " + ", ".join(rates))


def print_figures(label, args, results: Results, wall: float, samples: list, log) -> None:
    everything = [value for values in results.latencies.values() for value in values]
    print(f"\n== Load test, {label}: {args.users} volunteers for {args.seconds:.0f} s, "
          f"gunicorn -w {args.workers} -k gthread --threads {args.threads}, "
          f"think {args.think[0]:.0f}-{args.think[1]:.0f} s")  # fmt: skip
    for kind in [*EXPECTED, "all"]:
        values = everything if kind == "all" else results.latencies[kind]
        if values:
            p50, p99 = percentile(values, 0.5) * 1000, percentile(values, 0.99) * 1000
            print(f"{kind:<10} {len(values):6d} requests  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  "
                  f"max {max(values) * 1000:7.1f} ms")  # fmt: skip
    print(f"throughput {len(everything) / wall:.1f} requests/s over {wall:.1f} s")
    print(f"errors     {sum(results.errors.values())} {dict(results.errors)}")
    # The run's own server counts in the load average too: the figure before it is the others'.
    print(f"load average (1 min) before the run {samples[0]:.2f}, during it: "
          f"mean {sum(samples) / len(samples):.2f}, max {max(samples):.2f} "
          f"({os.cpu_count()} cores)")  # fmt: skip
    print(f"server log: {log}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="postgresql")
    parser.add_argument("--users", type=int, default=500)
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--think", type=float, nargs=2, default=(10.0, 30.0),
                        metavar=("MIN", "MAX"), help="seconds between sessions")  # fmt: skip
    args = parser.parse_args()
    if args.db in ("postgresql", "both"):
        run(postgres_url("icv_load"), "PostgreSQL", args)
    if args.db in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            run(f"sqlite:///{folder}/load.sqlite", "SQLite", args)


if __name__ == "__main__":
    main()
