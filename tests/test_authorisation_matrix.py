"""Every route x every role: allowed, forbidden, hidden (404) or sent to sign in.

A new route without an entry here fails test_every_route_has_an_entry: decide who may use it.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from icv.models import Role
from tests.conftest import extract_csrf, sign_in

OK, FORBIDDEN, HIDDEN, SIGN_IN, UNAUTHORISED = "ok", "forbidden", "hidden", "sign in", "401"
ROLES = ["anonymous", *Role]
MANAGERS_ONLY = {"anonymous": SIGN_IN, Role.VOLUNTEER: FORBIDDEN, Role.ANALYST: FORBIDDEN,
                 Role.COORDINATOR: OK, Role.ADMIN: OK, Role.POLICE: FORBIDDEN}  # fmt: skip
ADMIN_ONLY = {**MANAGERS_ONLY, Role.COORDINATOR: FORBIDDEN}
SIGNED_IN = {role: OK for role in Role} | {"anonymous": SIGN_IN}
PUBLIC = {role: OK for role in ROLES}
OTHER_PANEL = MANAGERS_ONLY | {Role.COORDINATOR: HIDDEN}  # fmt: skip
OTHER_PANEL_POST = OTHER_PANEL | {Role.ADMIN: "redirect"}
ADMIN_POST = ADMIN_ONLY | {Role.ADMIN: "redirect"}
VOLUNTEER_ONLY = {role: FORBIDDEN for role in Role} | {"anonymous": SIGN_IN, Role.VOLUNTEER: OK}
API_SIGNED_IN = {role: OK for role in Role} | {"anonymous": UNAUTHORISED}
API_422 = {role: "422" for role in Role} | {"anonymous": UNAUTHORISED}
# Panel B's figures or rota data: analysts and admins read them, A's coordinator gets 404.
API_PANEL_B = API_SIGNED_IN | {Role.VOLUNTEER: FORBIDDEN, Role.COORDINATOR: HIDDEN,
                               Role.POLICE: FORBIDDEN}  # fmt: skip
# its visitors, their coordinator, admins; never the police (they read visits' summaries only)
API_REPORT = API_SIGNED_IN | {Role.ANALYST: HIDDEN, Role.POLICE: HIDDEN}
CLAIM_B = OTHER_PANEL | {Role.VOLUNTEER: HIDDEN}  # another volunteer's claim

# endpoint -> (method, url builder taking the `world` namespace, expected outcome per role)
MATRIX: dict[str, tuple[str, callable, dict]] = {
    "static": ("GET", lambda w: "/static/css/app.css", PUBLIC),
    "main.govuk_assets": ("GET", lambda w: "/assets/images/favicon.svg", PUBLIC),
    "main.healthz": ("GET", lambda w: "/healthz", PUBLIC),
    "main.home": ("GET", lambda w: "/", SIGNED_IN),
    "auth.sign_in": ("GET", lambda w: "/sign-in", PUBLIC | {r: "redirect" for r in Role}),
    "auth.sign_out": (
        "POST",
        lambda w: "/sign-out",
        PUBLIC | {"anonymous": "redirect"} | {r: "redirect" for r in Role},
    ),  # fmt: skip
    # English or Welsh: anyone may switch, back to the page they were on (here none: home).
    "language.switch": ("POST", lambda w: "/language/cy", {role: "redirect" for role in ROLES}),
    "auth.change_password": ("GET", lambda w: "/account/password", SIGNED_IN),
    "account.details": ("GET", lambda w: "/account/", SIGNED_IN),
    "admin.panels": ("GET", lambda w: "/manage/panels", MANAGERS_ONLY),
    "admin.suites": ("GET", lambda w: "/manage/suites", MANAGERS_ONLY),
    "admin.volunteers": ("GET", lambda w: "/manage/volunteers", MANAGERS_ONLY),
    "admin.users": ("GET", lambda w: "/manage/users", ADMIN_ONLY),
    # Scheme management: ids from panel B, so a coordinator of panel A gets 404 (hidden).
    "admin.new_panel": ("GET", lambda w: "/manage/panels/new", ADMIN_ONLY),
    "admin.edit_panel": ("GET", lambda w: f"/manage/panels/{w.panel_b.id}", OTHER_PANEL),
    "admin.new_suite": ("GET", lambda w: "/manage/suites/new", MANAGERS_ONLY),
    "admin.edit_suite": ("GET", lambda w: f"/manage/suites/{w.suite_b.id}", OTHER_PANEL),
    # A suite's open periods (contingency suites): panel B's suite, so A's coordinator gets 404.
    "admin.new_open_period": (
        "GET",
        lambda w: f"/manage/suites/{w.suite_b.id}/open-periods/new",
        OTHER_PANEL,
    ),
    "admin.edit_open_period": ("GET", lambda w: _open_period(w.suite_b), OTHER_PANEL),
    "admin.end_open_period": (
        "POST",
        lambda w: _open_period(w.suite_b, "/end"),
        OTHER_PANEL_POST,
    ),
    "admin.remove_open_period": (
        "POST",
        lambda w: _open_period(w.suite_b, "/remove"),
        OTHER_PANEL_POST,
    ),
    "admin.new_volunteer": ("GET", lambda w: "/manage/volunteers/new", MANAGERS_ONLY),
    "admin.edit_volunteer": ("GET", lambda w: _volunteer_b(w), OTHER_PANEL),
    "admin.volunteer_availability": (
        "GET",
        lambda w: _volunteer_b(w, "/availability"),
        OTHER_PANEL,
    ),
    "admin.new_volunteer_absence": ("GET", lambda w: _volunteer_b(w, "/absences/new"), OTHER_PANEL),
    "admin.remove_volunteer_absence": (
        "POST",
        lambda w: _volunteer_b(w, f"/absences/{_absence(w.volunteer_b)}/remove"),
        OTHER_PANEL_POST,
    ),
    "admin.deactivate_volunteer": (
        "POST",
        lambda w: _volunteer_b(w, "/deactivate"),
        OTHER_PANEL_POST,
    ),
    "admin.reactivate_volunteer": (
        "POST",
        lambda w: _volunteer_b(w, "/reactivate"),
        OTHER_PANEL_POST,
    ),
    "admin.invite_volunteer": ("POST", lambda w: _volunteer_b(w, "/invite"), OTHER_PANEL_POST),
    "admin.new_user": ("GET", lambda w: "/manage/users/new", ADMIN_ONLY),
    # The audit trail (icv.audit): admins only.
    "audit.index": ("GET", lambda w: "/admin/audit/", ADMIN_ONLY),
    "audit.export_csv": ("GET", lambda w: "/admin/audit/export.csv", ADMIN_ONLY),
    "admin.subject_access": (
        "GET",
        lambda w: f"/manage/users/{w.volunteer_b.id}/subject-access",
        ADMIN_ONLY,
    ),
    "admin.subject_access_json": (
        "GET",
        lambda w: f"/manage/users/{w.volunteer_b.id}/subject-access.json",
        ADMIN_ONLY,
    ),
    "admin.user": ("GET", lambda w: f"/manage/users/{w.volunteer_b.id}", ADMIN_ONLY),
    "admin.deactivate_user": (
        "POST",
        lambda w: f"/manage/users/{w.volunteer_b.id}/deactivate",
        ADMIN_POST,
    ),
    "admin.reactivate_user": (
        "POST",
        lambda w: f"/manage/users/{w.volunteer_b.id}/reactivate",
        ADMIN_POST,
    ),
    "admin.invite_user": ("POST", lambda w: f"/manage/users/{w.volunteer_b.id}/invite", ADMIN_POST),
    "admin.revoke_user_token": (
        "POST",
        lambda w: f"/manage/users/{w.volunteer_b.id}/tokens/{_api_token(w.volunteer_b)}/revoke",
        ADMIN_POST,
    ),
    "account.availability": ("GET", lambda w: "/account/availability", VOLUNTEER_ONLY),
    "account.new_absence": ("GET", lambda w: "/account/absences/new", VOLUNTEER_ONLY),
    "account.remove_absence": (
        "POST",
        lambda w: f"/account/absences/{_absence(w.users[Role.VOLUNTEER])}/remove",
        VOLUNTEER_ONLY | {Role.VOLUNTEER: "redirect"},
    ),
    "auth.set_password": ("GET", lambda w: f"/set-password/{_invitation(w.volunteer_b)}", PUBLIC),
    # Two-factor sign-in and password reset (staff are enrolled by make_user; volunteers not).
    "main.readyz": ("GET", lambda w: "/readyz", PUBLIC),
    "auth.forgotten_password": (
        "GET",
        lambda w: "/forgotten-password",
        PUBLIC | {r: "redirect" for r in Role},
    ),
    "auth.reset_password": ("GET", lambda w: f"/reset-password/{_reset(w.volunteer_b)}", PUBLIC),
    "auth.two_factor_code": ("GET", lambda w: "/sign-in/code", {r: "redirect" for r in ROLES}),
    "auth.two_factor_setup": (
        "GET",
        lambda w: "/two-factor/set-up",
        {r: "redirect" for r in ROLES} | {Role.VOLUNTEER: OK},
    ),
    "auth.two_factor": ("GET", lambda w: "/account/two-factor", SIGNED_IN),
    "auth.new_recovery_codes": (
        "POST",
        lambda w: "/account/two-factor/recovery-codes",
        {r: "400" for r in Role} | {"anonymous": SIGN_IN, Role.VOLUNTEER: HIDDEN},
    ),  # 400: allowed, but the password is missing
    "auth.turn_off_two_factor": (
        "POST",
        lambda w: "/account/two-factor/turn-off",
        {r: FORBIDDEN for r in Role} | {"anonymous": SIGN_IN, Role.VOLUNTEER: "400"},
    ),
    # /api/v1: JSON 401 when signed out; 422 = allowed, but the test sends a form, not JSON.
    "sync.put_report": ("PUT", lambda w: f"/api/v1/visit-reports/{w.report_uuid}", API_422),
    "sync.get_report": ("GET", lambda w: f"/api/v1/visit-reports/{w.report_uuid}", API_REPORT),
    "sync.list_reports": ("GET", lambda w: "/api/v1/visit-reports", API_SIGNED_IN),
    "sync.amend_report": (
        "POST",
        lambda w: f"/api/v1/visit-reports/{w.report_uuid}/amendments",
        API_REPORT | {r: "422" for r in (Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN)},
    ),
    "sync.reference": ("GET", lambda w: "/api/v1/reference", API_SIGNED_IN),
    "sync.session": ("GET", lambda w: "/api/v1/session", API_SIGNED_IN),
    "sync.openapi": ("GET", lambda w: "/api/v1/openapi.json", PUBLIC),
    # Follow-up actions: an action of panel B, so the panel A coordinator and volunteer get 404
    # (the volunteer did not visit); analysts read every action; only managers change one.
    "actions.index": ("GET", lambda w: "/actions/", SIGNED_IN),
    "actions.show": (
        "GET",
        lambda w: f"/actions/{_action_b(w)}",
        OTHER_PANEL | {Role.VOLUNTEER: HIDDEN, Role.ANALYST: OK, Role.POLICE: HIDDEN},
    ),
    "actions.send_to_police": ("GET", lambda w: f"/actions/{_action_b(w)}/send", OTHER_PANEL),
    "actions.record_response": ("GET", lambda w: f"/actions/{_action_b(w)}/response", OTHER_PANEL),
    "actions.close": ("GET", lambda w: f"/actions/{_action_b(w)}/close", OTHER_PANEL),
    "actions.escalate": ("GET", lambda w: f"/actions/{_action_b(w)}/escalate", OTHER_PANEL),
    "actions.reassign": ("GET", lambda w: f"/actions/{_action_b(w)}/owner", OTHER_PANEL),
    "actions.add_note": ("GET", lambda w: f"/actions/{_action_b(w)}/note", OTHER_PANEL),
    "actions.link_duplicate": ("GET", lambda w: f"/actions/{_action_b(w)}/link", OTHER_PANEL),
    "actions.pack": (
        "GET",
        lambda w: f"/actions/pack?panel_id={w.panel_b.id}&quarter=2019-20+Q1",
        OTHER_PANEL | {Role.ANALYST: OK},  # analysts: any panel's meeting pack
    ),
    "actions.pack_export": (
        "GET",
        lambda w: f"/actions/pack.csv?panel_id={w.panel_b.id}&quarter=2019-20+Q1",
        OTHER_PANEL | {Role.ANALYST: OK},
    ),
    "actions_api.list_actions": ("GET", lambda w: "/api/v1/actions", API_SIGNED_IN),
    # The police (issue 17): they answer for suite A, so they answer A's action; B's is not
    # theirs (404 on a page, 403 from the API); nobody else answers for the police.
    "actions.answer": (
        "GET",
        lambda w: f"/actions/{_action_a(w)}/answer",
        {r: FORBIDDEN for r in Role} | {"anonymous": SIGN_IN, Role.POLICE: OK},
    ),
    "actions.ask_again": ("GET", lambda w: f"/actions/{_action_b(w)}/ask-again", OTHER_PANEL),
    "actions.visit_summaries": (
        "GET",
        lambda w: "/actions/visits",
        {r: FORBIDDEN for r in Role} | {"anonymous": SIGN_IN, Role.POLICE: OK},
    ),
    "actions_api.answer_action": (
        "POST",
        lambda w: f"/api/v1/actions/{_action_b(w)}/responses",
        {r: FORBIDDEN for r in Role} | {"anonymous": UNAUTHORISED},
    ),
    # Publishing (issue 17): coordinators approve their panels' actions (B's is hidden from A's
    # coordinator), admins any; the published list is public, with no sign-in.
    "actions.publish_quarter": (
        "GET",
        lambda w: "/actions/publish?quarter=2019-20+Q1",
        MANAGERS_ONLY,
    ),  # fmt: skip
    "actions.publish": ("GET", lambda w: f"/actions/{_action_b(w)}/publish", OTHER_PANEL),
    "published.index": ("GET", lambda w: "/published/", PUBLIC),
    "published.quarter": ("GET", lambda w: "/published/2019-20-Q1", PUBLIC),
    "published.quarter_csv": ("GET", lambda w: "/published/2019-20-Q1.csv", PUBLIC),
    "admin.scheme_settings": ("GET", lambda w: "/manage/settings", ADMIN_ONLY),  # report emails
    "admin.police_users": ("GET", lambda w: "/manage/police", MANAGERS_ONLY),
    "admin.new_police_user": ("GET", lambda w: "/manage/police/new", MANAGERS_ONLY),
    "admin.police_user": ("GET", lambda w: f"/manage/police/{_police_b(w)}", OTHER_PANEL),
    # The offline app: worker and manifest are public; the list is for people who record or
    # read reports, the form for volunteers only; a report's page for those who may see it.
    "pwa.service_worker": ("GET", lambda w: "/sw.js", PUBLIC),
    "pwa.manifest": ("GET", lambda w: "/manifest.webmanifest", PUBLIC),
    "pwa.phone_words": ("GET", lambda w: "/phone-words/cy.json", PUBLIC),  # Welsh, for JS
    "visits.index": (  # filtered by another panel: the coordinator's list does not know it
        "GET",
        lambda w: f"/visits/?panel={w.panel_b.id}",
        SIGNED_IN | {Role.ANALYST: FORBIDDEN, Role.COORDINATOR: HIDDEN, Role.POLICE: FORBIDDEN},
    ),
    "visits.new": ("GET", lambda w: "/visits/new", VOLUNTEER_ONLY),
    "visits.show": (
        "GET",
        lambda w: f"/visits/{w.report_uuid}",
        SIGNED_IN | {Role.ANALYST: FORBIDDEN, Role.POLICE: FORBIDDEN},
    ),
    # Correcting a sent report: panel B's, so panel A's volunteer and coordinator get 404.
    "visits.correct": (
        "GET",
        lambda w: f"/visits/{_report_b(w)}/correct",
        OTHER_PANEL | {Role.VOLUNTEER: HIDDEN},
    ),
    "sync_pages.import_reports_page": ("GET", lambda w: "/sync/import", MANAGERS_ONLY),
    # The rota: panel B's rota and visits, so a coordinator of panel A gets 404 (hidden);
    # a volunteer's own published visit for "My visits"; the calendar feed by its secret.
    "rota.index": ("GET", lambda w: "/rota/", MANAGERS_ONLY),
    "rota.show": ("GET", lambda w: f"/rota/{_rota(w.panel_b).id}", OTHER_PANEL),
    "rota.confirm_publish": ("GET", lambda w: f"/rota/{_rota(w.panel_b).id}/publish", OTHER_PANEL),
    "rota.publish": ("POST", lambda w: f"/rota/{_rota(w.panel_b).id}/publish", OTHER_PANEL_POST),
    "rota.confirm_discard": ("GET", lambda w: f"/rota/{_rota(w.panel_b).id}/discard", OTHER_PANEL),
    "rota.discard": ("POST", lambda w: f"/rota/{_rota(w.panel_b).id}/discard", OTHER_PANEL_POST),
    "rota.regenerate": (
        "POST",
        lambda w: f"/rota/{_rota(w.panel_b).id}/regenerate",
        OTHER_PANEL | {Role.ADMIN: "400"},  # allowed; the empty form is refused
    ),
    "rota.add_visit": (
        "POST",
        lambda w: f"/rota/{_rota(w.panel_b).id}/visits",
        OTHER_PANEL | {Role.ADMIN: "400"},
    ),
    "rota.visit": ("GET", lambda w: f"/rota/visits/{_visit(w.panel_b)}", OTHER_PANEL),
    "rota.swap": (
        "POST",
        lambda w: f"/rota/visits/{_visit(w.panel_b)}/swap",
        OTHER_PANEL | {Role.ADMIN: "400"},
    ),
    "rota.move": (
        "POST",
        lambda w: f"/rota/visits/{_visit(w.panel_b)}/move",
        OTHER_PANEL | {Role.ADMIN: "400"},
    ),
    "rota.cancel": (
        "POST",
        lambda w: f"/rota/visits/{_visit(w.panel_b)}/cancel",
        OTHER_PANEL | {Role.ADMIN: "400"},
    ),
    "rota.remove": (
        "POST",
        lambda w: f"/rota/visits/{_visit(w.panel_b, published=False)}/remove",
        OTHER_PANEL_POST,
    ),
    # Missed: only once the window has ended; put back with a reason (the empty form is refused).
    "rota.confirm_missed": (
        "GET",
        lambda w: f"/rota/visits/{_visit(w.panel_b, ended=True)}/missed",
        OTHER_PANEL,
    ),
    "rota.missed": (
        "POST",
        lambda w: f"/rota/visits/{_visit(w.panel_b, ended=True)}/missed",
        OTHER_PANEL_POST,
    ),
    "rota.not_missed": (
        "POST",
        lambda w: f"/rota/visits/{_visit(w.panel_b, ended=True, status='missed')}/not-missed",
        OTHER_PANEL | {Role.ADMIN: "400"},
    ),
    "rota.mine": ("GET", lambda w: "/rota/mine", VOLUNTEER_ONLY),
    "rota.confirm": (
        "POST",
        lambda w: f"/rota/mine/{_visit(w.panel_a, w.users[Role.VOLUNTEER])}/confirm",
        VOLUNTEER_ONLY | {Role.VOLUNTEER: "redirect"},
    ),
    "rota.decline": (
        "GET",
        lambda w: f"/rota/mine/{_visit(w.panel_a, w.users[Role.VOLUNTEER])}/decline",
        VOLUNTEER_ONLY,
    ),
    "rota.planned_time": (
        "GET",
        lambda w: f"/rota/mine/{_visit(w.panel_a, w.users[Role.VOLUNTEER])}/time",
        VOLUNTEER_ONLY,
    ),
    "rota.calendar": ("GET", lambda w: "/rota/calendar", VOLUNTEER_ONLY),
    "rota.calendar_create": ("POST", lambda w: "/rota/calendar", VOLUNTEER_ONLY),
    "rota.calendar_revoke": (
        "POST",
        lambda w: "/rota/calendar/revoke",
        VOLUNTEER_ONLY | {Role.VOLUNTEER: "redirect"},
    ),
    "rota.calendar_feed": (
        "GET",
        lambda w: f"/rota/calendar/{_calendar(w.users[Role.VOLUNTEER])}.ics",
        PUBLIC,  # the secret address is the key (a revoked one is 404: tests/rota)
    ),
    # Figures: analysts and admins read every panel's; a coordinator asking for panel B: 404.
    "figures_api.annual": (
        "GET",
        lambda w: f"/api/v1/stats/annual?year=2019-20&panel_id={w.panel_b.id}",
        API_PANEL_B,
    ),
    "figures_api.stats": (
        "GET",
        lambda w: f"/api/v1/stats?from=2019-04-01&to=2020-03-31&suite_id={w.suite_b.id}",
        API_PANEL_B,
    ),
    # Rota read API: analysts and admins read every panel; panel B's ids hide from A's coordinator.
    "rota_api.rota": (
        "GET",
        lambda w: f"/api/v1/rota?from=2026-01-01&to=2026-03-31&panel_id={w.panel_b.id}",
        API_PANEL_B,
    ),
    "rota_api.volunteers": (
        "GET",
        lambda w: f"/api/v1/volunteers?panel_id={w.panel_b.id}",
        API_PANEL_B,
    ),
    "rota_api.suites": (
        "GET",
        lambda w: f"/api/v1/suites?panel_id={w.panel_b.id}",
        API_PANEL_B,
    ),
    # Training records (issue 16): panel B's volunteer, so A's coordinator gets 404; analysts
    # never see them. Adding a course is for admins. Panel A's own: test_training_routes_*.
    "admin.volunteer_training": ("GET", lambda w: _volunteer_b(w, "/training"), OTHER_PANEL),
    "admin.new_training": ("GET", lambda w: _volunteer_b(w, "/training/new"), OTHER_PANEL),
    "admin.edit_training": (
        "GET",
        lambda w: _volunteer_b(w, f"/training/{_training(w.volunteer_b)}"),
        OTHER_PANEL,
    ),
    "admin.new_training_course": ("GET", lambda w: "/manage/training-courses/new", ADMIN_ONLY),
    # In-app notifications: each person's own; someone else's id is 404 for everyone, admins too.
    "notifications.index": ("GET", lambda w: "/notifications/", SIGNED_IN),
    "notifications.mark_read": (
        "POST",
        lambda w: f"/notifications/{_notification(w.volunteer_b)}/read",
        {r: HIDDEN for r in Role} | {"anonymous": SIGN_IN},
    ),
    "notifications.mark_all_read": (
        "POST",
        lambda w: "/notifications/read",
        {r: "redirect" for r in Role} | {"anonymous": SIGN_IN},
    ),
    # Expenses (issue 18): volunteers claim for themselves; a claim and its receipt are seen by
    # the claimant, their panel's coordinators and admins. Panel B's claim: A's people get 404.
    "expenses.index": ("GET", lambda w: "/expenses/", VOLUNTEER_ONLY),
    "expenses.new": ("GET", lambda w: "/expenses/new", VOLUNTEER_ONLY),
    "expenses.claim": ("GET", lambda w: f"/expenses/{_claim_b(w)}", CLAIM_B),
    "expenses.receipt": ("GET", lambda w: f"/expenses/{_claim_b(w)}/receipt", CLAIM_B),
    "expenses.approve": ("POST", lambda w: f"/expenses/{_claim_b(w)}/approve", OTHER_PANEL_POST),
    "expenses.return_claim": (  # allowed; the empty reason is refused
        "POST",
        lambda w: f"/expenses/{_claim_b(w)}/return",
        OTHER_PANEL | {Role.ADMIN: "400"},
    ),
    "expenses.review": ("GET", lambda w: "/expenses/review", MANAGERS_ONLY),
    "expenses.export_csv": ("GET", lambda w: "/expenses/finance/2026-11.csv", MANAGERS_ONLY),
    "expenses.export_xlsx": ("GET", lambda w: "/expenses/finance/2026-11.xlsx", MANAGERS_ONLY),
    "expenses.mark_paid": (  # each coordinator marks only their own panels' claims
        "POST",
        lambda w: "/expenses/finance/2026-11/paid",
        MANAGERS_ONLY | {Role.COORDINATOR: "redirect", Role.ADMIN: "redirect"},
    ),
    "expenses_api.put_claim": (  # a volunteer's empty claim is refused; nobody else claims
        "PUT",
        lambda w: f"/api/v1/expense-claims/{w.report_uuid}",
        {r: FORBIDDEN for r in Role} | {"anonymous": UNAUTHORISED, Role.VOLUNTEER: "422"},
    ),
    "figures.index": (
        "GET",
        lambda w: f"/figures/?panel={w.panel_b.id}",
        OTHER_PANEL | {Role.ANALYST: OK},
    ),
    "figures.export_csv": (
        "GET",
        lambda w: f"/figures/export.csv?table=visits&suite={w.suite_b.id}",
        OTHER_PANEL | {Role.ANALYST: OK},
    ),
    "figures.export_xlsx": (
        "GET",
        lambda w: f"/figures/export.xlsx?panel={w.panel_b.id}",
        OTHER_PANEL | {Role.ANALYST: OK},
    ),
    # Recruitment (issue 18): anyone applies; the equality questions only follow an application
    # sent in the same session (else: on to the end); panel B's applications hide from A's
    # coordinator; equality-monitoring counts for those who read the figures.
    "recruitment.apply": ("GET", lambda w: "/apply", PUBLIC),
    "recruitment.equality_monitoring": (
        "GET",
        lambda w: "/apply/equality-monitoring",
        {r: "redirect" for r in ROLES},
    ),
    "recruitment.applied": ("GET", lambda w: "/apply/sent", PUBLIC),
    "recruitment.index": ("GET", lambda w: "/recruitment/", MANAGERS_ONLY),
    "recruitment.panel_pipeline": (
        "GET",
        lambda w: f"/recruitment/panels/{w.panel_b.id}",
        OTHER_PANEL,
    ),
    "recruitment.application": ("GET", lambda w: _application_b(w), OTHER_PANEL),
    "recruitment.move": ("POST", lambda w: _application_b(w, "/move"), OTHER_PANEL_POST),
    "recruitment.not_taken_forward": (
        "GET",
        lambda w: _application_b(w, "/not-taken-forward"),
        OTHER_PANEL,
    ),
    "recruitment.appoint": ("GET", lambda w: _application_b(w, "/appoint"), OTHER_PANEL),
    "recruitment.diversity_counts": (
        "GET",
        lambda w: "/recruitment/equality-monitoring",
        MANAGERS_ONLY | {Role.ANALYST: OK},
    ),
    # Appraisals, probation and time given (issue 18): panel B's volunteer, so A's coordinator
    # gets 404; analysts and the police never. Volunteers record their own time only.
    # Panel A's own: tests/volunteering.
    "volunteering.index": ("GET", lambda w: "/volunteering/", MANAGERS_ONLY),
    "volunteering.volunteer": ("GET", lambda w: _service_b(w), OTHER_PANEL),
    "volunteering.new_appraisal": ("GET", lambda w: _service_b(w, "/appraisals/new"), OTHER_PANEL),
    "volunteering.new_time": ("GET", lambda w: _service_b(w, "/time/new"), OTHER_PANEL),
    "volunteering.end_probation": (
        "POST",
        lambda w: _service_b(w, "/end-probation"),
        OTHER_PANEL_POST,
    ),
    "volunteering.confirm_time": (
        "POST",
        lambda w: f"/volunteering/time/{_time_given(w.volunteer_b)}/confirm",
        OTHER_PANEL_POST,
    ),
    "volunteering.new_own_time": ("GET", lambda w: "/volunteering/my-time/new", VOLUNTEER_ONLY),
}

# --- the Reviewer's copy of TACT reports (issue 16, icv.tact) --------------------------------
# Panel B's TACT report: admins only (A's coordinator gets 404); analysts, volunteers and the
# police never (403). Panel A's own: test_reviewer_copy_routes_by_who_asks.
MATRIX |= {
    "tact_api.reviewer_copy": (
        "GET",
        lambda w: f"/api/v1/visit-reports/{_tact_report(w.suite_b)}/reviewer-copy",
        API_PANEL_B | {Role.ANALYST: FORBIDDEN},
    ),
    "tact.record_as_sent": (
        "GET",
        lambda w: f"/visits/{_tact_report(w.suite_b)}/reviewer-copy/sent",
        OTHER_PANEL,
    ),
    # Ad-hoc TACT visits: coordinators and admins, each for the TACT suites of their panels.
    "tact.new_ad_hoc_visit": ("GET", lambda w: "/rota/tact-visits/new", MANAGERS_ONLY),
}


@pytest.fixture
def world(make_panel, make_suite, make_user):
    """Two panels: the coordinator and volunteer belong to A; B is someone else's."""
    panel_a, panel_b = make_panel("Panel A"), make_panel("Panel B")
    w = SimpleNamespace(
        panel_a=panel_a,
        panel_b=panel_b,
        suite_a=make_suite(panel_a),
        suite_b=make_suite(panel_b),
        volunteer_b=make_user(Role.VOLUNTEER, panel=panel_b),
    )
    w.users = {
        Role.VOLUNTEER: make_user(Role.VOLUNTEER, panel=panel_a),
        Role.COORDINATOR: make_user(Role.COORDINATOR, panels=[panel_a]),
        Role.ANALYST: make_user(Role.ANALYST),
        Role.ADMIN: make_user(Role.ADMIN),
        # Police answer for suite A: panel B's actions and reports are not theirs (404).
        Role.POLICE: make_user(Role.POLICE, police_suites=[w.suite_a]),
    }
    w.report_uuid = _file_report(w, make_user)
    return w


def _file_report(w, make_user) -> str:
    """A visit report by the panel A volunteer and a colleague, for the /api/v1 routes."""
    from icv.visits.reports import receive_report
    from tests.sync.factory import new_uuid, report_body

    volunteer, uuid = w.users[Role.VOLUNTEER], new_uuid()
    colleague = make_user(Role.VOLUNTEER, panel=w.panel_a)
    receipt = receive_report(uuid, report_body(w.suite_a, [volunteer, colleague]), volunteer)
    assert receipt.status == 201, receipt.errors
    return uuid


def _volunteer_b(w, rest: str = "") -> str:
    return f"/manage/volunteers/{w.volunteer_b.id}{rest}"


def _absence(user) -> int:
    """Dates away for `user`, made when the URL is built (for the remove routes)."""
    from datetime import date

    from icv.admin.availability import add_absence
    from icv.extensions import db

    absence = add_absence(user, starts_on=date(2030, 1, 1), ends_on=date(2030, 1, 2))
    db.session.commit()
    return absence.id


def _open_period(suite, rest: str = "") -> str:
    """An open period of `suite`, running today (made when the URL is built)."""
    from datetime import date

    from icv.extensions import db
    from icv.models import SuiteOpenPeriod

    period = SuiteOpenPeriod(opens_on=date(2020, 1, 1), closes_on=None)
    suite.open_periods.append(period)
    db.session.commit()
    return f"/manage/suites/{suite.id}/open-periods/{period.id}{rest}"


def _training(user) -> int:
    """A TACT training record of `user` (made when the URL is built)."""
    from datetime import date

    from icv.extensions import db
    from icv.models import TrainingRecord

    training = TrainingRecord(course_code="tact", completed_on=date(2025, 1, 6))
    user.trainings.append(training)
    db.session.commit()
    return training.id


def _service_b(w, rest: str = "") -> str:
    return f"/volunteering/volunteers/{w.volunteer_b.id}{rest}"


def _time_given(user) -> int:
    """Time `user` recorded themselves, awaiting confirmation (made when the URL is built)."""
    from datetime import date

    from icv.extensions import db
    from icv.volunteering.time_given import record_time

    row = record_time(user, kind="meeting", given_on=date(2025, 1, 6), minutes=90, note="",
                      by=user)  # fmt: skip
    db.session.commit()
    return row.id


def _api_token(user) -> int:
    from icv.auth.accounts import issue_token

    issue_token(user, "phone")
    return user.api_tokens[-1].id


def _reset(user) -> str:
    from icv.auth.reset import reset_token

    return reset_token(user)


def _invitation(user) -> str:
    from icv.auth.invitations import invitation_token

    return invitation_token(user)


def _action_b(w) -> int:
    """A follow-up action from a panel B report (a broken call bell), made with the URL."""
    from icv.actions.models import ActionSource
    from icv.extensions import db
    from icv.models import Role, User
    from icv.visits.reports import receive_report
    from tests.actions.helpers import bell_body, new_uuid

    colleague = User(email=f"b-colleague-{w.panel_b.id}@example.org", name="B Colleague",
                     role=Role.VOLUNTEER, panel_id=w.panel_b.id, status="active")  # fmt: skip
    db.session.add(colleague)
    db.session.commit()
    body = bell_body(w.suite_b, [w.volunteer_b, colleague], "2019-06-03T10:00:00+01:00")
    receipt = receive_report(new_uuid(), body, w.volunteer_b)
    assert receipt.status == 201, receipt.errors
    return db.session.scalar(db.select(ActionSource.action_id))


def _action_a(w) -> int:
    """A follow-up action from a panel A report (suite A: the police user's), with the URL."""
    from icv.actions.models import ActionSource
    from icv.extensions import db
    from icv.models import Role, User
    from icv.visits.reports import receive_report
    from tests.actions.helpers import bell_body, new_uuid

    volunteer = w.users[Role.VOLUNTEER]
    colleague = User(email=f"a-colleague-{w.panel_a.id}@example.org", name="A Colleague",
                     role=Role.VOLUNTEER, panel_id=w.panel_a.id, status="active")  # fmt: skip
    db.session.add(colleague)
    db.session.commit()
    body = bell_body(w.suite_a, [volunteer, colleague], "2019-06-03T10:00:00+01:00")
    receipt = receive_report(new_uuid(), body, volunteer)
    assert receipt.status == 201, receipt.errors
    return db.session.scalar(db.select(ActionSource.action_id))


def _police_b(w) -> int:
    """A police user for panel B's suite (made with the URL)."""
    from icv.extensions import db
    from icv.models import Role, User

    police = User(email=f"police-b-{w.suite_b.id}@example.org", name="Inspector B",
                  role=Role.POLICE, police_suites=[w.suite_b])  # fmt: skip
    db.session.add(police)
    db.session.commit()
    return police.id


def _report_b(w) -> str:
    """A visit report by panel B's volunteer and a colleague (made when the URL is built)."""
    from icv.extensions import db
    from icv.models import Role, User
    from icv.visits.reports import receive_report
    from tests.sync.factory import new_uuid, report_body

    colleague = User(email=f"b-visitor-{w.panel_b.id}@example.org", name="B Visitor",
                     role=Role.VOLUNTEER, panel_id=w.panel_b.id, status="active")  # fmt: skip
    db.session.add(colleague)
    db.session.commit()
    uuid, body = new_uuid(), report_body(w.suite_b, [w.volunteer_b, colleague])
    receipt = receive_report(uuid, body, w.volunteer_b)
    assert receipt.status == 201, receipt.errors
    return uuid


def _rota(panel):
    """A one-week draft rota for `panel` (made when the URL is built)."""
    from datetime import date, timedelta

    from icv.extensions import db
    from icv.rota.models import Rota

    start = date.today() + timedelta(days=7 - date.today().weekday())
    rota = Rota(panel_id=panel.id, starts_on=start, ends_on=start + timedelta(days=6), gaps=[])
    db.session.add(rota)
    db.session.commit()
    return rota


def _visit(panel, volunteer=None, *, published=True, ended=False, status="scheduled") -> int:
    """A visit to the panel's first suite by `volunteer` (or two new people) and a colleague;
    `ended`: its week was last week."""
    from datetime import timedelta

    from icv.extensions import db
    from icv.models import Role, User
    from icv.rota.models import RotaStatus, ScheduledVisit

    rota = _rota(panel)
    if ended:
        rota.starts_on -= timedelta(days=14)
        rota.ends_on -= timedelta(days=14)
    rota.status = RotaStatus.PUBLISHED if published else RotaStatus.DRAFT
    people = [
        User(email=f"rota{n}-{panel.id}-{rota.id}@example.org", name=f"Rota {n}",
             role=Role.VOLUNTEER, panel_id=panel.id, status="active")
        for n in (1, 2)
    ]  # fmt: skip
    visit = ScheduledVisit(
        suite=panel.suites[0],
        window_starts_on=rota.starts_on,
        window_ends_on=rota.ends_on,
        planned_on=rota.starts_on,
        band="evening",
        status=status,
        visitors=[volunteer or people[0], people[1]],
    )
    rota.visits.append(visit)
    db.session.commit()
    return visit.id


def _claim_b(w) -> int:
    """A parking claim with a receipt photo by panel B's volunteer (made with the URL)."""
    import io
    from datetime import date

    from werkzeug.datastructures import FileStorage

    from icv.expenses.claims import receive_claim
    from icv.extensions import db
    from tests.sync.factory import new_uuid

    fields = {"kind": "parking", "incurred_on": date.today().isoformat(), "visit": "meeting",
              "meeting": "Panel meeting", "amount": "3.20"}  # fmt: skip
    photo = FileStorage(io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(32)), "receipt.png")
    got = receive_claim(new_uuid(), fields, photo, w.volunteer_b)
    assert got.status == 201, got.errors
    db.session.commit()
    return got.claim.id


def _calendar(user) -> str:
    from icv.extensions import db
    from icv.rota.calendar import issue_feed

    token = issue_feed(user)
    db.session.commit()
    return token


def _notification(user) -> int:
    """A notification kept for `user` (as if emailed with no SMTP server), made with the URL."""
    from icv.extensions import db
    from icv.notifications.store import keep

    notification = keep(user.email, "Custody visit reminder", "Your window starts today.")
    db.session.commit()
    return notification.id


def _application_b(w, rest: str = "") -> str:
    """An application to panel B (made when the URL is built)."""
    from icv.extensions import db
    from icv.recruitment.pipeline import receive

    application = receive(w.panel_b, name="Dee Applicant", email="dee@example.org",
                          phone="", statement="To help.")  # fmt: skip
    db.session.commit()
    return f"/recruitment/applications/{application.id}{rest}"


def test_every_route_has_an_entry(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    missing = sorted(endpoints - MATRIX.keys())
    assert not missing, f"add these routes to the authorisation matrix: {missing}"
    stale = sorted(MATRIX.keys() - endpoints)
    assert not stale, f"these matrix entries name routes that no longer exist: {stale}"


def _outcome(response) -> str:
    if response.status_code in (301, 302, 303):
        location = response.headers["Location"]
        return SIGN_IN if location.startswith("/sign-in?next=") else "redirect"
    return {200: OK, 401: UNAUTHORISED, 403: FORBIDDEN, 404: HIDDEN}.get(
        response.status_code, str(response.status_code)
    )


@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_route_allows_exactly_the_right_roles(app, world, endpoint):
    method, build_url, expected = MATRIX[endpoint]
    url = build_url(world)
    seen = {}
    for role in ROLES:
        client = app.test_client()
        if role != "anonymous":
            sign_in(client, world.users[role])
        data = None
        if method != "GET":  # a valid CSRF token, so only authorisation is being tested
            page = client.get("/sign-in" if role == "anonymous" else "/")
            data = {"csrf_token": extract_csrf(page.get_data(as_text=True))}
        seen[role] = _outcome(client.open(url, method=method, data=data))
    assert seen == {role: expected[role] for role in ROLES}


# --- training records (issue 16): the five people who might ask about one volunteer ---------

TRAINING_ROUTES = {
    "list": ("GET", ""),
    "new": ("GET", "/new"),
    "add": ("POST", "/new"),
    "change": ("GET", "/{record}"),
    "correct": ("POST", "/{record}"),
}


@pytest.mark.parametrize("route", sorted(TRAINING_ROUTES))
def test_training_routes_for_one_volunteer_by_who_asks(app, world, make_user, route):
    """Their panel's coordinator and admins may; the volunteer (even about themselves), another
    panel's coordinator (404) and analysts may not."""
    method, rest = TRAINING_ROUTES[route]
    trainee = world.users[Role.VOLUNTEER]
    url = f"/manage/volunteers/{trainee.id}/training" + rest.format(record=_training(trainee))
    askers = {
        "volunteer": (trainee, FORBIDDEN),
        "coordinator of the panel": (world.users[Role.COORDINATOR], OK),
        "coordinator of another panel": (make_user(Role.COORDINATOR, panels=[world.panel_b]),
                                         HIDDEN),
        "analyst": (world.users[Role.ANALYST], FORBIDDEN),
        "admin": (world.users[Role.ADMIN], OK),
    }  # fmt: skip
    seen, expected = {}, {}
    for who, (user, outcome) in askers.items():
        client = app.test_client()
        sign_in(client, user)
        data = None
        if method == "POST":  # a valid form, so a permitted POST saves and redirects
            page = client.get("/")
            data = {"csrf_token": extract_csrf(page.get_data(as_text=True)),
                    "course_code": "induction", "completed_on": ["3", "2", "2025"]}  # fmt: skip
            outcome = "redirect" if outcome == OK else outcome
        seen[who], expected[who] = _outcome(client.open(url, method=method, data=data)), outcome
    assert seen == expected


# --- the Reviewer's copy (issue 16): everyone who might ask about panel A's TACT report -----


def _tact_report(suite, visitor=None) -> str:
    """A report with a TACT detainee at `suite`, by two trained volunteers of its panel
    (`visitor` one of them, when given)."""
    from icv.extensions import db
    from icv.models import Role, User
    from icv.visits.reports import receive_report
    from tests.sync.factory import new_uuid, tact_report_body, tact_trained

    pair = [User(email=f"tact-{suite.id}-{n}@example.org", name=f"TACT Visitor {n}",
                 role=Role.VOLUNTEER, panel_id=suite.panel_id, status="active")
            for n in (1, 2)]  # fmt: skip
    pair[0] = visitor or pair[0]
    db.session.add_all(pair)
    tact_trained(*pair)
    uuid = new_uuid()
    receipt = receive_report(uuid, tact_report_body(suite, pair), pair[0])
    assert receipt.status == 201, receipt.errors
    return uuid


@pytest.mark.parametrize(
    "route", ["/api/v1/visit-reports/{uuid}/reviewer-copy", "/visits/{uuid}/reviewer-copy/sent"]
)
def test_reviewer_copy_routes_by_who_asks(app, world, route):
    """The panel's coordinator and admins; not even a visitor on the report, nor the police
    of its suite, nor analysts (they see counts only)."""
    visitor = world.users[Role.VOLUNTEER]
    uuid = _tact_report(world.suite_a, visitor)
    askers = {
        "visitor on the report": (visitor, FORBIDDEN),
        "coordinator of the panel": (world.users[Role.COORDINATOR], OK),
        "admin": (world.users[Role.ADMIN], OK),
        "analyst": (world.users[Role.ANALYST], FORBIDDEN),
        "police of the suite": (world.users[Role.POLICE], FORBIDDEN),
    }
    seen, expected = {}, {}
    for who, (user, outcome) in askers.items():
        client = app.test_client()
        sign_in(client, user)
        seen[who], expected[who] = _outcome(client.get(route.format(uuid=uuid))), outcome
    assert seen == expected
