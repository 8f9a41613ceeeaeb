"""Audit events are written by the operations themselves, end to end over HTTP."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from icv.actions.models import AppendOnlyError
from icv.audit import record
from icv.audit.models import AuditEvent
from icv.extensions import db
from icv.models import ApiToken
from icv.rota.models import Rota, RotaStatus
from tests.audit.conftest import events
from tests.conftest import extract_csrf, sign_in
from tests.rota.conftest import next_monday
from tests.sync.factory import new_uuid, report_body, signed_in_api


def test_report_put_records_who_sent_it_with_the_request_id(app, scene):
    api = signed_in_api(app, scene.ann)
    uuid = new_uuid()
    response = api.put(uuid, report_body(scene.suite_a, [scene.ann, scene.bob]))
    assert response.status_code == 201
    assert api.put(uuid, report_body(scene.suite_a, [scene.ann, scene.bob])).status_code == 200
    [event] = events(object_type="report", object_id=uuid)  # a resend adds nothing
    assert (event.action, event.actor_id) == ("created", scene.ann.id)
    assert event.request_id == response.headers["X-Request-ID"]


def test_amendment_records_the_changed_field_names_but_not_their_values(app, scene):
    api = signed_in_api(app, scene.ann)
    uuid = new_uuid()
    body = report_body(scene.suite_a, [scene.ann, scene.bob])
    api.put(uuid, body)
    body["detainees"][0]["issues_raised"] = "Secret words about a person"
    response = api.post(
        f"/api/v1/visit-reports/{uuid}/amendments", {"reason": "Forgot the issue", "report": body}
    )
    assert response.status_code == 201, response.get_json()
    [event] = events(object_id=uuid, action="changed")
    assert "detainees.0.issues_raised" in event.summary
    assert "Secret" not in event.summary


def test_viewing_a_report_page_or_its_api_is_recorded(app, scene, client):
    api = signed_in_api(app, scene.ann)
    uuid = new_uuid()
    api.put(uuid, report_body(scene.suite_a, [scene.ann, scene.bob]))
    sign_in(client, scene.coordinator)
    assert client.get(f"/visits/{uuid}").status_code == 200
    assert api.get(f"/api/v1/visit-reports/{uuid}").status_code == 200
    viewed = events(object_id=uuid, action="viewed")
    assert [(e.actor_id, e.summary) for e in viewed] == [
        (scene.coordinator.id, "report page"),
        (scene.ann.id, "report API"),
    ]


def test_a_refused_view_records_nothing(app, scene, client):
    api = signed_in_api(app, scene.ann)
    uuid = new_uuid()
    api.put(uuid, report_body(scene.suite_a, [scene.ann, scene.bob]))
    sign_in(client, scene.cara)  # another panel's volunteer
    assert client.get(f"/visits/{uuid}").status_code == 404
    assert events(action="viewed") == []


def test_token_created_on_the_command_line_and_revoked_by_an_admin(app, scene, runner, client):
    result = runner.invoke(args=["users", "token", scene.ann.email, "--label", "phone"])
    assert result.exit_code == 0, result.output
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.user_id == scene.ann.id))
    [created] = events(action="token_created")
    assert (created.object_id, created.actor_id) == (str(token.id), None)  # the system
    sign_in(client, scene.admin)
    page = client.get(f"/manage/users/{scene.ann.id}")
    url = f"/manage/users/{scene.ann.id}/tokens/{token.id}/revoke"
    client.post(url, data={"csrf_token": extract_csrf(page.get_data(as_text=True))})
    [revoked] = events(action="token_revoked")
    assert (revoked.object_id, revoked.actor_id) == (str(token.id), scene.admin.id)
    assert token.token_hash not in revoked.summary


def test_deactivating_a_user_is_recorded(scene, client):
    sign_in(client, scene.admin)
    page = client.get(f"/manage/users/{scene.bob.id}")
    client.post(
        f"/manage/users/{scene.bob.id}/deactivate",
        data={"csrf_token": extract_csrf(page.get_data(as_text=True))},
    )
    [event] = events(action="deactivated")
    assert (event.object_type, event.object_id, event.actor_id) == (
        "user",
        str(scene.bob.id),
        scene.admin.id,
    )


def test_signing_in_is_recorded(scene, client):
    sign_in(client, scene.coordinator)  # password and authenticator code
    [event] = events(action="signed_in")
    assert (event.object_id, event.actor_id) == (str(scene.coordinator.id), scene.coordinator.id)


def test_publishing_a_rota_is_recorded(scene, client):
    start = next_monday()
    rota = Rota(panel_id=scene.panel_a.id, starts_on=start, ends_on=start, gaps=[])
    db.session.add(rota)
    db.session.commit()
    sign_in(client, scene.coordinator)
    page = client.get(f"/rota/{rota.id}")
    response = client.post(
        f"/rota/{rota.id}/publish", data={"csrf_token": extract_csrf(page.get_data(as_text=True))}
    )
    assert response.status_code == 302
    db.session.refresh(rota)
    assert rota.status == RotaStatus.PUBLISHED
    [event] = events(action="published")
    assert (event.object_type, event.object_id, event.actor_id) == (
        "rota",
        str(rota.id),
        scene.coordinator.id,
    )


@pytest.mark.parametrize(
    ("url", "object_type"),
    [
        ("/figures/export.csv?table=summary", "figures"),
        ("/figures/export.xlsx", "figures"),
    ],
)
def test_figures_exports_are_recorded(scene, client, url, object_type):
    sign_in(client, scene.analyst)
    assert client.get(url).status_code == 200
    [event] = events(action="exported")
    assert (event.object_type, event.actor_id) == (object_type, scene.analyst.id)


def test_the_trail_cannot_be_changed_or_deleted_through_the_orm(app_ctx, scene):
    record("viewed", "report", "x", "test")
    db.session.commit()
    event = db.session.scalar(sa.select(AuditEvent))
    event.summary = "rewritten"
    with pytest.raises(AppendOnlyError):
        db.session.commit()
    db.session.rollback()
    db.session.delete(db.session.scalar(sa.select(AuditEvent)))
    with pytest.raises(AppendOnlyError):
        db.session.flush()
    db.session.rollback()
    for statement in (sa.delete(AuditEvent), sa.update(AuditEvent).values(summary="gone")):
        with pytest.raises(AppendOnlyError):
            db.session.execute(statement)
        db.session.rollback()
    assert [e.summary for e in events()] == ["test"]


def test_an_unknown_action_is_a_programming_error(app_ctx):
    with pytest.raises(ValueError, match="unknown audit action"):
        record("fiddled", "report", "x")
