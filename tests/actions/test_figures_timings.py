"""Time to police response and to close on the figures pages, their downloads and the pack:
the same numbers as GET /api/v1/actions, scoped like every other figure."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import UTC, date, datetime

from icv.actions import workflow
from icv.actions.models import Category
from icv.extensions import db
from icv.figures.action_timing import flat_rows, timings_for
from icv.models import Role
from tests.actions.test_api import answer, file_reports
from tests.actions.test_pack import signed_in

YEAR = "/figures/?year=2019&quarter=year"


def timing_table(page: str, by: str) -> dict[str, list[str]]:
    """{row heading: [responses, average to response, closed, average to close]}"""
    table = re.search(rf'<table[^>]*id="timings-by-{by}".*?</table>', page, re.S)
    assert table, f"no timings-by-{by} table"
    rows = {}
    for row in re.findall(r"<tr class=\"govuk-table__row\">(.*?)</tr>", table.group(0), re.S):
        heading = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if heading:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            rows[html.unescape(heading.group(1).strip())] = [cell.strip() for cell in cells]
    return rows


def answer_and_close(scheme, actions) -> None:
    """North: the bell answered after 10 days and closed after 20, the allegation answered
    after 4 days and still open. South's bell is never answered."""
    coordinator = db.session.merge(scheme.coordinator)
    bell, allegation = (
        db.session.merge(actions[c]) for c in (Category.SUITE_CONDITION, Category.ALLEGATION)
    )
    workflow.record_response(bell, coordinator, "Repaired", date(2019, 6, 11), "Sgt Cole")
    workflow.close(bell, coordinator, today=date(2019, 6, 21))
    workflow.record_response(
        allegation, coordinator, "Referred to PSD", date(2019, 6, 5), "Insp Lee"
    )
    db.session.commit()


def test_the_figures_page_shows_days_to_response_and_close_by_category_and_suite(
    app, app_ctx, scheme
):
    answer_and_close(scheme, file_reports(app, scheme))
    page = signed_in(app, scheme.analyst).get(YEAR).get_data(as_text=True)

    by_category = timing_table(page, "category")
    assert by_category["Suite condition"] == ["1", "10", "1", "20"]
    assert by_category["Allegation about treatment"] == ["1", "4", "0", "–"]
    assert by_category["All categories"] == ["2", "7", "1", "20"]
    by_suite = timing_table(page, "suite")
    assert by_suite["Northtown"] == ["2", "7", "1", "20"]
    assert "Southtown" not in by_suite  # raised but never answered: nothing to time yet

    expected = timings_for(date(2019, 4, 1), date(2020, 3, 31))
    assert expected["time_to_response"]["overall"]["mean_days"] == 7
    _, body = answer(app, scheme.analyst, "?from=2019-04-01&to=2020-03-31")
    assert body["timings"] == expected  # the API's numbers are the page's


def test_the_polices_own_answer_times_the_response_and_the_closing(app, app_ctx, scheme, make_user):
    """Issue 17: the bell is answered by the police on 8 June, saying it was done on 7 June;
    the coordinator closes it on 21 June. Response: 7 days; closing: 6, the police's day."""
    actions = file_reports(app, scheme)
    inspector = make_user(Role.POLICE, name="Inspector Patel", police_suites=[scheme.suite])
    bell = db.session.merge(actions[Category.SUITE_CONDITION])
    answered = datetime(2019, 6, 8, 10, tzinfo=UTC)
    workflow.police_answer(bell, inspector, "Repaired", "New bell", date(2019, 6, 7), at=answered)
    workflow.close(bell, db.session.merge(scheme.coordinator), today=date(2019, 6, 21))
    db.session.commit()

    page = signed_in(app, scheme.analyst).get(YEAR).get_data(as_text=True)
    assert timing_table(page, "category")["Suite condition"] == ["1", "7", "1", "6"]


def test_downloads_and_the_pack_give_the_same_timings(app, app_ctx, scheme):
    answer_and_close(scheme, file_reports(app, scheme))
    client = signed_in(app, scheme.coordinator)
    download = client.get("/figures/export.csv?year=2019&quarter=year&table=action_timings")
    assert download.status_code == 200
    rows = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    expected = flat_rows(timings_for(date(2019, 4, 1), date(2020, 3, 31), [scheme.panel.id]))
    assert [row["name"] for row in rows] == [row["name"] for row in expected]
    bell = next(r for r in rows if r["measure"] == "time_to_close" and r["group"] == "category")
    assert (bell["name"], bell["count"], bell["mean_days"], bell["max_days"]) == (
        "Suite condition", "1", "20", "20",
    )  # fmt: skip

    pack = client.get(f"/actions/pack?panel_id={scheme.panel.id}&quarter=2019-20+Q1")
    assert timing_table(pack.get_data(as_text=True), "category")["Suite condition"] == [
        "1", "10", "1", "20",
    ]  # fmt: skip


def test_a_coordinator_sees_only_their_panels_timings(app, app_ctx, scheme):
    answer_and_close(scheme, file_reports(app, scheme))
    page = signed_in(app, scheme.other_coordinator).get(YEAR).get_data(as_text=True)
    assert 'id="action-timings"' in page
    assert "timings-by-category" not in page  # South has no answered or closed action
    assert "No police responses or closed actions yet" in page
    north = signed_in(app, scheme.other_coordinator).get(
        f"/figures/export.csv?year=2019&quarter=year&table=action_timings&panel={scheme.panel.id}"
    )
    assert north.status_code == 404
