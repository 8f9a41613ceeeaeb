"""How the app writes dates and times, declared once: GOV.UK style, in the scheme's time.

"1 December 2026", "19:05", "1 December 2026 at 19:05", and a window "1 to 6 December
2026". The app factory registers these as Jinja filters; static/js/dates.js writes the
same style on the phone.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

SCHEME_TIME_ZONE = ZoneInfo("Europe/London")


def local(moment: datetime) -> datetime:
    """The moment in the scheme's time (SQLite returns what was stored as UTC without its zone)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(SCHEME_TIME_ZONE)


def scheme_date(moment: datetime) -> date:
    """The day a moment falls on in the scheme's time."""
    return local(moment).date()


def scheme_today() -> date:
    return datetime.now(SCHEME_TIME_ZONE).date()


def day(value: date | datetime | None, weekday: bool = False) -> str:
    """ "1 December 2026", or "Tuesday 1 December 2026"; a moment's day in the scheme's time."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = scheme_date(value)
    return f"{value:%A} {value:%-d %B %Y}" if weekday else f"{value:%-d %B %Y}"


def time_of_day(moment: datetime | None, seconds: bool = False) -> str:
    """ "19:05" (24-hour, never "7:05pm"), in the scheme's time."""
    if moment is None:
        return ""
    return f"{local(moment):%H:%M:%S}" if seconds else f"{local(moment):%H:%M}"


def day_and_time(moment: datetime | None, weekday: bool = False, seconds: bool = False) -> str:
    """ "1 December 2026 at 19:05", in the scheme's time."""
    if moment is None:
        return ""
    return f"{day(moment, weekday)} at {time_of_day(moment, seconds)}"


def date_range(starts: date, ends: date) -> str:
    """ "1 to 6 December 2026", "28 November to 4 December 2026", or across a year
    "29 December 2026 to 4 January 2027"; one day is just that day."""
    if starts == ends:
        return day(starts)
    if starts.year != ends.year:
        return f"{day(starts)} to {day(ends)}"
    if starts.month != ends.month:
        return f"{starts:%-d %B} to {day(ends)}"
    return f"{starts.day} to {day(ends)}"


FILTERS = {
    "day": day,
    "time_of_day": time_of_day,
    "day_and_time": day_and_time,
    "date_range": date_range,
}
