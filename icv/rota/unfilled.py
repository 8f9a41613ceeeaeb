"""Published visits still without a full pair, for the coordinators' daily message.

Two kinds: a visit the generator could not fill (a gap of a published rota, kept with the
rota as words) and a published visit that has lost a visitor (fewer than two enabled
volunteers). Each has a stable key, so the coordinators hear about it once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from functools import partial

import sqlalchemy as sa
from flask_babel import gettext

from icv.extensions import db
from icv.models import Panel
from icv.rota.models import Rota, RotaStatus, ScheduledVisit
from icv.rota.notices import visit_line
from icv.rota.status import upcoming_published_query
from icv.rota.words import kept_words


def unfilled_by_panel(today: date) -> dict[Panel, list[tuple[str, Callable[[], str]]]]:
    """{panel: [(key, line)]} for upcoming unfilled visits, soonest first; each line is
    written when called, in the language of the one reading (icv.language.speaking)."""
    found = defaultdict(list)
    for rota, gap in _rota_gaps(today):
        key = f"gap:{rota.id}:{gap['suite_id']}:{gap['starts_on']}"
        found[rota.panel].append((gap["starts_on"], key, partial(_gap_line, gap)))
    for visit in _short_visits(today):
        starts_on = visit.window_starts_on.isoformat()
        found[visit.suite.panel].append(
            (starts_on, f"visit:{visit.id}", partial(_short_line, visit))
        )
    return {panel: [(key, line) for _, key, line in sorted(rows)] for panel, rows in found.items()}


def _gap_line(gap: dict) -> str:
    return f"- {kept_words(gap)}"


def _short_line(visit: ScheduledVisit) -> str:
    people = sum(person.is_enabled for person in visit.visitors)
    return gettext("%(visit)s: %(people)s of 2 volunteers", visit=visit_line(visit), people=people)


def _rota_gaps(today: date):
    query = sa.select(Rota).where(Rota.status == RotaStatus.PUBLISHED, Rota.ends_on >= today)
    for rota in db.session.scalars(query.order_by(Rota.id)):
        for gap in rota.gaps:
            if date.fromisoformat(gap.get("ends_on") or gap["starts_on"]) >= today:
                yield rota, gap


def _short_visits(today: date) -> list[ScheduledVisit]:
    query = upcoming_published_query(today)
    return [
        visit
        for visit in db.session.scalars(query)
        if sum(person.is_enabled for person in visit.visitors) < 2
    ]
