"""Rate limits: the code step, reset requests, report uploads (per user) and token creation."""

import pytest
from flask_limiter.util import get_remote_address
from limits import parse

from icv import create_app
from icv.auth import limits
from icv.auth.accounts import issue_token
from icv.config import DefaultConfig
from icv.extensions import limiter
from icv.models import Role
from tests.conftest import PASSWORD, extract_csrf, post_form
from tests.sync.factory import new_uuid, report_body


@pytest.fixture
def lowered(app):
    """Set some limits low for one test; restore them afterwards."""
    saved = {}

    def _lower(**settings):
        for key, value in settings.items():
            saved.setdefault(key, app.config[key])
            app.config[key] = value

    yield _lower
    app.config.update(saved)


def test_the_code_step_is_limited_then_allowed_again_after_a_reset(client, make_user, lowered):
    lowered(TWO_FACTOR_RATE_LIMIT="3 per minute")
    admin = make_user(Role.ADMIN)
    token = extract_csrf(client.get("/sign-in").get_data(as_text=True))
    client.post("/sign-in", data={"email": admin.email, "password": PASSWORD, "csrf_token": token})
    wrong = {"code": "000000"}
    statuses = [post_form(client, "/sign-in/code", wrong).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    page = post_form(client, "/sign-in/code", {"code": "000000"})
    assert page.status_code == 429
    body = page.get_data(as_text=True)
    assert "Too many attempts" in body and "govuk-heading-l" in body  # the service's own page
    limiter.reset()
    assert post_form(client, "/sign-in/code", {"code": "000000"}).status_code == 200


def test_reset_requests_are_limited(client, lowered):
    lowered(PASSWORD_RESET_RATE_LIMIT="2 per minute")
    data = {"email": "someone@example.org"}
    statuses = [post_form(client, "/forgotten-password", data).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]


def test_report_uploads_are_limited_per_user_with_a_json_answer(client, make_user, lowered):
    lowered(SYNC_RATE_LIMIT="3 per minute")
    first, second = make_user(Role.VOLUNTEER), make_user(Role.VOLUNTEER)
    headers = {"Authorization": f"Bearer {issue_token(first)}"}
    # Not JSON, so each is refused (422) after the limit is counted; only the count matters.
    puts = [client.put(f"/api/v1/visit-reports/{new_uuid()}", headers=headers) for _ in range(4)]
    assert [r.status_code for r in puts] == [422, 422, 422, 429]
    assert puts[-1].json == {
        "error": "too_many_requests",
        "message": "You have tried this too many times in a short while. Wait a minute, then "
        "try again.",
        "errors": {},
    }
    assert 0 < int(puts[-1].headers["Retry-After"]) <= 60
    other = {"Authorization": f"Bearer {issue_token(second)}"}  # another user, same address
    assert client.put(f"/api/v1/visit-reports/{new_uuid()}", headers=other).status_code == 422
    assert client.get("/api/v1/visit-reports", headers=headers).status_code == 200  # GET free
    limiter.reset()
    assert client.put(f"/api/v1/visit-reports/{new_uuid()}", headers=headers).status_code == 422


def test_the_default_sync_limit_lets_an_outbox_of_fifty_reports_through(
    client, make_user, make_suite, lowered
):
    lowered(SYNC_RATE_LIMIT=DefaultConfig.SYNC_RATE_LIMIT)
    assert parse(DefaultConfig.SYNC_RATE_LIMIT).amount >= 50
    suite = make_suite()
    volunteer = make_user(Role.VOLUNTEER, panel=suite.panel)
    colleague = make_user(Role.VOLUNTEER, panel=suite.panel)
    headers = {"Authorization": f"Bearer {issue_token(volunteer)}"}
    body = report_body(suite, [volunteer, colleague])
    statuses = {
        client.put(f"/api/v1/visit-reports/{new_uuid()}", json=body, headers=headers).status_code
        for _ in range(50)
    }
    assert statuses == {201}


def test_token_creation_views_are_limited_per_user(app, make_user):
    other = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "another-test-key",
            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
            "TOKEN_RATE_LIMIT": "2 per minute",
            "LOG_REQUESTS": False,
        }
    )

    @limits.token_creation
    def make_token():
        return "a new token"

    other.add_url_rule("/make-token", view_func=make_token, methods=["POST"])
    client = other.test_client()
    first, second = (make_user(Role.VOLUNTEER) for _ in range(2))
    as_first = {"Authorization": f"Bearer {issue_token(first)}"}
    statuses = [client.post("/make-token", headers=as_first).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    as_second = {"Authorization": f"Bearer {issue_token(second)}"}
    assert client.post("/make-token", headers=as_second).status_code == 200


def test_anonymous_requests_are_counted_per_address(app):
    with app.test_request_context("/", environ_base={"REMOTE_ADDR": "192.0.2.7"}):
        assert limits.user_or_address() == get_remote_address() == "192.0.2.7"
