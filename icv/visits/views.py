"""Visit report pages: the phone's list of reports, the report form, and a sent report.

The list and the form are an app shell: the service worker keeps them for use with no
signal, and the JavaScript fills them from IndexedDB, so they never carry anyone else's data.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlalchemy.orm as so
from flask import render_template, request
from flask_babel import gettext
from flask_login import current_user

from icv import paging, policy
from icv.audit import record
from icv.extensions import db
from icv.models import Role, User
from icv.pwa import page_kept_offline
from icv.visits import bp, listing, report_format, vocabulary
from icv.visits.differences import differences, person_answers
from icv.visits.listing import ReportFilters
from icv.visits.models import VisitReport

LISTED_REPORTS = 100


@bp.route("/")
@policy.roles_required(*policy.REPORT_READERS)
def index():
    if current_user.role in policy.MANAGERS:
        return _staff_list()
    records = current_user.role in policy.REPORT_WRITERS
    query = policy.visible_reports_query(current_user).order_by(VisitReport.arrived_at.desc())
    # The list shows each report's suite (loaded with it, not a query per suite), never the
    # whole body as received (up to 100 JSON documents, left in the database).
    query = query.options(so.joinedload(VisitReport.suite), so.defer(VisitReport.body))
    received = db.session.scalars(query.limit(LISTED_REPORTS)).all()
    html = render_template(
        "visits/index.html",
        title=gettext("Visit reports"),
        records=records,
        received=received,
        can_import=policy.can_import_reports(current_user),
    )
    # A volunteer's page lists only their own reports, so it may be kept on their phone;
    # a coordinator's lists their panels' reports: never kept.
    return page_kept_offline(html, keep=current_user.role == Role.VOLUNTEER)


def _staff_list():
    """Coordinators and admins: their panels' reports, filtered, a page at a time."""
    # Imported here: the form's fields come from the admin package, which imports this one.
    from icv.visits.list_form import ReportFilterForm

    for name, find in (("panel", policy.managed_panel_or_404),
                       ("suite", policy.managed_suite_or_404)):  # fmt: skip
        if request.args.get(name, "").isdigit():  # another panel's: as if it did not exist
            find(current_user, int(request.args[name]))
    form = ReportFilterForm(formdata=request.args).offer(current_user)
    filters = form.chosen() if form.validate() else ReportFilters()
    page = listing.page_of(current_user, filters, request.args.get("page", 1, type=int))
    args = paging.kept_filters(request.args)
    return render_template(
        "visits/index.html",
        title=gettext("Visit reports"),
        records=False,
        filters=form,
        page=page,
        args=args,
        can_import=policy.can_import_reports(current_user),
    )


@bp.route("/new")
@policy.roles_required(*policy.REPORT_WRITERS)
def new():
    html = render_template(
        "visits/new.html",
        title=gettext("Visit report"),
        vocab=vocabulary.Translated(),
        report_format=report_format,
        person_fields=report_format.translated_person_fields(),
    )
    return page_kept_offline(html, keep=True)


@bp.route("/<uuid:report_uuid>")
@policy.roles_required(*policy.REPORT_READERS)
def show(report_uuid):
    # Imported here: reports pulls in the actions package, which imports this package's models.
    from icv.visits import reports

    report = policy.require_report(current_user, reports.find_report(str(report_uuid)))
    record("viewed", "report", report.uuid, "report page", commit=True)
    custody_numbers = policy.can_see_custody_numbers(current_user)
    return render_template(
        "visits/show.html",
        title=gettext("Visit to %(suite)s", suite=report.suite.name),
        report=report,
        vocab=vocabulary.Translated(),
        custody_numbers=custody_numbers,
        can_correct=policy.can_amend_report(current_user, report),
        history=_history(report, custody_numbers),
        person_answers=person_answers,
        reviewer_copy=policy.reviewer_copy_for(current_user, report),  # TACT (icv.tact)
    )


def _history(report: VisitReport, custody_numbers: bool) -> list[tuple]:
    """Each amendment with what it changed, newest first."""
    ids = {
        uid
        for a in report.amendments
        for body in (a.before, a.after)
        for uid in body["visitor_ids"]
    }
    people = db.session.scalars(sa.select(User).where(User.id.in_(ids))) if ids else []
    names = {person.id: person.name for person in people}
    return [
        (
            amendment,
            differences(
                amendment.before, amendment.after, names=names, custody_numbers=custody_numbers
            ),
        )
        for amendment in reversed(report.amendments)
    ]
