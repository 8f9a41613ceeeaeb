"""Panels and custody suites: adding, changing, validation and panel scoping."""

import sqlalchemy as sa

from icv.extensions import db
from icv.models import Panel, Role, Suite
from tests.admin.data import error_messages, suite_answers, summary_errors
from tests.conftest import post_form, sign_in


def test_admin_adds_a_panel_and_chooses_its_coordinators(client, make_user):
    admin, coordinator = make_user(Role.ADMIN), make_user(Role.COORDINATOR, name="Carla")
    sign_in(client, admin)
    response = post_form(
        client,
        "/manage/panels/new",
        {"name": "Barnet", "area": "London Borough of Barnet", "coordinators": [coordinator.id]},
    )
    assert response.status_code == 302
    panel = db.session.scalar(sa.select(Panel).where(Panel.name == "Barnet"))
    assert panel.area == "London Borough of Barnet"
    assert panel.coordinators == [coordinator]
    listing = client.get("/manage/panels").get_data(as_text=True)
    assert "Panel Barnet added." in listing and "Carla" in listing


def test_only_coordinators_are_offered_as_panel_coordinators(client, make_user, make_panel):
    admin, volunteer = make_user(Role.ADMIN), make_user(Role.VOLUNTEER, name="Vic")
    make_user(Role.COORDINATOR, name="Cora")
    panel = make_panel("Brent")
    sign_in(client, admin)
    page = client.get(f"/manage/panels/{panel.id}").get_data(as_text=True)
    assert "Cora" in page and "Vic" not in page
    response = post_form(
        client, f"/manage/panels/{panel.id}", {"name": "Brent", "coordinators": [volunteer.id]}
    )
    assert "Choose coordinators from the list" in error_messages(response.get_data(as_text=True))
    db.session.refresh(panel)
    assert panel.coordinators == []


def test_a_panel_name_must_be_unique(client, make_user, make_panel):
    make_panel("Camden")
    sign_in(client, make_user(Role.ADMIN))
    response = post_form(client, "/manage/panels/new", {"name": "camden", "area": "North"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "A panel called camden already exists" in summary_errors(html)
    assert 'value="North"' in html  # what was typed is kept


def test_coordinator_renames_their_panel_but_cannot_change_coordinators(
    client, make_user, make_panel
):
    panel = make_panel("Ealing")
    coordinator = make_user(Role.COORDINATOR, panels=[panel])
    other = make_user(Role.COORDINATOR)
    sign_in(client, coordinator)
    page = client.get(f"/manage/panels/{panel.id}").get_data(as_text=True)
    assert 'name="coordinators"' not in page
    response = post_form(
        client,
        f"/manage/panels/{panel.id}",
        {"name": "Ealing and Hounslow", "area": "West", "coordinators": [other.id]},
    )
    assert response.status_code == 302
    db.session.refresh(panel)
    assert panel.name == "Ealing and Hounslow"
    assert panel.coordinators == [coordinator]
    assert client.get("/manage/panels/new").status_code == 403


def test_admin_adds_a_suite(client, make_user, make_panel):
    panel = make_panel("Barnet")
    sign_in(client, make_user(Role.ADMIN))
    response = post_form(client, "/manage/suites/new", suite_answers(panel))
    assert response.status_code == 302
    suite = db.session.scalar(sa.select(Suite).where(Suite.name == "Colindale"))
    assert (suite.panel, suite.cells, suite.status, suite.target_visits_per_week) == (
        panel,
        24,
        "open",
        1,
    )
    listing = client.get("/manage/suites").get_data(as_text=True)
    assert "Suite Colindale added." in listing and "Open 24/7" in listing


def test_hidden_characters_are_refused_in_names_and_text_but_line_breaks_in_long_text(
    client, make_user, make_panel
):
    panel = make_panel()
    sign_in(client, make_user(Role.ADMIN))
    answers = suite_answers(panel, name="Colin\u202edale", address="Grahame Park\x00 Way")
    html = post_form(client, "/manage/suites/new", answers).get_data(as_text=True)
    assert summary_errors(html) == [
        "Remove the hidden character (U+202E) from this text",
        "Remove the hidden character (U+0000) from this text",
    ]
    answers = suite_answers(panel, name="Colin\tdale", address="Grahame Park\x1b Way")
    html = post_form(client, "/manage/suites/new", answers).get_data(as_text=True)
    assert summary_errors(html) == [
        "Enter this on one line, without line breaks or tabs",
        "Remove the hidden character (U+001B) from this text",
    ]
    assert 'value="Colin\tdale"' in html  # what was typed is kept
    answers = suite_answers(panel, address="Grahame Park Way\r\n\tLondon NW9")  # a text area
    assert post_form(client, "/manage/suites/new", answers).status_code == 302
    assert db.session.scalar(sa.select(Suite.name)) == "Colindale"


def test_suite_errors_are_specific_and_keep_what_was_typed(client, make_user, make_panel):
    panel = make_panel()
    sign_in(client, make_user(Role.ADMIN))
    answers = suite_answers(panel, cells="twelve", target_visits_per_week="15", status="")
    response = post_form(client, "/manage/suites/new", answers)
    html = response.get_data(as_text=True)
    assert summary_errors(html) == [
        "Enter the number of cells, like 12",
        "Select the suite's status",
        "Target visits per week must be between 0 and 14",
    ]
    assert 'value="twelve"' in html and 'value="15"' in html and 'value="Colindale"' in html
    assert db.session.scalar(sa.select(sa.func.count(Suite.id))) == 0


def test_negative_cells_are_refused(client, make_user, make_panel):
    panel = make_panel()
    sign_in(client, make_user(Role.ADMIN))
    response = post_form(client, "/manage/suites/new", suite_answers(panel, cells="-1"))
    assert "Number of cells must be 0 or more" in error_messages(response.get_data(as_text=True))


def test_a_suite_name_must_be_unique(client, make_user, make_panel, make_suite):
    panel = make_panel()
    make_suite(panel, name="Colindale")
    sign_in(client, make_user(Role.ADMIN))
    response = post_form(client, "/manage/suites/new", suite_answers(panel))
    assert "A suite called Colindale already exists" in summary_errors(
        response.get_data(as_text=True)
    )


def test_editing_a_suite_saves_every_field(client, make_user, make_panel, make_suite):
    panel, other_panel = make_panel(), make_panel()
    suite = make_suite(panel, name="Wembley")
    sign_in(client, make_user(Role.ADMIN))
    answers = suite_answers(
        other_panel, name="Wembley", cells="0", status="contingency", target_visits_per_week="0"
    )
    assert post_form(client, f"/manage/suites/{suite.id}", answers).status_code == 302
    db.session.refresh(suite)
    assert (suite.panel, suite.cells, suite.status, suite.target_visits_per_week) == (
        other_panel,
        0,
        "contingency",
        0,
    )


def test_suites_can_be_filtered_by_panel(client, make_user, make_panel, make_suite):
    panel_a, panel_b = make_panel(), make_panel()
    make_suite(panel_a, name="Alpha Suite")
    make_suite(panel_b, name="Beta Suite")
    sign_in(client, make_user(Role.ADMIN))
    everything = client.get("/manage/suites").get_data(as_text=True)
    only_b = client.get(f"/manage/suites?panel={panel_b.id}").get_data(as_text=True)
    assert "Alpha Suite" in everything and "Beta Suite" in everything
    assert "Beta Suite" in only_b and "Alpha Suite" not in only_b


def test_coordinator_sees_and_edits_only_their_panels_suites(
    client, make_user, make_panel, make_suite
):
    panel_a, panel_b = make_panel(), make_panel()
    suite_a, suite_b = make_suite(panel_a, name="Mine"), make_suite(panel_b, name="Theirs")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel_a]))
    listing = client.get("/manage/suites").get_data(as_text=True)
    assert "Mine" in listing and "Theirs" not in listing
    assert client.get(f"/manage/suites/{suite_a.id}").status_code == 200
    assert client.get(f"/manage/suites/{suite_b.id}").status_code == 404
    assert client.get(f"/manage/panels/{panel_b.id}").status_code == 404
    # A guessed filter for someone else's panel shows nothing of theirs either.
    assert "Theirs" not in client.get(f"/manage/suites?panel={panel_b.id}").get_data(as_text=True)


def test_coordinator_cannot_move_a_suite_into_another_panel(
    client, make_user, make_panel, make_suite
):
    panel_a, panel_b = make_panel(), make_panel()
    suite = make_suite(panel_a, name="Mine")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel_a]))
    answers = suite_answers(panel_b, name="Mine")  # panel_b's id, guessed
    response = post_form(client, f"/manage/suites/{suite.id}", answers)
    assert "Select a panel you manage" in error_messages(response.get_data(as_text=True))
    created = post_form(client, "/manage/suites/new", suite_answers(panel_b, name="New one"))
    assert created.status_code == 200
    db.session.refresh(suite)
    assert suite.panel_id == panel_a.id
    assert db.session.scalar(sa.select(Suite).where(Suite.name == "New one")) is None


def test_volunteer_cannot_reach_any_management_page(client, make_user, make_panel, make_suite):
    panel = make_panel()
    suite = make_suite(panel)
    volunteer = make_user(Role.VOLUNTEER, panel=panel)
    sign_in(client, volunteer)
    for url in (
        "/manage/panels",
        "/manage/panels/new",
        f"/manage/panels/{panel.id}",
        "/manage/suites",
        f"/manage/suites/{suite.id}",
        "/manage/volunteers",
        f"/manage/volunteers/{volunteer.id}",
        f"/manage/volunteers/{volunteer.id}/availability",
        "/manage/users",
    ):
        assert client.get(url).status_code == 403, url


def test_a_panel_or_suite_that_does_not_exist_is_404_even_for_an_admin(client, make_user):
    sign_in(client, make_user(Role.ADMIN))
    for url in ("/manage/panels/987654", "/manage/suites/987654"):
        assert client.get(url).status_code == 404, url


def test_a_suite_is_designated_for_tact_detainees_on_its_form(
    client, make_user, make_panel, make_suite
):
    panel = make_panel()
    suite = make_suite(panel, name="Charing Cross")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))
    form = client.get(f"/manage/suites/{suite.id}").get_data(as_text=True)
    assert "Designated for TACT detainees?" in form and 'value="no" checked' in form
    answers = suite_answers(panel, name="Charing Cross", tact_designated="yes")
    assert post_form(client, f"/manage/suites/{suite.id}", answers).status_code == 302
    db.session.refresh(suite)
    assert suite.tact_designated is True
    listing = client.get("/manage/suites").get_data(as_text=True)
    assert "TACT</strong>" in listing
    answers = suite_answers(panel, name="Charing Cross", tact_designated="maybe")
    html = post_form(client, f"/manage/suites/{suite.id}", answers).get_data(as_text=True)
    assert summary_errors(html) == [
        "Select yes if the suite holds people detained under the Terrorism Act"
    ]
