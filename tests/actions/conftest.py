"""A panel with two suites and people in every role, another panel, and a real SMTP server."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from icv.models import Role
from tests.admin.smtp import inbox  # noqa: F401  (fixture)


@pytest.fixture
def scheme(make_panel, make_suite, make_user):
    north, south = make_panel("North"), make_panel("South")
    return SimpleNamespace(
        panel=north,
        other_panel=south,
        suite=make_suite(north, name="Northtown"),
        second_suite=make_suite(north, name="Northgate"),
        other_suite=make_suite(south, name="Southtown"),
        alice=make_user(Role.VOLUNTEER, panel=north, name="Alice Able"),
        bob=make_user(Role.VOLUNTEER, panel=north, name="Bob Baker"),
        carol=make_user(Role.VOLUNTEER, panel=north, name="Carol Cole"),
        dan=make_user(Role.VOLUNTEER, panel=north, name="Dan Dale"),
        outsider=make_user(Role.VOLUNTEER, panel=south, name="Olive Other"),
        outsider_two=make_user(Role.VOLUNTEER, panel=south, name="Owen Other"),
        coordinator=make_user(
            Role.COORDINATOR, panels=[north], name="Cora Coordinator", email="cora@example.org"
        ),
        other_coordinator=make_user(
            Role.COORDINATOR, panels=[south], name="Sam South", email="sam@example.org"
        ),
        analyst=make_user(Role.ANALYST, name="Ann Analyst"),
        admin=make_user(Role.ADMIN, name="Ada Admin", email="ada@example.org"),
    )
