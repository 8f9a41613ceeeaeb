"""Managing panels, custody suites, volunteers and users (admins and coordinators)."""

from flask import Blueprint

bp = Blueprint("admin", __name__)

from icv.admin import (  # noqa: E402,F401
    open_period_views,
    police_views,
    settings_views,
    subject_access,
    training_views,
    user_views,
    views,
    volunteer_views,
)
