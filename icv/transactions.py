"""How a request's database transaction ends: committed when it only read, so PostgreSQL keeps
its prepared statements.

psycopg prepares a statement once a connection has run it five times, so PostgreSQL parses and
plans it only once. But a rollback makes psycopg forget every statement it prepared on that
connection (in case the rollback undid a table they depend on), and Flask-SQLAlchemy ends each
request's session with a rollback. So every read-only request reset the count: no query of the
visits page or the offline data was ever prepared, and PostgreSQL parsed and planned each one on
every request (over half of the database's CPU for the load test's requests).

Committing a transaction that wrote nothing ends it just as a rollback would, with nothing to
keep. A transaction that wrote anything is left to Flask-SQLAlchemy's rollback as before: a
view that flushed without committing, or failed, still keeps nothing.
"""

from __future__ import annotations

from flask import Flask, current_app
from sqlalchemy import event
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction, UOWTransaction

from icv.extensions import db

WROTE = "icv_wrote"  # in Session.info: this transaction changed something (or may have)


def configure(app: Flask) -> None:
    app.teardown_request(end_read_only_transaction)


def end_read_only_transaction(error: BaseException | None) -> None:
    """Commit the request's transaction if it only read; leave anything else to the rollback."""
    if error is not None or not db.session.registry.has():
        return
    session = db.session()
    if not session.in_transaction() or session.in_nested_transaction() or _changed(session):
        return
    session.expire_on_commit = False  # the session ends with the request: expiring is waste
    try:
        session.commit()
    except SQLAlchemyError:  # the connection failed: the session's removal rolls back
        current_app.logger.warning("ending a read-only transaction failed", exc_info=True)


def _changed(session: Session) -> bool:
    return bool(session.info.get(WROTE) or session.new or session.dirty or session.deleted)


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, flush_context: UOWTransaction) -> None:
    session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    # UPDATE, DELETE, INSERT and text() statements may write: only a SELECT surely does not.
    if not state.is_select:
        state.session.info[WROTE] = True


@event.listens_for(Session, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:  # the outermost transaction: its writes are settled
        session.info.pop(WROTE, None)
