"""A small scheme to plan rotas for: panel A (ours) and panel B (someone else's)."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest

from icv.extensions import db
from icv.models import Availability, Role, TimeBand
from icv.rota import planning
from icv.rota.models import RotaStatus
from tests.admin.smtp import inbox, no_mail_server  # noqa: F401  (fixtures)

EVERY_SLOT = [(d, b) for d in range(7) for b in TimeBand]


def next_monday(today: date | None = None) -> date:
    today = today or date.today()
    return today + timedelta(days=7 - today.weekday())


@pytest.fixture
def scheme(make_panel, make_suite, make_user):
    panel_a, panel_b = make_panel("Barnet"), make_panel("Brent")

    def volunteers(panel, count, prefix):
        people = []
        for number in range(1, count + 1):
            person = make_user(
                Role.VOLUNTEER,
                panel=panel,
                name=f"{prefix} {number}",
                experienced=True,
                max_visits_per_month=4,
                availability=[Availability(weekday=d, band=b) for d, b in EVERY_SLOT],
            )
            people.append(person)
        return people

    s = SimpleNamespace(
        panel_a=panel_a,
        panel_b=panel_b,
        suite_a=make_suite(panel_a, name="Colindale"),
        suite_b=make_suite(panel_b, name="Wembley"),
        people_a=volunteers(panel_a, 6, "Ann"),
        people_b=volunteers(panel_b, 4, "Bob"),
        coordinator=make_user(Role.COORDINATOR, panels=[panel_a], name="Cora"),
        coordinator_b=make_user(Role.COORDINATOR, panels=[panel_b], name="Colin"),
        admin=make_user(Role.ADMIN),
        analyst=make_user(Role.ANALYST),
        start=next_monday(),
    )
    return s


@pytest.fixture
def make_rota(scheme):
    """make_rota(panel, weeks=4, published=False, seed=1) -> Rota, committed."""

    def _make(panel=None, weeks: int = 4, published: bool = False, seed: int = 1, **kw):
        rota = planning.generate_draft(
            panel or scheme.panel_a,
            scheme.start,
            scheme.start + timedelta(days=7 * weeks - 1),
            seed=seed,
            **kw,
        )
        if published:
            rota.status = RotaStatus.PUBLISHED
        db.session.commit()
        return rota

    return _make
