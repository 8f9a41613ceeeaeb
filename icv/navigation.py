"""Service navigation per role, and other globals every template needs."""

from flask import current_app, request, url_for
from flask_login import current_user

from icv import policy
from icv.models import Role

# (label, endpoint, roles). Items whose endpoint is not registered yet are left out.
NAVIGATION = [
    ("Home", "main.home", set(Role)),
    ("My visits", "rota.mine", {Role.VOLUNTEER}),
    ("Reports", "visits.index", {Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN}),
    ("Actions", "actions.index", set(Role)),
    ("Rota", "rota.index", {Role.COORDINATOR, Role.ADMIN}),
    ("Panels", "admin.panels", {Role.COORDINATOR, Role.ADMIN}),
    ("Suites", "admin.suites", {Role.COORDINATOR, Role.ADMIN}),
    ("Volunteers", "admin.volunteers", {Role.COORDINATOR, Role.ADMIN}),
    ("Users", "admin.users", {Role.ADMIN}),
    ("Police", "admin.police_users", {Role.COORDINATOR, Role.ADMIN}),
    ("Recruitment", "recruitment.index", {Role.COORDINATOR, Role.ADMIN}),
    ("Audit trail", "audit.index", {Role.ADMIN}),
    ("Visits", "actions.visit_summaries", {Role.POLICE}),
    ("Figures", "figures.index", {Role.ANALYST, Role.COORDINATOR, Role.ADMIN}),
    ("Expenses", "expenses.index", {Role.VOLUNTEER}),
    ("Expenses", "expenses.review", {Role.COORDINATOR, Role.ADMIN}),
    ("My details", "account.details", {Role.VOLUNTEER}),
    ("Notifications", "notifications.index", set(Role)),
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
        items.append({"text": label, "href": href, "active": active})
    if any(endpoint == request.endpoint for _, endpoint, _ in NAVIGATION):
        # The page has its own item (the police's Visits, under /actions/): only it is current.
        current = url_for(request.endpoint)
        for item in items:
            item["active"] = item["href"] == current
    return items


def template_globals() -> dict:
    return {
        "service_name": current_app.config["SERVICE_NAME"],
        "navigation_items": navigation_items,
        "role_label": lambda role: str(role).replace("_", " ").capitalize(),
        "records_visits": policy.records_visits,
    }


def notifications_label(user) -> str:
    from icv.notifications.store import unread_count

    unread = unread_count(user)
    return f"Notifications ({unread})" if unread else "Notifications"
