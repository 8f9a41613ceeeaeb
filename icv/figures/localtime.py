"""Europe/London day of week and time band of a stored UTC time, computed in the database.

Times are stored in UTC. The heat map needs the local day and hour where the visit happened,
and must be computed by the database (GROUP BY), on PostgreSQL and SQLite alike:

- PostgreSQL converts with its time zone database: `timezone('Europe/London', arrived_at)`.
- SQLite has no time zone database, so the UK rule is written out: British Summer Time runs
  from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October
  (the rule since 1996; the earliest time a report may carry is 2000). The last Sunday of a
  month with 31 days is the first Sunday on or after the 25th: `date('YYYY-03-25', 'weekday 0')`.

Tests compare both with Python's zoneinfo over random instants, including the changeover hours.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement, FunctionElement

from icv.dates import SCHEME_TIME_ZONE, weekday_names
from icv.language import N_

# Time bands of the day, by local hour (the same bands the rota and availability use).
BANDS = (("night", 0, 6), ("morning", 6, 12), ("afternoon", 12, 18), ("evening", 18, 24))
BAND_LABELS = {
    "morning": N_("Morning (6am to noon)"),
    "afternoon": N_("Afternoon (noon to 6pm)"),
    "evening": N_("Evening (6pm to midnight)"),
    "night": N_("Night (midnight to 6am)"),
}  # in English: gettext(label) where shown
BAND_ORDER = ("morning", "afternoon", "evening", "night")


def weekday_name(day: int, width: str = "wide") -> str:
    """Monday (0) to Sunday (6) in the reader's language, from Babel's calendar ("abbreviated":
    Mon, Llun). In English, the same as icv.models.WEEKDAYS."""
    return weekday_names(width)[day]


class london_weekday(FunctionElement):  # noqa: N801  (SQL function naming)
    """0 = Monday ... 6 = Sunday, in Europe/London time."""

    type = sa.Integer()
    inherit_cache = True


class london_hour(FunctionElement):  # noqa: N801
    """0..23, in Europe/London time."""

    type = sa.Integer()
    inherit_cache = True


@compiles(london_weekday, "postgresql")
def _pg_weekday(element, compiler, **kw):
    return f"(CAST(EXTRACT(ISODOW FROM {_pg_local(element, compiler, **kw)}) AS INTEGER) - 1)"


@compiles(london_hour, "postgresql")
def _pg_hour(element, compiler, **kw):
    return f"CAST(EXTRACT(HOUR FROM {_pg_local(element, compiler, **kw)}) AS INTEGER)"


def _pg_local(element, compiler, **kw) -> str:
    column = compiler.process(list(element.clauses)[0], **kw)
    return f"timezone('{SCHEME_TIME_ZONE.key}', {column})"


@compiles(london_weekday, "sqlite")
def _sqlite_weekday(element, compiler, **kw):
    return f"((CAST(strftime('%w', {_sqlite_local(element, compiler, **kw)}) AS INTEGER) + 6) % 7)"


@compiles(london_hour, "sqlite")
def _sqlite_hour(element, compiler, **kw):
    return f"CAST(strftime('%H', {_sqlite_local(element, compiler, **kw)}) AS INTEGER)"


def _sqlite_local(element, compiler, **kw) -> str:
    # Whole seconds: SQLite rounds fractions to milliseconds, which could tip 05:59:59.9996
    # into the next hour (and band). Stored text is 'YYYY-MM-DD HH:MM:SS.ffffff'.
    utc = f"substr({compiler.process(list(element.clauses)[0], **kw)}, 1, 19)"
    year = f"strftime('%Y', {utc})"
    summer_starts = f"(date({year} || '-03-25', 'weekday 0') || ' 01:00:00')"
    summer_ends = f"(date({year} || '-10-25', 'weekday 0') || ' 01:00:00')"
    return (
        f"datetime({utc}, CASE WHEN {utc} >= {summer_starts} AND {utc} < {summer_ends} "
        "THEN '+1 hours' ELSE '+0 hours' END)"
    )


def band_of_hour(hour: ColumnElement) -> ColumnElement:
    """The band's code for an hour expression, as SQL."""
    return sa.case(*[(hour < end, name) for name, _start, end in BANDS[:-1]], else_=BANDS[-1][0])


def band_for(hour: int) -> str:
    """The same rule in Python, for data made outside the database (the demo year)."""
    return next(name for name, start, end in BANDS if start <= hour < end)
