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
