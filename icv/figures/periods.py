"""Reporting periods: financial years (April to March), quarters, months and any date range.

Dates are Europe/London calendar dates. A period's instants are its first local midnight up
to (not including) the local midnight after its last day, so visits are counted by the day
they happened where they happened, whatever the clocks did.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from flask_babel import gettext

from icv.dates import financial_quarter, financial_year_of, iso, month_start, start_of_day
from icv.language import N_

YEAR_PATTERN = re.compile(r"^(\d{4})[-/](\d{2})$")
QUARTER_PATTERN = re.compile(r"^(\d{4})[-/](\d{2}) ?Q([1-4])$", re.IGNORECASE)
QUARTER_LABEL = re.compile(r"^(\d{4}-\d{2}) Q([1-4])$")  # how quarter() labels a quarter
# Years a period may fall in: far enough either side of any real visit, and clear of
# year 1 and 9999, where a quarter or the midnight after the last day cannot be built.
YEARS = range(1900, 3000)
QUARTER_MONTHS = {1: N_("April to June"), 2: N_("July to September"),
                  3: N_("October to December"), 4: N_("January to March")}  # fmt: skip


class PeriodError(ValueError):
    """A period that cannot be read; the message says what to send instead."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field  # which parameter was wrong, when there are two


@dataclass(frozen=True)
class Period:
    starts_on: date
    ends_on: date  # inclusive
    label: str

    @property
    def starts_at(self) -> datetime:
        """The first instant, in UTC (how the database stores times)."""
        return local_midnight_utc(self.starts_on)

    @property
    def ends_before(self) -> datetime:
        """The instant after the last one, in UTC."""
        return local_midnight_utc(self.ends_on + timedelta(days=1))

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


def local_midnight_utc(day: date) -> datetime:
    return start_of_day(day).astimezone(UTC)


def year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


def shown_label(label: str) -> str:
    """A period's label as people read it, in their language: "2019-20 Q1" is "2019-20 Ch1" in
    Welsh. The label itself ("2019-20 Q1") is data: the API, the downloads and links keep it."""
    match = QUARTER_LABEL.match(label)
    if not match:
        return label  # a year (2019-20) or a month (2019-04) reads the same in both
    return gettext("%(year)s Q%(quarter)s", year=match[1], quarter=match[2])


def financial_year(start_year: int) -> Period:
    return Period(date(start_year, 4, 1), date(start_year + 1, 3, 31), year_label(start_year))


def quarter(start_year: int, number: int) -> Period:
    starts, ends = financial_quarter(month_start(start_year, 4 + 3 * (number - 1)))
    return Period(starts, ends, f"{year_label(start_year)} Q{number}")


def quarters(start_year: int) -> list[Period]:
    return [quarter(start_year, number) for number in (1, 2, 3, 4)]


def parse_year(text: str | None) -> Period:
    """'2019-20' (or '2019/20') to the financial year 1 April 2019 to 31 March 2020."""
    match = YEAR_PATTERN.match((text or "").strip())
    if not match or (int(match[1]) + 1) % 100 != int(match[2]) or int(match[1]) not in YEARS:
        raise PeriodError(gettext("Give the financial year like 2019-20"))
    return financial_year(int(match[1]))


def parse_period(text: str | None) -> Period:
    """A financial year ('2019-20') or one of its quarters ('2019-20 Q1')."""
    text = (text or "").strip()
    match = QUARTER_PATTERN.match(text)
    if match:
        start = parse_year(f"{match[1]}-{match[2]}").starts_on.year
        return quarter(start, int(match[3]))
    try:
        return parse_year(text)
    except PeriodError:
        message = gettext("Give a financial year like 2019-20 or a quarter like 2019-20 Q1")
        raise PeriodError(message) from None


def parse_range(starts: str | None, ends: str | None) -> Period:
    """Any run of whole days, from and to inclusive, as ISO dates."""
    return date_range(_iso_date(starts, "from"), _iso_date(ends, "to"))


def date_range(first: date, last: date) -> Period:
    """The days from `first` to `last` inclusive, if a Period can be made of them."""
    for name, day in (("from", first), ("to", last)):
        if day.year not in YEARS:
            message = gettext(
                "Give the %(name)s date like 2019-04-01, from 1900 to 2999", name=name
            )
            raise PeriodError(message, name)
    if last < first:
        message = gettext("The to date must be the same as or after the from date")
        raise PeriodError(message, "to")
    if (last - first).days > 366 * 20:
        raise PeriodError(gettext("Ask for 20 years or fewer at a time"), "to")
    return Period(first, last, f"{iso(first)} to {iso(last)}")


def _iso_date(text: str | None, name: str) -> date:
    try:
        return date.fromisoformat((text or "").strip())
    except ValueError:
        message = gettext("Give the %(name)s date like 2019-04-01", name=name)
        raise PeriodError(message, name) from None


def split(period: Period, by: str) -> list[Period]:
    """The period cut into quarters, months or financial years (clipped to the period)."""
    if by == "whole":
        return [period]
    pieces, start_year = [], financial_year_of(period.starts_on)
    while True:
        for piece in _pieces_of_year(start_year, by):
            if piece.ends_on < period.starts_on:
                continue
            if piece.starts_on > period.ends_on:
                return pieces
            clipped = Period(
                max(piece.starts_on, period.starts_on), min(piece.ends_on, period.ends_on),
                piece.label,
            )  # fmt: skip
            pieces.append(clipped)
        start_year += 1


def _pieces_of_year(start_year: int, by: str) -> list[Period]:
    if by == "year":
        return [financial_year(start_year)]
    if by == "quarter":
        return quarters(start_year)
    if by == "month":
        months = []
        for offset in range(12):
            starts = month_start(start_year, 4 + offset)
            ends = month_start(starts.year, starts.month + 1) - timedelta(days=1)
            months.append(Period(starts, ends, starts.strftime("%Y-%m")))
        return months
    raise ValueError(f"unknown split {by!r}")


def previous_years(period: Period, count: int) -> Period:
    """The financial years from `count` years before the period's year to the period's year."""
    last = financial_year_of(period.starts_on)
    return Period(
        financial_year(last - count).starts_on, financial_year(last).ends_on,
        f"{year_label(last - count)} to {year_label(last)}",
    )  # fmt: skip
