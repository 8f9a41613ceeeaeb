"""The quarterly panel meeting pack: one panel, one quarter, everything the meeting needs.

The figures come from icv.figures (figures_for, heat_map), so the pack always shows the same
numbers as the figures pages. Custody numbers are never in the pack: it gets printed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext

from icv.actions.models import Action
from icv.actions.publishing import PublishedIssue, by_suite, published
from icv.dates import financial_year_of
from icv.extensions import db
from icv.figures.action_timing import tables, timing_summary
from icv.figures.aggregate import Figures, figures_for, heat_map
from icv.figures.localtime import BAND_ORDER
from icv.figures.people import published_rows
from icv.figures.periods import Period, quarter
from icv.figures.queries import Scope
from icv.language import N_
from icv.models import Panel, Suite
from icv.visits.models import VisitReport

# The figures the pack shows for each suite and the panel, in this order.
PACK_MEASURES = (
    "visits_scheduled",
    "visits_made",
    "completion_rate",
    "detainees_in_custody",
    "detainees_interviewed",
    "detainees_declined",
    "detainees_unavailable",
    "interview_rate",
    "visits_delayed",
    "visits_satisfactory",
)
RATE_MEASURES = {"completion_rate", "interview_rate"}
# The time bands' short names, heading the "when visits were made" table.
BAND_NAMES = {
    "morning": N_("Morning"),
    "afternoon": N_("Afternoon"),
    "evening": N_("Evening"),
    "night": N_("Night"),
}


def shown(label) -> str:
    """A label another module keeps in English (the figures' measures and bands), as read in
    the language being written."""
    return gettext(str(label))


@dataclass
class Pack:
    panel: Panel
    period: Period
    as_at: date  # overdue is judged on this day: the quarter's last day, or today if sooner
    figures: Figures
    spread: dict[tuple[int, str], int]  # (weekday 0 = Monday, band) -> visits made
    opened: list[Action] = field(default_factory=list)
    closed: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    findings: list[VisitReport] = field(default_factory=list)
    published: list[PublishedIssue] = field(default_factory=list)  # the public list's rows

    @property
    def suites_and_total(self) -> list[tuple[str, dict]]:
        """(name, figures) for each suite of the panel, then the panel's total."""
        rows = [(suite.name, row) for suite, row in self.figures.by_suite()]
        return [*rows, (gettext("Panel total"), self.figures.total)]

    @property
    def people(self) -> list[dict]:
        """Format 2's breakdowns for the panel, as published (small counts suppressed): the
        pack is printed and shared at the meeting."""
        return published_rows(self.figures.total)

    @property
    def timings(self) -> dict:
        """Time to response and to close for the actions opened or closed this quarter."""
        seen = {action.id: action for action in [*self.opened, *self.closed]}
        return timing_summary(list(seen.values()))

    @property
    def timing_tables(self) -> dict:
        return tables(self.timings)

    @property
    def published_by_suite(self) -> list[tuple[str, list[PublishedIssue]]]:
        return by_suite(self.published)

    def spread_total(self) -> int:
        return sum(self.spread.values())


def build_pack(panel: Panel, period: Period, today: date) -> Pack:
    scope = Scope(panel_ids=frozenset({panel.id}))
    spread = {key: cell["visits"] for key, cell in heat_map(period, scope).items()}
    pack = Pack(
        panel=panel,
        period=period,
        as_at=min(period.ends_on, today),
        figures=figures_for(period, scope, split_by="whole"),
        spread=spread,
    )
    in_panel = sa.select(Action).where(Action.panel_id == panel.id)
    pack.opened = _actions(
        in_panel.where(Action.raised_on.between(period.starts_on, period.ends_on))
    )
    pack.closed = _actions(
        in_panel.where(
            Action.closed_on.between(period.starts_on, period.ends_on),
            Action.duplicate_of_id.is_(None),  # linked duplicates live on in another action
        )
    )
    pack.overdue = _actions(
        in_panel.where(
            Action.raised_on <= pack.as_at,
            Action.due_on < pack.as_at,
            sa.or_(Action.closed_on.is_(None), Action.closed_on > pack.as_at),
        )
    )
    pack.findings = list(
        db.session.scalars(
            sa.select(VisitReport)
            .join(Suite, Suite.id == VisitReport.suite_id)
            .where(
                Suite.panel_id == panel.id,
                VisitReport.arrived_at >= period.starts_at,
                VisitReport.arrived_at < period.ends_before,
                VisitReport.positive_findings != "",
            )
            .order_by(VisitReport.arrived_at)
        )
    )
    pack.published = published(period, {panel.id})
    return pack


def _actions(query) -> list[Action]:
    return list(db.session.scalars(query.order_by(Action.raised_on, Action.id)))


def quarter_choices(today: date, years: int = 6) -> list[Period]:
    """This financial year's quarters and the years before, newest first."""
    latest = financial_year_of(today)
    return [
        quarter(start, number)
        for start in range(latest, latest - years, -1)
        for number in (4, 3, 2, 1)
        if quarter(start, number).starts_on <= today
    ]


def spread_rows(pack: Pack) -> list[tuple[int, list[int]]]:
    """(weekday, visits per band in BAND_ORDER) for Monday to Sunday."""
    return [(day, [pack.spread.get((day, band), 0) for band in BAND_ORDER]) for day in range(7)]
