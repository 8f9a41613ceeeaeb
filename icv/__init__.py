"""icv: a field app for Independent Custody Visiting schemes."""

from __future__ import annotations

import os
from pathlib import Path

from flask import Flask, render_template, request
from flask_babel import gettext
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader

from icv.api_errors import api_error
from icv.config import DefaultConfig, from_environment, instance_secret_key
from icv.extensions import babel, compress, csrf, db, limiter, login_manager, migrate
from icv.language import LANGUAGES, N_

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_path=os.environ.get("ICV_INSTANCE_PATH") or str(ROOT / "instance"),
        instance_relative_config=True,
    )
    configure_settings(app, config)
    configure_operations(app)
    configure_assets(app)
    configure_extensions(app)
    configure_templates(app)
    configure_security(app)
    register_blueprints(app)
    register_error_pages(app)
    register_commands(app)
    return app


def configure_settings(app: Flask, config: dict | None) -> None:
    app.config.from_object(DefaultConfig)
    app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
        app.instance_path, "icv.sqlite"
    )
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_mapping(from_environment())
    if config:
        app.config.from_mapping(config)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = instance_secret_key(app.instance_path)
    if app.config["DEFAULT_LANGUAGE"] not in LANGUAGES:
        raise ValueError(
            f"ICV_DEFAULT_LANGUAGE must be one of {', '.join(LANGUAGES)}, "
            f"not {app.config['DEFAULT_LANGUAGE']!r}"
        )


def configure_operations(app: Flask) -> None:
    """Request ids and JSON request logs, a proxy's headers."""
    from icv import request_log

    request_log.configure(app)
    proxies = int(app.config.get("PROXY_FIX") or 0)  # ICV_PROXY_FIX=1: one proxy in front
    if proxies:
        from werkzeug.middleware.proxy_fix import ProxyFix

        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)


def configure_assets(app: Flask) -> None:
    from icv import assets

    assets.configure(app)


def configure_extensions(app: Flask) -> None:
    from icv.actions import models as _action_models  # noqa: F401  (register tables)
    from icv.expenses import models as _expense_models  # noqa: F401  (register tables)
    from icv.notifications import models as _notification_models  # noqa: F401  (register tables)
    from icv.recruitment import models as _recruitment_models  # noqa: F401  (register tables)
    from icv.rota import models as _rota_models  # noqa: F401  (register tables)
    from icv.tact import models as _tact_models  # noqa: F401  (register tables)
    from icv.visits import models as _visit_models  # noqa: F401  (register tables)
    from icv.volunteering import models as _volunteering_models  # noqa: F401  (register tables)

    db.init_app(app)
    migrate.init_app(
        app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    compress.init_app(app)
    from icv import language

    babel.init_app(app, locale_selector=language.chosen_language)
    login_manager.login_view = "auth.sign_in"
    login_manager.login_message = N_("Sign in to continue")
    login_manager.login_message_category = "info"
    login_manager.localize_callback = gettext
    login_manager.session_protection = "basic"
    WTFormsHelpers(app)

    from icv import transactions
    from icv.actions import intake as _actions_receiver  # noqa: F401  (icv.visits.events)
    from icv.actions import report_emails as _police_summaries  # noqa: F401  (the same)
    from icv.auth import session
    from icv.figures import summary as _figures_receiver  # noqa: F401  (icv.visits.events)
    from icv.tact import copies as _tact_receiver  # noqa: F401  (icv.visits.events)

    session.configure(login_manager)
    transactions.configure(app)


def configure_templates(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(str(ROOT / "templates")),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                    # The originals of the components templates/govuk_frontend_jinja overrides.
                    "govuk_frontend_jinja_upstream": PackageLoader("govuk_frontend_jinja"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    from icv import dates, language, navigation

    app.context_processor(navigation.template_globals)
    app.context_processor(language.template_globals)
    app.jinja_env.filters.update(dates.FILTERS)  # one date and time style everywhere
    app.jinja_env.globals["date_words"] = dates.date_words  # the same style on the phone


def configure_security(app: Flask) -> None:
    from icv import security

    security.configure(app)


def register_blueprints(app: Flask) -> None:
    # These packages' route modules attach to their blueprints when imported (their __init__
    # leaves them out, so that icv.policy can import the packages' models).
    import icv.actions.api
    import icv.actions.change_views
    import icv.actions.pack_views
    import icv.actions.police_views
    import icv.actions.publish_views
    import icv.actions.views
    import icv.expenses.api
    import icv.expenses.views
    import icv.notifications.views
    import icv.recruitment.views
    import icv.tact.api
    import icv.tact.views
    import icv.visits.correction_views
    import icv.visits.views
    import icv.volunteering.views  # noqa: F401
    from icv import language, main
    from icv.account import bp as account_bp
    from icv.actions import api_bp as actions_api_bp
    from icv.actions import bp as actions_bp
    from icv.actions import public_bp as published_bp
    from icv.admin import bp as admin_bp
    from icv.audit.views import bp as audit_bp
    from icv.auth import bp as auth_bp
    from icv.expenses import api_bp as expenses_api_bp
    from icv.expenses import bp as expenses_bp
    from icv.figures import api_bp as figures_api_bp
    from icv.figures import bp as figures_bp
    from icv.notifications import bp as notifications_bp
    from icv.pwa import bp as pwa_bp
    from icv.recruitment import bp as recruitment_bp
    from icv.rota.api import bp as rota_api_bp
    from icv.rota.web import bp as rota_bp
    from icv.sync import bp as sync_bp
    from icv.sync import pages_bp as sync_pages_bp
    from icv.tact import api_bp as tact_api_bp
    from icv.tact import bp as tact_bp
    from icv.visits import bp as visits_bp
    from icv.volunteering import bp as volunteering_bp

    app.register_blueprint(main.bp)
    app.register_blueprint(language.bp)
    app.register_blueprint(actions_bp, url_prefix="/actions")
    app.register_blueprint(actions_api_bp, url_prefix="/api/v1")
    app.register_blueprint(published_bp, url_prefix="/published")
    app.register_blueprint(auth_bp)
    app.register_blueprint(account_bp, url_prefix="/account")
    app.register_blueprint(admin_bp, url_prefix="/manage")
    app.register_blueprint(audit_bp, url_prefix="/admin/audit")
    app.register_blueprint(sync_bp, url_prefix="/api/v1")
    app.register_blueprint(sync_pages_bp, url_prefix="/sync")
    app.register_blueprint(rota_bp, url_prefix="/rota")
    app.register_blueprint(rota_api_bp, url_prefix="/api/v1")
    app.register_blueprint(notifications_bp, url_prefix="/notifications")
    app.register_blueprint(pwa_bp)
    app.register_blueprint(recruitment_bp)  # /apply (public) and /recruitment/ (staff)
    app.register_blueprint(visits_bp, url_prefix="/visits")
    app.register_blueprint(figures_bp, url_prefix="/figures")
    app.register_blueprint(figures_api_bp, url_prefix="/api/v1")
    app.register_blueprint(volunteering_bp, url_prefix="/volunteering")
    app.register_blueprint(expenses_bp, url_prefix="/expenses")
    app.register_blueprint(expenses_api_bp, url_prefix="/api/v1")
    app.register_blueprint(tact_bp)  # under /visits (the copy) and /rota (ad-hoc visits)
    app.register_blueprint(tact_api_bp, url_prefix="/api/v1")


ERROR_PAGES = {
    403: (N_("You do not have permission to see this page"), N_("Your role does not allow this.")),
    404: (N_("Page not found"), N_("Check the address, or go back and try the link again.")),
    400: (
        N_("Sorry, there is a problem with your request"),
        N_("Go back, check what you entered and try again."),
    ),
    405: (N_("Page not found"), N_("This address does not accept that kind of request.")),
    413: (N_("The request is too large"), N_("Send less at a time.")),
    429: (
        N_("Too many attempts"),
        N_("You have tried this too many times in a short while. Wait a minute, then try again."),
    ),
    500: (N_("Sorry, there is a problem with the service"), N_("Try again later.")),
}


def register_error_pages(app: Flask) -> None:
    def render_error(error):
        code = getattr(error, "code", 500) or 500
        heading, message = map(gettext, ERROR_PAGES.get(code, ERROR_PAGES[500]))
        if request.path.startswith("/api/"):
            return api_error(code, message)
        return render_template("errors/error.html", heading=heading, message=message), code

    for code in ERROR_PAGES:
        app.register_error_handler(code, render_error)


def register_commands(app: Flask) -> None:
    from icv import cli

    cli.register(app)
