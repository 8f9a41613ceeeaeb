"""`flask --app icv retention run [--dry-run]`: apply the retention rules now, or preview them."""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from icv.privacy import retention

retention_group = AppGroup("retention", help="Anonymise and purge personal data past retention.")


@retention_group.command("run")
@click.option("--dry-run", is_flag=True, help="Print what would change, and change nothing.")
def run_command(dry_run: bool) -> None:
    """Anonymise old reports' detainee text; purge long-deactivated volunteers' details."""
    config = current_app.config
    outcome = retention.run(date.today(), config, dry_run=dry_run)
    verb = "Would change" if dry_run else "Changed"
    click.echo(
        f"{verb}: {outcome} (detainee text older than {config['RETENTION_DETAINEE_YEARS']} "
        f"years; volunteers deactivated over "
        f"{config['RETENTION_DEACTIVATED_VOLUNTEER_YEARS']} years ago)."
    )
    for uuid in outcome.reports:
        click.echo(f"  report {uuid}")
    for action_id in outcome.actions:
        click.echo(f"  action {action_id}")
    for user_id in outcome.volunteers:
        click.echo(f"  former volunteer #{user_id}")
