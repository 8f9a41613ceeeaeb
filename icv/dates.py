"""The scheme's time, declared once: its clock and zone, financial quarters, ISO text, how
moments are stored, and how dates and times are written (GOV.UK style).

Moments are aware datetimes. The database stores them in UTC (`UTCDateTime`, which gives them
back aware in UTC on SQLite as on PostgreSQL); people read them in the scheme's zone.

"1 December 2026", "19:05", "1 December 2026 at 19:05", and a window "1 to 6 December
2026"; in Welsh "1 Rhagfyr 2026 am 19:05" (Babel's names for the page's language, or the
reader's within `speaking()`). The app factory registers these as Jinja filters;
static/js/dates.js writes the same style on the phone, with the words date_words() gives it.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel.dates import format_date, get_day_names, get_month_names
from flask_babel import gettext

from icv.language import page_language

SCHEME_TIME_ZONE = ZoneInfo("Europe/London")


# The clock


def utcnow() -> datetime:
    return datetime.now(UTC)


def scheme_today() -> date:
    """Today where the scheme is (not where the server is)."""
    return datetime.now(SCHEME_TIME_ZONE).date()


def local(moment: datetime) -> datetime:
    """The moment in the scheme's time."""
    return aware(moment).astimezone(SCHEME_TIME_ZONE)


def scheme_date(moment: datetime) -> date:
    """The day a moment falls on in the scheme's time."""
    return local(moment).date()


def start_of_day(day: date) -> datetime:
    """The first moment of a day in the scheme's time (midnight there, whatever the clocks do)."""
    return datetime.combine(day, time(0), SCHEME_TIME_ZONE)


def aware(moment: datetime) -> datetime:
    """The moment itself; one without a zone is refused, since where it was is unknown."""
    if moment.tzinfo is None:
        raise ValueError(f"{moment!r} has no time zone: give moments with their zone")
    return moment


# Financial years (1 April to 31 March) and their quarters


def financial_year_of(day: date) -> int:
    """The calendar year a financial year starts in: 2019 for any day of 2019-20."""
    return day.year if day.month >= 4 else day.year - 1


def month_start(year: int, month: int) -> date:
    """The first day of a month counted on from January of `year` (month 13 is next January)."""
    return date(year + (month - 1) // 12, (month - 1) % 12 + 1, 1)


def financial_quarter(day: date) -> tuple[date, date]:
    """The first and last day of the quarter a day is in (April to June, July to September,
    October to December, January to March)."""
    first_month = (day.month - 1) // 3 * 3 + 1
    starts = date(day.year, first_month, 1)
    return starts, month_start(day.year, first_month + 3) - timedelta(days=1)


def next_financial_quarter(day: date) -> tuple[date, date]:
    """The first and last day of the quarter after the one a day is in."""
    return financial_quarter(financial_quarter(day)[1] + timedelta(days=1))


# ISO 8601 text, as the API, the phone and stored report bodies carry it


def iso(value: date | datetime | None) -> str | None:
    """A day as "2026-12-01"; a moment in UTC, "2026-12-01T19:05:00+00:00"; None stays None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return aware(value).astimezone(UTC).isoformat()
    return value.isoformat()


def parse_moment(text: object) -> datetime | None:
    """A moment in UTC from ISO text with its offset ("2019-06-01T21:10:00Z"); None for
    anything else, a time without an offset included."""
    try:
        moment = datetime.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        return None
    if moment is None or moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


# Storage


class UTCDateTime(sa.types.TypeDecorator):
    """A moment column: stored in UTC and given back aware in UTC.

    PostgreSQL keeps the zone (timestamptz, read back in the session's zone); SQLite keeps
    only the wall time, so the moment is put in UTC before it is stored and read back as UTC.
    A moment without a zone is refused rather than guessed.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else aware(value).astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# How dates and times are written

# Babel's locale for each language: English as written in the UK.
BABEL_LOCALES = {"en": "en_GB", "cy": "cy"}


def _babel_locale() -> str:
    return BABEL_LOCALES.get(page_language(), "en_GB")


def written(value: date, pattern: str) -> str:
    """A day in the page's language (the reader's within speaking(); English outside a request)."""
    return format_date(value, pattern, locale=_babel_locale())


def weekday_names(width: str = "wide") -> list[str]:
    """Monday to Sunday in the page's language ("abbreviated": Mon, Llun); in English the same
    as icv.models.WEEKDAYS."""
    names = get_day_names(width, locale=_babel_locale())
    return [str(names[day]) for day in range(7)]


def _at(day_text: str, time_text: str) -> str:
    return gettext("%(day)s at %(time)s", day=day_text, time=time_text)


def _to(start: str, end: str) -> str:
    return gettext("%(start)s to %(end)s", start=start, end=end)


def day(value: date | datetime | None, weekday: bool = False) -> str:
    """ "1 December 2026", or "Tuesday 1 December 2026"; a moment's day in the scheme's time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = scheme_date(value)
    return written(value, "EEEE d MMMM y" if weekday else "d MMMM y")


def time_of_day(moment: datetime | None, seconds: bool = False) -> str:
    """ "19:05" (24-hour, never "7:05pm"), in the scheme's time."""
    if moment is None:
        return ""
    return f"{local(moment):%H:%M:%S}" if seconds else f"{local(moment):%H:%M}"


def day_and_time(moment: datetime | None, weekday: bool = False, seconds: bool = False) -> str:
    """ "1 December 2026 at 19:05", in the scheme's time."""
    if moment is None:
        return ""
    return _at(day(moment, weekday), time_of_day(moment, seconds))


def date_range(starts: date, ends: date) -> str:
    """ "1 to 6 December 2026", "28 November to 4 December 2026", or across a year
    "29 December 2026 to 4 January 2027"; one day is just that day."""
    if starts == ends:
        return day(starts)
    if starts.year != ends.year:
        return _to(day(starts), day(ends))
    if starts.month != ends.month:
        return _to(written(starts, "d MMMM"), day(ends))
    return _to(str(starts.day), day(ends))


def date_words() -> dict:
    """What static/js/dates.js needs to write dates as this module does in the page's
    language: the months' names and the joining words (one source: Babel and the catalogue)."""
    months = get_month_names("wide", locale=_babel_locale())
    return {
        "months": [months[number] for number in range(1, 13)],
        "at": gettext("%(day)s at %(time)s"),
        "to": gettext("%(start)s to %(end)s"),
    }


FILTERS = {
    "day": day,
    "time_of_day": time_of_day,
    "day_and_time": day_and_time,
    "date_range": date_range,
}
