"""CPU cost per request kind: what the load test's volunteers ask for, one request at a time.

CPU time is far less noisy than latency on a shared machine, so this is the figure to
compare before and after a change. Two ways of driving the app, on PostgreSQL:

- `--mode gunicorn` (default): one gunicorn worker (gthread, as in production) and one
  client; the worker's CPU (utime + stime from /proc) and the database backends' CPU are
  read before and after N requests of each kind. Includes HTTP parsing and the request log.
- `--mode inprocess`: the Flask test client in this process (thread CPU time), and the
  number of SQL statements per request; `--profile KIND` prints cProfile's top functions.

Each kind is also printed as a ratio to GET /healthz measured in the same run, which is
what to compare across machines and loads.

    .venv/bin/python bench/request_cost.py
    .venv/bin/python bench/request_cost.py --mode inprocess --profile page
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import http.client
import json
import logging
import os
import pstats
import random
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (  # noqa: E402  (bench/ is not a package)
    bearer,
    build_scheme,
    database_cpu,
    postgres_url,
    process_cpu,
    report,
    start_gunicorn,
    stop,
    worker_pids,
)

KINDS = ("healthz", "page", "reference", "sync")


def request_for(kind: str, person: dict, rng: random.Random) -> tuple[str, str, str | None]:
    if kind == "healthz":
        return "GET", "/healthz", None
    if kind == "page":
        return "GET", "/visits/", None
    if kind == "reference":
        return "GET", "/api/v1/reference", None
    body = json.dumps(report(person, rng.randint(1, 12)))
    return "PUT", f"/api/v1/visit-reports/{uuid.uuid4()}", body


def measure(send, meters: dict, people: list[dict], args, on_kind=None) -> dict:
    """Cost per request of each kind: `meters` are cumulative readings (seconds or counts).

    The kinds take turns request by request, so a machine that speeds up or slows down
    meanwhile (others' work) shifts every kind alike and the ratios hold."""
    for kind in KINDS:
        for person in people[: args.warm]:  # compile templates, fill caches: not counted
            send(kind, person)
    totals = {kind: dict.fromkeys(meters, 0.0) for kind in KINDS}
    for n in range(args.requests):
        for kind in KINDS:
            # The first meter ("app") is read last before and first after the request, so
            # reading the others (scanning /proc) does not count as the app's CPU.
            before = {name: read() for name, read in reversed(meters.items())}
            with on_kind(kind) if on_kind else contextlib.nullcontext():
                send(kind, people[n % len(people)])
            for name, read in meters.items():
                totals[kind][name] += read() - before[name]
    scale = {"app": 1000, "db": 1000, "sql": 1}  # seconds as milliseconds; counts as they are
    return {
        kind: {name: value * scale[name] / args.requests for name, value in used.items()}
        for kind, used in totals.items()
    }


def gunicorn_costs(database_url: str, people: list[dict], args) -> dict:
    port = 21000 + os.getpid() % 1000
    log = Path(os.devnull)
    server = start_gunicorn(database_url, port, 1, "-k", "gthread", "--threads", "4", log=log)
    worker = worker_pids(server.pid)[0]
    database = database_url.rsplit("/", 1)[1]
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    rng = random.Random(1)

    def send(kind: str, person: dict) -> None:
        method, path, body = request_for(kind, person, rng)
        connection.request(method, path, body=body, headers=bearer(person))
        response = connection.getresponse()
        response.read()
        if response.status not in (200, 201):
            raise SystemExit(f"{kind}: {method} {path} answered {response.status}")

    meters = {"app": lambda: process_cpu(worker), "db": lambda: database_cpu(database)}
    try:
        return measure(send, meters, people, args)
    finally:
        connection.close()
        stop(server)


def inprocess_costs(database_url: str, people: list[dict], args) -> dict:
    import sqlalchemy as sa

    from icv import create_app
    from icv.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SECRET_KEY": "bench"})
    # Keep the request log (its cost counts) but off the terminal; build_scheme's migrations
    # gave the root logger a handler that production does not have.
    for handler in logging.getLogger("icv").handlers:
        handler.setStream(open(os.devnull, "w"))  # noqa: SIM115
    logging.getLogger().handlers.clear()
    shown: list[str] = []
    with app.app_context():
        sa.event.listen(db.engine, "before_cursor_execute", lambda *a: shown.append(a[2]))
    client, rng = app.test_client(), random.Random(1)

    def send(kind: str, person: dict) -> None:
        method, path, body = request_for(kind, person, rng)
        response = client.open(path, method=method, data=body, headers=bearer(person))
        if response.status_code not in (200, 201):
            raise SystemExit(f"{kind}: {method} {path} answered {response.status_code}")

    # Profile CPU time, not wall time: waiting for the database is not what costs the cores.
    profiler = cProfile.Profile(time.thread_time)

    @contextlib.contextmanager
    def profiling(kind: str):
        if kind == args.profile:
            profiler.enable()
        try:
            yield
        finally:
            profiler.disable()

    database = database_url.rsplit("/", 1)[1]
    meters = {"app": time.thread_time, "db": lambda: database_cpu(database),
              "sql": lambda: len(shown)}  # fmt: skip
    costs = measure(send, meters, people, args, on_kind=profiling)
    if args.profile:
        stats = pstats.Stats(profiler).sort_stats(args.sort)
        stats.print_stats(args.top)
        if args.callers:
            stats.print_callers(args.callers)
    if args.sql:
        shown.clear()
        send(args.sql, people[0])
        print(f"-- the {len(shown)} SQL statements of one {args.sql} request")
        print("\n".join(" ".join(text.split())[:160] for text in shown))
    return costs


def print_costs(costs: dict, args) -> None:
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    print(f"\n== CPU per request, {args.mode}, {args.requests} of each (load average {load})")
    base = costs["healthz"]["app"] or 1e-9
    for kind, cost in costs.items():
        extra = "  ".join(f"{name} {value:6.2f}" for name, value in cost.items() if name != "app")
        print(f"{kind:<10} app {cost['app']:6.2f} ms  x{cost['app'] / base:5.1f} healthz  {extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mode", choices=["gunicorn", "inprocess"], default="gunicorn")
    parser.add_argument("--requests", type=int, default=300, help="per kind")
    parser.add_argument("--warm", type=int, default=20, help="uncounted requests per kind")
    parser.add_argument("--volunteers", type=int, default=40,
                        help="at least 40: two a panel, so each has a partner")  # fmt: skip
    parser.add_argument("--database", default="icv_load")
    parser.add_argument("--profile", choices=KINDS, help="cProfile this kind (inprocess)")
    parser.add_argument("--sql", choices=KINDS, help="print one request's SQL (inprocess)")
    parser.add_argument("--sort", default="cumulative", help="cProfile sort key")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--callers", help="with --profile: who calls functions matching this")
    args = parser.parse_args()
    database_url = postgres_url(args.database)
    people = build_scheme(database_url, args.volunteers)
    measure = gunicorn_costs if args.mode == "gunicorn" else inprocess_costs
    print_costs(measure(database_url, people, args), args)


if __name__ == "__main__":
    main()
