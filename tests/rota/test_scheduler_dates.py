"""Jobs decide "today" by the scheme's clock (Europe/London), not the host's (UTC).

In British Summer Time the 00:15 London run of mark_missed_visits happens at 23:15 UTC the
day before; with the host's date a window that ended yesterday (London) would not be missed.
"""

from __future__ import annotations

import sys
from datetime import UTC, date, datetime

import pytest

import icv.dates
import icv.scheduler
from icv.extensions import db
from icv.rota.models import VisitStatus
from icv.scheduler import run_job


def _clock_at(monkeypatch, instant: datetime) -> None:
    """Make the scheme's clock read `instant` (an aware UTC moment)."""

    class Frozen(datetime):
        @classmethod
        def now(cls, tz=None):
            return instant.astimezone(tz) if tz else instant.replace(tzinfo=None)

    monkeypatch.setattr(icv.dates, "datetime", Frozen)


@pytest.mark.parametrize(
    ("instant", "london_day"),
    [
        (datetime(2030, 6, 30, 23, 15, tzinfo=UTC), date(2030, 7, 1)),  # BST: 00:15 London
        (datetime(2030, 3, 31, 0, 30, tzinfo=UTC), date(2030, 3, 31)),  # the clocks go forward
        (datetime(2030, 10, 26, 23, 30, tzinfo=UTC), date(2030, 10, 27)),  # last BST night
        (datetime(2030, 12, 31, 23, 15, tzinfo=UTC), date(2030, 12, 31)),  # GMT: same day
    ],
)
def test_jobs_are_given_londons_date(app, monkeypatch, instant, london_day):
    seen = []
    monkeypatch.setitem(icv.scheduler.JOBS, "probe", (f"{__name__}:_probe", {}))
    monkeypatch.setattr(icv.scheduler, "_app", app)
    monkeypatch.setattr(sys.modules[__name__], "_probe", seen.append)
    _clock_at(monkeypatch, instant)
    run_job("probe")
    assert seen == [london_day]


def _probe(today: date) -> None:  # replaced in the test above
    raise AssertionError("not replaced")


def test_visit_ending_yesterday_in_london_is_missed_at_0015_bst(
    app, app_ctx, scheme, make_rota, monkeypatch
):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    visit.window_starts_on, visit.window_ends_on = date(2030, 6, 24), date(2030, 6, 30)
    visit.planned_on = date(2030, 6, 26)
    db.session.commit()
    monkeypatch.setattr(icv.scheduler, "_app", app)
    _clock_at(monkeypatch, datetime(2030, 6, 30, 22, 59, tzinfo=UTC))  # 23:59 London, 30 June
    assert run_job("mark_missed_visits") == 0
    _clock_at(monkeypatch, datetime(2030, 6, 30, 23, 15, tzinfo=UTC))  # 00:15 London, 1 July
    assert run_job("mark_missed_visits") == 1
    db.session.refresh(visit)
    assert visit.status == VisitStatus.MISSED
