"""Panels and custody suites: creating and changing them.

Operations add and flush; the view commits. A `Problem` names the form field at fault.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext

from icv.extensions import db
from icv.models import Panel, Role, Suite, User


class Problem(ValueError):
    """Input the rules refuse, e.g. a duplicate name; `field` is the form field to mark."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def _name_taken(model, name: str, exclude_id: int | None) -> bool:
    query = sa.select(model.id).where(sa.func.lower(model.name) == name.strip().lower())
    if exclude_id is not None:
        query = query.where(model.id != exclude_id)
    return db.session.scalar(query) is not None


def coordinator_choices() -> list[User]:
    """Users an admin can make coordinator of a panel."""
    return list(
        db.session.scalars(
            sa.select(User)
            .where(User.role == Role.COORDINATOR, User.is_enabled.is_(True))
            .order_by(User.name)
        )
    )


def save_panel(panel: Panel, *, name: str, area: str, coordinators: list[User] | None) -> Panel:
    """Create (a new Panel()) or update a panel; coordinators None leaves them unchanged."""
    if _name_taken(Panel, name, panel.id):
        raise Problem("name", gettext("A panel called %(name)s already exists", name=name.strip()))
    panel.name = name.strip()
    panel.area = area.strip()
    if coordinators is not None:
        panel.coordinators = coordinators
    db.session.add(panel)
    db.session.flush()
    return panel


def save_suite(
    suite: Suite,
    *,
    name: str,
    address: str,
    panel: Panel,
    cells: int,
    status: str,
    target_visits_per_week: int,
    tact_designated: bool = False,
) -> Suite:
    """Create (a new Suite()) or update a custody suite."""
    if _name_taken(Suite, name, suite.id):
        raise Problem("name", gettext("A suite called %(name)s already exists", name=name.strip()))
    suite.name = name.strip()
    suite.address = address.strip()
    suite.panel = panel
    suite.cells = cells
    suite.status = status
    suite.target_visits_per_week = target_visits_per_week
    suite.tact_designated = tact_designated
    db.session.add(suite)
    db.session.flush()
    return suite
