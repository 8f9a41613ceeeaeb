"""A coordinator's home page lists what needs them, each a link, from their own panels only."""

from __future__ import annotations

import re
import uuid
from datetime import timedelta

from icv.dates import scheme_today
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.models import Role
from icv.rota.models import Answer, ScheduledVisit, VisitAnswer
from tests.conftest import sign_in
from tests.visits.test_staff_list import HEATING, send


def visit(suite, people, starts_in: int, declined_by=None) -> ScheduledVisit:
    today = scheme_today()
    planned = ScheduledVisit(
        suite=suite,
        window_starts_on=today + timedelta(days=starts_in),
        window_ends_on=today + timedelta(days=starts_in + 6),
        visitors=people,
    )
    if declined_by:
        planned.answers.append(VisitAnswer(user_id=declined_by.id, answer=Answer.DECLINED))
    db.session.add(planned)
    db.session.commit()
    return planned


def claim(claimant, status: str) -> ExpenseClaim:
    made = ExpenseClaim(uuid=str(uuid.uuid4()), claimant=claimant, panel_id=claimant.panel_id,
                        kind="parking", incurred_on=scheme_today(), amount_pence=360,
                        description="Parking at the suite", status=status)  # fmt: skip
    db.session.add(made)
    db.session.commit()
    return made


def test_the_home_page_lists_what_needs_the_coordinator(client, make_panel, make_suite,
                                                        make_user):  # fmt: skip
    north, south = make_panel("North"), make_panel("South")
    northtown, southport = make_suite(north, name="Northtown"), make_suite(south, name="Southport")
    pair = [make_user(Role.VOLUNTEER, panel=north), make_user(Role.VOLUNTEER, panel=north)]
    south_pair = [make_user(Role.VOLUNTEER, panel=south), make_user(Role.VOLUNTEER, panel=south)]
    visit(northtown, pair, starts_in=1, declined_by=pair[1])
    visit(northtown, pair, starts_in=2)  # nobody has confirmed it
    visit(northtown, pair[:1], starts_in=10)  # one volunteer: not a full pair
    visit(southport, south_pair, starts_in=1)  # another panel's: not this coordinator's
    today = scheme_today()
    long_ago, lately = today - timedelta(days=40), today - timedelta(days=3)
    send(northtown, pair, f"{long_ago}T21:10:00+00:00", conditions=HEATING)  # action now overdue
    send(northtown, pair, f"{lately}T21:10:00+00:00", conditions=HEATING)
    send(southport, south_pair, f"{lately}T21:10:00+00:00", conditions=HEATING)
    for claimant, status in (
        (pair[0], "submitted"),
        (pair[1], "approved"),
        (south_pair[0], "submitted"),
    ):  # only the first is theirs to decide
        claim(claimant, status)
    sign_in(client, make_user(Role.COORDINATOR, panels=[north]))

    html = client.get("/").get_data(as_text=True)

    section = html[html.index('id="attention"') :]
    section = section[: section.index("</ul>")]
    links = re.findall(r'<li><a class="govuk-link" href="([^"]+)">([^<]+)</a></li>', section)
    assert [text for _, text in links] == [
        "1 visit someone cannot make",
        "1 visit nobody has confirmed yet",
        "1 visit still without a full pair",
        "1 action overdue",
        "1 report with concerns from the last 14 days",
        "1 expenses claim waiting for a decision",
    ]
    hrefs = {text: href.replace("&amp;", "&") for href, text in links}
    overdue = client.get(hrefs["1 action overdue"]).get_data(as_text=True)
    assert overdue.count('class="app-action"') == 1
    reports = client.get(hrefs["1 report with concerns from the last 14 days"])
    assert reports.get_data(as_text=True).count("app-report-row") == 1
    claims = client.get(hrefs["1 expenses claim waiting for a decision"]).get_data(as_text=True)
    waiting = claims.split("Approved for")[0]
    assert pair[0].name in waiting and south_pair[0].name not in waiting


def test_a_coordinator_with_nothing_to_chase_is_told_so(client, make_panel, make_user):
    sign_in(client, make_user(Role.COORDINATOR, panels=[make_panel("Quiet")]))
    assert "Nothing needs your attention now." in client.get("/").get_data(as_text=True)


def test_only_managers_are_shown_what_needs_attention(client, make_panel, make_user):
    """A volunteer's home is about their own visits: it has no coordinator's list."""
    sign_in(client, make_user(Role.VOLUNTEER, panel=make_panel("Quiet")))
    home = client.get("/").get_data(as_text=True)
    assert "Record a visit" in home
    assert "Needs your attention" not in home
