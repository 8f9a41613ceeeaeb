"""A contingency suite's open periods: adding, changing, ending and removing them on the
suite's page, the messages for bad input, panel scoping, and what closing does to the rota."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from icv.dates import scheme_today
from icv.extensions import db
from icv.models import Availability, Role, SuiteOpenPeriod, TimeBand
from icv.rota import planning
from icv.rota.models import RotaStatus, VisitStatus
from tests.admin.data import error_messages, summary_errors
from tests.conftest import extract_csrf, post_form, sign_in

EVERY_SLOT = [(d, b) for d in range(7) for b in TimeBand]


@pytest.fixture
def uxbridge(make_panel, make_suite):
    return make_suite(make_panel("Hillingdon"), name="Uxbridge", status="contingency")


def _new(suite) -> str:
    return f"/manage/suites/{suite.id}/open-periods/new"


def _period(suite, opens_on: date, closes_on: date | None = None) -> SuiteOpenPeriod:
    period = SuiteOpenPeriod(opens_on=opens_on, closes_on=closes_on, note="")
    suite.open_periods.append(period)
    db.session.commit()
    return period


def _post(client, url: str, page: str):
    token = extract_csrf(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token})


def test_coordinator_adds_an_open_period_and_sees_it_on_the_suites_page(
    client, make_user, uxbridge
):
    sign_in(client, make_user(Role.COORDINATOR, panels=[uxbridge.panel]))
    answers = {"opens_on": ["6", "1", "2031"], "closes_on": ["31", "3", "2031"], "note": "Refit"}
    response = post_form(client, _new(uxbridge), answers)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/manage/suites/{uxbridge.id}#open-periods")
    db.session.refresh(uxbridge)
    [period] = uxbridge.open_periods
    assert (period.opens_on, period.closes_on, period.note) == (
        date(2031, 1, 6),
        date(2031, 3, 31),
        "Refit",
    )
    page = client.get(f"/manage/suites/{uxbridge.id}").get_data(as_text=True)
    assert "Open period added." in page
    assert "6 January to 31 March 2031 (Refit)" in page


def test_an_open_period_with_no_closing_date_lasts_until_further_notice(
    client, make_user, uxbridge
):
    sign_in(client, make_user(Role.ADMIN))
    opens = scheme_today() - timedelta(days=3)
    answers = {"opens_on": [str(opens.day), str(opens.month), str(opens.year)]}
    assert post_form(client, _new(uxbridge), answers).status_code == 302
    db.session.refresh(uxbridge)
    assert uxbridge.open_periods[0].closes_on is None
    page = client.get(f"/manage/suites/{uxbridge.id}").get_data(as_text=True)
    assert f"from {opens:%-d %B %Y}, until further notice" in page and "Open now" in page
    listing = client.get("/manage/suites").get_data(as_text=True)
    assert "Open until further notice" in listing


def test_closing_before_opening_is_refused_and_what_was_typed_is_kept(client, make_user, uxbridge):
    sign_in(client, make_user(Role.ADMIN))
    answers = {"opens_on": ["20", "1", "2031"], "closes_on": ["3", "1", "2031"], "note": "Refit"}
    response = post_form(client, _new(uxbridge), answers)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert summary_errors(html) == ["The closing date must be on or after the opening date"]
    assert error_messages(html) == ["The closing date must be on or after the opening date"]
    assert 'value="20"' in html and 'value="3"' in html and 'value="Refit"' in html
    db.session.refresh(uxbridge)
    assert uxbridge.open_periods == []


def test_missing_and_impossible_dates_get_specific_messages(client, make_user, uxbridge):
    sign_in(client, make_user(Role.ADMIN))
    answers = {"opens_on": ["", "", ""], "closes_on": ["31", "2", "2031"]}
    html = post_form(client, _new(uxbridge), answers).get_data(as_text=True)
    assert summary_errors(html) == ["Enter the opening date", "Closing date must be a real date"]
    partial = {"opens_on": ["6", "", "2031"], "closes_on": ["", "", ""]}
    html = post_form(client, _new(uxbridge), partial).get_data(as_text=True)
    assert summary_errors(html) == ["Opening date must include a month"]


def test_overlapping_periods_are_refused_with_the_period_they_overlap(client, make_user, uxbridge):
    _period(uxbridge, date(2031, 1, 6), date(2031, 1, 26))
    later = _period(uxbridge, date(2031, 3, 1))  # until further notice
    sign_in(client, make_user(Role.ADMIN))
    answers = {"opens_on": ["20", "1", "2031"], "closes_on": ["2", "2", "2031"]}
    html = post_form(client, _new(uxbridge), answers).get_data(as_text=True)
    assert summary_errors(html) == [
        "These dates overlap the open period 6 to 26 January 2031: change that period "
        "instead, or choose other dates"
    ]
    assert 'value="20"' in html
    open_ended = {"opens_on": ["1", "6", "2032"], "closes_on": ["", "", ""]}
    html = post_form(client, _new(uxbridge), open_ended).get_data(as_text=True)
    assert "overlap the open period from 1 March 2031, until further notice" in html
    between = {"opens_on": ["27", "1", "2031"], "closes_on": ["28", "2", "2031"]}
    assert post_form(client, _new(uxbridge), between).status_code == 302
    # A period does not overlap itself when it is changed.
    edit = f"/manage/suites/{uxbridge.id}/open-periods/{later.id}"
    moved = {"opens_on": ["2", "3", "2031"], "closes_on": ["30", "4", "2031"], "note": "Cells"}
    assert post_form(client, edit, moved).status_code == 302
    db.session.refresh(later)
    assert (later.opens_on, later.closes_on, later.note) == (
        date(2031, 3, 2),
        date(2031, 4, 30),
        "Cells",
    )


def test_only_contingency_suites_have_open_periods(client, make_user, make_suite):
    colindale = make_suite(name="Colindale", status="open")
    sign_in(client, make_user(Role.ADMIN))
    page = client.get(f"/manage/suites/{colindale.id}").get_data(as_text=True)
    assert "Only contingency suites have open periods." in page
    assert "Add an open period" not in page
    form = client.get(_new(colindale)).get_data(as_text=True)
    assert "open 24/7: the rota visits it every week" in form and 'name="opens_on"' not in form
    answers = {"opens_on": ["6", "1", "2031"]}
    assert post_form(client, _new(colindale), answers).status_code == 200
    db.session.refresh(colindale)
    assert colindale.open_periods == []


def test_a_coordinator_cannot_reach_another_panels_open_periods(
    client, make_user, make_suite, uxbridge
):
    mine = make_suite(name="Mine", status="contingency")
    theirs = _period(uxbridge, date(2020, 1, 1))
    sign_in(client, make_user(Role.COORDINATOR, panels=[mine.panel]))
    base = f"/manage/suites/{uxbridge.id}/open-periods"
    assert client.get(f"{base}/new").status_code == 404
    assert client.get(f"{base}/{theirs.id}").status_code == 404
    page = f"/manage/suites/{mine.id}"
    assert _post(client, f"{base}/{theirs.id}/end", page).status_code == 404
    assert _post(client, f"{base}/{theirs.id}/remove", page).status_code == 404
    # Their period under my suite's address is just as hidden.
    mixed = f"/manage/suites/{mine.id}/open-periods/{theirs.id}"
    assert client.get(mixed).status_code == 404
    assert _post(client, f"{mixed}/remove", page).status_code == 404
    db.session.refresh(theirs)
    assert theirs.closes_on is None and theirs.suite_id == uxbridge.id


@pytest.fixture
def published_rota(make_user, uxbridge):
    """Uxbridge open since last week until further notice, and a published four-week rota."""
    panel = uxbridge.panel
    for number in range(6):
        slots = [Availability(weekday=d, band=b) for d, b in EVERY_SLOT]
        make_user(Role.VOLUNTEER, panel=panel, name=f"Ann {number}", experienced=True,
                  max_visits_per_month=4, availability=slots)  # fmt: skip
    today = scheme_today()
    period = _period(uxbridge, today - timedelta(days=7))
    start = today + timedelta(days=7 - today.weekday())
    rota = planning.generate_draft(panel, start, start + timedelta(days=27), seed=3)
    rota.status = RotaStatus.PUBLISHED
    db.session.commit()
    assert len(rota.visits) == 4
    return rota, period


def test_ending_a_period_cancels_published_visits_after_it_and_tells_the_pairs(
    client, make_user, uxbridge, published_rota, inbox
):
    rota, period = published_rota
    sign_in(client, make_user(Role.COORDINATOR, panels=[uxbridge.panel]))
    page = f"/manage/suites/{uxbridge.id}"
    response = _post(client, f"{page}/open-periods/{period.id}/end", page)
    assert response.status_code == 302
    db.session.refresh(period)
    assert period.closes_on == scheme_today()
    for visit in rota.visits:
        db.session.refresh(visit)
    assert {(v.status, v.cancel_reason) for v in rota.visits} == {
        (VisitStatus.CANCELLED, "Suite closed")
    }
    assert {m["To"] for m in inbox.messages} == {p.email for v in rota.visits for p in v.visitors}
    assert all(m["Subject"] == "Custody visit cancelled" for m in inbox.messages)
    shown = client.get(page).get_data(as_text=True)
    assert "Uxbridge&#39;s last open day is today. 4 published visits to Uxbridge fell" in shown


def test_shortening_a_period_cancels_only_visits_outside_it(
    client, make_user, uxbridge, published_rota, inbox
):
    rota, period = published_rota
    second_week_ends = rota.starts_on + timedelta(days=13)
    sign_in(client, make_user(Role.ADMIN))
    edit = f"/manage/suites/{uxbridge.id}/open-periods/{period.id}"
    opens, closes = period.opens_on, second_week_ends
    answers = {"opens_on": [str(opens.day), str(opens.month), str(opens.year)],
               "closes_on": [str(closes.day), str(closes.month), str(closes.year)]}  # fmt: skip
    assert post_form(client, edit, answers).status_code == 302
    statuses = []
    for visit in rota.visits:
        db.session.refresh(visit)
        statuses.append(visit.status)
    assert statuses == ["scheduled", "scheduled", "cancelled", "cancelled"]
    assert len(inbox.messages) == 4  # the two pairs of the two cancelled visits


def test_removing_a_period_leaves_drafts_to_the_publish_check(
    client, make_user, uxbridge, published_rota
):
    rota, period = published_rota
    rota.status = RotaStatus.DRAFT
    db.session.commit()
    sign_in(client, make_user(Role.ADMIN))
    page = f"/manage/suites/{uxbridge.id}"
    assert _post(client, f"{page}/open-periods/{period.id}/remove", page).status_code == 302
    db.session.refresh(uxbridge)
    assert uxbridge.open_periods == []
    for visit in rota.visits:
        db.session.refresh(visit)
    assert {v.status for v in rota.visits} == {VisitStatus.SCHEDULED}  # a draft: not sent
    problems = planning.rota_problems(rota)
    assert set(problems) == {v.id for v in rota.visits}
    assert "Uxbridge is not open on every day of the window" in problems[rota.visits[0].id]
    assert planning.publish(rota) == ["4 visit(s) break a rule: fix or remove them first"]


def test_a_period_that_has_not_started_cannot_be_ended(client, make_user, uxbridge):
    period = _period(uxbridge, scheme_today() + timedelta(days=30))
    sign_in(client, make_user(Role.ADMIN))
    page = f"/manage/suites/{uxbridge.id}"
    response = _post(client, f"{page}/open-periods/{period.id}/end", page)
    assert response.status_code == 302
    shown = client.get(page).get_data(as_text=True)
    assert "Only a period open today can be ended: remove it instead" in shown
    db.session.refresh(period)
    assert period.closes_on is None


def test_closing_a_suite_cancels_its_published_upcoming_visits(
    client, make_user, uxbridge, published_rota, inbox
):
    rota, _ = published_rota
    sign_in(client, make_user(Role.ADMIN))
    answers = {"name": "Uxbridge", "address": "", "panel_id": str(uxbridge.panel_id),
               "cells": "8", "status": "closed", "target_visits_per_week": "1"}  # fmt: skip
    response = post_form(client, f"/manage/suites/{uxbridge.id}", answers)
    assert response.status_code == 302
    for visit in rota.visits:
        db.session.refresh(visit)
    assert {v.status for v in rota.visits} == {VisitStatus.CANCELLED}
    listing = client.get("/manage/suites").get_data(as_text=True)
    assert "Suite Uxbridge saved. 4 published visits to Uxbridge fell outside" in listing
    assert len(inbox.messages) == 8


def test_the_demo_has_a_contingency_suite_open_now_and_one_opening_soon(app_ctx):
    from icv.demo import seed_demo
    from icv.models import Suite

    seed_demo("demo-password-1")
    today = date.today()
    suites = {s.name: s for s in db.session.scalars(db.select(Suite))}
    acton, tottenham = suites["Acton"], suites["Tottenham"]
    assert any(p.opens_on <= today <= p.closes_on for p in acton.open_periods)
    assert [(p.opens_on > today, p.closes_on) for p in tottenham.open_periods] == [(True, None)]
    assert len(suites["Kentish Town"].open_periods) == 1  # its 2019/20 spell
    assert suites["Notting Hill"].open_periods == []
