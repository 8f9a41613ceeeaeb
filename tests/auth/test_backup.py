"""Backups: create, change or delete data, restore, and everything (figures too) is as it was.

Runs on whichever database the suite uses (SQLite here; PostgreSQL with
ICV_TEST_DATABASE_URL, where it exercises pg_dump and pg_restore).
"""

import importlib.util
import os
import stat

import pytest
import sqlalchemy as sa

from icv.extensions import db
from icv.models import Panel, Role, Suite, User
from icv.visits.reports import receive_report
from tests.sync.factory import new_uuid, report_body


def _figures() -> dict | None:
    """Every figure for 2019/20 by quarter, when the figures module is there to compute them."""
    if importlib.util.find_spec("icv.figures.aggregate") is None:
        return None
    from icv.figures.aggregate import figures_for
    from icv.figures.periods import financial_year

    figures = figures_for(financial_year(2019), detail=True)
    return {"cells": figures.cells, "volunteers": figures.volunteers, "total": figures.total}


def _snapshot() -> dict:
    db.session.expire_all()
    return {
        "users": sorted(db.session.scalars(sa.select(User.email))),
        "panels": sorted(db.session.scalars(sa.select(Panel.name))),
        "suites": sorted(db.session.scalars(sa.select(Suite.name))),
        "figures": _figures(),
    }


@pytest.fixture
def scheme(make_panel, make_suite, make_user):
    """A panel with a suite, two volunteers, their reports, a coordinator and an admin."""
    panel = make_panel("Lambeth and Southwark")
    suite = make_suite(panel, name="Brixton")
    pair = [make_user(Role.VOLUNTEER, panel=panel) for _ in range(2)]
    make_user(Role.COORDINATOR, panels=[panel])
    make_user(Role.ADMIN)
    for people in (2, 3, 5):
        receipt = receive_report(new_uuid(), report_body(suite, pair, people=people), pair[0])
        assert receipt.status == 201, receipt.errors
    return panel


def test_a_restore_brings_back_exactly_what_was_backed_up(app, runner, scheme, tmp_path):
    before = _snapshot()
    backup = tmp_path / "icv.backup"
    result = runner.invoke(args=["backup", "create", str(backup)])
    assert result.exit_code == 0, result.output
    assert "password" not in result.output.lower() and backup.stat().st_size > 0
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600  # personal data: owner only

    scheme.name = "Renamed panel"
    db.session.delete(db.session.scalar(sa.select(User).where(User.role == Role.COORDINATOR)))
    db.session.add(Suite(name="Walworth", panel=scheme))
    db.session.commit()
    assert _snapshot() != before

    db.session.remove()  # as with a stopped app: nothing holds the database open
    result = runner.invoke(args=["backup", "restore", str(backup), "--yes"])
    assert result.exit_code == 0, result.output
    after = _snapshot()
    assert after == before
    if after["figures"] is not None:
        assert after["figures"]["total"]["visits_made"] == 3


def test_restore_asks_first_and_does_nothing_if_told_no(runner, scheme, tmp_path):
    backup = tmp_path / "icv.backup"
    runner.invoke(args=["backup", "create", str(backup)])
    db.session.add(Suite(name="Walworth", panel=scheme))
    db.session.commit()
    db.session.remove()
    result = runner.invoke(args=["backup", "restore", str(backup)], input="n\n")
    assert result.exit_code != 0 and "Continue?" in result.output
    assert "Walworth" in _snapshot()["suites"]


def test_restore_refuses_a_file_that_is_not_a_backup(runner, scheme, tmp_path):
    before = _snapshot()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("shopping list")
    db.session.remove()
    result = runner.invoke(args=["backup", "restore", str(not_a_backup), "--yes"])
    assert result.exit_code != 0
    missing = runner.invoke(args=["backup", "restore", str(tmp_path / "nothing"), "--yes"])
    assert missing.exit_code != 0 and "There is no backup file" in missing.output
    assert _snapshot() == before
