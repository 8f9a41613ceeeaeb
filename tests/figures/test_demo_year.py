"""The demo's 2019/20 reproduces London's published figures through the ordinary aggregation,
and the demo works today: visits coming up, and a next quarter its volunteers can fill.

The demo is seeded once for the module (it takes seconds); the tests only read it, or undo
what they add.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import UTC, date, datetime, timedelta

import pyotp
import pytest
import sqlalchemy as sa

from icv.actions.models import Action, Status
from icv.actions.police import awaiting
from icv.actions.publishing import quarter_of, slug
from icv.dates import financial_year_of, scheme_date
from icv.demo import (
    DEMO_ROLE_EMAILS,
    TACT_SUITE,
    coming_quarter,
    reset_demo_passwords,
    seed_demo,
)
from icv.demo_recent import RECENT_TACT
from icv.extensions import db
from icv.figures.action_timing import timing_summary
from icv.figures.aggregate import figures_for, heat_map
from icv.figures.demo_plan import apportion
from icv.figures.hours import hours_given
from icv.figures.measures import person_breakdowns
from icv.figures.periods import financial_year, parse_year
from icv.models import Role, Suite, TrainingRecord, User
from icv.recruitment.models import Application, DiversityAnswers, Stage
from icv.rota.models import Rota, RotaStatus, ScheduledVisit
from icv.rota.planning import as_suite_need, as_volunteer
from icv.rota.rules import tact_trained_for
from icv.rota.schedule import Window, demand_windows
from icv.visits.models import VisitReport
from icv.visits.reports import report_body
from icv.visits.tact import has_tact_detainee, report_has_tact_detainee
from icv.visits.validation import validate_report
from tests.conftest import empty_tables, post_form, sign_in

YEAR = parse_year("2019-20")
LONDON_2019_20 = {
    "volunteers": 224,
    "visits_scheduled": 994,
    "visits_made": 990,
    "detainees_in_custody": 10_264,
    "detainees_interviewed": 4_661,
    "detainees_declined": 1_191,
    "detainees_unavailable": 4_412,
}


DEMO_PASSWORD = "demo-password-1"


@pytest.fixture(scope="module")
def demo(app):
    with app.app_context():
        added = seed_demo(DEMO_PASSWORD)
    yield added
    empty_tables(app)


@pytest.fixture(autouse=True)
def clean_database():
    """Overrides conftest's: the module's tests share the seeded demo (emptied at the end)."""
    yield


def test_demo_year_reproduces_londons_published_figures(demo, app_ctx):
    assert demo["reports"] == 990
    total = figures_for(YEAR).total
    assert {key: total[key] for key in LONDON_2019_20} == LONDON_2019_20
    assert round(total["interview_rate"] * 100) == 45
    assert round(total["completion_rate"] * 100, 1) == 99.6
    assert total["visits_missed"] == 4
    assert seed_demo(DEMO_PASSWORD)["reports"] == 0  # idempotent
    assert figures_for(YEAR).total["visits_made"] == 990


def test_demo_year_has_format_2_answers_for_every_breakdown(demo, app_ctx):
    total = figures_for(YEAR).total
    people = person_breakdowns(total)
    in_custody = {code: cell["in_custody"] for code, cell in people["by_sex"].items()}
    assert sum(in_custody.values()) == total["detainees_in_custody"]
    assert in_custody["male"] > in_custody["female"] > in_custody["other"] > 0
    assert (
        people["by_age_band"]["under_16"]["in_custody"]
        + people["by_age_band"]["16_17"]["in_custody"]
        == total["juveniles"]
    )  # the report's juveniles are its people under 18
    assert people["offered_visit"] == total["detainees_interviewed"] + total["detainees_declined"]
    assert all(count > 0 for key, count in people.items() if isinstance(count, int))
    assert all(count > 0 for count in people["custody_record_concerns"].values())
    assert people["interpreter"]["needed_provided"] > people["interpreter"]["needed_not_provided"]


def test_demo_year_has_a_realistic_shape(demo, app_ctx):
    quarters = [row for _, row in figures_for(YEAR).by_piece()]
    assert quarters[3]["visits_made"] < min(row["visits_made"] for row in quarters[:3])
    reasons = db.session.scalars(
        sa.select(ScheduledVisit.cancel_reason).where(ScheduledVisit.status == "cancelled")
    ).all()
    assert "Contingency suite closed" in reasons
    assert "Visits suspended: COVID-19 lockdown" in reasons
    cells = heat_map(YEAR)

    def people_per_visit(days, bands):
        picked = [cell for (day, band), cell in cells.items() if day in days and band in bands]
        return sum(c["people"] for c in picked) / sum(c["visits"] for c in picked)

    every_band = {"morning", "afternoon", "evening", "night"}
    assert people_per_visit({5, 6}, every_band) > people_per_visit({0, 1, 2, 3}, every_band)
    assert people_per_visit(range(7), {"night"}) > people_per_visit(range(7), {"morning"})
    assert all(cells.get((day, band), {"visits": 0})["visits"] > 0
               for day in range(7) for band in every_band)  # fmt: skip


def test_demo_reports_pass_validation_and_match_what_the_api_stores(demo, app_ctx):
    ids = db.session.scalars(sa.select(VisitReport.id).order_by(VisitReport.id)).all()
    for report_id in random.Random(5).sample(ids, 25):
        report = db.session.get(VisitReport, report_id)
        assert report_body(report) == report.body  # rows as apply_body would have stored them
        checked = validate_report(report.body, report.submitted_by, report_id=report.id)
        assert checked.errors == {}
        assert checked.report == report.body


def test_demo_has_tact_visits_at_its_tact_suite_by_tact_trained_volunteers(demo, app_ctx):
    """A few 2019/20 visits to someone held under TACT (the headline above is unchanged),
    and two in the last weeks; each at the TACT-designated suite, and each passes the rule
    that every visitor has TACT training valid on the day."""
    quarters = [row["tact_visits"] for _, row in figures_for(YEAR).by_piece()]
    assert 3 <= sum(quarters) <= 4 and quarters[0] == 1
    reports = db.session.scalars(sa.select(VisitReport).where(report_has_tact_detainee())).all()
    assert {report.suite.name for report in reports} == {TACT_SUITE}
    assert len(reports) == sum(quarters) + len(RECENT_TACT)  # and the recent ones
    assert max(report.arrived_at for report in reports).date() > date.today() - timedelta(weeks=6)
    for report in reports:
        assert has_tact_detainee(report.body)  # the same question, of the body
        checked = validate_report(report.body, report.submitted_by, report_id=report.id)
        assert checked.errors == {}


def test_apportion_shares_exactly_the_total():
    assert apportion(10, [1, 1, 1]) in ([4, 3, 3], [3, 4, 3], [3, 3, 4])
    shares = apportion(10_264, [random.Random(n).random() + 0.1 for n in range(990)])
    assert sum(shares) == 10_264 and min(shares) >= 0


def test_the_demo_volunteer_has_visits_coming_up_on_a_published_rota(demo, client):
    sign_in(client, DEMO_ROLE_EMAILS[Role.VOLUNTEER], DEMO_PASSWORD)
    page = client.get("/rota/mine").get_data(as_text=True)
    upcoming = page.split("Recent visits")[0]
    assert "You have no upcoming visits" not in upcoming
    assert re.search(r'govuk-summary-card__title">Colindale<', upcoming)


def test_the_demo_rota_from_today_fills_its_tact_suite_with_trained_volunteers(demo, app_ctx):
    suite = db.session.scalar(sa.select(Suite).where(Suite.name == TACT_SUITE))
    assert suite.tact_designated
    today = date.today()
    rota = db.session.scalar(
        sa.select(Rota).where(
            Rota.panel_id == suite.panel_id,
            Rota.status == RotaStatus.PUBLISHED,
            Rota.starts_on <= today,
            Rota.ends_on >= today,
        )
    )
    visits = [visit for visit in rota.visits if visit.suite_id == suite.id]
    weeks = demand_windows(rota.starts_on, rota.ends_on)
    assert len(visits) == len(weeks), [g["message"] for g in rota.gaps]  # every week's visit
    assert not [gap for gap in rota.gaps if TACT_SUITE in str(gap)]
    for visit in visits:
        window = Window(visit.window_starts_on, visit.window_ends_on)
        for person in visit.visitors:
            assert tact_trained_for(as_volunteer(person), window), (person.name, window)
    trained = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(TrainingRecord.user_id))).where(
            TrainingRecord.course_code == "tact"
        )
    )
    assert 4 <= trained < 224  # some volunteers, not everyone


def test_the_coming_quarter_can_be_planned_from_the_demo_volunteers(demo, app_ctx, runner):
    """Vetting and appointments run past the quarter, and the panels' volunteers can make
    nearly every weekly visit their suites need."""
    starts_on, ends_on = coming_quarter(date.today())
    period = ["--from", starts_on.isoformat(), "--to", ends_on.isoformat(), "--seed", "1"]
    result = runner.invoke(args=["rota", "generate", *period])
    assert result.exit_code == 0, result.output
    planned = sum(map(int, re.findall(r"visits planned: (\d+)", result.output)))
    weeks = demand_windows(starts_on, ends_on)
    suites = db.session.scalars(sa.select(Suite)).all()
    needed = sum(as_suite_need(suite).needs_visits(week) for suite in suites for week in weeks)
    assert needed >= 24 * len(weeks)  # every 24/7 suite, every week
    assert planned >= 0.9 * needed, result.output
    for rota in db.session.scalars(sa.select(Rota).where(Rota.status == RotaStatus.DRAFT)):
        db.session.delete(rota)  # the module's other tests see the demo as seeded
    db.session.commit()


def test_the_demo_shows_the_last_weeks_reports_and_their_actions(demo, app_ctx, client):
    """Reports sent through the ordinary intake in the last weeks: this year's figures;
    actions at several suites in every state, some answered by the demo police user, who has
    more waiting; timings, the pack and the public list not empty; the coordinator's home."""
    since = datetime.now(UTC) - timedelta(weeks=6)
    recent = db.session.scalars(sa.select(VisitReport).where(VisitReport.arrived_at >= since))
    recent = recent.all()
    assert len({report.suite.panel_id for report in recent}) >= 3
    years = Counter(financial_year_of(scheme_date(report.arrived_at)) for report in recent)
    for year, reports in years.items():  # the figures summary was written as for a sent report
        assert figures_for(financial_year(year)).total["visits_made"] == reports
    coordinator = db.session.scalar(
        sa.select(User).where(User.email == DEMO_ROLE_EMAILS[Role.COORDINATOR])
    )
    panels = [panel.id for panel in coordinator.coordinated_panels]
    actions = db.session.scalars(sa.select(Action).where(Action.panel_id.in_(panels))).all()
    assert {action.status for action in actions} == set(Status)  # every state
    assert all(a.police_response for a in actions if a.status == Status.CLOSED)
    every = db.session.scalars(sa.select(Action)).all()
    assert len({action.suite_id for action in every}) >= 4
    police = db.session.scalar(sa.select(User).where(User.email == DEMO_ROLE_EMAILS[Role.POLICE]))
    answered = [a for a in every if any(r.by_id == police.id for r in a.responses)]
    assert {a.status for a in answered} == {Status.RESPONSE_RECEIVED, Status.CLOSED}
    assert {a.suite.name for a in answered} == {"Colindale"}
    # The police's own (past) answer times the response: none is answered on the day seeded.
    assert all(scheme_date(a.responses[0].at) < date.today() for a in answered)
    timeline = [e.at for a in answered for e in a.events if e.kind == "police_answered"]
    assert sorted(timeline) == sorted(a.responses[0].at for a in answered)  # same moments
    assert awaiting(police)  # the demo police user has something to answer
    timings = timing_summary(every)
    assert timings["time_to_response"]["overall"]["count"] >= 3
    assert timings["time_to_close"]["overall"]["count"] >= 2
    bell = next(a for a in answered if a.status == Status.CLOSED)
    bell_quarter = quarter_of(bell.raised_on)
    page = client.get(f"/published/{slug(bell_quarter)}").get_data(as_text=True)
    assert "A call bell in one cell did not work" in page and "Colindale" in page

    sign_in(client, coordinator.email, DEMO_PASSWORD)
    home = client.get("/").get_data(as_text=True)
    pack = client.get(f"/actions/pack?panel_id={bell.panel_id}&quarter={bell_quarter.label}")
    shown = pack.get_data(as_text=True)
    assert "No actions were opened this quarter" not in shown
    assert "A call bell in one cell did not work" in shown
    assert re.search(r">\d+ actions? overdue<", home), home
    assert re.search(r">\d+ reports? with concerns from the last 14 days<", home), home

    counts = [sa.select(sa.func.count()).select_from(t) for t in (VisitReport, Action)]
    before = [db.session.scalar(count) for count in counts]
    assert seed_demo(DEMO_PASSWORD)["recent_reports"] == 0
    assert [db.session.scalar(count) for count in counts] == before


def test_the_demo_gives_hours_in_2019_20_and_now_and_a_coordinator_things_to_see(
    demo, app_ctx, client
):
    """Meetings and training give hours beside the visits' (2019/20's headline is checked
    above, unchanged); the demo coordinator has a volunteer on probation and time to confirm."""
    for year in (YEAR, financial_year(financial_year_of(date.today()))):
        hours = hours_given(year).total
        assert min(hours["visits"], hours["meetings"], hours["training"]) > 0, (year, hours)
    assert seed_demo(DEMO_PASSWORD)["time_given"] == 0  # idempotent

    sign_in(client, DEMO_ROLE_EMAILS[Role.COORDINATOR], DEMO_PASSWORD)
    home = client.get("/").get_data(as_text=True)
    assert ">1 time record from volunteers to confirm<" in home
    overview = client.get("/volunteering/").get_data(as_text=True)
    assert "Appointed" in overview and "a satisfactory observed visit" in overview
    assert "Panel meeting with the custody inspector" in overview


def test_the_demo_has_recent_tact_reports_one_copy_sent_one_outstanding(demo, app_ctx, client):
    """Issue 16: the Reviewer's copies show today (the admin reads them; the demo coordinator
    does not coordinate the TACT suite's panel)."""
    from icv.tact.models import CopyState, ReviewerCopy

    copies = db.session.scalars(sa.select(ReviewerCopy).order_by(ReviewerCopy.id)).all()
    assert [(c.report.suite.name, c.state) for c in copies] == [
        ("Charing Cross", CopyState.SENT), ("Charing Cross", CopyState.NOT_SENT)
    ]  # fmt: skip
    assert copies[0].sent_how == "secure_portal" and copies[0].sent_by.role == Role.ADMIN
    sign_in(client, DEMO_ROLE_EMAILS[Role.ADMIN], DEMO_PASSWORD)
    page = client.get(f"/visits/{copies[1].report.uuid}").get_data(as_text=True)
    assert copies[1].reference in page and "Not sent yet" in page
    pdf = client.get(f"/api/v1/visit-reports/{copies[1].report.uuid}/reviewer-copy")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    # The code used here stays usable for the next test's sign-in (within the same 30 s).
    admin = User.email == DEMO_ROLE_EMAILS[Role.ADMIN]
    db.session.execute(sa.update(User).where(admin).values(totp_last_step=None))
    db.session.commit()


def test_seed_demo_shows_the_keys_again_and_resets_the_password(demo, app, app_ctx, runner):
    """A password is stored hashed: a later run can only set a new one. Keys are printed
    again from the database, and the printed details sign the admin in."""
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert "add --reset-password to set and show a new one" in again.output
    assert "add --show-credentials to show it again" in again.output
    shown = runner.invoke(args=["seed-demo", "--show-credentials"]).output
    key = re.search(r"admin@example\.org .*\n +two-factor key: ([A-Z2-7 ]+)\n", shown)
    assert key, shown
    # The demo police user: one London suite, printed with a two-factor key like staff.
    assert re.search(r"police +police@example\.org .*\n +two-factor key: [A-Z2-7 ]+\n", shown)
    police = db.session.scalar(sa.select(User).where(User.email == DEMO_ROLE_EMAILS[Role.POLICE]))
    assert [suite.name for suite in police.police_suites] == ["Colindale"]
    new_password = "a-new-demo-password"
    reset = runner.invoke(args=["seed-demo", "--reset-password", "--password", new_password])
    assert reset.output.count(f"password: {new_password}\n") == len(DEMO_ROLE_EMAILS)
    client = app.test_client()
    signed = post_form(client, "/sign-in", {"email": "admin@example.org", "password": new_password})
    assert signed.headers["Location"].startswith("/sign-in/code")
    code = pyotp.TOTP(key.group(1).replace(" ", "")).now()
    signed = post_form(client, "/sign-in/code", {"code": code})
    assert signed.status_code == 302 and not signed.headers["Location"].startswith("/sign-in")
    reset_demo_passwords(DEMO_PASSWORD)  # the module's other tests sign in with it


def test_the_demo_has_applicants_at_every_stage_but_appointed(demo, app_ctx):
    """Recruitment (issue 18): the demo coordinator's first panel, equality answers for most."""
    stages = set(db.session.scalars(sa.select(Application.stage)))
    assert stages == set(Stage) - {Stage.APPOINTED}
    assert demo["applications"] == 8
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DiversityAnswers)) == 7
    assert seed_demo(DEMO_PASSWORD)["applications"] == 0  # idempotent
