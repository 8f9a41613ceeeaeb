"""Migration 0002 builds the report tables with the UNIQUE constraints idempotency rests on."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from icv import create_app
from icv.extensions import db

REPORT_TABLES = {
    "visit_reports", "report_visitors", "detainee_records", "condition_checks",
    "report_amendments",
}  # fmt: skip


def test_0002_upgrades_and_downgrades(tmp_path):
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite",
                      "SECRET_KEY": "test"})  # fmt: skip
    with app.app_context():
        upgrade(revision="0002")
        inspector = sa.inspect(db.engine)
        assert set(inspector.get_table_names()) >= REPORT_TABLES
        unique = {
            tuple(c["column_names"]) for c in inspector.get_unique_constraints("visit_reports")
        }
        assert {("uuid",), ("scheduled_visit_id",)} <= unique
        downgrade(revision="0001")
        assert not REPORT_TABLES & set(sa.inspect(db.engine).get_table_names())
        upgrade(revision="0002")
        assert set(sa.inspect(db.engine).get_table_names()) >= REPORT_TABLES
        db.engine.dispose()


def _report_tables_only(item, name, type_, reflected, compare_to) -> bool:
    table = name if type_ == "table" else getattr(getattr(item, "table", None), "name", None)
    return table in REPORT_TABLES


def test_report_models_match_the_migrated_schema(app):
    opts = {"compare_type": True, "include_object": _report_tables_only}
    with app.app_context(), db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts=opts)
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_0012_keeps_stored_reports_and_lets_the_optional_fields_be_null(tmp_path):
    """A report stored at 0011 keeps its values; afterwards juveniles, vulnerable adults and
    the rating may be NULL; downgrading fills NULLs with the form's defaults."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/m.sqlite",
                      "SECRET_KEY": "test"})  # fmt: skip
    optional = {"juveniles", "vulnerable_adults", "rating"}
    with app.app_context():
        upgrade(revision="0011_encrypt_totp_secrets")
        columns = sa.inspect(db.engine).get_columns("visit_reports")
        assert not any(c["nullable"] for c in columns if c["name"] in optional)
        row = {c["name"]: _filler(c) for c in columns if not c["nullable"]}
        row |= {"id": 1, "juveniles": 2, "vulnerable_adults": 1, "rating": "satisfactory"}
        with db.engine.begin() as connection:  # SQLite: foreign keys are not checked here
            connection.execute(sa.table("visit_reports", *map(sa.column, row)).insert(), row)
        upgrade(revision="0012_optional_report_fields")
        columns = sa.inspect(db.engine).get_columns("visit_reports")
        assert all(c["nullable"] for c in columns if c["name"] in optional)
        read = "SELECT juveniles, vulnerable_adults, rating FROM visit_reports"
        with db.engine.begin() as connection:
            assert connection.exec_driver_sql(read).one() == (2, 1, "satisfactory")
            connection.exec_driver_sql(
                "UPDATE visit_reports SET juveniles = NULL, vulnerable_adults = NULL, rating = NULL"
            )
        downgrade(revision="0011_encrypt_totp_secrets")
        with db.engine.begin() as connection:
            assert connection.exec_driver_sql(read).one() == (0, 0, "satisfactory")
        db.engine.dispose()


def _filler(column):
    kind = str(column["type"]).upper()
    if "INT" in kind or "BOOL" in kind:
        return 1
    if "DATE" in kind or "TIME" in kind:
        return "2019-06-01 20:10:00"
    if "JSON" in kind:
        return "{}"
    return "x"
