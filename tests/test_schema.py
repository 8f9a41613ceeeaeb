"""The models describe exactly the schema the committed migrations build (every table)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from icv.extensions import db
from icv.visits.reports import receive_report
from tests.sync.factory import new_uuid, report_body


def test_models_match_the_migrated_schema(app):
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


FORMAT_2_COLUMNS = {"sex", "age_band", "offered_visit", "custody_record_findings", "language"}


def _columns(table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(db.engine).get_columns(table)}


def test_0014_adds_format_2_and_goes_back_keeping_stored_reports(
    app, make_panel, make_suite, make_user
):
    """On this run's database (SQLite, or PostgreSQL with ICV_TEST_DATABASE_URL): a report
    stored at 0014 survives a downgrade to 0013 and the upgrade back, read as format 1."""
    panel = make_panel()
    suite, pair = make_suite(panel), [make_user(panel=panel), make_user(panel=panel)]
    body = report_body(suite, pair, format_version=2)
    body["detainees"][0] |= {"sex": "female", "strip_searched": True, "strip_searched_note": "x"}
    assert receive_report(new_uuid(), body, pair[0]).status == 201
    db.session.remove()
    read = "SELECT outcome FROM detainee_records ORDER BY position"
    try:
        downgrade(revision="0013_visit_overrides")
        assert not FORMAT_2_COLUMNS & _columns("detainee_records")
        assert "format_version" not in _columns("visit_reports")
        with db.engine.connect() as connection:
            assert connection.exec_driver_sql(read).scalars().all() == [
                "interviewed", "declined", "unavailable"
            ]  # fmt: skip
    finally:
        upgrade()
    assert _columns("detainee_records") >= FORMAT_2_COLUMNS
    with db.engine.connect() as connection:
        version = connection.exec_driver_sql("SELECT format_version FROM visit_reports")
        assert version.scalar_one() == 1  # its rows lost format 2's fields with the downgrade
        sexes = connection.exec_driver_sql("SELECT sex FROM detainee_records").scalars().all()
        assert sexes == [None, None, None]


def test_0021_says_who_finished_probation_by_their_status(app, make_panel, make_user):
    """Volunteers whose status was not probation finished it on a day nobody recorded: the
    migration takes their appointment day, so only those on probation stay on it."""
    panel = make_panel()
    settled = make_user(panel=panel, status="active")
    newcomer = make_user(panel=panel, status="probation")
    expected = {settled.id: settled.appointed_on, newcomer.id: None}
    db.session.remove()
    users = db.metadata.tables["users"]
    read = sa.select(users.c.id, users.c.probation_completed_on).where(users.c.role == "volunteer")
    try:
        downgrade(revision="0020_publishing")
        assert "probation_completed_on" not in _columns("users")
    finally:
        upgrade()
    with db.engine.connect() as connection:
        rows = dict(connection.execute(read).all())
    assert rows == expected
