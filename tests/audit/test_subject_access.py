"""Subject access: everything about the volunteer, nothing about anyone else."""

from __future__ import annotations

import json

from icv.auth.accounts import issue_token, token_digest
from icv.extensions import db
from icv.visits.reports import receive_report
from tests.audit.conftest import events
from tests.conftest import sign_in
from tests.sync.factory import new_uuid
from tests.sync.factory import report_body as valid_body


def _report(scene):
    body = valid_body(
        scene.suite_a,
        [scene.ann, scene.bob],
        people=2,
        detainees=[
            {"outcome": "interviewed", "custody_number": "NT/77/19", "issues_raised": "Cold cell"},
            {"outcome": "declined"},
        ],
        positive_findings="Clean suite",
    )
    return receive_report(new_uuid(), body, scene.bob).report


def test_the_json_holds_the_volunteers_data_and_no_one_elses(scene, client):
    report = _report(scene)
    token = issue_token(scene.ann, "my phone")
    sign_in(client, scene.admin)
    response = client.get(f"/manage/users/{scene.ann.id}/subject-access.json")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.get_data(as_text=True))
    assert data["profile"]["email"] == scene.ann.email
    assert data["profile"]["phone"] == "07700 900001"
    assert data["profile"]["panel"]["name"] == "Panel A"
    assert data["availability"] == [{"day": "Monday", "time_band": "evening"}]
    [seen] = data["visit_reports"]
    assert (seen["uuid"], seen["visited"], seen["sent_by_this_person"]) == (
        report.uuid,
        True,
        False,
    )
    assert seen["other_visitor_ids"] == [scene.bob.id]
    assert seen["positive_findings"] == "Clean suite"
    assert [p["outcome"] for p in seen["people_seen"]] == ["interviewed", "declined"]
    assert [t["label"] for t in data["api_tokens"]] == ["my phone"]
    text = response.get_data(as_text=True)
    for absent in (
        "Bob Visitor",
        scene.bob.email,
        "NT/77/19",
        "Cold cell",
        token_digest(token),
        scene.ann.password_hash,
        "Cara",
    ):
        assert absent not in text


def test_audit_events_about_them_are_included_and_the_export_is_audited(scene, client):
    from icv.audit import record

    record("changed", "user", scene.ann.id, "volunteer details: phone", actor=scene.coordinator)
    record("changed", "user", scene.bob.id, "volunteer details: phone", actor=scene.coordinator)
    db.session.commit()
    sign_in(client, scene.admin)
    data = client.get(f"/manage/users/{scene.ann.id}/subject-access.json").get_json()
    about = [(e["action"], e["object_id"]) for e in data["audit_events"]]
    assert about == [("changed", str(scene.ann.id))]
    [event] = events(action="exported", object_type="user")
    assert (event.object_id, event.actor_id) == (str(scene.ann.id), scene.admin.id)


def test_the_readable_page_shows_the_same_and_is_audited(scene, client):
    _report(scene)
    sign_in(client, scene.admin)
    html = client.get(f"/manage/users/{scene.ann.id}/subject-access").get_data(as_text=True)
    assert "Everything held about this person" in html
    assert scene.ann.email in html and "Clean suite" in html
    assert "Cold cell" not in html and "Bob Visitor" not in html
    assert len(events(action="exported", object_type="user")) == 1


def test_only_admins_may_export(app, scene, client):
    coordinator = app.test_client()
    sign_in(coordinator, scene.coordinator)
    assert coordinator.get(f"/manage/users/{scene.ann.id}/subject-access.json").status_code == 403
    sign_in(client, scene.admin)
    assert client.get("/manage/users/99999/subject-access.json").status_code == 404


def test_the_users_page_links_to_the_export(scene, client):
    sign_in(client, scene.admin)
    html = client.get(f"/manage/users/{scene.ann.id}").get_data(as_text=True)
    assert f'href="/manage/users/{scene.ann.id}/subject-access"' in html
    assert f'href="/manage/users/{scene.ann.id}/subject-access.json"' in html


def test_their_appraisals_and_time_given_are_included(scene, client):
    from datetime import date

    from icv.volunteering.probation import add_appraisal
    from icv.volunteering.time_given import record_time

    add_appraisal(
        scene.ann,
        kind="observed_visit",
        held_on=date(2025, 5, 1),
        held_by="Olu",
        outcome="satisfactory",
        notes="Kind and thorough",
        by=scene.coordinator,
    )
    add_appraisal(
        scene.bob,
        kind="appraisal",
        held_on=date(2025, 5, 2),
        held_by="Olu",
        outcome="development",
        notes="Bob's own notes",
        by=scene.coordinator,
    )
    record_time(scene.ann, kind="training", given_on=date(2025, 5, 3), minutes=420,
                note="Induction day", by=scene.ann)  # fmt: skip
    db.session.commit()
    sign_in(client, scene.admin)
    data = client.get(f"/manage/users/{scene.ann.id}/subject-access.json").get_json()
    [appraisal] = data["appraisals"]
    assert (appraisal["held_on"], appraisal["notes"]) == ("2025-05-01", "Kind and thorough")
    [given] = data["time_given"]
    assert (given["minutes"], given["note"], given["confirmed_at"]) == (420, "Induction day", None)
    assert "Bob's own notes" not in json.dumps(data)
    assert data["profile"]["probation_completed_on"] is None


def test_their_training_records_are_included(scene, client):
    """Issue 16's training records are theirs too: course, dates, who recorded them (by id)."""
    from datetime import date

    from icv.models import TrainingRecord

    db.session.add_all([
        TrainingRecord(user=scene.ann, course_code="tact", completed_on=date(2025, 1, 6),
                       expires_on=date(2028, 1, 6), recorded_by=scene.coordinator),
        TrainingRecord(user=scene.bob, course_code="induction", completed_on=date(2024, 3, 1)),
    ])  # fmt: skip
    db.session.commit()
    sign_in(client, scene.admin)
    data = client.get(f"/manage/users/{scene.ann.id}/subject-access.json").get_json()
    assert data["trainings"] == [
        {"course_code": "tact", "completed_on": "2025-01-06", "expires_on": "2028-01-06",
         "recorded_by_id": scene.coordinator.id,
         "recorded_at": data["trainings"][0]["recorded_at"]},
    ]  # fmt: skip
    assert data["trainings"][0]["recorded_at"]  # when it was recorded, too
