"""Changes to a published rota tell the people affected, once per change, and nobody else:
a swap (the one joining, the one leaving, the partner), a move (both visitors), an added
visit (both visitors), and a volunteer who cannot make it (the panel's coordinators, at
once). Real SMTP (aiosmtpd) or, with none configured, in-app notifications."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from icv.dates import date_range
from icv.extensions import db
from icv.models import Absence
from icv.notifications.models import Notification
from tests.admin.smtp import text
from tests.conftest import extract_csrf, sign_in


def _to(inbox) -> list[str]:
    return sorted(m["To"] for m in inbox.messages)


def _text(message) -> str:
    return text(message).replace("\r\n", "\n")


def _body(inbox, person) -> str:
    (message,) = [m for m in inbox.messages if m["To"] == person.email]
    return _text(message)


def _swap(client, visit, leaving, joining):
    url = f"/rota/visits/{visit.id}/swap"
    page = client.get(f"/rota/visits/{visit.id}").get_data(as_text=True)
    data = {"leaving": leaving.id, "joining": joining.id, "csrf_token": extract_csrf(page)}
    return client.post(url, data=data)


def test_swap_on_a_published_visit_tells_joining_leaving_and_partner_once(
    client, scheme, make_rota, inbox
):
    visit = make_rota(weeks=1, published=True).visits[0]
    leaving, partner = visit.visitors
    joining = next(p for p in scheme.people_a if p not in visit.visitors)
    sign_in(client, scheme.coordinator)
    response = _swap(client, visit, leaving, joining)
    assert response.status_code == 302
    assert "Its visitors were told." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert _to(inbox) == sorted([leaving.email, partner.email, joining.email])
    new = _body(inbox, joining)
    assert "You have a new custody visit for Barnet" in new and f"with {partner.name}" in new
    gone = _body(inbox, leaving)
    assert "You are no longer on this custody visit" in gone and "Colindale" in gone
    assert joining.name not in gone and partner.name not in gone  # not who replaces them
    assert f"You now visit with {joining.name}" in _body(inbox, partner)

    assert _swap(client, visit, leaving, joining).status_code == 400  # the same again: refused
    assert len(inbox.messages) == 3
    assert _swap(client, visit, joining, leaving).status_code == 302  # and back: a new change
    assert len(inbox.messages) == 6
    assert "You have a new custody visit" in text(inbox.messages[-3])
    assert inbox.messages[-3]["To"] == leaving.email


def test_changes_to_a_draft_tell_nobody(client, scheme, make_rota, inbox):
    visit = make_rota(weeks=1).visits[0]
    joining = next(p for p in scheme.people_a if p not in visit.visitors)
    sign_in(client, scheme.coordinator)
    assert _swap(client, visit, visit.visitors[0], joining).status_code == 302
    assert inbox.messages == []


def _move(client, visit, day, band):
    page = client.get(f"/rota/visits/{visit.id}").get_data(as_text=True)
    return client.post(
        f"/rota/visits/{visit.id}/move",
        data={"day": [str(day.day), str(day.month), str(day.year)], "band": band,
              "csrf_token": extract_csrf(page)},
    )  # fmt: skip


def test_moving_a_published_visit_tells_both_visitors_once(client, scheme, make_rota, inbox):
    visit = make_rota(weeks=2, published=True).visits[0]
    pair = sorted(p.email for p in visit.visitors)
    was = date_range(visit.window_starts_on, visit.window_ends_on)
    day = scheme.start + timedelta(days=9)
    sign_in(client, scheme.coordinator)
    assert _move(client, visit, day, "night").status_code == 302
    assert _to(inbox) == pair
    body = _text(inbox.messages[0])
    assert "Your custody visit has moved" in body and f"Was:\n- Colindale: {was}" in body
    assert f"suggested: {day:%A} night" in body
    assert _move(client, visit, day, "night").status_code == 302  # nothing changed: nothing sent
    assert len(inbox.messages) == 2
    others = {p.email for p in scheme.people_a} - set(pair)
    assert not others & {m["To"] for m in inbox.messages}


def test_a_visit_added_to_a_published_rota_tells_its_pair(client, scheme, make_rota, inbox):
    rota = make_rota(weeks=3, published=True)
    sign_in(client, scheme.coordinator)
    day = scheme.start + timedelta(days=2)
    page = client.get(f"/rota/{rota.id}").get_data(as_text=True)
    added = client.post(
        f"/rota/{rota.id}/visits",
        data={"add-suite": scheme.suite_a.id, "add-csrf_token": extract_csrf(page),
              "add-day": [str(day.day), str(day.month), str(day.year)]},
    )  # fmt: skip
    assert added.status_code == 302
    db.session.refresh(rota)
    visit = next(v for v in rota.visits if str(v.id) in added.headers["Location"])
    assert _to(inbox) == sorted(p.email for p in visit.visitors)
    assert all("You have a new custody visit" in text(m) for m in inbox.messages)


def _decline(client, visit, note="Away with work"):
    page = client.get(f"/rota/mine/{visit.id}/decline").get_data(as_text=True)
    return client.post(
        f"/rota/mine/{visit.id}/decline", data={"note": note, "csrf_token": extract_csrf(page)}
    )


def test_declining_emails_the_coordinators_at_once_with_a_link_to_replacements(
    client, scheme, make_rota, inbox
):
    visit = make_rota(weeks=1, published=True).visits[0]
    me = visit.visitors[0]
    sign_in(client, me)
    assert _decline(client, visit).status_code == 302
    (message,) = inbox.messages
    assert message["To"] == scheme.coordinator.email  # not panel B's, not the partner
    body = text(message)
    assert f"{me.name} cannot make this custody visit" in body
    assert re.search(rf"http://\S+/rota/visits/{visit.id}\b", body)
    assert _decline(client, visit, "Still away").status_code == 302  # said again: told once
    assert len(inbox.messages) == 1


def test_declining_without_smtp_leaves_the_coordinator_an_in_app_notification(
    client, scheme, make_rota
):
    visit = make_rota(weeks=1, published=True).visits[0]
    me = visit.visitors[0]
    sign_in(client, me)
    assert _decline(client, visit).status_code == 302
    kept = db.session.scalars(sa.select(Notification)).all()
    assert [n.user_id for n in kept] == [scheme.coordinator.id]
    assert f"/rota/visits/{visit.id}" in kept[0].body
    coordinator = client.application.test_client()
    sign_in(coordinator, scheme.coordinator)
    page = coordinator.get("/notifications/").get_data(as_text=True)
    assert f"{me.name} cannot make a visit to Colindale" in page


def test_replacements_offered_obey_availability_and_absences(client, scheme, make_rota):
    visit = make_rota(weeks=1, published=True).visits[0]
    me = visit.visitors[0]
    free = [p for p in scheme.people_a if p not in visit.visitors]
    away, busy, *able = free
    # A week's window: away all week, or free at no time in it, rules them out; away on the
    # suggested day only, or busy at the suggested time only, would not (the pair choose).
    db.session.add(
        Absence(user=away, starts_on=visit.window_starts_on, ends_on=visit.window_ends_on)
    )
    db.session.add(Absence(user=able[0], starts_on=visit.planned_on, ends_on=visit.planned_on))
    busy.availability = []
    db.session.commit()
    sign_in(client, me)
    assert _decline(client, visit).status_code == 302
    coordinator = client.application.test_client()
    sign_in(coordinator, scheme.coordinator)
    page = coordinator.get(f"/rota/visits/{visit.id}").get_data(as_text=True)
    offered = re.search(rf"Who could replace {me.name}</h2>\s*<p[^>]*>([^<]*)</p>", page)
    assert offered, page
    assert set(offered.group(1).split(", ")) == {p.name for p in able}
