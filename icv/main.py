"""Home page, health check and the GOV.UK Frontend assets."""

import functools
from pathlib import Path

import sqlalchemy as sa
from flask import Blueprint, current_app, jsonify, render_template, send_from_directory
from flask_login import current_user, login_required

from icv import policy
from icv.actions.police_views import police_home_page
from icv.attention import needing_attention
from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role
from icv.pwa import page_kept_offline
from icv.rota import answers, status

bp = Blueprint("main", __name__)


@bp.route("/")
@login_required
def home():
    if current_user.role == Role.VOLUNTEER:
        return _volunteer_home()
    if current_user.role == Role.POLICE:
        return police_home_page()
    counts = {}
    if current_user.role in policy.MANAGERS:
        for name, query in (
            ("panels", policy.panels_query(current_user)),
            ("suites", policy.suites_query(current_user)),
            ("volunteers", policy.volunteers_query(current_user)),
        ):
            counts[name] = db.session.scalar(
                sa.select(sa.func.count()).select_from(query.subquery())
            )
    return render_template(
        "main/home.html", counts=counts, Role=Role, attention=_attention_for(current_user)
    )


def _attention_for(user) -> list | None:
    """Coordinators' and admins' "needs your attention" list (main/_attention.html)."""
    if user.role not in policy.MANAGERS:
        return None
    return needing_attention(user, scheme_today())


def _volunteer_home():
    """Their next visits and recording one: kept on the phone, as it is theirs alone."""
    today = scheme_today()
    html = render_template(
        "main/home.html",
        Role=Role,
        next_visits=answers.next_visits(current_user, today),
        answerable=lambda visit: answers.is_answerable(visit, today),
        tag=status.tag,
        ask_for_availability=not current_user.availability,
    )
    return page_kept_offline(html, keep=True)


@bp.route("/healthz")
def healthz():
    """Liveness and database reachability; reads only."""
    db.session.execute(sa.text("SELECT 1"))
    return jsonify(status="ok")


@bp.route("/readyz")
def readyz():
    """Ready for traffic: the database answers and its schema is at the newest migration."""
    problem = _database_problem()
    if problem:
        return jsonify(status="unavailable", problem=problem), 503
    return jsonify(status="ok")


def _database_problem() -> str | None:
    from alembic.runtime.migration import MigrationContext

    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except sa.exc.SQLAlchemyError:
        current_app.logger.exception("readyz: the database did not answer")
        return "The database is not reachable."
    if current != _migration_heads(current_app.extensions["migrate"].directory):
        return "The database schema is not at the newest migration: run flask db upgrade."
    return None


@functools.cache
def _migration_heads(directory: str) -> set[str]:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", directory)
    return set(ScriptDirectory.from_config(config).get_heads())


@bp.route("/assets/<path:filename>")
def govuk_assets(filename):
    """GOV.UK Frontend's CSS refers to /assets/...; serve them from the copied npm package."""
    folder = Path(current_app.static_folder) / "vendor" / "govuk" / "assets"
    return send_from_directory(folder, filename, max_age=86400)
