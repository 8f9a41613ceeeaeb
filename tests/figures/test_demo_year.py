"""The demo's 2019/20 reproduces London's published figures through the ordinary aggregation."""

from __future__ import annotations

import random

import sqlalchemy as sa

from icv.demo import seed_demo
from icv.extensions import db
from icv.figures.aggregate import figures_for, heat_map
from icv.figures.demo_plan import apportion
from icv.figures.periods import parse_year
from icv.rota.models import ScheduledVisit
from icv.visits.models import VisitReport
from icv.visits.reports import report_body
from icv.visits.validation import validate_report

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


def test_demo_year_reproduces_londons_published_figures(app_ctx):
    added = seed_demo("demo-password-1")
    assert added["reports"] == 990
    total = figures_for(YEAR).total
    assert {key: total[key] for key in LONDON_2019_20} == LONDON_2019_20
    assert round(total["interview_rate"] * 100) == 45
    assert round(total["completion_rate"] * 100, 1) == 99.6
    assert total["visits_missed"] == 4
    assert seed_demo("demo-password-1")["reports"] == 0  # idempotent
    assert figures_for(YEAR).total["visits_made"] == 990


def test_demo_year_has_a_realistic_shape(app_ctx):
    seed_demo("demo-password-1")
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


def test_demo_reports_pass_validation_and_match_what_the_api_stores(app_ctx):
    seed_demo("demo-password-1")
    ids = db.session.scalars(sa.select(VisitReport.id).order_by(VisitReport.id)).all()
    for report_id in random.Random(5).sample(ids, 25):
        report = db.session.get(VisitReport, report_id)
        assert report_body(report) == report.body  # rows as apply_body would have stored them
        checked = validate_report(report.body, report.submitted_by, report_id=report.id)
        assert checked.errors == {}
        assert checked.report == report.body


def test_apportion_shares_exactly_the_total():
    assert apportion(10, [1, 1, 1]) in ([4, 3, 3], [3, 4, 3], [3, 3, 4])
    shares = apportion(10_264, [random.Random(n).random() + 0.1 for n in range(990)])
    assert sum(shares) == 10_264 and min(shares) >= 0
