"""`flask --app icv users create`: the right panel for each role, or a clear refusal."""

from __future__ import annotations

import pytest

from icv.auth.accounts import find_user_by_email
from tests.conftest import PASSWORD


def create(app, *args: str):
    return app.test_cli_runner().invoke(args=["users", "create", *args], input=PASSWORD + "\n")


def test_an_admin_and_a_coordinator_of_a_panel_are_created(app, app_ctx, make_panel):
    panel = make_panel("Barnet")
    assert create(app, "ada@example.org", "--role", "admin").exit_code == 0
    result = create(app, "cora@example.org", "--role", "coordinator", "--panel", "Barnet")
    assert result.exit_code == 0, result.output
    assert find_user_by_email("ada@example.org").role == "admin"
    assert [p.id for p in find_user_by_email("cora@example.org").coordinated_panels] == [panel.id]


def test_a_police_user_is_created_for_the_suites_named(app, app_ctx, make_panel, make_suite):
    panel = make_panel("Barnet")
    colindale, hendon = make_suite(panel, name="Colindale"), make_suite(panel, name="Hendon")
    make_suite(panel, name="Wembley")
    args = ["--role", "police", "--suite", "Colindale", "--suite", "Hendon"]
    result = create(app, "inspector@example.org", *args)
    assert result.exit_code == 0, result.output
    police = find_user_by_email("inspector@example.org")
    assert police.role == "police"
    assert [suite.id for suite in police.police_suites] == [colindale.id, hendon.id]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "police"], "A police user answers for custody suites: give --suite NAME"),
        (["--role", "police", "--suite", "Nowhere"], "There is no custody suite called 'Nowhere'"),
        (["--role", "admin", "--suite", "Barnet"], "Only police users have suites"),
        (["--role", "volunteer"], "A volunteer belongs to a panel: give --panel NAME"),
        (["--role", "analyst", "--panel", "Barnet"], "An analyst has no panel"),
        (["--role", "volunteer", "--panel", "Nowhere"], "There is no panel called 'Nowhere'"),
    ],
)
def test_a_wrong_panel_for_the_role_is_refused(app, app_ctx, make_panel, args, message):
    make_panel("Barnet")
    result = create(app, "someone@example.org", *args)
    assert result.exit_code != 0 and message in result.output
    assert find_user_by_email("someone@example.org") is None
