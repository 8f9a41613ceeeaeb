"""Property-based: over random data, the page, API, CSV and XLSX show the same numbers."""

from __future__ import annotations

import csv
import io
import re

from hypothesis import HealthCheck, given, settings
from openpyxl import load_workbook

from icv.figures.shapes import ROW_FIELDS
from tests.conftest import sign_in
from tests.figures.test_properties import _build, _wipe, reports, unreported

QUERY = "year=2019&quarter=year"
COMPARED = [key for key in ROW_FIELDS if not key.endswith("_rate")]


def _page(client) -> dict:
    html = client.get(f"/figures/?{QUERY}").get_data(as_text=True)
    found = re.findall(r'data-measure="(\w+)" data-value="([^"]*)"', html)
    return {key: int(value) for key, value in found if key in COMPARED}


def _csv(client, table: str) -> list[dict]:
    text = client.get(f"/figures/export.csv?{QUERY}&table={table}").get_data(as_text=True)
    return list(csv.DictReader(io.StringIO(text)))


def _xlsx_headline(client) -> dict:
    book = load_workbook(io.BytesIO(client.get(f"/figures/export.xlsx?{QUERY}").data))
    rows = list(book["headline"].iter_rows(values_only=True))[1:]
    return {measure: value for measure, _label, value in rows if measure in COMPARED}


def _ints(row: dict, keys) -> dict:
    return {key: int(row[key]) for key in keys}


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(report_specs=reports, unreported_specs=unreported)
def test_page_api_csv_and_xlsx_agree(app, app_ctx, scheme, report_specs, unreported_specs):
    _wipe()
    _build(scheme, report_specs, unreported_specs)
    client = app.test_client()
    sign_in(client, scheme.analyst)
    api = client.get("/api/v1/stats/annual?year=2019-20").get_json()

    page = _page(client)
    assert page == {key: api[key] for key in page}
    assert len(page) >= 15
    headline = {row["measure"]: row["value"] for row in _csv(client, "headline")}
    assert {key: int(headline[key]) for key in page} == page
    assert {key: value for key, value in _xlsx_headline(client).items() if key in page} == page

    summary = _csv(client, "summary")
    by_level = {level: [row for row in summary if row["level"] == level]
                for level in ("total", "quarter", "panel", "suite")}  # fmt: skip
    assert _ints(by_level["total"][0], COMPARED) == {key: api[key] for key in COMPARED}
    for level, key in (("quarter", "by_quarter"), ("panel", "by_panel"), ("suite", "by_suite")):
        assert [_ints(row, COMPARED) for row in by_level[level]] == [
            {field: group[field] for field in COMPARED} for group in api[key]
        ]
    breakdown = _csv(client, "breakdown")
    for field in ("visits_made", "visits_scheduled", "detainees_in_custody"):
        assert sum(int(row[field]) for row in breakdown) == api[field]
