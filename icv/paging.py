"""One page of a long list (the audit trail, the staff list of visit reports): its rows, its
number and how many rows there are in all. Two reads: the count and the page."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sqlalchemy as sa

from icv.extensions import db


@dataclass(frozen=True)
class Page:
    rows: list
    number: int
    total: int
    size: int

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first_shown(self) -> int:
        return (self.number - 1) * self.size + 1

    @property
    def last_shown(self) -> int:
        return (self.number - 1) * self.size + len(self.rows)


def kept_filters(args) -> dict[str, list[str]]:
    """The request's filters for the previous and next links: every value of each (a date
    is three, day, month and year, under one name), and not the page."""
    return {name: args.getlist(name) for name in args if name != "page"}


def page_of(query, number: int, size: int, read: Callable | None = None) -> Page:
    """Page `number` of the ordered query; a number past either end shows the nearest page."""
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    number = min(max(1, number), max(1, -(-total // size)))
    rows = list((read or db.session.scalars)(query.limit(size).offset((number - 1) * size)))
    return Page(rows, number, total, size)
