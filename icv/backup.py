"""Backups of the whole database: `flask --app icv backup create PATH` and `backup restore PATH`.

SQLite is copied with its online backup API (safe while the app runs). PostgreSQL uses
`pg_dump --format=custom` and `pg_restore`; the password goes to them in PGPASSWORD, never
on the command line (where `ps` would show it). They run from an argument list, never
through a shell: that is why bandit's subprocess warnings (B404, B603) are marked nosec.
A backup holds personal data: the file is made readable by its owner only. Restore into
the same version of icv that made the backup (then `flask db upgrade` if the code is
newer), with the app stopped.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess  # nosec B404
from pathlib import Path

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from icv.extensions import db

PG_DUMP = ["pg_dump", "--format=custom", "--no-owner", "--no-privileges"]
# One transaction: a restore that fails part-way leaves the database as it was.
PG_RESTORE = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error"]  # fmt: skip


class BackupError(click.ClickException):
    pass


def create_backup(url: sa.engine.URL, path: Path) -> None:
    """Write a backup of the database at `url` to `path` (replaced only once complete)."""
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    partial.touch(mode=0o600)
    try:
        if _is_sqlite(url):
            _sqlite_copy(_sqlite_file(url), partial)
        else:
            _run([*PG_DUMP, *_pg_connection(url), f"--file={partial}"], url)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)


def restore_backup(url: sa.engine.URL, path: Path) -> None:
    """Replace everything in the database at `url` with the backup at `path`."""
    if not path.is_file():
        raise BackupError(f"There is no backup file at {path}")
    db.session.remove()
    db.engine.dispose()  # no pooled connection may hold the database during the restore
    if _is_sqlite(url):
        _check_sqlite_backup(path)
        _sqlite_copy(str(path), Path(_sqlite_file(url)))
    else:
        _run([*PG_RESTORE, *_pg_connection(url), str(path)], url)


def _is_sqlite(url: sa.engine.URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _sqlite_file(url: sa.engine.URL) -> str:
    if not url.database or url.database == ":memory:":
        raise BackupError("This database lives in memory only; there is nothing to back up")
    return url.database


def _sqlite_copy(source: str, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def _check_sqlite_backup(path: Path) -> None:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as check:
            tables = {row[0] for row in check.execute("SELECT name FROM sqlite_master")}
        check.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an icv SQLite backup ({error})") from error
    if "alembic_version" not in tables:
        raise BackupError(f"{path} is not an icv SQLite backup (no alembic_version table)")


def _pg_connection(url: sa.engine.URL) -> list[str]:
    options = [f"--dbname={url.database}"]
    if url.host:
        options.append(f"--host={url.host}")
    if url.port:
        options.append(f"--port={url.port}")
    if url.username:
        options.append(f"--username={url.username}")
    return options


def _run(command: list[str], url: sa.engine.URL) -> None:
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        )
    env = {**os.environ, "PGPASSWORD": url.password or ""}
    if url.query.get("sslmode"):
        env["PGSSLMODE"] = str(url.query["sslmode"])
    # A fixed program and an argument list, no shell (bandit B603); the password is in env.
    done = subprocess.run(  # noqa: S603 # nosec B603
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")


@click.group("backup")
def backup_group() -> None:
    """Back up the database to a file, or restore it from one."""


@backup_group.command("create")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def create_command(path: Path) -> None:
    """Write a backup of the whole database to PATH."""
    create_backup(db.engine.url, path)
    click.echo(f"Backed up {db.engine.url.render_as_string(hide_password=True)} to {path}")


@backup_group.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@with_appcontext
def restore_command(path: Path, yes: bool) -> None:
    """Replace everything in the database with the backup at PATH (stop the app first)."""
    where = db.engine.url.render_as_string(hide_password=True)
    if not yes:
        click.confirm(
            f"This replaces everything in {where} with the backup {path}. Continue?", abort=True
        )
    restore_backup(db.engine.url, path)
    click.echo(f"Restored {where} from {path}")
