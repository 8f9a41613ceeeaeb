"""What the sync, fault and load benchmarks share: a scratch scheme, gunicorn, phones, figures.

Everything runs on loopback: gunicorn binds 127.0.0.1 and the databases are local scratch
ones (a temporary SQLite file, or `scripts/postgres-test-db NAME`).
"""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def postgres_url(name: str) -> str:
    """A scratch PostgreSQL database of this name (never icv_test, which the tests use)."""
    return subprocess.run([str(ROOT / "scripts/postgres-test-db"), name], check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip


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
                    "user_id": user.id,
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


def bearer(person: dict) -> dict:
    return {"Authorization": f"Bearer {person['token']}", "Content-Type": "application/json"}


def start_gunicorn(database_url: str, port: int, workers: int, *options: str, env=None, log=None):
    """gunicorn on 127.0.0.1:port against the database; returns once /healthz answers.

    With `log` (a path), gunicorn's and the app's logs go there instead of to the terminal.
    """
    output = open(log, "w") if log else None  # noqa: SIM115  (the server writes to it)
    environment = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench",
                   **(env or {})}  # fmt: skip
    server = subprocess.Popen(
        [str(ROOT / ".venv/bin/gunicorn"), "-w", str(workers), "-b", f"127.0.0.1:{port}",
         "--access-logfile", "/dev/null", "--error-logfile", "-", "--log-level", "warning",
         "--backlog", "2048", *options, "wsgi:app"],
        cwd=ROOT, env=environment, stdout=output, stderr=output,
    )  # fmt: skip
    for _ in range(300):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                break
        except OSError:
            time.sleep(0.1)
    return server


def stop(server) -> None:
    server.terminate()
    server.wait(timeout=30)


def process_cpu(pid: int, waited_children: bool = False) -> float:
    """CPU seconds (user + system) a process has used, from /proc/PID/stat; with
    `waited_children`, those of its children that have ended too (restarted workers)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    ticks = fields[11:15] if waited_children else fields[11:13]  # utime stime cutime cstime
    return sum(int(value) for value in ticks) / os.sysconf("SC_CLK_TCK")


def database_cpu(database: str) -> float:
    """CPU seconds used so far by the PostgreSQL backends serving this database."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
            if command.startswith("postgres:") and f" {database} " in command:
                total += process_cpu(int(entry.name))
        except OSError:  # the process ended while we looked
            continue
    return total


def worker_pids(master_pid: int) -> list[int]:
    """gunicorn's workers: the master's children, read from /proc."""
    path = Path(f"/proc/{master_pid}/task/{master_pid}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


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


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def machine_speed() -> float:
    """CPU ms a fixed pure-Python task takes now (best of 3). On a shared host the same
    code's CPU time varies (seen here: 1.5x to 2.5x within an hour) while the load average
    shows nothing: print this beside CPU figures so runs can be compared."""
    timings = []
    for _ in range(3):
        began = time.thread_time()
        sum(number * number for number in range(1_000_000))
        timings.append((time.thread_time() - began) * 1000)
    return min(timings)
