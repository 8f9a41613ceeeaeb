"""Coordinator pages: request a draft, review it, edit it, publish it; scoped to their panels."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from icv.audit.models import AuditEvent
from icv.dates import scheme_today
from icv.extensions import db
from icv.figures.aggregate import figures_for
from icv.figures.periods import Period
from icv.models import Availability, TimeBand, TrainingRecord
from icv.privacy.retention import purge_volunteer
from icv.rota import jobs
from icv.rota.models import Rota, RotaStatus, ScheduledVisit, VisitStatus
from tests.admin.smtp import text
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
    assert "Colindale" in text(message) and message["Subject"] == "Your custody visits"
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


def test_a_tact_suite_takes_only_volunteers_trained_through_the_window(client, scheme, make_rota):
    scheme.suite_a.tact_designated = True
    trained = scheme.people_a[:4]
    lapsing, untrained = scheme.people_a[4:]
    for person in trained:
        person.trainings.append(TrainingRecord(course_code="tact", completed_on=date(2020, 1, 1)))
    # Valid up to the day before it expires: ending on the window's first day is no use.
    lapsing.trainings.append(
        TrainingRecord(course_code="tact", completed_on=date(2020, 1, 1), expires_on=scheme.start)
    )
    db.session.commit()
    rota = make_rota(weeks=2)
    assert {p.id for v in rota.visits for p in v.visitors} <= {p.id for p in trained}
    visit = rota.visits[0]
    leaving, staying = visit.visitors
    sign_in(client, scheme.coordinator)
    url = f"/rota/visits/{visit.id}"
    page = client.get(url).get_data(as_text=True)
    offered = re.search(rf"Who could replace {leaving.name}</h2>\s*<p[^>]*>([^<]*)</p>", page)
    spare = [p for p in trained if p not in visit.visitors]
    assert offered and set(offered.group(1).split(", ")) == {p.name for p in spare}
    for joining in (lapsing, untrained):
        refused = client.post(
            f"{url}/swap",
            data={"leaving": leaving.id, "joining": joining.id, "csrf_token": extract_csrf(page)},
        )
        assert refused.status_code == 400
        assert f"{joining.name} has no TACT training valid for the whole window" in (
            refused.get_data(as_text=True)
        )
    done = client.post(
        f"{url}/swap",
        data={"leaving": leaving.id, "joining": spare[0].id, "csrf_token": extract_csrf(page)},
    )
    assert done.status_code == 302
    db.session.refresh(visit)
    assert {p.id for p in visit.visitors} == {staying.id, spare[0].id}


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


def _window_ended(visit, days_ago: int = 1) -> None:
    """Move `visit`'s week to end `days_ago` days before today."""
    ends_on = scheme_today() - timedelta(days=days_ago)
    visit.window_starts_on, visit.window_ends_on = ends_on - timedelta(days=6), ends_on
    visit.planned_on = visit.window_starts_on
    db.session.commit()


def _missed_in_figures(visit) -> int:
    period = Period(visit.window_starts_on, visit.window_starts_on, "week")
    return figures_for(period, today=scheme_today()).total["visits_missed"]


def test_missed_only_once_the_window_ends_after_a_confirmation_and_can_be_put_back(
    client, scheme, make_rota
):
    rota = make_rota(weeks=2, published=True)
    upcoming, ended = rota.visits
    _window_ended(ended)
    sign_in(client, scheme.coordinator)
    page = client.get(f"/rota/visits/{upcoming.id}").get_data(as_text=True)
    assert "Mark as missed" not in page  # its window has not ended
    token = extract_csrf(page)
    assert (
        client.post(f"/rota/visits/{upcoming.id}/missed", data={"csrf_token": token}).status_code
        == 404
    )
    assert client.get(f"/rota/visits/{upcoming.id}/missed").status_code == 404
    db.session.refresh(upcoming)
    assert upcoming.status == VisitStatus.SCHEDULED

    page = client.get(f"/rota/visits/{ended.id}").get_data(as_text=True)
    assert f'href="/rota/visits/{ended.id}/missed"' in page  # a link to confirm, not a POST
    confirm = client.get(f"/rota/visits/{ended.id}/missed").get_data(as_text=True)
    assert "Mark this visit as missed?" in confirm
    assert "counts against the completion rate" in confirm
    response = client.post(f"/rota/visits/{ended.id}/missed", data={"csrf_token": token})
    assert response.status_code == 302
    db.session.refresh(ended)
    assert ended.status == VisitStatus.MISSED and _missed_in_figures(ended) == 1

    page = client.get(f"/rota/visits/{ended.id}").get_data(as_text=True)
    empty = client.post(f"/rota/visits/{ended.id}/not-missed", data={"csrf_token": token})
    assert empty.status_code == 400
    assert "Enter why this visit was not missed" in empty.get_data(as_text=True)
    client.post(
        f"/rota/visits/{ended.id}/not-missed",
        data={"csrf_token": token, "reason": "Report sent on paper"},
    )
    db.session.refresh(ended)
    assert ended.status == VisitStatus.SCHEDULED and _missed_in_figures(ended) == 0
    page = client.get(f"/rota/visits/{ended.id}").get_data(as_text=True)
    assert "Report sent on paper" in page and "Cora" in page
    # The nightly job leaves a visit a coordinator put back alone.
    assert jobs.mark_missed_visits(scheme_today()) == 0
    db.session.refresh(ended)
    assert ended.status == VisitStatus.SCHEDULED
    summaries = db.session.scalars(
        sa.select(AuditEvent.summary).where(AuditEvent.object_id == str(ended.id))
    ).all()
    assert any("marked missed" in s for s in summaries)
    assert any("missed mark taken back" in s for s in summaries)


def test_a_draft_over_a_published_period_is_warned_about_and_publish_and_delete_say_what_happens(
    client, scheme, make_rota
):
    published = make_rota(weeks=4, published=True)
    sign_in(client, scheme.coordinator)
    warned = _request_draft(client, scheme)
    page = warned.get_data(as_text=True)
    assert warned.status_code == 200
    assert "Barnet already has a published rota" in page and "4 visits" in page
    assert "Make the draft anyway" in page
    assert db.session.scalar(sa.select(sa.func.count(Rota.id))) == 1
    confirmed = re.search(r'name="overlap_confirmed" value="([^"]+)"', page)
    response = _request_draft(client, scheme, overlap_confirmed=confirmed.group(1))
    assert response.status_code == 302
    draft = db.session.scalar(sa.select(Rota).where(Rota.id != published.id))
    assert draft.is_draft

    page = client.get(f"/rota/{draft.id}").get_data(as_text=True)
    assert f'href="/rota/{draft.id}/publish"' in page and f'href="/rota/{draft.id}/discard"' in page
    publish = client.get(f"/rota/{draft.id}/publish").get_data(as_text=True)
    people = sorted({p.name for v in draft.visits for p in v.visitors})
    assert f"{len(draft.visits)} visits will be published" in publish
    assert f"These {len(people)} volunteers are emailed their visits" in publish
    assert all(f"<li>{name}</li>" in publish for name in people)
    assert "published rota for overlapping dates" in publish
    discard = client.get(f"/rota/{draft.id}/discard").get_data(as_text=True)
    assert (
        f"Its {len(draft.visits)} visits are deleted" in discard and "Nobody is emailed" in discard
    )
    assert client.get(f"/rota/{published.id}/publish").status_code == 404  # not a draft
    client.post(f"/rota/{draft.id}/discard", data={"csrf_token": extract_csrf(discard)})
    assert db.session.scalars(sa.select(Rota.id)).all() == [published.id]


def test_swap_checks_the_whole_window_and_a_soft_rule_can_be_set_aside_with_a_reason(
    client, scheme, make_rota
):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    leaving, staying = visit.visitors
    later, capped, unvetted = [p for p in scheme.people_a if p not in visit.visitors][:3]
    other_day = (visit.planned_on.weekday() + 3) % 7  # not the suggested day
    later.availability = []
    db.session.flush()  # the old slots go before the new ones arrive
    later.availability = [Availability(weekday=other_day, band=b) for b in TimeBand]
    capped.max_visits_per_month = 0
    unvetted.vetting_expires_on = scheme.start
    db.session.commit()
    sign_in(client, scheme.coordinator)
    url = f"/rota/visits/{visit.id}"
    token = extract_csrf(client.get(url).get_data(as_text=True))

    def swap(leaving, joining, reason=None):
        data = {"leaving": leaving.id, "joining": joining.id, "csrf_token": token}
        return client.post(f"{url}/swap", data=data | ({"reason": reason} if reason else {}))

    assert swap(leaving, later).status_code == 302  # free another day of the week
    db.session.refresh(visit)
    assert later in visit.visitors and visit.planned_on.weekday() == other_day

    refused = swap(later, capped)
    page = refused.get_data(as_text=True)
    assert refused.status_code == 400 and f"{capped.name} has no visits left in" in page
    assert "Why put them on anyway?" in page  # a monthly maximum may be set aside
    assert swap(later, capped, "Covering, agreed with her").status_code == 302
    db.session.refresh(visit)
    assert capped in visit.visitors
    (override,) = visit.overrides
    assert override.reason == "Covering, agreed with her"
    assert override.made_by_id == scheme.coordinator.id
    page = client.get(url).get_data(as_text=True)
    assert "Rule set aside" in page and "Covering, agreed with her" in page
    assert f"{capped.name}: more visits in {visit.window_starts_on:%B %Y} than their" in page
    assert "breaks a rule" not in page.lower()
    assert "Breaks a rule" not in client.get(f"/rota/{rota.id}").get_data(as_text=True)
    api = client.get(f"/api/v1/rota?from={rota.starts_on}&to={rota.ends_on}").get_json()
    assert [v["rules_set_aside"] for v in api["visits"]] == [True]
    events = db.session.scalars(sa.select(AuditEvent.summary)).all()
    assert any("rules set aside" in e for e in events)

    hard = swap(capped, unvetted, "Nobody else")  # vetting is never set aside
    page = hard.get_data(as_text=True)
    assert hard.status_code == 400 and "is not active, vetted and appointed" in page
    assert "Why put them on anyway?" not in page
    db.session.refresh(visit)
    assert capped in visit.visitors and len(visit.overrides) == 1

    staying.availability = []  # the partner can no longer go at any time: moving is refused
    db.session.commit()
    day = visit.window_starts_on + timedelta(days=1)
    moving = {"day": [str(day.day), str(day.month), str(day.year)], "band": "morning",
              "csrf_token": token}  # fmt: skip
    refused = client.post(f"{url}/move", data=moving)
    assert refused.status_code == 400
    assert f"{staying.name} is not available at any time in the window" in refused.get_data(
        as_text=True
    )
    moved = client.post(f"{url}/move", data=moving | {"reason": "Ann said she can, by phone"})
    assert moved.status_code == 302
    db.session.refresh(visit)
    assert (visit.planned_on, len(visit.overrides)) == (day, 2)
    name = capped.name
    purge_volunteer(capped)  # what was set aside names people by id: a purged name goes
    db.session.commit()
    page = client.get(url).get_data(as_text=True)
    assert name not in page and f"Former volunteer #{capped.id}: more visits in" in page
