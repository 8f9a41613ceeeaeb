"""A volunteer's "My visits": only their own published visits; confirm, decline, agree the
time (seen only by the pair), and a private calendar feed that can be revoked."""

from __future__ import annotations

import re
from datetime import timedelta

from icv.extensions import db
from icv.rota.models import VisitStatus
from icv.rota.status import completion
from tests.conftest import extract_csrf, sign_in


def _pair(visit):
    return visit.visitors


def test_volunteer_sees_only_their_own_published_visits(client, scheme, make_rota):
    draft = make_rota(weeks=2)
    published = make_rota(weeks=2, published=True, seed=9)
    me = published.visits[0].visitors[0]
    sign_in(client, me)
    page = client.get("/rota/mine").get_data(as_text=True)
    mine = [v for v in published.visits if me in v.visitors]
    assert page.count('class="govuk-summary-card app-visit-card"') == len(mine)
    partner = next(p for p in mine[0].visitors if p != me)
    assert partner.name in page and "Colindale" in page
    assert f"/visits/new?visit={mine[0].id}" in page
    not_mine = next((v for v in published.visits if me not in v.visitors), None)
    for visit in [*draft.visits, *([not_mine] if not_mine else [])]:
        assert client.get(f"/rota/mine/{visit.id}/decline").status_code == 404


def test_confirming_by_both_makes_the_visit_confirmed(client, app, scheme, make_rota):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    first, second = visit.visitors
    for person in (first, second):
        other = app.test_client()
        sign_in(other, person)
        token = extract_csrf(other.get("/rota/mine").get_data(as_text=True))
        assert (
            other.post(f"/rota/mine/{visit.id}/confirm", data={"csrf_token": token}).status_code
            == 302
        )
        db.session.refresh(visit)
    assert visit.status == VisitStatus.CONFIRMED


def test_declining_tells_the_coordinator_who_is_offered_replacements(client, scheme, make_rota):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    me = visit.visitors[0]
    sign_in(client, me)
    page = client.get(f"/rota/mine/{visit.id}/decline").get_data(as_text=True)
    client.post(
        f"/rota/mine/{visit.id}/decline",
        data={"note": "Away with work", "csrf_token": extract_csrf(page)},
    )
    coordinator = client.application.test_client()
    sign_in(coordinator, scheme.coordinator)
    index = coordinator.get("/rota/").get_data(as_text=True)
    assert "1 upcoming visit needs a replacement volunteer" in index
    detail = coordinator.get(f"/rota/visits/{visit.id}").get_data(as_text=True)
    assert "Cannot make it" in detail and "Away with work" in detail
    assert f"Who could replace {me.name}" in detail


def test_the_agreed_time_is_seen_only_by_the_pair(client, app, scheme, make_rota):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    first = visit.visitors[0]
    sign_in(client, first)
    url = f"/rota/mine/{visit.id}/time"
    token = extract_csrf(client.get(url).get_data(as_text=True))
    day = visit.window_starts_on
    outside = day - timedelta(days=1)
    bad = client.post(url, data={"day": [str(outside.day), str(outside.month), str(outside.year)],
                                 "at": "25:00", "csrf_token": token})  # fmt: skip
    text = bad.get_data(as_text=True)
    assert "Enter a time on the 24-hour clock, like 21:30" in text and 'value="25:00"' in text
    client.post(url, data={"day": [str(day.day), str(day.month), str(day.year)], "at": "21:30",
                           "csrf_token": token})  # fmt: skip
    assert "21:30" in client.get("/rota/mine").get_data(as_text=True)
    coordinator = app.test_client()
    sign_in(coordinator, scheme.coordinator)
    detail = coordinator.get(f"/rota/visits/{visit.id}").get_data(as_text=True)
    assert "21:30" not in detail and "only the pair can see it" in detail
    other_volunteer = app.test_client()
    sign_in(other_volunteer, next(p for p in scheme.people_a if p not in visit.visitors))
    assert "21:30" not in other_volunteer.get("/rota/mine").get_data(as_text=True)
    assert other_volunteer.get(url).status_code == 404


def test_calendar_feed_lists_my_visits_and_stops_when_revoked(client, app, scheme, make_rota):
    rota = make_rota(weeks=2, published=True)
    me = rota.visits[0].visitors[0]
    sign_in(client, me)
    page = client.get("/rota/calendar").get_data(as_text=True)
    made = client.post("/rota/calendar", data={"csrf_token": extract_csrf(page)})
    address = made.get_data(as_text=True).split('id="calendar-address">')[1].split("<")[0]
    path = address.replace("http://localhost", "")
    feed = app.test_client().get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    body = feed.get_data(as_text=True)
    assert body.startswith("BEGIN:VCALENDAR\r\n") and body.endswith("END:VCALENDAR\r\n")
    mine = [v for v in rota.visits if me in v.visitors]
    assert body.count("BEGIN:VEVENT") == len(mine)
    assert f"DTSTART;VALUE=DATE:{mine[0].window_starts_on:%Y%m%d}" in body
    assert "SUMMARY:Custody visit: Colindale" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))
    # Each event's id stays the same whatever Host the calendar app sends.
    elsewhere = app.test_client().get(path, base_url="http://feeds.example.net")
    uids = re.findall(r"^UID:.+$", body, re.MULTILINE)
    assert len(uids) == len(mine)
    assert re.findall(r"^UID:.+$", elsewhere.get_data(as_text=True), re.MULTILINE) == uids
    client.post("/rota/calendar/revoke", data={"csrf_token": extract_csrf(page)})
    assert app.test_client().get(path).status_code == 404
    assert app.test_client().get("/rota/calendar/not-a-real-token.ics").status_code == 404


def test_completion_counts_made_out_of_due_and_leaves_out_cancelled(scheme, make_rota):
    rota = make_rota(weeks=4, published=True)
    statuses = [VisitStatus.MADE, VisitStatus.MADE, VisitStatus.MISSED, VisitStatus.CANCELLED]
    for visit, status in zip(rota.visits, statuses, strict=True):
        visit.status = status
    db.session.commit()
    result = completion(
        {scheme.panel_a.id}, scheme.start, scheme.start + timedelta(days=60), scheme.start
    )
    assert (result.made, result.scheduled) == (2, 3)
    assert result.text == "2 of 3 (66.7%)"
    assert (
        completion({scheme.panel_b.id}, scheme.start, scheme.start, scheme.start).text
        == "No visits due yet"
    )
