"""A coordinator imports a phone's export on a 360px screen (axe on every page state)."""

from __future__ import annotations

import json

import pytest
from playwright.sync_api import Page, expect

from tests.browser_fixtures import assert_accessible, browser_sign_in
from tests.conftest import PASSWORD
from tests.sync.factory import new_uuid, report_body

pytestmark = pytest.mark.browser


def test_coordinator_imports_unsent_reports(page: Page, team, tmp_path):
    good = report_body(team.suite, [team.alice, team.bob])
    bad = report_body(team.suite, [team.alice, team.bob], detainees_in_custody=4)
    export = tmp_path / "unsent-reports.json"
    export.write_text(json.dumps({"reports": [{"uuid": new_uuid(), "report": good},
                                              {"uuid": new_uuid(), "report": bad}]}))  # fmt: skip

    browser_sign_in(page, team.coordinator.email, PASSWORD)
    page.goto("/sync/import")
    expect(page.get_by_role("heading", name="Import unsent reports")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Import reports").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Choose the file of unsent reports to import"
    )
    assert_accessible(page)

    page.get_by_label("File of unsent reports").set_input_files(str(export))
    page.get_by_role("button", name="Import reports").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "1 added, 0 already here, 1 needs attention"
    )
    expect(page.locator("#needs-attention")).to_contain_text(
        "Add a row for every person in custody: 4 in custody but 3 rows"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert_accessible(page)
