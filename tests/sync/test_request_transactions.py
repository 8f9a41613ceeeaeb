"""How a request's transaction ends (icv/transactions.py): a request that only read commits, so
PostgreSQL keeps its prepared statements; anything that wrote without committing, or failed,
is still rolled back and keeps nothing."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import Blueprint

from icv import create_app
from icv.extensions import db
from icv.models import Panel
from tests.sync.factory import new_uuid, report_body

views = Blueprint("transaction_views", __name__)


@views.get("/read")
def read():
    return str(len(db.session.scalars(sa.select(Panel)).all()))


@views.get("/flushed")
def flushed():
    db.session.add(Panel(name="Flushed, never committed"))
    db.session.flush()
    return "ok"


@views.get("/changed")
def changed():
    db.session.scalars(sa.select(Panel)).first().name = "Changed, never flushed"
    return "ok"


@views.get("/updated")
def updated():
    db.session.execute(sa.update(Panel).values(name="Updated by a statement"))
    return "ok"


@views.get("/failed")
def failed():
    db.session.scalars(sa.select(Panel)).all()
    raise RuntimeError("the view failed after reading")


@pytest.fixture(scope="module")
def test_app(app):
    """A second app on the test database, with views that write without committing."""
    second = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            # One connection: the test can look at what the requests left on it.
            "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 1, "max_overflow": 0},
        }
    )
    second.register_blueprint(views, url_prefix="/transactions")
    yield second
    with second.app_context():
        db.engine.dispose()


@contextmanager
def endings(application):
    """How the transactions begun inside the block ended: "commit" or "rollback" each."""
    seen: list[str] = []

    def note_commit(connection):
        seen.append("commit")

    def note_rollback(connection):
        seen.append("rollback")

    with application.app_context():
        engine = db.engine
    sa.event.listen(engine, "commit", note_commit)
    sa.event.listen(engine, "rollback", note_rollback)
    try:
        yield seen
    finally:
        sa.event.remove(engine, "commit", note_commit)
        sa.event.remove(engine, "rollback", note_rollback)


def panel_names(application) -> list[str]:
    with application.app_context():
        names = list(db.session.scalars(sa.select(Panel.name).order_by(Panel.name)))
        db.session.remove()
        return names


@pytest.fixture
def panel(test_app):
    with test_app.app_context():
        db.session.add(Panel(name="North"))
        db.session.commit()
        db.session.remove()


def test_a_request_that_only_read_commits(test_app, panel):
    with endings(test_app) as ended:
        response = test_app.test_client().get("/transactions/read")

    assert response.text == "1"
    assert ended == ["commit"]


@pytest.mark.parametrize("view", ["flushed", "changed", "updated"])
def test_a_request_that_wrote_without_committing_keeps_nothing(test_app, panel, view):
    with endings(test_app) as ended:
        response = test_app.test_client().get(f"/transactions/{view}")

    assert response.status_code == 200
    assert ended == ["rollback"]
    assert panel_names(test_app) == ["North"]


def test_a_request_that_failed_after_reading_rolls_back(test_app, panel):
    with endings(test_app) as ended, pytest.raises(RuntimeError):
        test_app.test_client().get("/transactions/failed")

    assert ended == ["rollback"]


def test_a_report_and_the_offline_data_end_as_they_should(app, team, api_as):
    """The real thing: a report is committed once (its answer reads nothing more), and the
    offline data, read only, ends in a commit rather than a rollback."""
    api, body = api_as(team.alice), report_body(team.suite, [team.alice, team.bob])

    with endings(app) as sent:
        assert api.put(new_uuid(), body).status_code == 201
    with endings(app) as read:
        assert api.get("/api/v1/reference").status_code == 200

    assert sent == ["commit"]
    assert read == ["commit"]


def test_postgresql_keeps_the_statements_it_prepared(test_app, panel):
    with test_app.app_context():
        if db.engine.dialect.name != "postgresql":
            pytest.skip("prepared statements are PostgreSQL's (psycopg's); SQLite has none here")
    client = test_app.test_client()
    for _ in range(6):  # psycopg prepares a statement on its fifth run on a connection
        assert client.get("/transactions/read").status_code == 200

    with test_app.app_context():  # the same, only, connection
        prepared = db.session.scalar(
            sa.text("SELECT count(*) FROM pg_prepared_statements WHERE statement LIKE :panels"),
            {"panels": "%FROM panels%"},
        )
        db.session.remove()
    assert prepared == 1
