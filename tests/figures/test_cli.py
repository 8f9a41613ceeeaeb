"""`flask report annual`: the same figures as a table, as JSON like the API, or as CSV."""

from __future__ import annotations

import csv
import io
import json

from tests.figures.conftest import file_report


def _filed(scheme):
    file_report(scheme, scheme.suite_a1, "2019-06-01 21:10", ["interviewed", "declined"])
    file_report(scheme, scheme.suite_b, "2020-01-09 14:00", [("unavailable", "asleep")] * 2)


def test_report_annual_as_a_table(runner, scheme):
    _filed(scheme)
    result = runner.invoke(args=["report", "annual", "--year", "2019-20"])
    assert result.exit_code == 0, result.output
    assert "Figures for 2019-20: 1 April 2019 to 31 March 2020" in result.output
    line = next(line for line in result.output.splitlines() if line.startswith("Interviewed "))
    assert line.split()[-2:] == ["1", "(25.0%)"]
    assert "2019-20 Q4" in result.output


def test_report_annual_as_json_is_the_apis_shape(runner, scheme):
    _filed(scheme)
    result = runner.invoke(args=["report", "annual", "--year", "2019-20", "--format", "json"])
    body = json.loads(result.output)
    assert (body["financial_year"], body["visits_made"], body["detainees_in_custody"]) == (
        "2019-20", 2, 4,
    )  # fmt: skip
    assert body["unavailable_by_reason"]["asleep"] == 2
    assert [q["visits_made"] for q in body["by_quarter"]] == [1, 0, 0, 1]


def test_report_annual_as_csv_has_the_total_and_every_breakdown(runner, scheme):
    _filed(scheme)
    result = runner.invoke(args=["report", "annual", "--year", "2019/20", "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.output)))
    levels = [row["level"] for row in rows]
    assert levels == ["total"] + ["quarter"] * 4 + ["panel"] * 2 + ["suite"] * 3
    assert rows[0]["detainees_in_custody"] == "4"


def test_report_annual_refuses_a_year_it_cannot_read(runner, app_ctx):
    result = runner.invoke(args=["report", "annual", "--year", "2019"])
    assert result.exit_code == 2
    assert "Give the financial year like 2019-20" in result.output
