"""Hours volunteers gave: visits, panel meetings and training, by piece, panel and volunteer.

A visit gives each of its visitors the time from arrival to departure on the report, plus
the scheme's travel allowance (VISIT_TRAVEL_MINUTES); it counts on the day it was made, for
the panel of its suite. Meetings and training count once a coordinator has confirmed them
(icv.volunteering), on the day given, for the volunteer's panel: they are not at a suite,
so a figure for one suite counts its visits' time only. Two GROUP BY queries, by (piece,
panel, volunteer); everything else adds those up, so the breakdowns match the total.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import current_app

from icv.extensions import db
from icv.figures.periods import Period, split
from icv.figures.queries import PIECE, Scope, _in_scope, _piece_of_day, _piece_of_time
from icv.language import N_
from icv.models import Panel, Suite, User
from icv.visits.models import ReportVisitor, VisitReport
from icv.volunteering.models import TimeGiven

KINDS = ("visits", "meetings", "training")
KIND_OF_TIME = {"meeting": "meetings", "training": "training"}
LABELS = {"total": N_("Total"), "visits": N_("Visits"), "meetings": N_("Panel meetings"),
          "training": N_("Training")}  # fmt: skip


def as_hours(minutes: float) -> float:
    """Hours to one decimal place, as published."""
    return round(minutes / 60, 1)


def hours_row(minutes: dict[str, float]) -> dict[str, float]:
    """{"total", "visits", "meetings", "training"} in hours, from minutes by kind."""
    return {"total": as_hours(sum(minutes.values())),
            **{kind: as_hours(minutes.get(kind, 0)) for kind in KINDS}}  # fmt: skip


@dataclass
class HoursGiven:
    period: Period
    pieces: list[Period]
    # (piece, panel id, volunteer id, kind) -> minutes
    minutes: dict[tuple[int, int | None, int, str], float] = field(default_factory=dict)
    panels: dict[int, str] = field(default_factory=dict)
    volunteers: dict[int, tuple[str, int | None]] = field(default_factory=dict)  # id: name, panel

    def _rows(self, key_of) -> dict:
        sums = defaultdict(lambda: defaultdict(float))
        for (piece, panel, volunteer, kind), minutes in self.minutes.items():
            sums[key_of(piece, panel, volunteer)][kind] += minutes
        return sums

    @property
    def total(self) -> dict:
        return hours_row(self._rows(lambda *_: None)[None])

    def by_piece(self) -> list[tuple[Period, dict]]:
        sums = self._rows(lambda piece, *_: piece)
        return [(piece, hours_row(sums[i])) for i, piece in enumerate(self.pieces)]

    def by_panel(self) -> list[tuple[int, str, dict]]:
        sums = self._rows(lambda _piece, panel, _volunteer: panel)
        return [(panel_id, name, hours_row(sums[panel_id]))
                for panel_id, name in self.panels.items()]  # fmt: skip

    def by_volunteer(self) -> list[tuple[int, str, str, dict]]:
        """(id, name, panel name, hours) of everyone who gave time, by name."""
        sums = self._rows(lambda _piece, _panel, volunteer: volunteer)
        people = sorted(sums, key=lambda person: (self.volunteers[person][0], person))
        return [(person, self.volunteers[person][0],
                 self.panels.get(self.volunteers[person][1], ""), hours_row(sums[person]))
                for person in people]  # fmt: skip


def _seconds_between(start, end):
    if db.session.get_bind().dialect.name == "postgresql":
        return sa.func.extract("epoch", end - start)
    return (sa.func.julianday(end) - sa.func.julianday(start)) * 86400


def _visit_minutes(period: Period, pieces: list[Period], scope: Scope, user_id: int | None):
    piece = _piece_of_time(VisitReport.arrived_at, pieces).label("piece")
    seconds = _seconds_between(VisitReport.arrived_at, VisitReport.departed_at)
    query = (
        sa.select(piece, Suite.panel_id, ReportVisitor.user_id, sa.literal("visits"),
                  sa.func.sum(seconds) / 60, sa.func.count())
        .join(VisitReport, VisitReport.id == ReportVisitor.report_id)
        .join(Suite, Suite.id == VisitReport.suite_id)
        .where(VisitReport.arrived_at >= period.starts_at,
               VisitReport.arrived_at < period.ends_before,
               *_in_scope(VisitReport.suite_id, scope))
        .group_by(PIECE, Suite.panel_id, ReportVisitor.user_id)
    )  # fmt: skip
    return query if user_id is None else query.where(ReportVisitor.user_id == user_id)


def _time_given_minutes(period: Period, pieces: list[Period], scope: Scope, user_id: int | None):
    piece = _piece_of_day(TimeGiven.given_on, pieces).label("piece")
    query = (
        sa.select(piece, User.panel_id, TimeGiven.user_id, TimeGiven.kind,
                  sa.func.sum(TimeGiven.minutes), sa.literal(0))
        .join(User, User.id == TimeGiven.user_id)
        .where(TimeGiven.confirmed_at.is_not(None),
               TimeGiven.given_on >= period.starts_on, TimeGiven.given_on <= period.ends_on)
        .group_by(PIECE, User.panel_id, TimeGiven.user_id, TimeGiven.kind)
    )  # fmt: skip
    if scope.panel_ids is not None:
        query = query.where(User.panel_id.in_(sorted(scope.panel_ids)))
    return query if user_id is None else query.where(TimeGiven.user_id == user_id)


def hours_given(
    period: Period, scope: Scope | None = None, *, split_by: str = "quarter",
    user_id: int | None = None,
) -> HoursGiven:  # fmt: skip
    """The hours given in the period and scope; `user_id`: one volunteer's only."""
    scope = scope or Scope()
    pieces = split(period, split_by)
    travel = current_app.config["VISIT_TRAVEL_MINUTES"]
    statements = [_visit_minutes(period, pieces, scope, user_id)]
    if scope.suite_id is None:
        statements.append(_time_given_minutes(period, pieces, scope, user_id))
    result = HoursGiven(period, pieces)
    for statement in statements:
        for piece, panel, person, kind, minutes, visits in db.session.execute(statement):
            kind = KIND_OF_TIME.get(kind, kind)
            key = (piece, panel, person, kind)
            result.minutes[key] = result.minutes.get(key, 0) + float(minutes or 0) + visits * travel
    _name_them(result, scope)
    return result


def _name_them(result: HoursGiven, scope: Scope) -> None:
    panels = sa.select(Panel.id, Panel.name).order_by(Panel.name)
    if scope.panel_ids is not None:
        panels = panels.where(Panel.id.in_(sorted(scope.panel_ids)))
    if scope.suite_id is not None:
        suite_panel = sa.select(Suite.panel_id).where(Suite.id == scope.suite_id)
        panels = panels.where(Panel.id.in_(suite_panel))
    result.panels = {panel_id: name for panel_id, name in db.session.execute(panels)}
    people = {person for _piece, _panel, person, _kind in result.minutes}
    if people:
        rows = db.session.execute(
            sa.select(User.id, User.name, User.panel_id).where(User.id.in_(sorted(people)))
        )
        result.volunteers = {person: (name, panel) for person, name, panel in rows}
