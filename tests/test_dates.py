"""One date and time style for the whole app (GOV.UK style, UK time): icv/dates.py."""

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from icv.dates import (
    SCHEME_TIME_ZONE,
    UTCDateTime,
    date_range,
    day,
    day_and_time,
    financial_quarter,
    financial_year_of,
    iso,
    month_start,
    next_financial_quarter,
    parse_moment,
    scheme_date,
    start_of_day,
    time_of_day,
)
from icv.extensions import db


def test_windows_name_the_month_and_year_once_where_they_are_shared():
    assert date_range(date(2026, 12, 1), date(2026, 12, 6)) == "1 to 6 December 2026"
    assert date_range(date(2026, 11, 28), date(2026, 12, 4)) == "28 November to 4 December 2026"
    assert date_range(date(2026, 12, 29), date(2027, 1, 4)) == "29 December 2026 to 4 January 2027"
    assert date_range(date(2026, 12, 1), date(2026, 12, 1)) == "1 December 2026"


def test_times_are_24_hour_uk_time_whatever_the_database_returns():
    summer = datetime(2026, 7, 1, 18, 5, tzinfo=UTC)
    winter = datetime(2026, 12, 1, 23, 27, tzinfo=UTC)  # both databases give back aware UTC
    assert day_and_time(summer) == "1 July 2026 at 19:05"
    assert time_of_day(winter) == "23:27"
    assert day(winter, weekday=True) == "Tuesday 1 December 2026"
    assert day_and_time(None) == "" and day(None) == ""
    with pytest.raises(ValueError, match="no time zone"):  # where it was is unknown: no guess
        time_of_day(datetime(2026, 12, 1, 23, 27))


def test_financial_quarters_turn_on_1_april_and_every_three_months():
    assert financial_quarter(date(2027, 3, 31)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert financial_quarter(date(2027, 4, 1)) == (date(2027, 4, 1), date(2027, 6, 30))
    assert financial_quarter(date(2026, 12, 31)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert (financial_year_of(date(2027, 3, 31)), financial_year_of(date(2027, 4, 1))) == (
        2026,
        2027,
    )
    assert next_financial_quarter(date(2026, 11, 15)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert next_financial_quarter(date(2027, 3, 31)) == (date(2027, 4, 1), date(2027, 6, 30))
    assert month_start(2026, 13) == date(2027, 1, 1) and month_start(2027, 0) == date(2026, 12, 1)


def test_days_start_at_midnight_in_the_uk_whichever_side_of_the_clocks_changing():
    # British Summer Time began at 01:00 UTC on Sunday 29 March 2026.
    assert start_of_day(date(2026, 3, 29)) == datetime(2026, 3, 29, 0, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 3, 30)) == datetime(2026, 3, 29, 23, 0, tzinfo=UTC)
    assert scheme_date(datetime(2026, 3, 29, 22, 59, tzinfo=UTC)) == date(2026, 3, 29)
    assert scheme_date(datetime(2026, 3, 29, 23, 0, tzinfo=UTC)) == date(2026, 3, 30)
    # ... and ended at 01:00 UTC on Sunday 25 October 2026.
    assert start_of_day(date(2026, 10, 25)) == datetime(2026, 10, 24, 23, 0, tzinfo=UTC)
    assert start_of_day(date(2026, 10, 26)) == datetime(2026, 10, 26, 0, 0, tzinfo=UTC)


def test_iso_text_is_days_as_they_are_and_moments_in_utc():
    assert iso(date(2027, 3, 31)) == "2027-03-31" and iso(None) is None
    summer_evening = datetime(2026, 7, 1, 19, 5, tzinfo=SCHEME_TIME_ZONE)
    assert iso(summer_evening) == "2026-07-01T18:05:00+00:00"
    with pytest.raises(ValueError, match="no time zone"):
        iso(datetime(2026, 7, 1, 19, 5))


def test_only_moments_with_their_offset_are_read():
    read = parse_moment("2019-06-01T22:10:00+01:00")
    assert read == datetime(2019, 6, 1, 21, 10, tzinfo=UTC) and read.tzinfo is UTC
    assert parse_moment("2019-06-01T21:10:00Z") == read
    for unreadable in ("2019-06-01T21:10:00", "2019-06-01", "yesterday", "", None, 1559423400):
        assert parse_moment(unreadable) is None, unreadable


SUMMER_EVENING = datetime(2026, 7, 1, 19, 5, 30, 123456, tzinfo=SCHEME_TIME_ZONE)


@pytest.fixture
def moments(app_ctx):
    """A table of one moment column, on whichever database the tests run on."""
    table = sa.Table(
        "test_moments",
        sa.MetaData(),
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", UTCDateTime),
    )
    table.create(db.engine)
    yield table
    db.session.rollback()
    table.drop(db.engine)


def test_the_database_gives_moments_back_in_utc_and_compares_them_as_moments(moments):
    """SQLite keeps only the wall time: stored as UTC and read back aware, as PostgreSQL does."""
    with db.engine.begin() as connection:
        connection.execute(sa.insert(moments).values(id=1, at=SUMMER_EVENING))
        connection.execute(sa.insert(moments).values(id=2, at=None))
        stored = dict(connection.execute(sa.select(moments.c.id, moments.c.at)).all())
        # A bound moment in UK time is compared as the same moment, not as its wall time.
        just_after = SUMMER_EVENING + timedelta(minutes=30)
        earlier = connection.scalars(sa.select(moments.c.id).where(moments.c.at < just_after))
        later = connection.scalars(sa.select(moments.c.id).where(moments.c.at >= just_after))
        assert (list(earlier), list(later)) == ([1], [])
    assert stored[1] == SUMMER_EVENING and stored[1].tzinfo is UTC and stored[2] is None
    assert (stored[1].hour, stored[1].microsecond) == (18, 123456)


def test_a_moment_without_its_zone_is_refused_not_guessed(moments):
    naive = sa.insert(moments).values(id=1, at=datetime(2026, 7, 1, 19, 5))
    with (
        db.engine.begin() as connection,
        pytest.raises(sa.exc.StatementError, match="no time zone"),
    ):
        connection.execute(naive)
    with db.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(moments)) == 0


def test_every_moment_column_stores_utc():
    """Each model's moments use UTCDateTime; the one wall-clock column says so by its type."""
    moments = [
        f"{table.name}.{column.name}"
        for table in db.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, sa.DateTime | UTCDateTime)
        and not isinstance(column.type, UTCDateTime)
    ]
    assert moments == ["scheduled_visits.pair_planned_at"]


# In Welsh (issue 19): Babel's names for the locale, the joining words from the catalogue; the
# phone (static/js/dates.js, run here by Node) writes the same with the words the page carries.

WELSH_MOMENTS = ["2026-07-01T18:05:00+00:00", "2026-12-01T19:05:00+00:00", "2027-01-01T00:30:00Z"]
WELSH_RANGES = [("2026-12-01", "2026-12-06"), ("2026-11-28", "2026-12-04"),
                ("2026-12-29", "2027-01-04"), ("2026-12-01", "2026-12-01")]  # fmt: skip


def _phone_dates(words: dict | None) -> dict:
    """dates.js's answers under Node, given the page's words (None: a page in English)."""
    import json
    import shutil
    import subprocess
    from pathlib import Path

    node = shutil.which("node")
    assert node, "Node.js 20 or later is needed to check static/js/dates.js"
    module = Path(__file__).resolve().parent.parent / "static/js/dates.js"
    script = f"""
        const m = await import({json.dumps(module.as_uri())});
        const arg = JSON.parse(process.argv[1]);
        m.useDateWords(arg.words);
        console.log(JSON.stringify({{
            moments: arg.moments.map((t) => [m.day(t), m.timeOfDay(t), m.dayAndTime(t)]),
            ranges: arg.ranges.map(([a, b]) => m.dateRange(a, b)),
        }}));
    """
    arg = {"words": words, "moments": WELSH_MOMENTS, "ranges": WELSH_RANGES}
    run = subprocess.run(
        [node, "--input-type=module", "-e", script, json.dumps(arg)],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    return json.loads(run.stdout)


def _server_dates() -> dict:
    return {
        "moments": [
            [day(t), time_of_day(t), day_and_time(t)]
            for t in map(datetime.fromisoformat, WELSH_MOMENTS)
        ],
        "ranges": [
            date_range(date.fromisoformat(a), date.fromisoformat(b)) for a, b in WELSH_RANGES
        ],  # fmt: skip
    }


def test_dates_are_written_in_welsh_for_a_welsh_reader_and_the_phone_writes_the_same(app_ctx):
    from icv.dates import date_words
    from icv.language import speaking

    with speaking("cy"):
        assert day(datetime(2026, 12, 1, 23, 27, tzinfo=UTC), weekday=True) == (
            "Dydd Mawrth 1 Rhagfyr 2026"
        )
        assert day_and_time(datetime(2026, 7, 1, 18, 5, tzinfo=UTC)) == "1 Gorffennaf 2026 am 19:05"
        assert date_range(date(2026, 12, 1), date(2026, 12, 6)) == "1 i 6 Rhagfyr 2026"
        assert date_range(date(2026, 11, 28), date(2026, 12, 4)) == "28 Tachwedd i 4 Rhagfyr 2026"
        welsh, words = _server_dates(), date_words()
    english = _server_dates()
    assert english["moments"][0][2] == "1 July 2026 at 19:05"  # English as it always was
    assert _phone_dates(words) == welsh
    assert _phone_dates(None) == english


def test_a_welsh_page_carries_the_words_the_phone_writes_dates_with(client):
    import json
    import re

    from tests.welsh import ENGLISH, WELSH

    welsh = client.get("/sign-in", headers=WELSH).get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="date-words">(.*?)</script>', welsh)
    assert found, "a Welsh page gives static/js/dates.js its words"
    words = json.loads(found.group(1))
    assert words["months"][11] == "Rhagfyr" and words["at"] == "%(day)s am %(time)s"
    assert 'id="date-words"' not in client.get("/sign-in", headers=ENGLISH).get_data(as_text=True)
