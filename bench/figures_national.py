"""Annual figures at national scale: 43 schemes, 10 years, ~430,000 visits, ~4.4 million people.

Builds a scratch SQLite file (and copies it into a scratch PostgreSQL database), then times,
for the latest financial year: the domain function (figures_for and the API's JSON shape), the
stats API and the Figures page through the Flask test client, against two floors measured in
the same run: the year's headline totals in one hand-written SQL statement over the raw rows
(reports, people, visitors), and the same over the per-report summary tables the figures read
(icv/figures/models.py). Ratios to the floors are what to compare across machines.

    .venv/bin/python bench/figures_national.py                 # full size, SQLite and PostgreSQL
    .venv/bin/python bench/figures_national.py --scale 0.05    # a quick run (5% of the suites)
    .venv/bin/python bench/figures_national.py --db sqlite --reuse

--reuse times the data already built; it first brings that data up to the current schema
(`flask db upgrade`: migration 0010 builds the summary in SQL) and writes, in SQL, the summary
of any report that has none.

PostgreSQL: scripts/postgres-test-db's server, in a database of its own (icv_figures_bench).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SCHEMES, PANELS_PER_SCHEME, SUITES, VOLUNTEERS_PER_SCHEME = 43, 4, 827, 224
FIRST_YEAR, YEARS = 2015, 10  # financial years 2015-16 to 2024-25
SQLITE_FILE = Path(tempfile.gettempdir()) / "icv_figures_bench.sqlite"  # scratch, rebuilt
PG_DATABASE = "icv_figures_bench"
REASONS = ["asleep"] * 5 + [
    "in_police_interview",
    "with_solicitor",
    "at_hospital",
    "at_court_or_in_transfer",
    "being_booked_in_or_released",
    "intoxicated",
    "risk_assessed_unsafe",
    "receiving_healthcare",
]
CONDITIONS = [
    "cleanliness",
    "heating",
    "lighting",
    "ventilation",
    "cell_call_bells",
    "cctv_privacy",
    "ligature_points_and_damage",
    "maintenance",
    "medical_room",
    "kitchen_and_food_stocks",
    "supplies",
    "safety_hazards",
]
CHECKS = dict.fromkeys(
    [
        "understands_why_detained",
        "told_rights",
        "legal_advice",
        "someone_informed",
        "medical_attention",
        "medication",
        "food_and_drink",
        "blanket",
        "reading_material",
        "toilet",
        "washing",
        "hygiene_products",
        "same_sex_staff",
        "faith_items",
    ],
    "yes",
)
IN_YEAR = "r.arrived_at >= :starts AND r.arrived_at < :ends"
# The floor: the year's headline totals (what the API's top level answers) in one hand-written
# statement, as someone who knows the schema would write it for this one question.
FLOOR_SQL = f"""
SELECT
  (SELECT count(*) FROM visit_reports r WHERE {IN_YEAR}) AS made,
  (SELECT count(r.scheduled_visit_id) FROM visit_reports r WHERE {IN_YEAR})
  + (SELECT count(*) FROM scheduled_visits v
     WHERE v.window_starts_on BETWEEN :first AND :last AND v.status <> 'cancelled'
       AND v.window_ends_on < :today
       AND NOT EXISTS (SELECT 1 FROM visit_reports r WHERE r.scheduled_visit_id = v.id))
    AS scheduled,
  (SELECT sum(r.detainees_in_custody) FROM visit_reports r WHERE {IN_YEAR}) AS people,
  (SELECT count(DISTINCT rv.user_id) FROM report_visitors rv
   JOIN visit_reports r ON r.id = rv.report_id WHERE {IN_YEAR}) AS volunteers,
  people.*
FROM (
  SELECT count(*) FILTER (WHERE d.outcome = 'interviewed') AS interviewed,
         count(*) FILTER (WHERE d.outcome = 'declined') AS declined,
         count(*) FILTER (WHERE d.outcome = 'unavailable') AS unavailable,
         {
    ", ".join(
        f"count(*) FILTER (WHERE d.unavailable_reason = '{code}')" for code in sorted(set(REASONS))
    )
}
  FROM detainee_records d JOIN visit_reports r ON r.id = d.report_id WHERE {IN_YEAR}
) AS people
"""  # noqa: S608  (constants only)
IN_YEAR_F = IN_YEAR.replace("r.", "f.")
# The same totals over the summary the figures read (one row per report, one per visitor).
SUMMARY_FLOOR_SQL = f"""
SELECT
  f.made, f.rota_made + (SELECT count(*) FROM scheduled_visits v
     WHERE v.window_starts_on BETWEEN :first AND :last AND v.status <> 'cancelled'
       AND v.window_ends_on < :today
       AND NOT EXISTS (SELECT 1 FROM visit_reports r WHERE r.scheduled_visit_id = v.id))
    AS scheduled,
  f.people,
  (SELECT count(DISTINCT f.user_id) FROM visit_report_figure_visitors f WHERE {IN_YEAR_F})
    AS volunteers,
  f.interviewed, f.declined, f.unavailable,
  {", ".join(f"f.unavailable_{code}" for code in sorted(set(REASONS)))}
FROM (
  SELECT count(*) AS made, sum(f.visits_rota_made) AS rota_made,
         sum(f.detainees_in_custody) AS people, sum(f.detainees_interviewed) AS interviewed,
         sum(f.detainees_declined) AS declined, sum(f.detainees_unavailable) AS unavailable,
         {", ".join(f"sum(f.unavailable_{c}) AS unavailable_{c}" for c in sorted(set(REASONS)))}
  FROM visit_report_figures f WHERE {IN_YEAR_F}
) AS f
"""  # noqa: S608  (constants only)
# Parents before children, so PostgreSQL's foreign keys hold while copying.
TABLES = [
    "panels",
    "suites",
    "users",
    "scheduled_visits",
    "scheduled_visitors",
    "visit_reports",
    "report_visitors",
    "detainee_records",
    "condition_checks",
    "actions",
    "visit_report_figures",
    "visit_report_figure_visitors",
]


def make_app(url: str, engine_options: dict | None = None):
    from icv import create_app

    config = {"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench", "RATELIMIT_ENABLED": False}
    if engine_options:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options
    return create_app(config)


def migrate(app, url: str) -> None:
    """The schema (and indexes) exactly as the migrations make it."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from icv.extensions import db

    with app.app_context():
        if url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()


def bring_up_to_date(app, url: str) -> None:
    """Reused data: newer migrations (0010 builds the figures' summary in SQL), then the
    summary of any report without one (SQL too), then fresh planner statistics."""
    import sqlalchemy as sa
    from flask_migrate import upgrade

    from icv.extensions import db
    from icv.figures.summary import write_missing

    started = time.perf_counter()
    with app.app_context():
        upgrade()
        with db.engine.begin() as connection:
            write_missing(connection)
        if url.startswith("postgresql"):
            with db.engine.connect() as connection:
                connection.execution_options(isolation_level="AUTOCOMMIT")
                for table in TABLES[-2:]:  # the summary tables; index-only scans need this
                    connection.execute(sa.text(f"VACUUM ANALYZE {table}"))
        else:
            with db.engine.begin() as connection:
                connection.execute(sa.text("ANALYZE"))
    print(f"brought up to date in {time.perf_counter() - started:.0f} s")


# --- generating the data (into SQLite) -------------------------------------------------------


class Batches:
    """Rows per table, inserted with executemany a batch at a time (model defaults apply)."""

    def __init__(self, connection, size: int = 50_000):
        self.connection, self.size, self.rows, self.counts = connection, size, {}, {}

    def add(self, table, row: dict) -> None:
        rows = self.rows.setdefault(table, [])
        rows.append(row)
        if len(rows) >= self.size:
            self.flush(table)

    def flush(self, table=None) -> None:
        for name in [table] if table is not None else list(self.rows):
            if self.rows.get(name):
                self.connection.execute(name.insert(), self.rows[name])
                self.counts[name.name] = self.counts.get(name.name, 0) + len(self.rows[name])
                self.rows[name] = []


def _tables():
    from icv.actions.models import Action
    from icv.models import Panel, Suite, User
    from icv.rota.models import ScheduledVisit, scheduled_visitors
    from icv.visits.models import ConditionCheck, DetaineeRecord, ReportVisitor, VisitReport

    return SimpleNamespace(
        panel=Panel.__table__,
        suite=Suite.__table__,
        user=User.__table__,
        visit=ScheduledVisit.__table__,
        visitors=scheduled_visitors,
        report=VisitReport.__table__,
        report_visitor=ReportVisitor.__table__,
        person=DetaineeRecord.__table__,
        check=ConditionCheck.__table__,
        action=Action.__table__,
    )


def generate(app, scale: float, seed: int = 43) -> dict:
    from icv.extensions import db
    from icv.figures.summary import write_missing

    rng, t = random.Random(seed), _tables()
    with app.app_context(), db.engine.begin() as connection:
        connection.exec_driver_sql("PRAGMA synchronous = OFF")
        out = Batches(connection)
        panels = SCHEMES * PANELS_PER_SCHEME
        for p in range(1, panels + 1):
            out.add(
                t.panel, {"id": p, "name": f"Scheme {(p - 1) // 4 + 1} panel {(p - 1) % 4 + 1}"}
            )
        count = max(SCHEMES, round(SUITES * scale))
        suites = [(s, 1 + (s - 1) % panels) for s in range(1, count + 1)]
        for s, panel in suites:
            out.add(t.suite, {"id": s, "name": f"Suite {s}", "panel_id": panel})
        size = max(3, round(VOLUNTEERS_PER_SCHEME / PANELS_PER_SCHEME * scale))
        team = {p: list(range(2 + (p - 1) * size, 2 + p * size)) for p in range(1, panels + 1)}
        out.add(t.user, {"id": 1, "email": "analyst@example.org", "name": "A", "role": "analyst"})
        for p, people in team.items():
            for uid in people:
                out.add(
                    t.user,
                    {
                        "id": uid,
                        "email": f"v{uid}@example.org",
                        "name": f"V {uid}",
                        "role": "volunteer",
                        "panel_id": p,
                        "status": "active",
                    },
                )
        out.flush()
        state = SimpleNamespace(
            rng=rng,
            t=t,
            out=out,
            visit=0,
            report=0,
            person=0,
            check=0,
            body=json.dumps({"detainees": [{"checks": CHECKS}] * 8}),
        )
        for week in range(52 * YEARS):
            starts = date(FIRST_YEAR, 4, 6) + timedelta(weeks=week)
            for suite, panel in suites:
                _slot(state, starts, suite, panel, team[panel])
        out.flush()
        write_missing(connection)  # the figures' summary, in SQL, as migration 0010 does
        return out.counts


def _slot(s, starts: date, suite: int, panel: int, team: list[int]) -> None:
    """One weekly rota visit; most are made and get a report with its people and checks."""
    s.visit += 1
    roll = s.rng.random()
    status = "cancelled" if roll < 0.01 else "missed" if roll < 0.014 else "made"
    pair = s.rng.sample(team, 2)
    s.out.add(
        s.t.visit,
        {
            "id": s.visit,
            "suite_id": suite,
            "window_starts_on": starts,
            "window_ends_on": starts + timedelta(days=6),
            "status": status,
        },
    )
    for uid in pair:
        s.out.add(s.t.visitors, {"scheduled_visit_id": s.visit, "user_id": uid})
    if status != "made":
        return
    s.report += 1
    midnight = datetime(starts.year, starts.month, starts.day, tzinfo=UTC)
    arrived = midnight + timedelta(minutes=s.rng.randrange(7 * 24 * 60))
    people = s.rng.randint(3, 18)  # about 10.5 a visit: 4.4 million people in ten years
    s.out.add(
        s.t.report,
        {
            "id": s.report,
            "uuid": f"00000000-0000-4000-8000-{s.report:012d}",
            "suite_id": suite,
            "scheduled_visit_id": s.visit,
            "submitted_by_id": pair[0],
            "visit_mode": "in_person",
            "arrived_at": arrived,
            "admitted_at": arrived,
            "departed_at": arrived + timedelta(hours=1),
            "detainees_in_custody": people,
            "juveniles": int(s.rng.random() < 0.3),
            "vulnerable_adults": int(s.rng.random() < 0.5),
            "rating": "satisfactory",
            "body": s.body,
            "body_hash": "0" * 64,
            "received_at": arrived + timedelta(hours=2),
        },
    )
    for uid in pair:
        s.out.add(s.t.report_visitor, {"report_id": s.report, "user_id": uid})
    for position in range(people):
        s.person += 1
        roll = s.rng.random()
        outcome = "interviewed" if roll < 0.45 else "declined" if roll < 0.57 else "unavailable"
        s.out.add(
            s.t.person,
            {
                "id": s.person,
                "report_id": s.report,
                "position": position,
                "outcome": outcome,
                "unavailable_reason": s.rng.choice(REASONS) if outcome == "unavailable" else None,
                "checks": CHECKS if outcome == "interviewed" else {},
            },
        )
    concern = s.rng.random() < 0.03
    for code in CONDITIONS:
        s.check += 1
        rating = "concern" if concern and code == "heating" else "fine"
        s.out.add(s.t.check, {"id": s.check, "report_id": s.report, "code": code, "rating": rating})
    if concern:
        raised = arrived.date()
        s.out.add(
            s.t.action,
            {
                "panel_id": panel,
                "suite_id": suite,
                "category": "suite_condition",
                "summary": "Heating: cells cold",
                "raised_on": raised,
                "due_on": raised + timedelta(days=28),
                "status": "closed",
                "closed_on": raised + timedelta(days=20),
            },
        )


# --- copying into PostgreSQL -----------------------------------------------------------------


def copy_to_postgres(url: str) -> None:
    """COPY every table from the SQLite file, then fix the id sequences and ANALYZE."""
    import sqlite3

    import psycopg

    source = sqlite3.connect(SQLITE_FILE)
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as target:
        target.execute("SET TIME ZONE 'UTC'")  # SQLite holds UTC times without an offset
        for table in TABLES:
            columns = [row[1] for row in source.execute(f"PRAGMA table_info({table})")]
            names = ", ".join(columns)
            with (
                target.cursor() as cursor,
                cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy,
            ):
                for row in source.execute(f"SELECT {names} FROM {table}"):  # noqa: S608
                    copy.write_row(row)
            if "id" in columns:  # table names are the constants above
                target.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                    f"coalesce((SELECT max(id) FROM {table}), 1))"
                )
        for table in TABLES:  # index-only scans need the visibility map
            target.execute(f"VACUUM ANALYZE {table}")
    source.close()


# --- timing ------------------------------------------------------------------------------------


def _interleaved(runs: dict, repeat: int) -> dict:
    """Median time of each run, taking turns so that a busy machine slows them all alike."""
    for run in runs.values():
        run()  # warm the caches: the figures are read often, cold starts are not the question
    times = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            started = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - started)
    return {name: statistics.median(values) for name, values in times.items()}


def _runs(app, url: str) -> tuple[dict, dict]:
    """What is timed, each as a function: (runs, the year's facts). Checks the floors first."""
    import sqlalchemy as sa

    from icv.auth.accounts import issue_token
    from icv.dates import scheme_today
    from icv.extensions import db
    from icv.figures.aggregate import figures_for
    from icv.figures.periods import financial_year
    from icv.figures.shapes import annual_json
    from icv.models import User

    year = FIRST_YEAR + YEARS - 1
    period = financial_year(year)
    bounds = {"starts": period.starts_at, "ends": period.ends_before, "first": period.starts_on,
              "last": period.ends_on, "today": scheme_today()}  # fmt: skip

    def in_context(work):
        """Each run in its own transaction, as each request is."""

        def run():
            with app.app_context():
                if url.startswith("postgresql"):  # the same memory the figures give themselves
                    db.session.execute(sa.text("SET LOCAL work_mem = '64MB'"))
                result = work()
                db.session.rollback()
                return result

        return run

    with app.app_context():
        token = issue_token(db.session.get(User, 1), "bench")
    total = in_context(lambda: figures_for(period).total)()
    keys = ("visits_made", "visits_scheduled", "detainees_in_custody", "volunteers",
            "detainees_interviewed", "detainees_declined", "detainees_unavailable")  # fmt: skip
    for sql in (FLOOR_SQL, SUMMARY_FLOOR_SQL):  # each floor answers the same question
        row = in_context(lambda sql=sql: db.session.execute(sa.text(sql), bounds).one())()
        reasons = tuple(total[f"unavailable_{code}"] for code in sorted(set(REASONS)))
        assert tuple(row) == tuple(total[key] for key in keys) + reasons, (row, total)
    client, headers = app.test_client(), {"Authorization": f"Bearer {token}"}

    def get(path):
        response = client.get(path, headers=headers)
        assert response.status_code == 200, (path, response.status_code)

    runs = {
        "floor": in_context(lambda: db.session.execute(sa.text(FLOOR_SQL), bounds).one()),
        "floor_summary": in_context(
            lambda: db.session.execute(sa.text(SUMMARY_FLOOR_SQL), bounds).one()
        ),
        "domain": in_context(lambda: annual_json(figures_for(period))),
        "api": lambda: get(f"/api/v1/stats/annual?year={period.label}"),
        "page": lambda: get(f"/figures/?year={year}&quarter=year"),
    }
    facts = {"year": period.label, "visits": total["visits_made"],
             "people": total["detainees_in_custody"]}  # fmt: skip
    return runs, facts


def measure(url: str, repeat: int) -> dict:
    app = make_app(url)
    # One JSON line per request otherwise (an Alembic upgrade's logging set-up enables it).
    logging.getLogger("icv.request").disabled = True
    runs, facts = _runs(app, url)
    return _interleaved(runs, repeat) | facts


def measure_cpu(url: str, repeat: int) -> dict:
    """CPU seconds per run, the app's and the database backend's, which a busy machine does not
    inflate as it does wall time. Parallel workers are off (their CPU would go uncounted)."""
    import sqlalchemy as sa

    from icv.extensions import db

    no_parallel = {"options": "-c max_parallel_workers_per_gather=0"}
    # One connection, so one backend process does all the database's work.
    app = make_app(url, {"connect_args": no_parallel, "pool_size": 1, "max_overflow": 0})
    logging.getLogger("icv.request").disabled = True
    runs, _facts = _runs(app, url)
    with app.app_context():
        backend = db.session.execute(sa.text("SELECT pg_backend_pid()")).scalar()
        db.session.rollback()
    stat = Path(f"/proc/{backend}/stat")

    def database_cpu() -> float:
        fields = stat.read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime

    for run in runs.values():
        run()
    totals = {name: [0.0, 0.0] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            app_started, db_started = time.process_time(), database_cpu()
            run()
            totals[name][0] += time.process_time() - app_started
            totals[name][1] += database_cpu() - db_started
    return {name: (app_cpu / repeat, db_cpu / repeat) for name, (app_cpu, db_cpu) in totals.items()}


def report(name: str, result: dict) -> None:
    raw, summary = result["floor"], result["floor_summary"]
    print(f"\n{name}: {result['year']}, {result['visits']:,} visits, {result['people']:,} people")
    print(f"  {'':<50} {'time':>9}   {'/ raw':>6} {'/ summary':>9}")
    for key, label in (
        ("floor", "floor: headline totals, one SQL over raw rows"),
        ("floor_summary", "floor: headline totals, one SQL over the summary"),
        ("domain", "figures_for + JSON shape (domain)"),
        ("api", "GET /api/v1/stats/annual"),
        ("page", "GET /figures/ (whole page)"),
    ):
        seconds = result[key]
        ratios = f"{seconds / raw:7.2f}x {seconds / summary:8.2f}x"
        print(f"  {label:<50} {seconds * 1000:6.1f} ms {ratios}")


def report_cpu(cpu: dict) -> None:
    raw, summary = sum(cpu["floor"]), sum(cpu["floor_summary"])
    print("\n  CPU per run, no parallel workers:  app + database = total   / raw / summary")
    for key, (app_cpu, db_cpu) in cpu.items():
        spent = app_cpu + db_cpu
        print(
            f"  {key:<32} {app_cpu * 1000:6.0f} + {db_cpu * 1000:6.0f} = {spent * 1000:6.0f} ms"
            f" {spent / raw:6.2f}x {spent / summary:8.2f}x"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="share of the 827 suites")
    parser.add_argument("--db", choices=["both", "sqlite", "postgres"], default="both")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--reuse", action="store_true", help="keep the data from the last run")
    args = parser.parse_args()
    sqlite_url = f"sqlite:///{SQLITE_FILE}"
    if not (args.reuse and SQLITE_FILE.exists()):
        SQLITE_FILE.unlink(missing_ok=True)
        app = make_app(sqlite_url)
        migrate(app, sqlite_url)
        started = time.perf_counter()
        counts = generate(app, args.scale)
        print(
            f"generated in {time.perf_counter() - started:.0f} s:",
            ", ".join(f"{name} {n:,}" for name, n in sorted(counts.items())),
        )
    elif args.db in ("both", "sqlite"):
        bring_up_to_date(make_app(sqlite_url), sqlite_url)
    if args.db in ("both", "sqlite"):
        report("SQLite", measure(sqlite_url, args.repeat))
    if args.db in ("both", "postgres"):
        url = subprocess.run(
            [str(ROOT / "scripts/postgres-test-db"), PG_DATABASE],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        if not args.reuse:
            migrate(make_app(url), url)
            started = time.perf_counter()
            copy_to_postgres(url)
            print(f"copied into PostgreSQL in {time.perf_counter() - started:.0f} s")
        else:
            bring_up_to_date(make_app(url), url)
        report("PostgreSQL", measure(url, args.repeat))
        report_cpu(measure_cpu(url, args.repeat))


if __name__ == "__main__":
    main()
