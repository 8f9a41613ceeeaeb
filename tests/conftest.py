"""Shared fixtures: one migrated database per run, a live server, factories and sign-in helpers.

Set ICV_TEST_DATABASE_URL to run everything against PostgreSQL instead of SQLite.
"""

from __future__ import annotations

import os
import shutil
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pyotp
import pytest
import sqlalchemy as sa
from argon2 import PasswordHasher
from flask.globals import _cv_app
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from icv import create_app
from icv.auth.accounts import find_user_by_email
from icv.extensions import db
from icv.models import Availability, Panel, Role, Suite, SuiteStatus, User, VolunteerStatus
from icv.policy import TWO_FACTOR_REQUIRED

pytest_plugins = ["tests.browser_fixtures"]

PASSWORD = "correct-horse-battery"
# Test users get a cheap Argon2 hash: verifying reads the cost from the hash itself, so each
# sign-in takes a millisecond instead of the production 0.2 s (hundreds of sign-ins a run).
# The app's own hashing keeps its cost: test_auth checks hash_password's parameters.
_PASSWORD_HASH = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1).hash(PASSWORD)
# make_user enrols staff (who must use two-factor sign-in) with this authenticator secret.
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
_HELPER_APP: list = []  # the test app, for sign-in helpers that have no client (browser)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    instance = tmp_path_factory.mktemp("instance")
    database_url = os.environ.get("ICV_TEST_DATABASE_URL") or f"sqlite:///{instance}/test.sqlite"
    app = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "test-secret-key-not-for-production",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "SIGN_IN_RATE_LIMIT": "1000 per minute",
            "TWO_FACTOR_RATE_LIMIT": "1000 per minute",
            "PASSWORD_RESET_RATE_LIMIT": "1000 per minute",
            "TOKEN_RATE_LIMIT": "1000 per minute",
            "SYNC_RATE_LIMIT": "100000 per minute",
            # Wrong passwords wait no longer in tests (test_auth checks the delays asked for).
            "LOCKOUT_DELAY_SECONDS": 0,
            "RATELIMIT_ENABLED": True,
        }
    )
    app.instance_path = str(instance)
    app.test_client_class = IsolatedClient
    _HELPER_APP[:] = [app]
    with app.app_context():
        if database_url.startswith("postgresql"):
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        upgrade()  # the committed migrations build the schema, so they are tested too
    yield app
    shutil.rmtree(instance, ignore_errors=True)


@pytest.fixture(autouse=True)
def clean_database(app):
    """Every test starts with empty tables (faster than rebuilding the schema)."""
    yield
    empty_tables(app)


def empty_tables(app) -> None:
    """Delete every row (a module that shares one seeded database calls this at its end)."""
    with app.app_context():
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                connection.execute(table.delete())
    from icv.extensions import limiter

    limiter.reset()


@pytest.fixture
def app_ctx(app):
    with app.app_context():
        yield
        db.session.remove()


class IsolatedClient(FlaskClient):
    """Each request gets its own app context, as in production, even while a test holds one.

    Flask reuses an already-pushed app context (and so `g` and the database session) for
    test-client requests; that would hide bugs that real requests would show.
    """

    def open(self, *args, **kwargs):
        token = _cv_app.set(None)
        try:
            return super().open(*args, **kwargs)
        finally:
            _cv_app.reset(token)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_panel(app_ctx):
    counter = iter(range(1, 10_000))

    def _make(name: str | None = None, **fields) -> Panel:
        panel = Panel(name=name or f"Panel {next(counter)}", area=fields.pop("area", "Borough"))
        for key, value in fields.items():
            setattr(panel, key, value)
        db.session.add(panel)
        db.session.commit()
        return panel

    return _make


@pytest.fixture
def make_suite(app_ctx, make_panel):
    counter = iter(range(1, 10_000))

    def _make(panel: Panel | None = None, **fields) -> Suite:
        suite = Suite(
            name=fields.pop("name", f"Suite {next(counter)}"),
            panel=panel or make_panel(),
            address=fields.pop("address", "1 High Street"),
            cells=fields.pop("cells", 12),
            status=fields.pop("status", SuiteStatus.OPEN),
            target_visits_per_week=fields.pop("target_visits_per_week", 1),
        )
        db.session.add(suite)
        db.session.commit()
        return suite

    return _make


@pytest.fixture
def make_user(app_ctx):
    """make_user(role, panel=..., panels=[...], **fields) -> User with password PASSWORD."""
    counter = iter(range(1, 10_000))

    def _make(role: Role = Role.VOLUNTEER, *, panel=None, panels=(), **fields) -> User:
        number = next(counter)
        user = User(
            email=fields.pop("email", f"{role}{number}@example.org"),
            name=fields.pop("name", f"{str(role).title()} {number}"),
            role=role,
            password_hash=_PASSWORD_HASH,
        )
        if role == Role.VOLUNTEER:
            today = date.today()
            user.panel = panel
            user.status = VolunteerStatus.ACTIVE
            user.appointed_on = today - timedelta(days=100)
            user.term_ends_on = today + timedelta(days=900)
            user.vetting_expires_on = today + timedelta(days=900)
            user.availability = [Availability(weekday=0, band="evening")]
        if role == Role.COORDINATOR:
            user.coordinated_panels = list(panels or ([panel] if panel else []))
        if role in TWO_FACTOR_REQUIRED:  # enrolled already, so sign_in() can give the code
            user.totp_secret = TOTP_SECRET
            user.totp_enabled_at = datetime.now(UTC)
        for key, value in fields.items():
            setattr(user, key, value)
        db.session.add(user)
        db.session.commit()
        return user

    return _make


def sign_in(client, user_or_email, password: str = PASSWORD):
    """Sign in like a browser, giving the authenticator code (or setting one up) if asked."""
    email = getattr(user_or_email, "email", user_or_email)
    page = client.get("/sign-in")
    token = extract_csrf(page.get_data(as_text=True))
    response = client.post(
        "/sign-in", data={"email": email, "password": password, "csrf_token": token}
    )
    step = response.headers.get("Location", "") if response.status_code == 302 else ""
    if step.startswith("/sign-in/code"):
        code = totp_code_for(email, client.application)
        return post_form(client, "/sign-in/code", {"code": code})
    if step.startswith("/two-factor/set-up"):
        html = client.get("/two-factor/set-up").get_data(as_text=True)
        code = pyotp.TOTP(setup_key_on_page(html)).now()
        return post_form(client, "/two-factor/set-up", {"code": code})
    return response


def totp_code_for(email: str, app=None) -> str:
    """A code the app accepts now for `email`'s enrolled secret.

    The app refuses a code whose 30-second step was already used, so this forgets the
    user's last used step first, as if that sign-in were long ago.
    """
    with (app or _HELPER_APP[0]).app_context():
        user = find_user_by_email(email)
        assert user is not None and user.totp_secret, f"{email} has no two-factor secret"
        user.totp_last_step = None
        db.session.commit()
        return pyotp.TOTP(user.totp_secret).now()


def setup_key_on_page(html: str) -> str:
    import re

    match = re.search(r'id="setup-key">([A-Z2-7 ]+)<', html)
    assert match, "no set-up key on the page"
    return match.group(1).replace(" ", "")


def extract_csrf(html: str) -> str:
    import re

    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html)
    assert match, "no CSRF token on the page"
    return match.group(1)


def post_form(client, url: str, data: dict, **kwargs):
    """GET the form page for its CSRF token, then POST like a browser would."""
    token = extract_csrf(client.get(url).get_data(as_text=True))
    return client.post(url, data={**data, "csrf_token": token}, **kwargs)


@pytest.fixture(scope="session")
def live_server(app):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


ROOT = Path(__file__).resolve().parent.parent
