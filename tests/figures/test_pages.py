"""The figures page and downloads over HTTP: content, choices, errors and scope."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

import pytest
from openpyxl import load_workbook

from icv.extensions import db
from icv.models import Suite
from icv.volunteering.time_given import record_time
from tests.conftest import sign_in
from tests.figures.conftest import file_report


@pytest.fixture
def filed(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", ["interviewed", "declined"])
    file_report(scheme, scheme.suite_a2, "2019-10-05 03:00", [("unavailable", "asleep")])
    file_report(scheme, scheme.suite_b, "2020-01-09 14:00", ["interviewed"] * 4)
    return scheme


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def headline(html: str) -> dict:
    return {
        key: value for key, value in re.findall(r'data-measure="(\w+)" data-value="([^"]*)"', html)
    }


def test_analyst_opens_the_latest_year_with_figures(app, filed):
    response = client_for(app, filed.analyst).get("/figures/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Figures for 2019-20" in html
    numbers = headline(html)
    assert (numbers["visits_made"], numbers["detainees_in_custody"]) == ("3", "7")
    assert numbers["completion_rate"] == ""  # no rota visits: nothing to divide, not 100%
    assert 'data-measure="completion_rate" data-value="">–<' in html
    assert '<svg class="app-chart__svg" role="img"' in html
    for heading in ("By quarter", "By panel", "By custody suite", "Why people were unavailable",
                    "Issues by category", "When visits were made", "Year on year"):  # fmt: skip
        assert heading in html
    assert "<script>" not in html  # charts are drawn on the server


def test_a_quarter_is_broken_down_by_month(app, filed):
    html = client_for(app, filed.analyst).get("/figures/?year=2019&quarter=Q2").get_data(True)
    assert "Figures for 2019-20 Q2" in html and "By month" in html
    assert headline(html)["visits_made"] == "0"


def test_a_panel_or_suite_can_be_chosen(app, filed):
    client = client_for(app, filed.analyst)
    html = client.get(f"/figures/?year=2019&quarter=year&panel={filed.panel_b.id}").get_data(True)
    assert headline(html)["detainees_in_custody"] == "4"
    html = client.get(f"/figures/?year=2019&quarter=year&suite={filed.suite_a2.id}").get_data(True)
    assert headline(html)["detainees_in_custody"] == "1"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("year=1999&quarter=year", "Choose a financial year from the list"),
        ("year=2019&quarter=Q7", "Choose the whole year or a quarter"),
        ("year=2019&quarter=year&panel=abc", "Choose a panel from the list"),
    ],
)
def test_bad_choices_get_an_error_summary_and_keep_the_rest(app, filed, query, message):
    response = client_for(app, filed.analyst).get(f"/figures/?{query}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "govuk-error-summary" in html and message in html
    assert "Headline figures" not in html
    if "year=2019" in query:  # the good choices are kept
        assert re.search(r'<option value="2019" selected', html)


def test_coordinator_sees_their_panel_only(app, filed):
    html = client_for(app, filed.coordinator).get("/figures/").get_data(as_text=True)
    assert headline(html)["detainees_in_custody"] == "3"
    assert "Bravo" not in html and "Panel B" not in html


@pytest.mark.parametrize("param", ["panel", "suite"])
def test_coordinator_guessing_another_panels_ids_gets_404(app, filed, param):
    client = client_for(app, filed.coordinator)
    other = filed.panel_b.id if param == "panel" else filed.suite_b.id
    for url in (f"/figures/?{param}={other}", f"/figures/export.csv?table=visits&{param}={other}",
                f"/figures/export.xlsx?{param}={other}", f"/figures/?{param}=987654"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Bravo" not in response.data


def test_coordinator_downloads_hold_only_their_panels(app, filed):
    client = client_for(app, filed.coordinator)
    for table in ("summary", "breakdown", "visits"):
        text = client.get(f"/figures/export.csv?table={table}").get_data(as_text=True)
        assert "Bravo" not in text and "Panel B" not in text
    book = load_workbook(io.BytesIO(client.get("/figures/export.xlsx").data), read_only=True)
    cells = {str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
             for c in row}  # fmt: skip
    assert "Bravo" not in cells and "Panel B" not in cells


def test_csv_downloads_one_table_each(app, filed):
    client = client_for(app, filed.analyst)
    response = client.get("/figures/export.csv?year=2019&quarter=year&table=breakdown")
    assert response.headers.get_all("Content-Type") == ["text/csv; charset=utf-8"]
    assert 'filename="icv-figures-2019-20-breakdown.csv"' in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 4 * 3  # quarters x suites
    assert sum(int(row["detainees_in_custody"]) for row in rows) == 7
    visits = client.get("/figures/export.csv?year=2019&table=visits").get_data(as_text=True)
    header = visits.splitlines()[0].split(",")
    assert "custody_number" not in header and "name" not in " ".join(header)
    assert len(visits.splitlines()) == 1 + 3


def test_unknown_table_goes_back_to_the_page(app, filed):
    response = client_for(app, filed.analyst).get("/figures/export.csv?table=secrets")
    assert response.status_code == 302 and "/figures/" in response.headers["Location"]


def test_volunteers_may_not_see_figures(app, filed):
    assert client_for(app, filed.pair_a[0]).get("/figures/").status_code == 403


def test_visit_level_rows_count_each_visits_people_in_local_time(app, filed):
    client = client_for(app, filed.analyst)
    text = client.get("/figures/export.csv?year=2019&quarter=year&table=visits").get_data(True)
    rows = list(csv.DictReader(io.StringIO(text)))
    first = rows[0]
    assert (first["date"], first["weekday"], first["time_band"]) == ("2019-06-01", "Saturday",
                                                                     "evening")  # fmt: skip
    assert (first["panel"], first["suite"], first["on_rota"]) == ("Panel A", "Alpha One", "no")
    assert (first["detainees_interviewed"], first["detainees_declined"]) == ("1", "1")
    night = rows[1]  # 03:00 on 5 October 2019, still British Summer Time
    assert (night["date"], night["time_band"], night["unavailable_asleep"]) == (
        "2019-10-05", "night", "1",
    )  # fmt: skip
    assert [row["quarter"] for row in rows] == ["2019-20 Q1", "2019-20 Q3", "2019-20 Q4"]


def test_text_that_looks_like_a_formula_never_runs_in_a_download(app, filed):
    """icv.spreadsheets: an apostrophe in a CSV; in an XLSX the text itself, in a text cell."""
    formula = '=HYPERLINK("http://evil.example")'
    with app.app_context():
        db.session.get(Suite, filed.suite_a1.id).name = formula
        db.session.commit()
    client = client_for(app, filed.analyst)
    text = client.get("/figures/export.csv?year=2019&table=breakdown").get_data(as_text=True)
    assert {row["suite"] for row in csv.DictReader(io.StringIO(text))} >= {"'" + formula}
    book = load_workbook(io.BytesIO(client.get("/figures/export.xlsx?year=2019").data))
    cells = [cell for row in book["breakdown"].iter_rows() for cell in row if cell.value == formula]
    assert cells and all(cell.data_type == "s" for cell in cells)


def hours_rows(client, url: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(client.get(url).get_data(as_text=True))))


def test_hours_given_on_the_page_and_downloads_named_only_for_coordinators(app, filed):
    volunteer = filed.pair_a[0]
    record_time(volunteer, kind="meeting", given_on=date(2019, 11, 4), minutes=90, note="",
                by=filed.coordinator)  # fmt: skip
    db.session.commit()
    coordinator, analyst = client_for(app, filed.coordinator), client_for(app, filed.analyst)
    year = "year=2019&quarter=year"

    html = coordinator.get(f"/figures/?{year}").get_data(as_text=True)
    assert "Hours volunteers gave" in html and "Hours each volunteer gave" in html
    assert volunteer.name in html and "9.5" in html  # panel A: 2 visits x 2 visitors x 2h + 1.5
    rows = hours_rows(coordinator, f"/figures/export.csv?{year}&table=hours")
    by_level = {(row["level"], row["period"], row["volunteer"]): row for row in rows}
    assert by_level[("total", "2019-20", "")]["total"] == "9.5"
    assert by_level[("quarter", "2019-20 Q3", "")]["meetings"] == "1.5"
    assert by_level[("volunteer", "2019-20", volunteer.name)]["total"] == "5.5"

    html = analyst.get(f"/figures/?{year}").get_data(as_text=True)
    assert "Hours volunteers gave" in html and "Hours each volunteer gave" not in html
    assert volunteer.name not in html
    rows = hours_rows(analyst, f"/figures/export.csv?{year}&table=hours")
    assert {row["level"] for row in rows} == {"total", "quarter", "panel"}
    book = load_workbook(io.BytesIO(analyst.get(f"/figures/export.xlsx?{year}").data))
    sheet = book["hours"]
    assert [cell.value for cell in sheet[1]] == ["level", "period", "panel", "volunteer", "total",
                                                 "visits", "meetings", "training"]  # fmt: skip
    assert [cell.value for cell in sheet[2]][4] == 13.5  # both panels: 12 on visits + 1.5
