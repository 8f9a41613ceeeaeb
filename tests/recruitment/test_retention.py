"""Retention: applications not taken forward go, with their equality answers, after
RETENTION_APPLICATION_MONTHS (default 6); the others stay; subject access shows a
volunteer's own application, never their equality answers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import sqlalchemy as sa

from icv.extensions import db
from icv.models import Role
from icv.privacy import retention
from icv.recruitment.diversity import keep_answers
from icv.recruitment.models import Application, DiversityAnswers, Stage
from icv.recruitment.pipeline import receive
from tests.audit.conftest import events
from tests.conftest import sign_in

TODAY = date(2026, 12, 2)


def _application(panel, stage: Stage, moved_on: date, name: str) -> Application:
    application = receive(panel, name=name, email=f"{name.lower()}@example.org", phone="",
                          statement="To help.")  # fmt: skip
    application.stage = stage
    application.stage_changed_at = datetime.combine(moved_on, datetime.min.time(), UTC)
    keep_answers(application, {"sex": "female"})
    db.session.commit()
    return application


def _remaining() -> tuple[list[str], int]:
    db.session.expire_all()
    names = db.session.scalars(sa.select(Application.name).order_by(Application.name)).all()
    answers = db.session.scalar(sa.select(sa.func.count()).select_from(DiversityAnswers))
    return names, answers


def test_applications_not_taken_forward_go_after_six_months_with_their_answers(app, make_panel):
    camden = make_panel("Camden")
    old = _application(camden, Stage.NOT_TAKEN_FORWARD, date(2026, 6, 1), "Old").id
    _application(camden, Stage.NOT_TAKEN_FORWARD, date(2026, 6, 2), "Recent")  # 6 months today
    _application(camden, Stage.APPOINTED, date(2025, 1, 1), "Appointed")
    _application(camden, Stage.INTERVIEWED, date(2025, 1, 1), "Waiting")
    outcome = retention.run(TODAY, app.config)
    assert outcome.applications == [old]
    assert "1 applications not taken forward deleted" in str(outcome)
    assert _remaining() == (["Appointed", "Recent", "Waiting"], 3)
    [deleted] = events(object_type="application", action="deleted")
    assert (deleted.object_id, deleted.actor_id) == (str(old), None)
    assert retention.run(TODAY, app.config).applications == []  # idempotent


def test_the_period_is_a_setting(app, make_panel):
    camden = make_panel("Camden")
    _application(camden, Stage.NOT_TAKEN_FORWARD, date(2026, 10, 1), "Autumn")
    assert retention.run(TODAY, app.config).applications == []  # 6 months by default
    assert retention.run(TODAY, {**app.config, "RETENTION_APPLICATION_MONTHS": 2}).applications
    assert _remaining() == ([], 0)


def test_subject_access_includes_the_application_but_not_equality_answers(
    client, make_panel, make_user
):
    camden = make_panel("Camden")
    application = _application(camden, Stage.APPOINTED, date(2026, 11, 1), "Priya")
    volunteer = make_user(Role.VOLUNTEER, panel=camden, email="someone@example.org")
    application.volunteer_id = volunteer.id
    db.session.commit()
    sign_in(client, make_user(Role.ADMIN))
    data = json.loads(client.get(f"/manage/users/{volunteer.id}/subject-access.json").data)
    [held] = data["applications"]
    assert (held["id"], held["statement"], held["panel"]) == (application.id, "To help.", "Camden")
    assert "female" not in json.dumps(data)
