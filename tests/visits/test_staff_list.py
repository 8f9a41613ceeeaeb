"""The staff list of visit reports: filters, paging and flags, only ever the user's panels."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from icv.models import Role
from icv.visits.listing import PAGE_SIZE
from icv.visits.reports import receive_report
from tests.conftest import sign_in
from tests.statements import reads, statements
from tests.sync.factory import new_uuid, report_body

FROM_2_OCTOBER = "arrived_from=2&arrived_from=10&arrived_from=2026"
HEATING = {"heating": {"rating": "concern", "note": "Cell 4 cold"}}


def send(suite, pair, when: str, **overrides) -> None:
    body = report_body(suite, pair, arrived_at=when, admitted_at=when, **overrides)
    body["departed_at"] = when.replace("T21:", "T22:")
    assert receive_report(new_uuid(), body, pair[0]).status == 201


@pytest.fixture
def scheme(make_panel, make_suite, make_user):
    north, south = make_panel("North"), make_panel("South")
    pair = [make_user(Role.VOLUNTEER, panel=north), make_user(Role.VOLUNTEER, panel=north)]
    south_pair = [make_user(Role.VOLUNTEER, panel=south), make_user(Role.VOLUNTEER, panel=south)]
    found = SimpleNamespace(
        north=north,
        south=south,
        northtown=make_suite(north, name="Northtown"),
        eastgate=make_suite(north, name="Eastgate"),
        southport=make_suite(south, name="Southport"),
        coordinator=make_user(Role.COORDINATOR, panels=[north]),
        pair=pair,
    )
    send(found.northtown, pair, "2026-11-03T21:10:00+00:00")
    send(found.eastgate, pair, "2026-11-20T21:10:00+00:00", rating="unsatisfactory",
         conditions=HEATING)  # fmt: skip
    send(found.southport, south_pair, "2026-11-21T21:10:00+00:00", conditions=HEATING)
    return found


def listed(client, query: str = "") -> list[str]:
    html = client.get(f"/visits/{query}").get_data(as_text=True)
    return re.findall(r'<tr class="govuk-table__row app-report-row">.*?</tr>', html, re.S)


def test_a_coordinator_filters_their_panels_reports_and_sees_the_flags(client, scheme):
    sign_in(client, scheme.coordinator)

    rows = listed(client)
    assert len(rows) == 2 and "Southport" not in "".join(rows)  # another panel's: never listed
    eastgate, northtown = rows  # newest first
    assert "Eastgate, 20 November 2026 at 21:10" in eastgate
    assert "Concerns" in eastgate and "Not satisfactory" in eastgate
    assert "Concerns" not in northtown and "Not satisfactory" not in northtown

    assert ["Eastgate" in row for row in listed(client, "?concerns=yes")] == [True]
    assert ["Northtown" in row for row in listed(client, "?rating=satisfactory")] == [True]
    assert ["Eastgate" in row for row in listed(client, f"?suite={scheme.eastgate.id}")] == [True]
    november_10_on = "?arrived_from=10&arrived_from=11&arrived_from=2026"
    assert ["Eastgate" in row for row in listed(client, november_10_on)] == [True]
    up_to_3rd = "?arrived_to=3&arrived_to=11&arrived_to=2026"
    assert ["Northtown" in row for row in listed(client, up_to_3rd)] == [True]
    assert len(listed(client, f"?panel={scheme.north.id}")) == 2


def test_another_panel_or_its_suite_is_not_found_and_bad_dates_are_explained(client, scheme):
    sign_in(client, scheme.coordinator)
    assert client.get(f"/visits/?panel={scheme.south.id}").status_code == 404
    assert client.get(f"/visits/?suite={scheme.southport.id}").status_code == 404

    backwards = "?arrived_from=20&arrived_from=11&arrived_from=2026"
    backwards += "&arrived_to=1&arrived_to=11&arrived_to=2026"
    html = client.get(f"/visits/{backwards}").get_data(as_text=True)
    assert "Visits to must be the same as or after visits from" in html
    assert 'value="20"' in html  # what was entered is kept


def test_the_list_pages_through_reports_at_the_same_cost_per_page(client, app, scheme):
    for day in range(1, PAGE_SIZE + 1):  # 27 reports in all for North
        send(scheme.northtown, scheme.pair, f"2026-10-{day:02d}T21:10:00+00:00")
    sign_in(client, scheme.coordinator)

    with statements() as first_page:
        html = client.get(f"/visits/?{FROM_2_OCTOBER}").get_data(as_text=True)
    assert f"Showing 1 to {PAGE_SIZE} of {PAGE_SIZE + 1} reports" in html  # not 1 October
    assert html.count("app-report-row") == PAGE_SIZE
    following = re.search(r'href="(/visits/\?page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    with statements() as second_page:
        html = client.get(following).get_data(as_text=True)
    assert html.count("app-report-row") == 1 and "2 October 2026" in html  # the filter kept
    assert len(reads(first_page)) == len(reads(second_page))
