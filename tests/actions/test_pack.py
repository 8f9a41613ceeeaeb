"""The quarterly panel meeting pack: the figures pages' numbers, actions with responses,
positive findings; CSV and XLSX; analysts any panel, coordinators their own."""

from __future__ import annotations

import csv
import html
import io
import re
from datetime import date

import sqlalchemy as sa
from openpyxl import load_workbook

from icv.actions import workflow
from icv.actions.models import Action, Category
from icv.extensions import db
from icv.figures.aggregate import figures_for, heat_map
from icv.figures.measures import percent
from icv.figures.periods import parse_period
from icv.figures.queries import Scope
from icv.rota.models import ScheduledVisit, VisitStatus
from tests.actions.helpers import api_for, concern_body, new_uuid, plain_body
from tests.conftest import sign_in

Q1 = "2019-20 Q1"
PACK = "/actions/pack?panel_id={panel}&quarter=2019-20+Q1"


def quarter_of_visits(app, scheme) -> dict[str, Action]:
    """Q1 2019-20 for North: a rota visit made with concerns, one missed, an ad-hoc visit at
    the other suite, a night visit; and a South visit that must not show."""
    made, missed = (
        ScheduledVisit(suite=scheme.suite, window_starts_on=start, window_ends_on=end,
                       visitors=[scheme.alice, scheme.bob], status=status)
        for start, end, status in ((date(2019, 5, 27), date(2019, 6, 2), VisitStatus.SCHEDULED),
                                   (date(2019, 6, 10), date(2019, 6, 16), VisitStatus.MISSED))
    )  # fmt: skip
    db.session.add_all([made, missed])
    db.session.commit()
    alice = api_for(app, scheme.alice)
    body = concern_body(scheme.suite, [scheme.alice, scheme.bob], scheduled_visit_id=made.id,
                        positive_findings="Kitchen fully stocked; staff courteous")  # fmt: skip
    assert alice.put(new_uuid(), body).status_code == 201
    night = plain_body(scheme.second_suite, [scheme.alice, scheme.carol],
                       when="2019-04-14T02:15:00+01:00", positive_findings="")  # fmt: skip
    assert alice.put(new_uuid(), night).status_code == 201
    south = plain_body(scheme.other_suite, [scheme.outsider, scheme.outsider_two])
    assert api_for(app, scheme.outsider).put(new_uuid(), south).status_code == 201
    actions = db.session.scalars(sa.select(Action).where(Action.panel_id == scheme.panel.id))
    return {action.category: action for action in actions}


def signed_in(app, user):
    client = app.test_client()
    sign_in(client, user)
    return client


def figure_cells(text: str) -> dict[tuple[str, str], str]:
    found = re.findall(r'data-measure="(\w+)" data-column="([^"]+)">([^<]*)<', text)
    return {(measure, html.unescape(column)): value for measure, column, value in found}


def test_the_pack_shows_the_figures_pages_numbers_for_the_panel(app, scheme):
    quarter_of_visits(app, scheme)
    text = signed_in(app, scheme.coordinator).get(PACK.format(panel=scheme.panel.id))
    assert text.status_code == 200
    cells = figure_cells(text.get_data(as_text=True))

    figures = figures_for(parse_period(Q1), Scope(panel_ids=frozenset({scheme.panel.id})),
                          split_by="whole")  # fmt: skip
    expected = {"Panel total": figures.total, **{s.name: row for s, row in figures.by_suite()}}
    assert {column for _, column in cells} == set(expected) == {"Northtown", "Northgate",
                                                                "Panel total"}  # fmt: skip
    for (measure, column), shown in cells.items():
        value = expected[column][measure]
        assert shown == (percent(value) if measure.endswith("_rate") else str(value))
    # And the numbers themselves: two rota visits scheduled, one made, plus one ad hoc.
    assert cells[("visits_scheduled", "Panel total")] == "2"
    assert cells[("visits_made", "Panel total")] == "2"
    assert cells[("detainees_in_custody", "Panel total")] == "6"
    assert cells[("detainees_interviewed", "Northtown")] == "2"


def test_the_pack_equals_what_the_figures_pages_serve_for_that_panel_and_quarter(app, scheme):
    """The figures download equals the page (tests/figures/test_same_numbers_everywhere.py)."""
    quarter_of_visits(app, scheme)
    client = signed_in(app, scheme.coordinator)
    cells = figure_cells(client.get(PACK.format(panel=scheme.panel.id)).get_data(as_text=True))
    served = client.get(f"/figures/export.csv?year=2019&quarter=Q1&panel={scheme.panel.id}"
                        "&table=summary")  # fmt: skip
    assert served.status_code == 200
    rows = list(csv.DictReader(io.StringIO(served.get_data(as_text=True))))
    columns = {row["suite"]: row for row in rows if row["level"] == "suite"}
    columns["Panel total"] = next(row for row in rows if row["level"] == "total")
    assert {column for _, column in cells} == set(columns)
    for (measure, column), shown in cells.items():
        value = columns[column][measure]
        if measure.endswith("_rate"):
            value = percent(float(value)) if value else "–"
        assert shown == value, (measure, column)


def test_the_day_and_time_spread_matches_the_figures_heat_map(app, scheme):
    quarter_of_visits(app, scheme)
    text = signed_in(app, scheme.analyst).get(PACK.format(panel=scheme.panel.id))
    shown = {
        (int(day), band): int(n)
        for day, band, n in re.findall(
            r'data-day="(\d)" data-band="(\w+)">(\d+)<', text.get_data(as_text=True)
        )
    }
    heat = heat_map(parse_period(Q1), Scope(panel_ids=frozenset({scheme.panel.id})))
    assert {key: n for key, n in shown.items() if n} == {k: v["visits"] for k, v in heat.items()}
    assert shown[(5, "evening")] == 1  # Saturday 1 June, 21:10
    assert shown[(6, "night")] == 1  # Sunday 14 April, 02:15 BST
    assert len(shown) == 28


def test_the_pack_lists_actions_with_responses_and_positive_findings(app, app_ctx, scheme):
    actions = quarter_of_visits(app, scheme)
    by = db.session.merge(scheme.coordinator)
    allegation = db.session.merge(actions[Category.ALLEGATION])
    workflow.record_response(allegation, by, "CCTV reviewed; officer spoken to",
                             date(2019, 6, 5), "Inspector Patel")  # fmt: skip
    workflow.close(allegation, by, "", today=date(2019, 6, 20))
    db.session.commit()

    text = signed_in(app, scheme.coordinator).get(PACK.format(panel=scheme.panel.id))
    page = html.unescape(text.get_data(as_text=True))

    assert "CCTV reviewed; officer spoken to" in page and "Inspector Patel" in page
    assert re.search(r"Opened this quarter\s*</dt>\s*<dd[^>]*>\s*3", page)
    assert re.search(r"Closed this quarter\s*</dt>\s*<dd[^>]*>\s*1", page)
    # On 30 June the detainee issue (due 15 June) was overdue; the bell (due 29th) too.
    assert re.search(r"Overdue on 30 June 2019\s*</dt>\s*<dd[^>]*>\s*2", page)
    assert "Kitchen fully stocked; staff courteous" in page
    assert "NT/1234/19" not in page  # the pack is printed: never a custody number
    assert "Southtown" not in page


def test_who_may_make_which_pack(app, scheme):
    quarter_of_visits(app, scheme)
    north, south = PACK.format(panel=scheme.panel.id), PACK.format(panel=scheme.other_panel.id)
    assert signed_in(app, scheme.analyst).get(south).status_code == 200
    assert signed_in(app, scheme.admin).get(south).status_code == 200
    coordinator = signed_in(app, scheme.coordinator)
    assert coordinator.get(north).status_code == 200
    assert coordinator.get(south).status_code == 404
    assert (
        coordinator.get("/actions/pack.csv?panel_id=999999&quarter=2019-20+Q1").status_code == 404
    )
    assert signed_in(app, scheme.alice).get(north).status_code == 403


def test_a_quarter_that_cannot_be_read_is_explained(app, scheme):
    quarter_of_visits(app, scheme)
    coordinator = signed_in(app, scheme.coordinator)
    text = coordinator.get(f"/actions/pack?panel_id={scheme.panel.id}&quarter=summer")
    page = text.get_data(as_text=True)
    assert "Choose a quarter, like 2019-20 Q1" in page and "There is a problem" in page
    chooser = coordinator.get("/actions/pack").get_data(as_text=True)
    assert '<option value="2019-20 Q1">' in chooser
    assert "selected" in chooser.split(f'value="{scheme.panel.id}"')[1][:20]  # their only panel


def test_csv_and_xlsx_hold_the_same_figures_and_safe_text(app, scheme):
    actions = quarter_of_visits(app, scheme)
    with app.app_context():
        action = db.session.get(Action, actions[Category.SUITE_CONDITION].id)
        action.summary = '=HYPERLINK("http://evil.example")'
        db.session.commit()
    client = signed_in(app, scheme.coordinator)
    query = f"panel_id={scheme.panel.id}&quarter=2019-20+Q1"

    answer = client.get(f"/actions/pack.csv?{query}")
    assert answer.status_code == 200
    assert answer.headers.get_all("Content-Type") == ["text/csv; charset=utf-8"]
    assert "attachment" in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True))))
    made = next(row for row in rows if row and row[0] == "Visits made")
    assert made == ["Visits made", "1", "1", "2"]  # Northgate, Northtown, total
    assert any(row and row[0] == "Opened" for row in rows)
    assert any("'=HYPERLINK" in cell for row in rows for cell in row)

    book = load_workbook(io.BytesIO(client.get(f"/actions/pack.xlsx?{query}").get_data()))
    assert book.sheetnames == ["Figures", "People in custody", "Day and time", "Actions",
                               "Timings", "Positive findings", "Published issues"]  # fmt: skip
    figures = {row[0]: row[1:] for row in book["Figures"].iter_rows(min_row=4, values_only=True)}
    assert figures["Visits made"] == (1, 1, 2)
    cells = [c for row in book["Actions"].iter_rows() for c in row if c.value]
    formula = next(c for c in cells if str(c.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"  # text, never a formula


def test_the_pack_shows_format_2_breakdowns_with_small_counts_suppressed(app, scheme):
    """The pack is printed and shared: counts from 1 to 4 are "<5" (docs/figures.md)."""
    quarter_of_visits(app, scheme)  # format 1: its people count as sex "not recorded"
    men = [{"outcome": "interviewed", "sex": "male", "strip_searched": False}] * 5
    woman = {"outcome": "declined", "sex": "female", "strip_searched": True,
             "strip_searched_note": "Authorised by an inspector"}  # fmt: skip
    body = plain_body(scheme.suite, [scheme.alice, scheme.bob], when="2019-05-02T10:00:00+01:00",
                      format_version=2, detainees=[*men, woman],
                      detainees_in_custody=6)  # fmt: skip
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    client = signed_in(app, scheme.coordinator)
    page = client.get(PACK.format(panel=scheme.panel.id)).get_data(as_text=True)
    people = page[page.index('id="people"') : page.index('id="spread"')]
    assert re.search(r"Sex: Female</th>\s*<td[^>]*>\s*&lt;5\s*<", people), people
    # The lone small cell hides the smallest other (5 men; the 6 not recorded are shown).
    assert re.search(r"Sex: Male</th>\s*<td[^>]*>\s*\[c\]\s*<", people)
    assert re.search(r"Sex: Not recorded</th>\s*<td[^>]*>\s*6\s*<", people)
    assert re.search(r"People strip-searched</th>\s*<td[^>]*>\s*&lt;5\s*<", people)
    query = f"panel_id={scheme.panel.id}&quarter=2019-20+Q1"
    rows = list(csv.reader(io.StringIO(client.get(f"/actions/pack.csv?{query}").get_data(True))))
    assert ["by_sex", "female", "Sex: Female", "<5", "<5", "0"] in rows
    assert ["strip_searches", "", "People strip-searched", "<5", "", ""] in rows
