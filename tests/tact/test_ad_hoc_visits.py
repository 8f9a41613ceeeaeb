"""Ad-hoc TACT visits (issue 16): a coordinator calls one at short notice from the rota page,
with two trained volunteers (the rota's TACT rule), and the panel's TACT-trained volunteers
are told by email (a real SMTP server) and in the app."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Role, TrainingRecord
from icv.notifications.models import Notification
from icv.rota.models import ScheduledVisit
from tests.admin.smtp import inbox, text  # noqa: F401  (fixture)
from tests.conftest import extract_csrf, sign_in
from tests.sync.factory import tact_trained

URL = "/rota/tact-visits/new"


def _on(day: date) -> list[str]:
    return [str(day.day), str(day.month), str(day.year)]


def test_a_coordinator_calls_an_ad_hoc_tact_visit_and_the_trained_volunteers_hear(
    client,
    make_panel,
    make_suite,
    make_user,
    inbox,  # noqa: F811
):
    panel = make_panel("Westminster")
    tact_suite = make_suite(panel, name="Charing Cross")
    tact_suite.tact_designated = True
    make_suite(panel, name="Belgravia")  # not designated: not offered
    coordinator = make_user(Role.COORDINATOR, panels=[panel])
    names = ("Ann Trained", "Bob Trained", "Cat Trained")
    ann, bob, cat = tact_trained(*(make_user(Role.VOLUNTEER, panel=panel, name=n) for n in names))
    untrained = make_user(Role.VOLUNTEER, panel=panel, name="Dan Untrained")
    # Trained, but the training ends tomorrow: offered today, refused for a visit after that.
    ending = make_user(Role.VOLUNTEER, panel=panel, name="Eve Ending")
    ends = scheme_today() + timedelta(days=1)
    ending.trainings.append(
        TrainingRecord(course_code="tact", completed_on=date(2018, 1, 8), expires_on=ends)
    )
    db.session.commit()

    sign_in(client, coordinator)
    assert URL in client.get("/rota/").get_data(as_text=True)
    page = client.get(URL).get_data(as_text=True)
    assert "Charing Cross" in page and "Belgravia" not in page
    assert all(name in page for name in ("Ann Trained", "Bob Trained", "Eve Ending"))
    assert "Dan Untrained" not in page

    def post(**data):
        token = extract_csrf(client.get(URL).get_data(as_text=True))
        return client.post(URL, data={"csrf_token": token, "suite_id": tact_suite.id, **data})

    in_two_days = scheme_today() + timedelta(days=2)
    one = post(visit_on=_on(in_two_days), visitor_ids=[ann.id])
    assert one.status_code == 400
    assert "Select two TACT-trained volunteers" in one.get_data(as_text=True)
    untrained_pair = post(visit_on=_on(in_two_days), visitor_ids=[ann.id, untrained.id])
    assert "Select two TACT-trained volunteers" in untrained_pair.get_data(as_text=True)
    expired = post(visit_on=_on(in_two_days), visitor_ids=[ann.id, ending.id])
    assert "Select two volunteers of Westminster trained for TACT on" in expired.get_data(True)
    too_late = post(visit_on=_on(scheme_today() + timedelta(days=30)), visitor_ids=[ann.id, bob.id])
    assert "Day of the visit must be between today and" in too_late.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(ScheduledVisit.id))) == 0
    assert inbox.messages == []

    called = post(visit_on=_on(in_two_days), visitor_ids=[ann.id, bob.id])
    assert called.status_code == 302
    visit = db.session.scalar(sa.select(ScheduledVisit))
    assert called.headers["Location"].endswith(f"/rota/visits/{visit.id}")
    assert (visit.rota_id, visit.suite_id, visit.window_starts_on, visit.window_ends_on) == (
        None, tact_suite.id, in_two_days, in_two_days)  # fmt: skip
    assert {p.id for p in visit.visitors} == {ann.id, bob.id}

    # Every volunteer trained on the day hears (Eve's training ends first); Dan does not.
    told = {message["To"]: text(message) for message in inbox.messages}
    subjects = {message["To"]: " ".join(message["Subject"].split()) for message in inbox.messages}
    assert set(told) == {ann.email, bob.email, cat.email}
    assert subjects[ann.email].startswith("You are on an ad-hoc TACT visit: Charing Cross")
    assert subjects[cat.email].startswith("Ad-hoc TACT visit called: Charing Cross")
    assert "asked you and Bob Trained to visit" in told[ann.email]
    assert "You are not on it" in told[cat.email] and "/rota/mine" in told[cat.email]
    in_app = db.session.scalars(sa.select(Notification.user_id)).all()
    assert sorted(in_app) == sorted([ann.id, bob.id, cat.id])
    assert "TACT-trained volunteers told" in client.get(called.headers["Location"]).get_data(True)
