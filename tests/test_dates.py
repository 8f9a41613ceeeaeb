"""One date and time style for the whole app (GOV.UK style, UK time): icv/dates.py."""

from datetime import UTC, date, datetime

from icv.dates import date_range, day, day_and_time, time_of_day


def test_windows_name_the_month_and_year_once_where_they_are_shared():
    assert date_range(date(2026, 12, 1), date(2026, 12, 6)) == "1 to 6 December 2026"
    assert date_range(date(2026, 11, 28), date(2026, 12, 4)) == "28 November to 4 December 2026"
    assert date_range(date(2026, 12, 29), date(2027, 1, 4)) == "29 December 2026 to 4 January 2027"
    assert date_range(date(2026, 12, 1), date(2026, 12, 1)) == "1 December 2026"


def test_times_are_24_hour_uk_time_whatever_the_database_returns():
    summer = datetime(2026, 7, 1, 18, 5, tzinfo=UTC)
    naive_utc = datetime(2026, 12, 1, 23, 27)  # how SQLite returns a stored UTC moment
    assert day_and_time(summer) == "1 July 2026 at 19:05"
    assert time_of_day(naive_utc) == "23:27"
    assert day(naive_utc, weekday=True) == "Tuesday 1 December 2026"
    assert day_and_time(None) == "" and day(None) == ""
