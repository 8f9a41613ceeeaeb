"""A volunteer's service in Welsh (issue 19): the coordinator's overview and a volunteer's
record, and the forms with their error messages, for a coordinator and a volunteer."""

from __future__ import annotations

from datetime import timedelta

from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role, VolunteerStatus
from icv.volunteering import probation, time_given
from tests.conftest import sign_in
from tests.welsh import english_fragments, english_left_on, visible_text
from tests.welsh import in_english_and_welsh as both


def test_the_service_pages_and_forms_are_in_welsh(client, app, make_panel, make_user):
    panel = make_panel()
    coordinator = make_user(Role.COORDINATOR, panels=[panel])
    newcomer = make_user(Role.VOLUNTEER, panel=panel, name="Nia New",
                         status=VolunteerStatus.PROBATION, appointed_on=scheme_today())  # fmt: skip
    last_week = scheme_today() - timedelta(days=7)
    probation.add_appraisal(newcomer, kind="observed_visit", held_on=last_week, held_by="Olu",
                            outcome="development", notes="Calm", by=coordinator)  # fmt: skip
    for minutes in (90, 60):
        time_given.record_time(newcomer, kind="training", given_on=last_week, minutes=minutes,
                               note="", by=newcomer)  # fmt: skip
    time_given.record_time(newcomer, kind="meeting", given_on=last_week, minutes=61, note="",
                           by=coordinator)  # fmt: skip
    db.session.commit()
    sign_in(client, coordinator)
    record = f"/volunteering/volunteers/{newcomer.id}"
    tomorrow = scheme_today() + timedelta(days=1)
    too_long = {"kind": "meeting", "given_on": [str(tomorrow.day), str(tomorrow.month),
                str(tomorrow.year)], "hours": "12", "minutes": "5"}  # fmt: skip
    pages = [
        both(client, "/volunteering/"),
        both(client, record),
        both(client, f"{record}/appraisals/new", {"held_by": ""}),
        both(client, f"{record}/time/new", too_long),
    ]
    own = app.test_client()
    sign_in(own, newcomer)
    pages.append(both(own, "/volunteering/my-time/new", {"hours": "0", "minutes": "0"}))
    english, welsh = ("".join(page[n] for page in pages) for n in (0, 1))
    assert len({piece for piece in english_fragments() if piece in visible_text(english)}) >= 30
    assert english_left_on(welsh, english) == []
    for text in ("Gwirfoddolwyr ar gyfnod prawf", "1 awr 30 munud", "Boddhaol gydag anghenion",
                 "Dewiswch ymweliad a arsylwyd neu arfarniad",
                 "Cofnodwch 12 awr ar y mwyaf"):  # fmt: skip
        assert text in visible_text(welsh), text
