"""The phone's report checks that need a browser. That validation.js gives the server's
messages for every case is tested without one, under Node (tests/parity).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from icv.visits import vocabulary
from icv.visits.validation import machine_rules

pytestmark = pytest.mark.browser


def test_the_phone_form_still_asks_for_the_rating_and_both_numbers(page: Page):
    page.goto("/healthz")
    errors = page.evaluate(
        """async ([codes, rules]) => {
            const m = await import('/static/js/report-model.js');
            const reference = {user_id: 7, codes, rules, suites: [], co_visitors: [],
                               scheduled_visits: []};
            const form = m.newForm(reference);
            const defaults = {mode: form.visit_mode, juveniles: form.juveniles,
                              vulnerable: form.vulnerable_adults};
            Object.assign(form, {rating: "", juveniles: "", vulnerable_adults: "two"});
            return [defaults, m.buildReport(form, reference).errors];
        }""",
        [vocabulary.reference_codes(), machine_rules()],
    )
    defaults, found = errors
    assert defaults == {"mode": "in_person", "juveniles": "0", "vulnerable": "0"}
    assert found["rating"] == ["Choose whether the visit was satisfactory or not satisfactory"]
    assert found["juveniles"] == ["Enter the number of juveniles, like 0"]
    assert found["vulnerable_adults"] == ["Enter the number of vulnerable adults, like 0"]
