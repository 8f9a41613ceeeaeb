"""The staff list of visit reports: the user's scope (icv.policy) narrowed by filters, a page
at a time, each report flagged when it raised concerns or the visit was unsatisfactory.

Two reads whatever the page holds: the count and the page (suites joined, the concern flag
as a column, never a query per report).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
import sqlalchemy.orm as so

from icv import paging, policy
from icv.actions.models import ActionSource
from icv.dates import start_of_day
from icv.extensions import db
from icv.language import N_
from icv.models import Suite, User
from icv.visits.models import VisitReport

PAGE_SIZE = 25
UNSATISFACTORY = "unsatisfactory"
RATINGS = {"satisfactory": N_("Satisfactory"), UNSATISFACTORY: N_("Not satisfactory")}
CONCERN_CHOICES = {"yes": N_("With concerns only")}


@dataclass(frozen=True)
class ReportFilters:
    panel_id: int | None = None
    suite_id: int | None = None
    arrived_from: date | None = None
    arrived_to: date | None = None
    concerns: bool = False
    rating: str | None = None


@dataclass(frozen=True)
class ListedReport:
    report: VisitReport
    has_concerns: bool

    @property
    def unsatisfactory(self) -> bool:
        return self.report.rating == UNSATISFACTORY


def concerns_clause():
    """The report raised something to follow up: at least one action came from it."""
    return sa.exists().where(ActionSource.report_id == VisitReport.id)


def narrow(query, filters: ReportFilters):
    if filters.panel_id:
        query = query.where(Suite.panel_id == filters.panel_id)
    if filters.suite_id:
        query = query.where(VisitReport.suite_id == filters.suite_id)
    if filters.arrived_from:
        query = query.where(VisitReport.arrived_at >= start_of_day(filters.arrived_from))
    if filters.arrived_to:
        next_day = filters.arrived_to + timedelta(days=1)
        query = query.where(VisitReport.arrived_at < start_of_day(next_day))
    if filters.concerns:
        query = query.where(concerns_clause())
    if filters.rating:
        query = query.where(VisitReport.rating == filters.rating)
    return query


def page_of(user: User, filters: ReportFilters, number: int) -> paging.Page:
    """Newest visit first; a page number past the end shows the last page."""
    query = (
        narrow(policy.visible_reports_query(user), filters)
        .add_columns(concerns_clause().label("has_concerns"))
        .options(so.contains_eager(VisitReport.suite), so.defer(VisitReport.body))
        .order_by(VisitReport.arrived_at.desc(), VisitReport.id.desc())
    )

    def read(page_query) -> list[ListedReport]:
        return [ListedReport(report, bool(flag)) for report, flag in db.session.execute(page_query)]

    return paging.page_of(query, number, PAGE_SIZE, read=read)
