"""A contingency suite's open periods: adding, changing, ending and removing them.

Only contingency suites have them, and one suite's periods never overlap. A change that
closes the suite on days it has published visits cancels those visits (icv.rota.closures):
the functions return them, flushed; the caller commits, then tells the pairs.
Operations add and flush; a `Problem` names the form field at fault.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext

from icv.admin.scheme import Problem
from icv.audit import record
from icv.dates import date_range, day
from icv.extensions import db
from icv.language import N_
from icv.models import Suite, SuiteOpenPeriod, SuiteStatus
from icv.rota.closures import cancel_while_closed
from icv.rota.models import ScheduledVisit

ONLY_CONTINGENCY = N_(
    "Only contingency suites have open periods: change the suite's status to contingency first"
)


def describe(period: SuiteOpenPeriod) -> str:
    """'6 January to 31 March 2025', or 'from 6 January 2025, until further notice'."""
    if period.closes_on is None:
        return gettext("from %(day)s, until further notice", day=day(period.opens_on))
    if period.closes_on == period.opens_on:
        return gettext("%(day)s only", day=day(period.opens_on))
    return date_range(period.opens_on, period.closes_on)


def is_running(period: SuiteOpenPeriod, today: date) -> bool:
    return period.opens_on <= today and (period.closes_on is None or today <= period.closes_on)


def current_period(suite: Suite, today: date) -> SuiteOpenPeriod | None:
    return next((p for p in suite.open_periods if is_running(p, today)), None)


def _check(suite: Suite, opens_on: date, closes_on: date | None, period=None) -> None:
    if suite.status != SuiteStatus.CONTINGENCY:
        raise Problem("opens_on", gettext(ONLY_CONTINGENCY))
    if closes_on is not None and closes_on < opens_on:
        raise Problem("closes_on", gettext("The closing date must be on or after the opening date"))
    last = closes_on or date.max
    for other in suite.open_periods:
        if other is period:
            continue
        if other.opens_on <= last and opens_on <= (other.closes_on or date.max):
            raise Problem(
                "opens_on",
                gettext(
                    "These dates overlap the open period %(dates)s: "
                    "change that period instead, or choose other dates",
                    dates=describe(other),
                ),
            )


def add_period(
    suite: Suite, *, opens_on: date, closes_on: date | None, note: str = ""
) -> SuiteOpenPeriod:
    """A new open period (opening the suite cancels nothing)."""
    _check(suite, opens_on, closes_on)
    period = SuiteOpenPeriod(opens_on=opens_on, closes_on=closes_on, note=note.strip())
    suite.open_periods.append(period)
    db.session.flush()
    record("changed", "suite", suite.id, "open period added: opens_on, closes_on, note")
    return period


def change_period(
    period: SuiteOpenPeriod, *, opens_on: date, closes_on: date | None, note: str, today: date
) -> list[ScheduledVisit]:
    _check(period.suite, opens_on, closes_on, period)
    period.opens_on, period.closes_on, period.note = opens_on, closes_on, note.strip()
    record("changed", "suite", period.suite_id, "open period changed: opens_on, closes_on, note")
    return _closed(period.suite, today)


def end_period(period: SuiteOpenPeriod, today: date) -> list[ScheduledVisit]:
    """The suite closes after today: today is the period's last open day."""
    if not is_running(period, today):
        raise Problem(
            "opens_on", gettext("Only a period open today can be ended: remove it instead")
        )
    period.closes_on = today
    record("changed", "suite", period.suite_id, "open period ended: closes_on")
    return _closed(period.suite, today)


def remove_period(period: SuiteOpenPeriod, today: date) -> list[ScheduledVisit]:
    suite = period.suite
    record("changed", "suite", suite.id, "open period removed")
    suite.open_periods.remove(period)
    return _closed(suite, today)


def _closed(suite: Suite, today: date) -> list[ScheduledVisit]:
    db.session.flush()
    return cancel_while_closed(suite, today)
