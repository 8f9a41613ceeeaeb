"""Who may do what: every role and panel check lives here, and views call it.

It sits just above the models (icv.models and each feature's models.py), which it imports,
and below every feature: no feature module is imported here (docs/architecture.md)."""

from __future__ import annotations

from functools import wraps

import sqlalchemy as sa
from flask import abort
from flask_login import current_user, login_required

from icv.actions.models import Action, ActionSource
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.models import (
    Panel,
    Role,
    Suite,
    SuiteOpenPeriod,
    TrainingRecord,
    User,
    police_suite_links,
)
from icv.notifications.models import Notification
from icv.recruitment.models import Application
from icv.rota.models import Rota, ScheduledVisit, VisitStatus, published_clause
from icv.tact.models import ReviewerCopy
from icv.visits.models import ReportVisitor, VisitReport
from icv.volunteering.models import TimeGiven

MANAGERS = (Role.ADMIN, Role.COORDINATOR)
# Volunteers record visit reports; coordinators and admins read those of their panels.
REPORT_WRITERS = (Role.VOLUNTEER,)
REPORT_READERS = (Role.VOLUNTEER, *MANAGERS)


def roles_required(*roles: Role):
    """Signed in with one of these roles, or 403 (401/sign-in redirect when signed out)."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def managed_panel_ids(user: User) -> set[int] | None:
    """Panels the user may manage: None means every panel (admin)."""
    if user.role == Role.ADMIN:
        return None
    if user.role == Role.COORDINATOR:
        return {panel.id for panel in user.coordinated_panels}
    return set()


def can_manage_panel(user: User, panel_id: int | None) -> bool:
    allowed = managed_panel_ids(user)
    return allowed is None or (panel_id is not None and panel_id in allowed)


def require_panel(user: User, panel_id: int | None) -> None:
    """404 rather than 403 so ids outside the user's panels reveal nothing."""
    if not can_manage_panel(user, panel_id):
        abort(404)


def _scoped(query, column, user: User):
    allowed = managed_panel_ids(user)
    return query if allowed is None else query.where(column.in_(allowed))


def panels_query(user: User):
    return _scoped(sa.select(Panel).order_by(Panel.name), Panel.id, user)


def suites_query(user: User):
    return _scoped(sa.select(Suite).order_by(Suite.name), Suite.panel_id, user)


def volunteers_query(user: User):
    query = sa.select(User).where(User.role == Role.VOLUNTEER).order_by(User.name)
    return _scoped(query, User.panel_id, user)


def visitable_suites_query(user: User):
    """Suites a volunteer may file reports for: those of their own panel."""
    if user.role == Role.VOLUNTEER:
        return sa.select(Suite).where(Suite.panel_id == user.panel_id).order_by(Suite.name)
    return suites_query(user)


# Readers of panel-wide data (the figures, the rota API, the meeting pack): analysts read every
# panel, for analysis; coordinators their own panels; admins all; volunteers none.


def reader_panel_ids(user: User) -> set[int] | None:
    """Panels whose figures, rota data and meeting pack the user may read: None means all."""
    if user.role == Role.ANALYST:
        return None
    return managed_panel_ids(user)


def _readable(query, column, user: User):
    allowed = reader_panel_ids(user)
    return query if allowed is None else query.where(column.in_(allowed))


def reader_panels_query(user: User):
    return _readable(sa.select(Panel).order_by(Panel.name), Panel.id, user)


def reader_panel_or_404(user: User, panel_id: int | None) -> Panel:
    """A panel the user may read; 404 for any other (a guessed id reveals nothing)."""
    allowed = reader_panel_ids(user)
    panel = None if panel_id is None else db.session.get(Panel, panel_id)
    if panel is None or (allowed is not None and panel.id not in allowed):
        abort(404)
    return panel


def reader_suite_or_404(user: User, suite_id: int) -> Suite:
    allowed = reader_panel_ids(user)
    suite = db.session.get(Suite, suite_id)
    if suite is None or (allowed is not None and suite.panel_id not in allowed):
        abort(404)
    return suite


# --- visit reports -------------------------------------------------------------------------


def can_view_report(user: User, report) -> bool:
    """Its visitors, whoever sent it, the panel's coordinators and admins; nobody else."""
    if user.role in MANAGERS:
        return can_manage_panel(user, report.suite.panel_id)
    if user.role == Role.VOLUNTEER:
        return user.id == report.submitted_by_id or any(
            visitor.user_id == user.id for visitor in report.visitors
        )
    return False


can_amend_report = can_view_report  # the same people may correct it, with a reason


def require_amendable_report(user: User, report):
    """The report, if the user may correct it; 404 otherwise (a guessed uuid reveals nothing)."""
    if report is None or not can_amend_report(user, report):
        abort(404)
    return report


def require_report(user: User, report):
    """404 rather than 403: a guessed uuid reveals nothing."""
    if report is None or not can_view_report(user, report):
        abort(404)
    return report


def own_reports_query(user: User):
    """Reports the user visited for or sent (an import by a coordinator counts as sent)."""
    visited = sa.select(ReportVisitor.report_id).where(ReportVisitor.user_id == user.id)
    return sa.select(VisitReport).where(
        sa.or_(VisitReport.submitted_by_id == user.id, VisitReport.id.in_(visited))
    )


def visible_reports_query(user: User):
    """Reports listed for the user: a volunteer's own; their panels' for a coordinator; all
    for an admin (the same people can_view_report lets in)."""
    if user.role == Role.VOLUNTEER:
        return own_reports_query(user)
    if user.role not in MANAGERS:
        return sa.select(VisitReport).where(sa.false())
    query = sa.select(VisitReport).join(Suite, VisitReport.suite_id == Suite.id)
    return _scoped(query, Suite.panel_id, user)


def can_import_reports(user: User) -> bool:
    """Coordinators and admins import reports exported from a volunteer's phone."""
    return user.role in MANAGERS


# --- Scheme management (admin and account blueprints) ---


def can_create_panels(user: User) -> bool:
    """Only admins add panels and choose their coordinators; coordinators edit their own."""
    return user.role == Role.ADMIN


def can_choose_coordinators(user: User) -> bool:
    return user.role == Role.ADMIN


def sees_invitation_links(user: User) -> bool:
    """With no mail server, an admin is shown a set-your-password link to pass on; a
    coordinator is not (the link signs someone in: it goes to as few people as it can)."""
    return user.role == Role.ADMIN


def managed_panel_or_404(user: User, panel_id: int) -> Panel:
    panel = db.session.get(Panel, panel_id)
    if panel is None:  # require_panel lets admins through even with no panel to check
        abort(404)
    require_panel(user, panel.id)
    return panel


def managed_suite_or_404(user: User, suite_id: int) -> Suite:
    suite = db.session.get(Suite, suite_id)
    if suite is None:  # require_panel lets admins through even with no panel to check
        abort(404)
    require_panel(user, suite.panel_id)
    return suite


def managed_open_period_or_404(user: User, suite_id: int, period_id: int):
    """An open period of a suite the user manages; anyone else's (or a mismatched pair of
    ids) is 404."""
    suite = managed_suite_or_404(user, suite_id)
    period = db.session.get(SuiteOpenPeriod, period_id)
    if period is None or period.suite_id != suite.id:
        abort(404)
    return period


def managed_volunteer_or_404(user: User, volunteer_id: int) -> User:
    """A volunteer in one of the user's panels (admins: any volunteer)."""
    volunteer = db.session.get(User, volunteer_id)
    if volunteer is None or volunteer.role != Role.VOLUNTEER:
        abort(404)
    if managed_panel_ids(user) is not None:  # admins may manage volunteers with no panel
        require_panel(user, volunteer.panel_id)
    return volunteer


# Training records (icv.admin.training): admins and the volunteer's coordinators add and
# correct them, the volunteer reads their own, analysts never see them (nor in the API).
TRAINING_RECORDERS = MANAGERS


def can_see_training(user: User) -> bool:
    return user.role in TRAINING_RECORDERS


def can_add_courses(user: User) -> bool:
    return user.role == Role.ADMIN


def training_record_or_404(user: User, volunteer_id: int, record_id: int):
    """One of a managed volunteer's training records (404 for anyone else's)."""
    volunteer = managed_volunteer_or_404(user, volunteer_id)
    return owned_or_404(TrainingRecord, volunteer, record_id)


def user_or_404(user: User, user_id: int) -> User:
    """Any user, for admins only (others get 404)."""
    target = db.session.get(User, user_id) if user.role == Role.ADMIN else None
    if target is None:
        abort(404)
    return target


def owned_or_404(model, owner: User, object_id: int):
    """A row that belongs to `owner` (dates away, an API token); someone else's id is 404."""
    row = db.session.get(model, object_id)
    if row is None or row.user_id != owner.id:
        abort(404)
    return row


def can_deactivate(user: User, target: User) -> bool:
    """Nobody deactivates themselves (an admin could lock everyone out)."""
    return user.id != target.id


# --- rota ----------------------------------------------------------------------------------
# Upcoming visits are seen only by the pair, the panel's coordinators and admins.

# They also mark visits missed and put them back, and set soft rules aside, with a reason.
ROTA_PLANNERS = MANAGERS


def rota_or_404(user: User, rota_id: int):
    """A rota of a panel the user manages (coordinators: theirs; admins: any)."""
    rota = db.session.get(Rota, rota_id)
    if rota is None or not can_manage_panel(user, rota.panel_id):
        abort(404)
    return rota


def managed_visit_or_404(user: User, visit_id: int):
    """A scheduled visit to a suite of a panel the user manages."""
    visit = db.session.get(ScheduledVisit, visit_id)
    if visit is None or not can_manage_panel(user, visit.suite.panel_id):
        abort(404)
    return visit


def own_visit_or_404(user: User, visit_id: int):
    """A published visit the user is one of the pair on; any other id is 404."""
    visit = db.session.get(ScheduledVisit, visit_id)
    if visit is None or not visit.is_published or user not in visit.visitors:
        abort(404)
    return visit


def can_see_planned_time(user: User, visit) -> bool:
    """The time the pair agreed: theirs alone until the visit report exists."""
    if user in visit.visitors:
        return True
    return visit.status == VisitStatus.MADE and can_manage_panel(user, visit.suite.panel_id)


# --- follow-up actions and the panel meeting pack --------------------------------------------
# Coordinators work on their panels' actions, admins on all; analysts read every action (never
# a custody number); volunteers read the actions raised from reports they visited for or sent.

ACTION_WORKERS = MANAGERS
PACK_MAKERS = (Role.ANALYST, *MANAGERS)


def can_see_custody_numbers(user: User) -> bool:
    """Staff, and the police for their own suites' actions (they find the person's record)."""
    return user.role in (*MANAGERS, Role.POLICE)


def can_work_on_action(user: User, action) -> bool:
    return user.role in ACTION_WORKERS and can_manage_panel(user, action.panel_id)


def actions_query(user: User):
    """The actions the user may read (the same set for the list, the pages and the API)."""
    query = sa.select(Action)
    if user.role == Role.ANALYST:
        return query
    if user.role == Role.POLICE:
        return query.where(Action.suite_id.in_(police_suite_ids(user)))
    if user.role == Role.VOLUNTEER:
        own = own_reports_query(user).subquery()
        raised = sa.select(ActionSource.action_id).where(
            ActionSource.report_id.in_(sa.select(own.c.id))
        )
        return query.where(Action.id.in_(raised))
    return _scoped(query, Action.panel_id, user)


def action_or_404(user: User, action_id: int):
    """404 for an id the user may not read: a guessed id reveals nothing."""
    action = db.session.scalar(actions_query(user).where(Action.id == action_id))
    if action is None:
        abort(404)
    return action


# --- the police (Role.POLICE): their suites' actions and visit summaries, never names --------


def police_suite_ids(user: User) -> set[int]:
    """The suites a police user answers for; nobody else has any."""
    if user.role != Role.POLICE:
        return set()
    return {suite.id for suite in user.police_suites}


def can_answer_action(user: User, action) -> bool:
    """A police user answers an open action of one of their suites."""
    return not action.is_closed and action.suite_id in police_suite_ids(user)


def answerable_action_or_403(user: User, action_id: int):
    """For the API: 404 for an id that does not exist; 403 for anyone else's action, and for a
    closed one (it exists, but this caller may not answer it)."""
    action = db.session.get(Action, action_id)
    if action is None:
        abort(404)
    if not can_answer_action(user, action):
        abort(403)
    return action


def police_users_query(user: User):
    """Police users who answer for at least one suite the user manages (admins: every one)."""
    query = sa.select(User).where(User.role == Role.POLICE).order_by(User.name)
    allowed = managed_panel_ids(user)
    if allowed is None:
        return query
    linked = (
        sa.select(police_suite_links.c.user_id)
        .join(Suite, Suite.id == police_suite_links.c.suite_id)
        .where(Suite.panel_id.in_(allowed))
    )
    return query.where(User.id.in_(linked))


def managed_police_user_or_404(user: User, police_id: int) -> User:
    target = db.session.scalar(police_users_query(user).where(User.id == police_id))
    if target is None:
        abort(404)
    return target


# --- publishing a quarter's issues and the police's responses (issue 17) -------------------
# Coordinators approve their panels' actions for the public list, admins any; the list itself
# (page and CSV) is public, without sign-in: it holds only what was approved.

PUBLISHERS = ACTION_WORKERS


def publishable_actions_query(user: User):
    """The actions the user may approve for publishing (none for anyone but publishers)."""
    if user.role not in PUBLISHERS:
        return sa.select(Action).where(sa.false())
    return actions_query(user)


def publishable_action_or_404(user: User, action_id: int):
    action = db.session.scalar(publishable_actions_query(user).where(Action.id == action_id))
    if action is None:
        abort(404)
    return action


# The scheme's settings (icv.admin.settings_views), such as emailing each visit's summary to
# the suite's police: admins only.
SETTINGS_CHANGERS = (Role.ADMIN,)


pack_panels_query = reader_panels_query  # panels whose meeting pack the user may produce
pack_panel_or_404 = reader_panel_or_404


# --- two-factor sign-in (icv.auth) ---------------------------------------------------------

# Staff see many people's data, and the police their suites' concerns with custody numbers:
# they must use a second factor. Volunteers may choose to.
TWO_FACTOR_REQUIRED = (Role.ADMIN, Role.COORDINATOR, Role.ANALYST, Role.POLICE)


def two_factor_required(user: User) -> bool:
    return user.role in TWO_FACTOR_REQUIRED


def signs_out_when_idle(user: User) -> bool:
    """Staff sessions end after STAFF_IDLE_MINUTES without a request. Volunteers' do not: a
    visit runs long, and their phone keeps its drafts and outbox whatever the session does."""
    return user.role in TWO_FACTOR_REQUIRED


def can_turn_off_two_factor(user: User) -> bool:
    return not two_factor_required(user)


# --- figures (icv.figures) -----------------------------------------------------------------

FIGURES_READERS = (Role.ANALYST, Role.COORDINATOR, Role.ADMIN)


figures_panel_ids = reader_panel_ids
figures_panels_query = reader_panels_query
figures_panel_or_404 = reader_panel_or_404
figures_suite_or_404 = reader_suite_or_404


# --- rota read API (icv.rota.api) and in-app notifications (icv.notifications) ---------------
# Analysts read the rota for analysis but never upcoming visits: those stay with the pair, the
# panel's coordinators and admins (the rota's hard rule), so they see only windows now ended.

ROTA_API_READERS = (Role.ANALYST, *MANAGERS)


rota_api_panel_ids = reader_panel_ids
rota_api_panel_or_404 = reader_panel_or_404
rota_api_suite_or_404 = reader_suite_or_404


def rota_api_visits_query(user: User, today):
    """Published and ad-hoc visits to suites of the user's panels (Suite joined), drafts never;
    for analysts only those whose window ended before `today`."""
    query = (
        sa.select(ScheduledVisit)
        .join(Suite, ScheduledVisit.suite_id == Suite.id)
        .outerjoin(Rota, ScheduledVisit.rota_id == Rota.id)
        .where(published_clause())
    )
    if user.role == Role.ANALYST:
        query = query.where(ScheduledVisit.window_ends_on < today)
    elif user.role not in ROTA_API_READERS:
        return query.where(sa.false())
    return _readable(query, Suite.panel_id, user)


def rota_api_volunteers_query(user: User):
    query = sa.select(User).where(User.role == Role.VOLUNTEER).order_by(User.id)
    return _readable(query, User.panel_id, user)


def rota_api_suites_query(user: User):
    return _readable(sa.select(Suite).order_by(Suite.id), Suite.panel_id, user)


def own_notifications_query(user: User):
    """Everyone reads their own notifications and nobody else's (admins included)."""
    return sa.select(Notification).where(Notification.user_id == user.id)


def own_notification_or_404(user: User, notification_id: int):
    query = own_notifications_query(user).where(Notification.id == notification_id)
    notification = db.session.scalar(query)
    if notification is None:
        abort(404)
    return notification


# --- data protection (icv.audit, icv.privacy, icv.admin.subject_access) ----------------------
# The audit trail names who looked at what: admins only. So does a subject-access export.

AUDIT_READERS = (Role.ADMIN,)
SUBJECT_ACCESS_EXPORTERS = (Role.ADMIN,)


# --- recruitment (icv.recruitment) -----------------------------------------------------------
# Anyone may apply (/apply). Coordinators work on their panels' applications, admins on all.
# Equality-monitoring answers are never shown with an application: only counts, suppressed,
# to those who read the panels' figures.

RECRUITERS = MANAGERS
DIVERSITY_READERS = FIGURES_READERS

recruitment_panels_query = panels_query


def panels_open_to_applicants():
    """Every panel: an applicant, signed in or not, chooses where they would visit."""
    return sa.select(Panel).order_by(Panel.name)


recruitment_panel_or_404 = managed_panel_or_404
diversity_panel_ids = reader_panel_ids


def application_or_404(user: User, application_id: int) -> Application:
    """An application to a panel the user manages; anyone else's id is 404."""
    application = db.session.get(Application, application_id)
    if application is None or not can_manage_panel(user, application.panel_id):
        abort(404)
    return application


# --- appraisals, probation and hours given (icv.volunteering, icv.figures.hours) ------------
# A volunteer's appraisals (their notes included), probation and time given are for the
# coordinators of their panel and admins; the volunteer records their own time and sees their
# own hours, never their appraisal notes. Analysts see hours by panel and quarter, not by name.

SERVICE_MANAGERS = MANAGERS
TIME_RECORDERS = (Role.VOLUNTEER, *MANAGERS)


def sees_volunteer_hours(user: User) -> bool:
    """Whether the figures show hours volunteer by volunteer (in the user's scope)."""
    return user.role in SERVICE_MANAGERS


def managed_time_or_404(user: User, time_id: int) -> TimeGiven:
    """Time given by a volunteer the user manages; 404 for anyone else's."""
    row = db.session.get(TimeGiven, time_id)
    if row is None:
        abort(404)
    managed_volunteer_or_404(user, row.user_id)
    return row


def managed_time_query(user: User):
    """Time given by the volunteers the user manages (TimeGiven joined to User)."""
    query = sa.select(TimeGiven).join(User, User.id == TimeGiven.user_id)
    return _scoped(query.where(User.role == Role.VOLUNTEER), User.panel_id, user)


# --- expenses claims (icv.expenses) ----------------------------------------------------------
# Volunteers claim for themselves; a claim and its receipt photo are seen by the claimant, the
# coordinators of the panel they claimed in, and admins; nobody else (analysts, the police).

EXPENSE_CLAIMERS = (Role.VOLUNTEER,)
EXPENSE_DECIDERS = MANAGERS


def can_see_claim(user: User, claim: ExpenseClaim) -> bool:
    if user.role == Role.VOLUNTEER:
        return claim.claimant_id == user.id
    return user.role in EXPENSE_DECIDERS and can_manage_panel(user, claim.panel_id)


def can_decide_claim(user: User, claim: ExpenseClaim) -> bool:
    """Coordinators of the claimant's panel and admins; never on their own claim."""
    return (
        user.role in EXPENSE_DECIDERS
        and claim.claimant_id != user.id
        and can_manage_panel(user, claim.panel_id)
    )


def own_claims_query(user: User):
    return sa.select(ExpenseClaim).where(ExpenseClaim.claimant_id == user.id)


def claim_or_404(user: User, claim_id: int) -> ExpenseClaim:
    """404 for anyone else's claim: a guessed id reveals nothing."""
    claim = db.session.get(ExpenseClaim, claim_id)
    if claim is None or not can_see_claim(user, claim):
        abort(404)
    return claim


# --- the Independent Reviewer's copy of TACT reports, ad-hoc TACT visits (icv.tact) ----------
# The panel's coordinators and admins handle a copy; analysts, volunteers and the police never
# read it (analysts see only counts in the figures).

REVIEWER_COPY_HANDLERS = MANAGERS
AD_HOC_TACT_CALLERS = MANAGERS


def reviewer_copy_for(user: User, report):
    """The report's Reviewer's copy if the user handles it; None otherwise (or none made)."""
    if user.role not in REVIEWER_COPY_HANDLERS or not can_manage_panel(user, report.suite.panel_id):
        return None
    return db.session.scalar(sa.select(ReviewerCopy).where(ReviewerCopy.report_id == report.id))


def reviewer_copy_or_404(user: User, report):
    """404 for a report that is not the user's to handle, or has no TACT detainee."""
    copy = None if report is None else reviewer_copy_for(user, report)
    if copy is None:
        abort(404)
    return copy


def reviewer_copies_query(user: User):
    """Copies of the reports of the user's panels (every panel for an admin)."""
    query = (
        sa.select(ReviewerCopy)
        .join(VisitReport, ReviewerCopy.report_id == VisitReport.id)
        .join(Suite, VisitReport.suite_id == Suite.id)
    )
    if user.role not in REVIEWER_COPY_HANDLERS:
        return query.where(sa.false())
    return _scoped(query, Suite.panel_id, user)


# --- the phone's offline copy (icv.pwa, static/js/app.js) -----------------------------------


def records_visits(user) -> bool:
    """Whether the user records visits: only their phone keeps pages and reference data for
    use with no signal (everyone else's would only be refused them)."""
    return user.is_authenticated and user.role in REPORT_WRITERS
