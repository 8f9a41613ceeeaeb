"""A volunteer's weekly availability (weekday x time band) and dates away.

Used by coordinators (admin views) and by volunteers themselves (account views).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask_babel import gettext

from icv.admin.scheme import Problem
from icv.dates import weekday_names
from icv.extensions import db
from icv.language import N_
from icv.models import WEEKDAYS, Absence, Availability, TimeBand, User

BANDS = tuple(TimeBand)
# How a time band reads on a page, in lower case (its value is data).
BAND_NAMES = {
    TimeBand.MORNING: N_("morning"),
    TimeBand.AFTERNOON: N_("afternoon"),
    TimeBand.EVENING: N_("evening"),
    TimeBand.NIGHT: N_("night"),
}


def band_name(band: str) -> str:
    return gettext(BAND_NAMES[TimeBand(band)])


def slot_key(weekday: int, band: str) -> str:
    return f"{weekday}-{band}"


def all_slot_keys() -> list[str]:
    return [slot_key(day, band) for day in range(len(WEEKDAYS)) for band in BANDS]


def current_slot_keys(user: User) -> list[str]:
    return [slot_key(slot.weekday, slot.band) for slot in user.availability]


def set_availability(user: User, keys: Iterable[str]) -> None:
    """Make the user's weekly slots exactly `keys`; unknown keys are ignored."""
    wanted = set(keys) & set(all_slot_keys())
    # Change only the difference: re-inserting a kept slot would break the unique constraint.
    for slot in list(user.availability):
        if slot_key(slot.weekday, slot.band) not in wanted:
            user.availability.remove(slot)
    have = set(current_slot_keys(user))
    for key in sorted(wanted - have):
        weekday, band = key.split("-", 1)
        user.availability.append(Availability(weekday=int(weekday), band=band))
    db.session.flush()


def availability_summary(user: User) -> list[tuple[str, list[str]]]:
    """[(weekday name, [band, ...]), ...] for days with any slot, in week order."""
    keys = set(current_slot_keys(user))
    rows = []
    for day, name in enumerate(weekday_names()):
        bands = [band_name(band) for band in BANDS if slot_key(day, band) in keys]
        if bands:
            rows.append((name, bands))
    return rows


def add_absence(user: User, *, starts_on: date, ends_on: date, note: str = "") -> Absence:
    if ends_on < starts_on:
        raise Problem("ends_on", gettext("End date must be the same as or after the start date"))
    absence = Absence(starts_on=starts_on, ends_on=ends_on, note=note.strip())
    user.absences.append(absence)
    db.session.flush()
    return absence


def remove_absence(absence: Absence) -> None:
    absence.user.absences.remove(absence)
    db.session.flush()


def current_absences(user: User, today: date | None = None) -> list[Absence]:
    """Dates away that have not finished yet; past ones stay in the database as history."""
    today = today or date.today()
    return [absence for absence in user.absences if absence.ends_on >= today]
