"""Service navigation per role, and other globals every template needs."""

from flask import current_app, request, url_for
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from icv import mail, policy
from icv.language import N_
from icv.models import Role, role_label

# (label, endpoint, roles). Items whose endpoint is not registered yet are left out.
NAVIGATION = [
    (_l("Home"), "main.home", set(Role)),
    (_l("My visits"), "rota.mine", {Role.VOLUNTEER}),
    (_l("Reports"), "visits.index", {Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN}),
    (_l("Actions"), "actions.index", set(Role)),
    (_l("Rota"), "rota.index", {Role.COORDINATOR, Role.ADMIN}),
    (_l("Panels"), "admin.panels", {Role.COORDINATOR, Role.ADMIN}),
    (_l("Suites"), "admin.suites", {Role.COORDINATOR, Role.ADMIN}),
    (_l("Volunteers"), "admin.volunteers", {Role.COORDINATOR, Role.ADMIN}),
    (_l("Users"), "admin.users", {Role.ADMIN}),
    (_l("Police"), "admin.police_users", {Role.COORDINATOR, Role.ADMIN}),
    (_l("Recruitment"), "recruitment.index", {Role.COORDINATOR, Role.ADMIN}),
    (_l("Audit trail"), "audit.index", {Role.ADMIN}),
    (_l("Visits"), "actions.visit_summaries", {Role.POLICE}),
    (_l("Figures"), "figures.index", {Role.ANALYST, Role.COORDINATOR, Role.ADMIN}),
    (_l("Expenses"), "expenses.index", {Role.VOLUNTEER}),
    (_l("Expenses"), "expenses.review", {Role.COORDINATOR, Role.ADMIN}),
    (_l("My details"), "account.details", {Role.VOLUNTEER}),
    (_l("Notifications"), "notifications.index", set(Role)),
]


def navigation_items() -> list[dict]:
    if not current_user.is_authenticated:
        return []
    items = []
    for label, endpoint, roles in NAVIGATION:
        if current_user.role not in roles or endpoint not in current_app.view_functions:
            continue
        href = url_for(endpoint)
        active = request.endpoint == endpoint or (
            endpoint != "main.home"
            and request.blueprint == endpoint.split(".")[0]
            and request.path.startswith(href)
        )
        if endpoint == "notifications.index":  # "Notifications (2)": how many are unread
            label = notifications_label(current_user)
        items.append({"text": str(label), "href": href, "active": active})
    if any(endpoint == request.endpoint for _, endpoint, _ in NAVIGATION):
        # The page has its own item (the police's Visits, under /actions/): only it is current.
        current = url_for(request.endpoint)
        for item in items:
            item["active"] = item["href"] == current
    return items


def template_globals() -> dict:
    return {
        "service_name": service_name(),
        "navigation_items": navigation_items,
        "role_label": role_label,
        "records_visits": policy.records_visits,
    }


def notifications_label(user) -> str:
    from icv.notifications.store import unread_count

    unread = unread_count(user)
    if not unread:
        return gettext("Notifications")
    return gettext("Notifications (%(count)d)", count=unread)


# The default name, for the catalogue; a scheme's own SERVICE_NAME shows as it is set unless a
# translation is added for it.
DEFAULT_SERVICE_NAME = N_("Custody visiting")


def service_name() -> str:
    return mail.service_name()
