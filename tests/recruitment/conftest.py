"""Recruitment's fixtures: a real SMTP server, and a valid application as the form posts it."""

from __future__ import annotations

import pytest

from tests.admin.smtp import inbox, no_mail_server  # noqa: F401  (fixtures)
from tests.auth.test_limits import lowered  # noqa: F401  (fixture)


@pytest.fixture
def answers(make_panel):
    """What a person applying to Camden types (a fresh dict each test)."""
    panel = make_panel("Camden")
    return {
        "name": "Priya Shah",
        "email": "priya@example.org",
        "phone": "07700 900123",
        "panel_id": str(panel.id),
        "conditions": "yes",
        "statement": "I want to help make sure people in custody are treated fairly.",
        "website": "",
    }


@pytest.fixture
def every_stage_emailed(app):
    saved = app.config["RECRUITMENT_EMAIL_STAGES"]
    app.config["RECRUITMENT_EMAIL_STAGES"] = "applied,shortlisted,interviewed,vetting,appointed"
    yield
    app.config["RECRUITMENT_EMAIL_STAGES"] = saved
