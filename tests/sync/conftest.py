"""A panel with a suite and volunteers, another panel, and people in every role."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from icv.models import Role, VolunteerStatus
from tests.sync.factory import Api, signed_in_api


@pytest.fixture
def team(make_panel, make_suite, make_user):
    north, south = make_panel("North"), make_panel("South")
    return SimpleNamespace(
        panel=north,
        suite=make_suite(north, name="Northtown"),
        other_suite=make_suite(south, name="Southtown"),
        alice=make_user(Role.VOLUNTEER, panel=north, name="Alice Able"),
        bob=make_user(Role.VOLUNTEER, panel=north, name="Bob Baker"),
        trainee=make_user(
            Role.VOLUNTEER, panel=north, name="Tara Trainee", status=VolunteerStatus.PROBATION
        ),
        former=make_user(
            Role.VOLUNTEER, panel=north, name="Fred Former", status=VolunteerStatus.ENDED
        ),
        outsider=make_user(Role.VOLUNTEER, panel=south, name="Olive Other"),
        coordinator=make_user(Role.COORDINATOR, panels=[north], name="Cora Coordinator"),
        other_coordinator=make_user(Role.COORDINATOR, panels=[south]),
        analyst=make_user(Role.ANALYST),
        admin=make_user(Role.ADMIN),
    )


@pytest.fixture
def api_as(app):
    """api_as(user) -> an Api signed in with a session cookie (and its CSRF token)."""

    def _api(user, **kwargs) -> Api:
        return signed_in_api(app, user, **kwargs)

    return _api


@pytest.fixture
def make_scheduled_visit(app_ctx):
    """make_scheduled_visit(suite, visitors, starts_in_days=0) -> a week-long ScheduledVisit."""
    from datetime import date, timedelta

    from icv.extensions import db
    from icv.rota.models import ScheduledVisit

    def _make(suite, visitors, starts_in_days: int = 0, **fields) -> ScheduledVisit:
        start = date.today() + timedelta(days=starts_in_days)
        visit = ScheduledVisit(
            suite=suite,
            window_starts_on=start,
            window_ends_on=start + timedelta(days=6),
            visitors=list(visitors),
            **fields,
        )
        db.session.add(visit)
        db.session.commit()
        return visit

    return _make
