"""Two panels with suites and volunteers, and helpers that file real, validated reports."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest

from icv.extensions import db
from icv.models import Role
from icv.rota.models import Rota, ScheduledVisit, VisitStatus
from icv.visits.reports import receive_report
from tests.sync.factory import new_uuid, report_body

LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def scheme(make_panel, make_suite, make_user):
    """Panel A (two suites) and panel B (one suite), two volunteers each, people in every role."""
    panel_a, panel_b = make_panel("Panel A"), make_panel("Panel B")
    s = SimpleNamespace(
        panel_a=panel_a,
        panel_b=panel_b,
        suite_a1=make_suite(panel_a, name="Alpha One"),
        suite_a2=make_suite(panel_a, name="Alpha Two"),
        suite_b=make_suite(panel_b, name="Bravo"),
        pair_a=[make_user(Role.VOLUNTEER, panel=panel_a) for _ in range(3)],
        pair_b=[make_user(Role.VOLUNTEER, panel=panel_b) for _ in range(2)],
        coordinator=make_user(Role.COORDINATOR, panels=[panel_a]),
        analyst=make_user(Role.ANALYST),
        admin=make_user(Role.ADMIN),
    )
    return s


def visitors_for(scheme, suite):
    return scheme.pair_a[:2] if suite.panel_id == scheme.panel_a.id else scheme.pair_b


def local(text: str) -> datetime:
    """'2019-06-01 21:10' as London time."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


def file_report(scheme, suite, at: str, outcomes=("interviewed",), *, visit=None, **overrides):
    """A report that goes through validation; `outcomes` are codes, (unavailable, reason) or
    whole person rows (format 2's answers: pass format_version=2)."""
    arrived = local(at).astimezone(UTC)  # times go as UTC: wall-clock sums break at changeovers
    rows = []
    for outcome in outcomes:
        if isinstance(outcome, dict):
            rows.append(outcome)
        elif isinstance(outcome, tuple):
            rows.append({"outcome": outcome[0], "unavailable_reason": outcome[1]})
        else:
            rows.append({"outcome": outcome})
    visitors = overrides.pop("visitors", None) or visitors_for(scheme, suite)
    times = {
        "arrived_at": arrived.isoformat(),
        "admitted_at": arrived.isoformat(),
        "departed_at": (arrived + timedelta(hours=1)).isoformat(),
    }
    body = report_body(
        suite,
        visitors,
        people=len(rows),
        scheduled_visit=visit,
        detainees=rows,
        **(times | overrides),
    )
    receipt = receive_report(new_uuid(), body, visitors[0])
    assert receipt.status == 201, receipt.errors
    return receipt.report


def schedule(scheme, suite, starts_on: date, status=VisitStatus.SCHEDULED, rota=None):
    visit = ScheduledVisit(
        suite=suite,
        visitors=list(visitors_for(scheme, suite)),
        window_starts_on=starts_on,
        window_ends_on=starts_on + timedelta(days=6),
        status=status,
        rota=rota,
    )
    db.session.add(visit)
    db.session.commit()
    return visit


def draft_rota(panel) -> Rota:
    rota = Rota(panel=panel, starts_on=date(2019, 4, 1), ends_on=date(2019, 6, 30))
    db.session.add(rota)
    db.session.commit()
    return rota
