"""Command-line tasks under `flask --app icv`: demo data, users and API tokens."""

from __future__ import annotations

import secrets
import sys

import click
import sqlalchemy as sa
from flask import Flask

from icv.auth.accounts import find_user_by_email, issue_token, password_problem, set_password
from icv.auth.two_factor import grouped
from icv.backup import backup_group
from icv.demo import DEMO_ROLE_EMAILS, demo_two_factor_keys, reset_demo_passwords, seed_demo
from icv.extensions import db
from icv.models import Panel, Role, Suite, User, VolunteerStatus
from icv.policy import TWO_FACTOR_REQUIRED


def register(app: Flask) -> None:
    from icv.figures.cli import report
    from icv.privacy.cli import retention_group
    from icv.rota.cli import rota_group
    from icv.scheduler import scheduler_command

    app.cli.add_command(seed_demo_command)
    app.cli.add_command(users)
    app.cli.add_command(backup_group)
    app.cli.add_command(rota_group)
    app.cli.add_command(scheduler_command)
    app.cli.add_command(report)
    app.cli.add_command(retention_group)
    app.cli.add_command(encryption_group)


@click.command("seed-demo")
@click.option("--password", help="Password for the demo accounts it adds (random if not given).")
@click.option(
    "--reset-password",
    is_flag=True,
    help="Give every demo account a new password (--password, or random) and print it.",
)
@click.option(
    "--show-credentials",
    is_flag=True,
    help="Print the staff accounts' two-factor keys again (they are in the database).",
)
def seed_demo_command(password: str | None, reset_password: bool, show_credentials: bool) -> None:
    """Load the demo scheme (safe to run again) and print the sign-in details.

    A password is stored hashed, so on a later run it cannot be shown: --reset-password
    sets a new one. Two-factor keys are printed again with --show-credentials.
    """
    password = password or secrets.token_urlsafe(9)
    added = seed_demo(password)
    if reset_password:
        reset_demo_passwords(password)
    click.echo(
        f"Demo scheme ready: added {added['panels']} panels, {added['suites']} suites, "
        f"{added['volunteers']} volunteers, {added['reports']} visit reports for 2019-20, "
        f"{added['rota_visits']} visits on rotas published from today, "
        f"{added['recent_reports']} visit reports from the last weeks."
    )
    click.echo("Sign in with:")
    keys = demo_two_factor_keys()
    for role, email in DEMO_ROLE_EMAILS.items():
        new = reset_password or email in added["accounts"]
        shown = password if new else "(unchanged: add --reset-password to set and show a new one)"
        click.echo(f"  {role.value:<12} {email:<26} password: {shown}")
        if role in TWO_FACTOR_REQUIRED:
            key = _two_factor_key(keys.get(email), email in added["accounts"] or show_credentials)
            click.echo(f"  {'':<12} {'':<26} two-factor key: {key}")
    click.echo(
        "Staff accounts also need a code: add each two-factor key to an authenticator app "
        "(enter a setup key, time-based)."
    )


def _two_factor_key(secret: str | None, show: bool) -> str:
    if not secret:
        return "none: you set one up when you sign in"
    return grouped(secret) if show else "(unchanged: add --show-credentials to show it again)"


@click.group()
def users() -> None:
    """Create users and API tokens."""


@users.command("create")
@click.argument("email")
@click.option("--role", type=click.Choice([r.value for r in Role]), required=True)
@click.option("--name", help="Full name (defaults to the part of the email before @).")
@click.option(
    "--panel", "panel_name", help="Panel name: a volunteer's panel, or one to coordinate."
)
@click.option(
    "--suite", "suite_names", multiple=True,
    help="A custody suite a police user answers for (repeat for more).",
)  # fmt: skip
def create_user(
    email: str, role: str, name: str | None, panel_name: str | None, suite_names: tuple[str, ...]
) -> None:
    """Create a user; the password is read from a prompt or standard input."""
    if find_user_by_email(email):
        raise click.ClickException(f"A user with the email {email} already exists")
    if role == Role.POLICE and not suite_names:
        raise click.ClickException("A police user answers for custody suites: give --suite NAME")
    if suite_names and role != Role.POLICE:
        raise click.ClickException(f"Only police users have suites: leave out --suite for {role}")
    suites = [_suite_named(suite_name) for suite_name in dict.fromkeys(suite_names)]
    if role == Role.VOLUNTEER and not panel_name:
        raise click.ClickException("A volunteer belongs to a panel: give --panel NAME")
    if panel_name and role not in (Role.VOLUNTEER, Role.COORDINATOR):
        raise click.ClickException(f"An {role} has no panel: leave out --panel")
    panel = None
    if panel_name:
        panel = db.session.scalar(sa.select(Panel).where(Panel.name == panel_name))
        if panel is None:
            raise click.ClickException(f"There is no panel called {panel_name!r}")
    password = _read_password()
    user = User(email=email, name=name or email.split("@")[0], role=role)
    set_password(user, password)
    if role == Role.VOLUNTEER:
        user.panel = panel
        user.status = VolunteerStatus.PROBATION
    elif role == Role.COORDINATOR and panel:
        user.coordinated_panels = [panel]
    user.police_suites = suites
    db.session.add(user)
    db.session.commit()
    click.echo(f"Created {role} {email}")


def _suite_named(name: str) -> Suite:
    suite = db.session.scalar(sa.select(Suite).where(Suite.name == name))
    if suite is None:
        raise click.ClickException(f"There is no custody suite called {name!r}")
    return suite


def _read_password() -> str:
    if sys.stdin.isatty():
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    else:
        password = sys.stdin.readline().rstrip("\n")
    problem = password_problem(password)
    if problem:
        raise click.ClickException(problem)
    return password


@users.command("reset-2fa")
@click.argument("email")
def reset_two_factor(email: str) -> None:
    """Turn off two-factor sign-in for someone who lost their phone; signs them out everywhere.

    Staff must set it up again (with a new authenticator secret) when they next sign in.
    """
    from icv.auth import two_factor

    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no user with the email {email}")
    two_factor.disable(user)
    user.session_token = secrets.token_hex(16)  # sessions that passed the old factor end
    db.session.commit()
    click.echo(f"Two-factor sign-in was reset for {email}. They set it up again at next sign-in.")


@users.command("token")
@click.argument("email")
@click.option("--label", default="command line", help="A note to recognise the token by.")
def create_token(email: str, label: str) -> None:
    """Print a new personal API token for `Authorization: Bearer`."""
    user = find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"There is no user with the email {email}")
    click.echo(issue_token(user, label))


@click.group("encryption")
def encryption_group() -> None:
    """Keys for the secrets stored encrypted (two-factor authenticator keys)."""


@encryption_group.command("new-key")
def new_encryption_key() -> None:
    """Print a new key for ICV_ENCRYPTION_KEYS (put it first; keep the old one after it)."""
    from icv.crypto import new_key

    click.echo(new_key())


@encryption_group.command("rotate")
def rotate_encryption() -> None:
    """Encrypt every stored secret again with the first key in ICV_ENCRYPTION_KEYS."""
    from icv.auth.two_factor import reencrypt_secrets

    rewritten, unreadable = reencrypt_secrets()
    db.session.commit()
    click.echo(f"{rewritten} secrets encrypted with the first key.")
    if unreadable:
        raise click.ClickException(
            f"{unreadable} secrets could not be decrypted with any configured key: give the "
            "old key in ICV_ENCRYPTION_KEYS, or reset those users' two-factor sign-in."
        )
