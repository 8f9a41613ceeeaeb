"""Background jobs, run by their own process: `flask --app icv scheduler`.

Deploy exactly one scheduler process (a systemd unit or one container) beside any number of
gunicorn workers; the web app never starts it. Jobs live in a persistent job store in the
app's database (table apscheduler_jobs), have fixed ids (a restart replaces, never doubles
them), coalesce missed runs into one, never overlap themselves (max_instances=1), and are
idempotent, so a run repeated after a crash does no harm.
"""

from __future__ import annotations

import contextlib
import importlib

import click
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from flask import Flask, current_app
from flask.cli import with_appcontext

from icv.dates import SCHEME_TIME_ZONE, scheme_today

# job id -> (function in icv.rota.jobs, cron fields)
JOBS = {
    "mark_missed_visits": ("mark_missed_visits", {"hour": 0, "minute": 15}),
    "remind_volunteers": ("remind_volunteers", {"hour": 7, "minute": 0}),
    "tell_coordinators": ("tell_coordinators", {"hour": 8, "minute": 0}),
    "draft_next_quarter": ("draft_next_quarter", {"hour": 6, "minute": 0}),
    "warn_expiring": ("warn_expiring", {"day_of_week": "mon", "hour": 9, "minute": 0}),
    "chase_police_responses": ("chase_police_responses", {"hour": 8, "minute": 15}),
    # Other features' jobs are named "module:function".
    "remind_overdue_actions": (
        "icv.actions.reminders:remind_overdue_actions",
        {"hour": 8, "minute": 30},
    ),
    "remind_unsent_reviewer_copies": (
        "icv.tact.reminders:remind_unsent_copies",
        {"hour": 8, "minute": 45},
    ),
    "apply_retention": ("icv.privacy.retention:scheduled_run", {"hour": 3, "minute": 30}),
    # Expenses claims and their receipt photos past RETENTION_EXPENSE_YEARS (icv.expenses).
    "expire_expense_claims": ("icv.expenses.claims:scheduled_retention", {"hour": 3, "minute": 40}),
}

_app: Flask | None = None


def run_job(name: str) -> int:
    """What the scheduler calls (by its text reference): one job inside an app context."""
    global _app
    if _app is None:
        from icv import create_app

        _app = create_app()
    from icv.rota import jobs

    module, _, function = JOBS[name][0].rpartition(":")  # "module:function", or a rota job
    job = getattr(importlib.import_module(module) if module else jobs, function)
    with _app.app_context():
        # London's date, not the host's: in summer the 00:15 run is 23:15 UTC the day before.
        result = job(scheme_today())
        _app.logger.info("Job %s done: %s", name, result)
        return result


def build_scheduler(app: Flask) -> BlockingScheduler:
    store = SQLAlchemyJobStore(url=app.config["SQLALCHEMY_DATABASE_URI"])
    scheduler = BlockingScheduler(jobstores={"default": store}, timezone=SCHEME_TIME_ZONE)
    for job_id, (_, cron) in JOBS.items():
        scheduler.add_job(
            "icv.scheduler:run_job",
            CronTrigger(timezone=SCHEME_TIME_ZONE, **cron),
            args=[job_id],
            id=job_id,
            name=job_id.replace("_", " "),
            replace_existing=True,
            coalesce=True,
            max_instances=1,
            misfire_grace_time=6 * 3600,
        )
    return scheduler


@click.command("scheduler")
@click.option("--run-now", "run_now", help="Run one job once, now, and exit (e.g. for cron).")
@with_appcontext
def scheduler_command(run_now: str | None) -> None:
    """Run the background jobs (one process per deployment; it blocks)."""
    global _app
    _app = current_app._get_current_object()
    if run_now:
        if run_now not in JOBS:
            raise click.BadParameter(f"choose one of {', '.join(JOBS)}", param_hint="--run-now")
        click.echo(f"{run_now}: {run_job(run_now)}")
        return
    scheduler = build_scheduler(_app)
    click.echo(f"Scheduler running {len(JOBS)} jobs; stop with Ctrl+C.")
    with contextlib.suppress(KeyboardInterrupt, SystemExit):
        scheduler.start()
