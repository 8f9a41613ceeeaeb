"""Coordinator pages: request a draft, review it, edit it, publish it; scoped to their panels."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from icv.extensions import db
from icv.rota.models import Rota, RotaStatus, ScheduledVisit, VisitStatus
from tests.conftest import extract_csrf, post_form, sign_in


def _request_draft(client, scheme, **extra):
    end = scheme.start + timedelta(days=27)
    data = {
        "panel": str(scheme.panel_a.id),
        "starts_on": [str(scheme.start.day), str(scheme.start.month), str(scheme.start.year)],
        "ends_on": [str(end.day), str(end.month), str(end.year)],
        "granularity": "week",
        "seed": "7",
    }
    data.update(extra)
    return post_form(client, "/rota/", data)


def test_coordinator_requests_a_draft_and_sees_it_by_week_and_by_suite(client, scheme):
    sign_in(client, scheme.coordinator)
    response = _request_draft(client, scheme)
    assert response.status_code == 302
    rota = db.session.scalar(sa.select(Rota))
    assert rota.status == RotaStatus.DRAFT and rota.seed == 7 and len(rota.visits) == 4
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Draft rota made for Barnet: 4 visits, 0 gaps" in page
    assert page.count("Colindale") >= 4 and "Week of" in page
    by_suite = client.get(f"/rota/{rota.id}?view=suite").get_data(as_text=True)
    assert '<h2 class="govuk-heading-m">Colindale</h2>' in by_suite


def test_draft_request_with_bad_dates_says_what_to_fix_and_keeps_the_answers(client, scheme):
    sign_in(client, scheme.coordinator)
    response = _request_draft(client, scheme, ends_on=["31", "2", "2020"], seed="abc")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "End date must be a real date" in page
    assert "Seed must be a whole number, like 2019" in page
    assert 'value="abc"' in page
    assert db.session.scalar(sa.select(sa.func.count(Rota.id))) == 0


def test_gaps_are_shown_with_their_explanation(client, scheme, make_rota):
    for person in scheme.people_a[1:]:
        person.availability = []
    db.session.commit()
    rota = make_rota(weeks=1)
    sign_in(client, scheme.coordinator)
    page = client.get(f"/rota/{rota.id}").get_data(as_text=True)
    assert f"Colindale, week of {scheme.start:%-d %B}: only one available volunteer" in page


def test_publishing_sends_each_volunteer_their_own_visits(client, scheme, make_rota, inbox):
    rota = make_rota(weeks=2)
    sign_in(client, scheme.coordinator)
    page = client.get(f"/rota/{rota.id}").get_data(as_text=True)
    response = client.post(f"/rota/{rota.id}/publish", data={"csrf_token": extract_csrf(page)})
    assert response.status_code == 302
    db.session.refresh(rota)
    assert rota.status == RotaStatus.PUBLISHED
    people = {p.email for v in rota.visits for p in v.visitors}
    assert {m["To"] for m in inbox.messages} == people
    message = inbox.messages[0]
    assert "Colindale" in message.get_content() and message["Subject"] == "Your custody visits"
    # Published again? Not a draft any more: 404, and nobody is emailed twice.
    again = client.post(f"/rota/{rota.id}/publish", data={"csrf_token": extract_csrf(page)})
    assert again.status_code == 404 and len(inbox.messages) == len(people)


def test_a_rota_breaking_a_rule_is_not_published(client, scheme, make_rota):
    rota = make_rota(weeks=1)
    visit = rota.visits[0]
    visit.visitors = [visit.visitors[0], scheme.people_b[0]]  # someone from another panel
    db.session.commit()
    sign_in(client, scheme.coordinator)
    page = client.get(f"/rota/{rota.id}").get_data(as_text=True)
    assert "Breaks a rule" in page and "is not on this suite&#39;s panel" in page
    client.post(f"/rota/{rota.id}/publish", data={"csrf_token": extract_csrf(page)})
    db.session.refresh(rota)
    assert rota.status == RotaStatus.DRAFT


def test_swap_offers_only_people_who_obey_the_rules_and_refuses_others(client, scheme, make_rota):
    rota = make_rota(weeks=1)
    visit = rota.visits[0]
    leaving, staying = visit.visitors
    away = next(p for p in scheme.people_a if p not in visit.visitors)
    away.vetting_expires_on = scheme.start  # no longer vetted: cannot be offered
    db.session.commit()
    sign_in(client, scheme.coordinator)
    url = f"/rota/visits/{visit.id}"
    page = client.get(url).get_data(as_text=True)
    offered = re.search(rf"Who could replace {leaving.name}</h2>\s*<p[^>]*>([^<]*)</p>", page)
    assert offered and away.name not in offered.group(1)
    expected = {p.name for p in scheme.people_a if p not in visit.visitors and p is not away}
    assert set(offered.group(1).split(", ")) == expected
    refused = client.post(
        f"{url}/swap",
        data={"leaving": leaving.id, "joining": away.id, "csrf_token": extract_csrf(page)},
    )
    assert refused.status_code == 400
    assert "is not active, vetted and appointed for the whole window" in refused.get_data(
        as_text=True
    )
    good = next(p for p in scheme.people_a if p not in visit.visitors and p is not away)
    done = client.post(
        f"{url}/swap",
        data={"leaving": leaving.id, "joining": good.id, "csrf_token": extract_csrf(page)},
    )
    assert done.status_code == 302
    db.session.refresh(visit)
    assert {p.id for p in visit.visitors} == {staying.id, good.id}


def test_move_a_visit_to_another_day_and_band(client, scheme, make_rota):
    rota = make_rota(weeks=2)
    visit = rota.visits[0]
    day = scheme.start + timedelta(days=9)
    sign_in(client, scheme.coordinator)
    page = client.get(f"/rota/visits/{visit.id}").get_data(as_text=True)
    response = client.post(
        f"/rota/visits/{visit.id}/move",
        data={"day": [str(day.day), str(day.month), str(day.year)], "band": "night",
              "csrf_token": extract_csrf(page)},
    )  # fmt: skip
    assert response.status_code == 302
    db.session.refresh(visit)
    assert (visit.planned_on, visit.band) == (day, "night")
    assert visit.window_starts_on == scheme.start + timedelta(days=7)


def test_add_remove_and_regenerate_part_of_a_draft(client, scheme, make_rota):
    rota = make_rota(weeks=3)
    sign_in(client, scheme.coordinator)
    page = client.get(f"/rota/{rota.id}").get_data(as_text=True)
    token = extract_csrf(page)
    day = scheme.start + timedelta(days=2)
    added = client.post(
        f"/rota/{rota.id}/visits",
        data={"add-suite": scheme.suite_a.id, "add-csrf_token": token,
              "add-day": [str(day.day), str(day.month), str(day.year)]},
    )  # fmt: skip
    assert added.status_code == 302
    db.session.refresh(rota)
    assert len(rota.visits) == 4
    first = rota.visits[0].id
    assert (
        client.post(f"/rota/visits/{first}/remove", data={"csrf_token": token}).status_code == 302
    )
    db.session.refresh(rota)
    assert len(rota.visits) == 3
    before = {v.id for v in rota.visits}
    week2 = scheme.start + timedelta(days=7)
    week2_end = week2 + timedelta(days=6)
    again = client.post(
        f"/rota/{rota.id}/regenerate",
        data={"again-suite": "all",
              "again-starts_on": [str(week2.day), str(week2.month), str(week2.year)],
              "again-ends_on": [str(week2_end.day), str(week2_end.month), str(week2_end.year)],
              "again-csrf_token": token},
    )  # fmt: skip
    assert again.status_code == 302
    db.session.refresh(rota)
    after = {v.id for v in rota.visits}
    assert len(after) == 3 and len(before & after) == 2  # week 2 replaced, the rest kept


def test_cancelled_visit_keeps_its_reason_and_its_pair_are_told(client, scheme, make_rota, inbox):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    sign_in(client, scheme.coordinator)
    page = client.get(f"/rota/visits/{visit.id}").get_data(as_text=True)
    empty = client.post(
        f"/rota/visits/{visit.id}/cancel", data={"reason": "", "csrf_token": extract_csrf(page)}
    )
    assert "Enter why the visit is cancelled, like suite closed" in empty.get_data(as_text=True)
    client.post(
        f"/rota/visits/{visit.id}/cancel",
        data={"reason": "Suite closed", "csrf_token": extract_csrf(page)},
    )
    db.session.refresh(visit)
    assert (visit.status, visit.cancel_reason) == (VisitStatus.CANCELLED, "Suite closed")
    assert {m["To"] for m in inbox.messages} == {p.email for p in visit.visitors}
    assert "Its visitors were told." in client.get(f"/rota/visits/{visit.id}").get_data(
        as_text=True
    )


def test_coordinator_of_panel_a_guessing_panel_b_ids_gets_404(client, scheme, make_rota):
    rota_b = make_rota(panel=scheme.panel_b, weeks=1)
    visit_b = rota_b.visits[0]
    sign_in(client, scheme.coordinator)
    token = extract_csrf(client.get("/rota/").get_data(as_text=True))
    assert client.get(f"/rota/{rota_b.id}").status_code == 404
    assert client.get(f"/rota/visits/{visit_b.id}").status_code == 404
    visit_url = f"/rota/visits/{visit_b.id}"
    for path in (f"/rota/{rota_b.id}/publish", f"/rota/{rota_b.id}/discard",
                 f"{visit_url}/remove", f"{visit_url}/swap"):  # fmt: skip
        assert client.post(path, data={"csrf_token": token}).status_code == 404
    forged = _request_draft(client, scheme, panel=str(scheme.panel_b.id))
    assert "Choose a panel from the list" in forged.get_data(as_text=True)
    index = client.get("/rota/").get_data(as_text=True)
    assert "Brent" not in index
    assert db.session.get(ScheduledVisit, visit_b.id) is not None


def test_admin_sees_every_panels_rota(client, scheme, make_rota):
    rota_b = make_rota(panel=scheme.panel_b, weeks=1)
    sign_in(client, scheme.admin)
    assert "Brent" in client.get("/rota/").get_data(as_text=True)
    assert client.get(f"/rota/{rota_b.id}").status_code == 200


def test_volunteers_and_analysts_cannot_see_the_rota(client, scheme, make_rota):
    rota = make_rota(weeks=1)
    for user in (scheme.people_a[0], scheme.analyst):
        sign_in(client, user)
        assert client.get("/rota/").status_code == 403
        assert client.get(f"/rota/{rota.id}").status_code == 403
        assert client.get(f"/rota/visits/{rota.visits[0].id}").status_code == 403
        client.post(
            "/sign-out", data={"csrf_token": extract_csrf(client.get("/").get_data(as_text=True))}
        )
