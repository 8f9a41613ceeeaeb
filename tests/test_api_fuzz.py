"""Fuzz /api/v1 from its own OpenAPI document with schemathesis, signed in with bearer tokens.

Every documented operation gets valid and invalid requests (bodies, path and query values)
as an admin and as a volunteer: no answer may be a 5xx, use an undocumented status code or
content type, or break the documented response schema. Derandomised and without shrinking,
so a CI run is repeatable and bounded in time (2,880 requests).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from types import SimpleNamespace

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from icv.auth.accounts import issue_token
from icv.extensions import db
from icv.models import Panel, Role, Suite, User, VolunteerStatus
from icv.rota.models import ScheduledVisit
from icv.visits import reports
from tests.sync.factory import new_uuid, report_body

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MODES = (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE)
EXAMPLES_PER_MODE = 60  # per operation and role: 12 operations x 2 modes x 2 roles
MINIMUM_REQUESTS_PER_ROLE = 1400
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES_PER_MODE,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: keeps a failing run bounded
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture
def fuzz_world(app):
    """A scheme with something behind every route: panels, suites, volunteers, a rota visit
    and a stored report, plus bearer tokens. Built in its own app context so that each
    fuzzed request gets a fresh one, as in production."""
    with app.app_context():
        today = date.today()
        north, south = Panel(name="North", area="N"), Panel(name="South", area="S")
        suites = [Suite(name="Northtown", panel=north), Suite(name="Southtown", panel=south)]
        volunteers = [_volunteer(f"v{n}", panel, today) for n, panel in enumerate([north] * 3)]
        outsider = _volunteer("outsider", south, today)
        admin = User(email="admin@example.org", name="Ada Admin", role=Role.ADMIN)
        coordinator = User(email="cora@example.org", name="Cora", role=Role.COORDINATOR)
        coordinator.coordinated_panels = [north]
        visit = ScheduledVisit(
            suite=suites[0],
            window_starts_on=today - timedelta(days=3),
            window_ends_on=today + timedelta(days=3),
            visitors=volunteers[:2],
        )
        db.session.add_all([north, south, *suites, outsider, admin, coordinator, visit])
        db.session.commit()
        report_uuid = new_uuid()
        body = report_body(suites[0], volunteers[:2], scheduled_visit=visit)
        receipt = reports.receive_report(report_uuid, body, volunteers[0])
        assert receipt.status == reports.CREATED, receipt.errors
        world = SimpleNamespace(
            report_uuid=report_uuid,
            other_suite_id=suites[1].id,
            tokens={"admin": issue_token(admin, "fuzz"), "volunteer": issue_token(volunteers[0])},
        )
        db.session.remove()
    return world


def _volunteer(handle: str, panel: Panel, today: date) -> User:
    return User(
        email=f"{handle}@example.org",
        name=f"Volunteer {handle}",
        role=Role.VOLUNTEER,
        panel=panel,
        status=VolunteerStatus.ACTIVE,
        appointed_on=today - timedelta(days=100),
        term_ends_on=today + timedelta(days=900),
        vetting_expires_on=today + timedelta(days=900),
    )


def fuzz_operation(operation, mode, headers: dict, known_uuid: str) -> tuple[Counter, list[str]]:
    """Send generated cases for one operation; return the status codes seen and the failures."""
    statuses, failures = Counter(), []
    strategy = operation.as_strategy(generation_mode=mode)
    # Half the time aim at the stored report, so handlers past the 404 get fuzzed too.
    aim_at_report = st.booleans() if "{report_uuid}" in operation.path else st.just(False)

    @FUZZ_SETTINGS
    @given(case=strategy, at_report=aim_at_report)
    def run(case, at_report):
        if at_report and mode == schemathesis.GenerationMode.POSITIVE:
            case.path_parameters = {**(case.path_parameters or {}), "report_uuid": known_uuid}
        try:
            response = case.call(headers=headers)
            statuses[response.status_code] += 1
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (AssertionError, FailureGroup) as failure:
            failures.append(f"{operation.label} ({mode.value}): {failure}")
        except Exception as error:  # noqa: BLE001  (TESTING re-raises what would be a 500)
            statuses["raised"] += 1
            curl = case.as_curl_command(headers=headers)
            failures.append(f"{operation.label} ({mode.value}): raised {error!r}\n    {curl}")

    run()
    return statuses, failures


@pytest.mark.parametrize("role", ["admin", "volunteer"])
def test_fuzzed_api_never_fails_or_breaks_its_schema(app, fuzz_world, role):
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    # Uncompressed answers: the WSGI transport hands back bytes as sent, and no HTTP client
    # decodes them (compression itself is tested in tests/test_delivery.py).
    headers = {"Authorization": f"Bearer {fuzz_world.tokens[role]}", "Accept-Encoding": "identity"}
    statuses, failures, operations = Counter(), [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        for mode in MODES:
            seen, found = fuzz_operation(operation, mode, headers, fuzz_world.report_uuid)
            statuses += seen
            failures += found

    by_code = dict(sorted(statuses.items(), key=str))  # codes and "raised" sort together
    print(f"\n{role}: {statuses.total()} requests, status codes {by_code}")
    assert operations >= 12, f"only {operations} operations were read from the document"
    assert not failures, f"{len(failures)} failing requests:\n\n" + "\n\n".join(failures[:10])
    assert statuses.total() >= MINIMUM_REQUESTS_PER_ROLE, f"only {statuses} requests were sent"
    assert statuses[200] >= 200, f"too few requests got past validation: {statuses}"


# Found by the fuzzing above, kept as plain regression tests.


@pytest.mark.parametrize(
    "query", ["from=0001-01-01&to=0001-01-01", "from=9999-12-31&to=9999-12-31"]
)
def test_stats_for_a_date_at_the_end_of_the_calendar_is_refused_not_a_crash(
    client, fuzz_world, query
):
    headers = {"Authorization": f"Bearer {fuzz_world.tokens['admin']}"}

    response = client.get(f"/api/v1/stats?{query}", headers=headers)

    assert response.status_code == 422
    assert "from 1900 to 2999" in response.get_json()["errors"]["from"][0]


def test_annual_stats_for_year_zero_is_refused_not_a_crash(client, fuzz_world):
    headers = {"Authorization": f"Bearer {fuzz_world.tokens['admin']}"}

    response = client.get("/api/v1/stats/annual?year=0000-01", headers=headers)

    assert response.status_code == 422


def test_amendment_moving_a_report_to_another_panels_suite_answers_the_documented_403(
    client, fuzz_world
):
    headers = {"Authorization": f"Bearer {fuzz_world.tokens['volunteer']}"}
    url = f"/api/v1/visit-reports/{fuzz_world.report_uuid}"
    report = client.get(url, headers=headers).get_json()["report"]
    moved = {"reason": "Wrong suite", "report": report | {"suite_id": fuzz_world.other_suite_id}}

    response = client.post(f"{url}/amendments", json=moved, headers=headers)

    assert response.status_code == 403
    answer = response.get_json()
    assert answer["error"] == "forbidden" and answer["message"]
    assert answer["errors"]["suite_id"]
