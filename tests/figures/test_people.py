"""Format 2's breakdowns of people in custody (issue 15): exact counts from a small set of
hand-built reports, the suppression rule where figures are published (the stats API, CSV,
XLSX), exact numbers on the page, and format-1 reports counting as "not recorded"."""

from __future__ import annotations

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from icv.figures.aggregate import figures_for
from icv.figures.measures import person_breakdowns
from icv.figures.people import suppressed
from icv.figures.periods import parse_year
from tests.conftest import sign_in
from tests.figures.conftest import file_report
from tests.figures.test_api import schema_errors

ADULT_MAN = {"outcome": "interviewed", "sex": "male", "age_band": "adult",
             "appropriate_adult": "not_needed", "interpreter": "not_needed"}  # fmt: skip
GIRL = {"outcome": "declined", "sex": "female", "age_band": "under_16",
        "appropriate_adult": "needed_present", "interpreter": "needed_provided",
        "language": "Polish", "mental_health_concern": True, "strip_searched": True,
        "strip_searched_note": "Authorised by an inspector"}  # fmt: skip
EXAMINED = {"outcome": "interviewed", "sex": "male", "age_band": "adult",
            "force_reported": True, "force_reported_note": "Handcuffed on arrest",
            "custody_record_examined": True, "custody_record_consent": True,
            "custody_record_findings": {"risk_assessment": "concern", "rights_given": "ok"},
            "custody_record_note": "No risk assessment"}  # fmt: skip
ASLEEP = {"outcome": "unavailable", "unavailable_reason": "asleep"}  # nothing else recorded


@pytest.fixture
def filed(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", [ADULT_MAN] * 6 + [GIRL],
                format_version=2)  # fmt: skip
    file_report(scheme, scheme.suite_b, "2019-10-05 03:00", [EXAMINED, ASLEEP], format_version=2)
    file_report(scheme, scheme.suite_a2, "2020-01-09 14:00", ["interviewed"])  # format 1
    return scheme


def cells(in_custody, offered, interviewed) -> dict:
    return {"in_custody": in_custody, "offered": offered, "interviewed": interviewed}


# People with no sex or age band recorded: the one asleep, and the format-1 report's person.
EXACT = {
    "by_sex": {"female": cells(1, 1, 0), "male": cells(7, 7, 7), "other": cells(0, 0, 0),
               "not_recorded": cells(2, 0, 1)},
    "by_age_band": {"under_16": cells(1, 1, 0), "16_17": cells(0, 0, 0),
                    "adult": cells(7, 7, 7), "not_recorded": cells(2, 0, 1)},
    "offered_visit": 8,
    "appropriate_adult": {"not_needed": 6, "needed_present": 1, "needed_not_present": 0,
                          "not_known": 0},
    "interpreter": {"not_needed": 6, "needed_provided": 1, "needed_not_provided": 0,
                    "not_known": 0},
    "mental_health_concerns": 1,
    "strip_searches": 1,
    "safety_clothing": 0,
    "force_reported": 1,
    "custody_records_examined": 1,
    "custody_record_concerns": {"risk_assessment": 1, "rights_given": 0, "reviews_on_time": 0,
                                "observation_level": 0, "meals_drinks": 0, "legal_advice": 0},
}  # fmt: skip
# The same, published: 1 to 4 are "<5"; a breakdown's lone small cell hides its smallest
# other non-zero cell ("[c]") so it cannot be worked out from the total.
PUBLISHED = {
    "by_sex": {"female": cells("<5", "<5", 0), "male": cells(7, "[c]", "[c]"),
               "other": cells(0, 0, 0), "not_recorded": cells("<5", 0, "<5")},
    "by_age_band": {"under_16": cells("<5", "<5", 0), "16_17": cells(0, 0, 0),
                    "adult": cells(7, "[c]", "[c]"), "not_recorded": cells("<5", 0, "<5")},
    "offered_visit": 8,
    "appropriate_adult": {"not_needed": "[c]", "needed_present": "<5", "needed_not_present": 0,
                          "not_known": 0},
    "interpreter": {"not_needed": "[c]", "needed_provided": "<5", "needed_not_provided": 0,
                    "not_known": 0},
    "mental_health_concerns": "<5",
    "strip_searches": "<5",
    "safety_clothing": 0,
    "force_reported": "<5",
    "custody_records_examined": "<5",
    "custody_record_concerns": {**EXACT["custody_record_concerns"], "risk_assessment": "<5"},
}  # fmt: skip


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def test_the_figures_count_format_2_answers_exactly(app_ctx, filed):
    total = figures_for(parse_year("2019-20")).total
    assert person_breakdowns(total) == EXACT
    assert total["detainees_in_custody"] == 10  # sex and age band add up to it
    assert sum(cell["in_custody"] for cell in EXACT["by_sex"].values()) == 10


def test_the_stats_api_publishes_them_suppressed(app, filed):
    client = signed_in(app, filed.analyst)
    annual = client.get("/api/v1/stats/annual?year=2019-20").get_json()
    assert {key: annual[key] for key in PUBLISHED} == PUBLISHED
    assert schema_errors("StatsAnnual", annual) == []
    assert all("by_sex" not in row for row in annual["by_suite"])  # totals only
    stats = client.get("/api/v1/stats?from=2019-04-01&to=2020-03-31&group_by=suite").get_json()
    assert {key: stats["totals"][key] for key in PUBLISHED} == PUBLISHED
    assert schema_errors("StatsGrouped", stats) == []


@pytest.mark.parametrize(
    ("counts", "shown"),
    [
        ({"a": 3, "b": 10, "c": 20}, {"a": "<5", "b": "[c]", "c": 20}),  # lone small: secondary
        ({"a": 3, "b": 4, "c": 20}, {"a": "<5", "b": "<5", "c": 20}),  # two small hide each other
        ({"a": 0, "b": 5, "c": 1}, {"a": 0, "b": "[c]", "c": "<5"}),  # 0 and 5 are shown as such
        ({"a": 2, "b": 0}, {"a": "<5", "b": 0}),  # nothing else to hide
        ({"a": 5, "b": 6}, {"a": 5, "b": 6}),
    ],
)
def test_the_suppression_rule(counts, shown):
    assert suppressed(counts) == shown


def test_downloads_publish_them_suppressed_and_the_page_shows_them_exactly(app, filed):
    client = signed_in(app, filed.analyst)
    text = client.get("/figures/export.csv?year=2019&table=people").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0]) == ["breakdown", "code", "label", "people", "offered", "interviewed"]
    by_key = {(row["breakdown"], row["code"]): row for row in rows}
    assert by_key[("by_sex", "male")] == {
        "breakdown": "by_sex", "code": "male", "label": "Sex: Male", "people": "7",
        "offered": "[c]", "interviewed": "[c]"}  # fmt: skip
    assert by_key[("strip_searches", "")]["people"] == "<5"
    assert by_key[("custody_record_concerns", "risk_assessment")]["people"] == "<5"
    book = load_workbook(io.BytesIO(client.get("/figures/export.xlsx?year=2019").data))
    sheet = [list(row) for row in book["people"].iter_rows(values_only=True)]
    assert sheet[0] == ["breakdown", "code", "label", "people", "offered", "interviewed"]
    assert ["by_sex", "female", "Sex: Female", "<5", "<5", 0] in sheet
    page = client.get("/figures/?year=2019").get_data(as_text=True)
    assert "People in custody by sex, " in page and "Custody records examined: checks" in page
    female = page[page.index("People in custody by sex, ") :].split("Female", 1)[1]
    assert [int(n) for n in re.findall(r">\s*(\d+)\s*<", female)[:3]] == [1, 1, 0]  # exact
