"""Count what reaches the database: for tests that a request's queries do not grow with its data."""

from __future__ import annotations

from contextlib import contextmanager

import sqlalchemy as sa

from icv.extensions import db


@contextmanager
def statements():
    """The SQL statements sent to the database inside the block (needs an app context)."""
    seen: list[str] = []

    def note(connection, cursor, statement, *rest):
        seen.append(" ".join(statement.split()))

    sa.event.listen(db.engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", note)


def reads(seen: list[str]) -> list[str]:
    return [text for text in seen if text.startswith("SELECT")]
