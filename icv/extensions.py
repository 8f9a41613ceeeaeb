"""Flask extensions, created once here and bound to the app in create_app()."""

import threading

from flask import session
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from limits.storage import MemoryStorage
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

# Named constraints so Alembic migrations behave the same on SQLite and PostgreSQL.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class SignedInSessionLoginManager(LoginManager):
    """Flask-Login, with its session protection applied only where someone is signed in.

    On a session with nobody in it, "basic" protection only marks it not fresh, and that
    rewrites its cookie. The service worker warms its pages as the phone signs in: a page
    asked for before the sign-in and answered after it then put the signed-out cookie back,
    and the volunteer was signed out again (seen in the browser tests once sign-in was fast).
    Overrides a private method of Flask-Login 0.6.3 (pinned); tests/test_auth.py checks it.
    """

    def _session_protection_failed(self) -> bool:
        if "_user_id" not in session:
            return False
        return super()._session_protection_failed()


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = SignedInSessionLoginManager()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address)
compress = Compress()
babel = Babel()


def _start_memory_limit_timer_once() -> None:
    """limits 5.8's in-memory storage (memory://, the default) can start one expiry timer
    twice when two threads of a worker count a hit at the same moment: RuntimeError
    "threads can only be started once", answered as a 500 (seen once in 7,400 requests of
    the load test). Fixed upstream (alisaifee/limits pull 352, not in 5.8.0): until a release
    with it is pinned, the check-and-start runs under one lock."""
    schedule = getattr(MemoryStorage, "_MemoryStorage__schedule_expiry", None)
    if schedule is None or getattr(schedule, "icv_locked", False):
        return
    lock = threading.Lock()

    def schedule_once(storage: MemoryStorage) -> None:
        with lock:
            schedule(storage)

    schedule_once.icv_locked = True
    MemoryStorage._MemoryStorage__schedule_expiry = schedule_once


_start_memory_limit_timer_once()


@event.listens_for(Engine, "connect")
def _tune_sqlite(dbapi_connection, connection_record):
    """SQLite: let readers and one writer work at once, and wait rather than fail when busy."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=15000")
        cursor.close()
