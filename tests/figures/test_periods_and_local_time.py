"""Financial years, quarters and London local time, in Python and in the database."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from icv.dates import SCHEME_TIME_ZONE as LONDON
from icv.extensions import db
from icv.figures.localtime import band_for, band_of_hour, london_hour, london_weekday
from icv.figures.periods import (
    PeriodError,
    parse_period,
    parse_range,
    parse_year,
    split,
)


def test_a_financial_year_runs_april_to_march():
    year = parse_year("2019-20")
    assert (year.starts_on, year.ends_on) == (date(2019, 4, 1), date(2020, 3, 31))
    assert parse_year("2019/20") == year
    assert year.starts_at == datetime(2019, 3, 31, 23, 0, tzinfo=UTC)  # BST had begun


def test_quarters_are_april_july_october_january():
    labels = [(q.label, q.starts_on, q.ends_on) for q in split(parse_year("2019-20"), "quarter")]
    assert labels == [
        ("2019-20 Q1", date(2019, 4, 1), date(2019, 6, 30)),
        ("2019-20 Q2", date(2019, 7, 1), date(2019, 9, 30)),
        ("2019-20 Q3", date(2019, 10, 1), date(2019, 12, 31)),
        ("2019-20 Q4", date(2020, 1, 1), date(2020, 3, 31)),
    ]
    assert parse_period("2019-20 Q4").starts_on == date(2020, 1, 1)


def test_months_and_years_split_any_range_and_clip_it():
    period = parse_range("2019-05-15", "2020-04-10")
    months = split(period, "month")
    assert [m.label for m in months][:2] == ["2019-05", "2019-06"]
    assert months[0].starts_on == date(2019, 5, 15) and months[-1].ends_on == date(2020, 4, 10)
    assert len(months) == 12
    assert [y.label for y in split(period, "year")] == ["2019-20", "2020-21"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2019-21", "Give the financial year like 2019-20"),
        ("twenty", "Give the financial year like 2019-20"),
        ("", "Give the financial year like 2019-20"),
    ],
)
def test_a_year_that_cannot_be_read_says_what_to_send(text, message):
    with pytest.raises(PeriodError, match=message):
        parse_year(text)


def test_a_range_must_run_forwards():
    with pytest.raises(PeriodError, match="to date must be the same as or after"):
        parse_range("2020-01-02", "2020-01-01")
    with pytest.raises(PeriodError, match="Give the from date like 2019-04-01"):
        parse_range("01/04/2019", "2020-01-01")


def test_bands_of_the_day():
    assert [band_for(h) for h in (0, 5, 6, 11, 12, 17, 18, 23)] == [
        "night", "night", "morning", "morning", "afternoon", "afternoon", "evening", "evening",
    ]  # fmt: skip


CHANGEOVERS = [
    datetime(2019, 3, 31, 0, 59, tzinfo=UTC),
    datetime(2019, 3, 31, 1, 0, tzinfo=UTC),
    datetime(2019, 10, 27, 0, 59, tzinfo=UTC),
    datetime(2019, 10, 27, 1, 0, tzinfo=UTC),
    datetime(2020, 3, 29, 0, 30, tzinfo=UTC),
    datetime(2020, 3, 29, 1, 30, tzinfo=UTC),
    datetime(2023, 12, 31, 23, 30, tzinfo=UTC),
    datetime(2019, 6, 1, 4, 59, 59, 999600, tzinfo=UTC),  # 05:59:59.9996 is still night
]
instants = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2037, 12, 31), timezones=st.just(UTC)
)


def _in_database(moment: datetime):
    column = sa.literal(moment, sa.DateTime(timezone=True))
    hour = london_hour(column)
    query = sa.select(london_weekday(column), hour, band_of_hour(hour))
    return tuple(db.session.execute(query).one())


def _in_python(moment: datetime):
    local = moment.astimezone(LONDON)
    return (local.weekday(), local.hour, band_for(local.hour))


@pytest.mark.parametrize("moment", CHANGEOVERS, ids=str)
def test_database_local_time_matches_zoneinfo_at_the_changeovers(app_ctx, moment):
    assert _in_database(moment) == _in_python(moment)


@settings(max_examples=150, deadline=None)
@given(moment=instants)
def test_database_local_time_matches_zoneinfo_anywhere(app, moment):
    with app.app_context():
        assert _in_database(moment) == _in_python(moment)
