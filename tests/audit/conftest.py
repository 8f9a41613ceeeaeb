"""A small scheme for the data-protection tests: panel A with a suite, two volunteers, staff."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import sqlalchemy as sa

from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.models import Role


@pytest.fixture
def scene(make_panel, make_suite, make_user):
    panel_a, panel_b = make_panel("Panel A"), make_panel("Panel B")
    return SimpleNamespace(
        panel_a=panel_a,
        panel_b=panel_b,
        suite_a=make_suite(panel_a, name="Alpha"),
        suite_b=make_suite(panel_b, name="Bravo"),
        ann=make_user(Role.VOLUNTEER, panel=panel_a, name="Ann Visitor", phone="07700 900001"),
        bob=make_user(Role.VOLUNTEER, panel=panel_a, name="Bob Visitor", phone="07700 900002"),
        cara=make_user(Role.VOLUNTEER, panel=panel_b, name="Cara Elsewhere"),
        dan=make_user(Role.VOLUNTEER, panel=panel_b, name="Dan Elsewhere"),
        coordinator=make_user(Role.COORDINATOR, panels=[panel_a], name="Cora Ordinator"),
        analyst=make_user(Role.ANALYST, name="Andy Lyst"),
        admin=make_user(Role.ADMIN, name="Ada Admin"),
    )


def events(**where) -> list[AuditEvent]:
    """Audit events matching column=value pairs, oldest first (a fresh read)."""
    db.session.expire_all()
    query = sa.select(AuditEvent).order_by(AuditEvent.id)
    for column, value in where.items():
        query = query.where(getattr(AuditEvent, column) == value)
    return list(db.session.scalars(query))
