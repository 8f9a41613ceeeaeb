"""The job that tells coordinators about follow-up actions still waiting for the police, with a
real SMTP server (aiosmtpd on 127.0.0.1): once a week per panel, however often it runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from icv.actions.models import Action, Status
from icv.extensions import db
from icv.rota import jobs
from icv.scheduler import JOBS, build_scheduler
from tests.admin.smtp import text

TODAY = date(2030, 3, 13)  # a Wednesday


@pytest.fixture
def make_action(scheme):
    def _make(suite=None, *, sent_days_ago: int | None = 20, today=TODAY, **fields) -> Action:
        suite = suite or scheme.suite_a
        sent = today - timedelta(days=sent_days_ago) if sent_days_ago is not None else None
        fields.setdefault("status", Status.SENT_TO_POLICE if sent else Status.OPEN)
        action = Action(
            panel_id=suite.panel_id, suite=suite, category="suite_condition",
            summary="Cell call bell broken", custody_number="AB/123/30",
            raised_on=today - timedelta(days=40), due_on=today + timedelta(days=30),
            sent_to_police_on=sent, **fields,
        )  # fmt: skip
        db.session.add(action)
        db.session.commit()
        return action

    return _make


def test_coordinators_hear_about_actions_unanswered_for_two_weeks_once_a_week(
    app_ctx, scheme, make_action, inbox
):
    waiting = make_action(sent_days_ago=20)
    make_action(sent_days_ago=5)  # sent recently: not yet chased
    make_action(sent_days_ago=30, police_response="Fixed", police_response_on=TODAY,
                status=Status.RESPONSE_RECEIVED)  # fmt: skip
    make_action(sent_days_ago=30, status=Status.CLOSED, closed_reason="Suite closed")
    make_action(sent_days_ago=None)  # never sent to the police

    assert jobs.chase_police_responses(TODAY) == 1
    assert jobs.chase_police_responses(TODAY) == 0  # run twice: one email
    assert jobs.chase_police_responses(TODAY + timedelta(days=4)) == 0  # same week (Sunday)

    (message,) = inbox.messages
    assert message["To"] == scheme.coordinator.email  # not panel B's coordinator
    body = text(message)
    assert f"Action {waiting.id}: Suite condition, Colindale" in body
    assert "20 days ago" in body and "1 follow-up action for Barnet has waited" in body
    assert "AB/123/30" not in body and "bell" not in body  # no custody numbers or details
    assert jobs.chase_police_responses(TODAY + timedelta(days=5)) == 1  # next Monday: again


def test_each_panel_goes_to_its_own_coordinators_and_escalated_ones_still_count(
    app_ctx, scheme, make_action, inbox
):
    make_action(scheme.suite_b, sent_days_ago=15, status=Status.ESCALATED)
    assert jobs.chase_police_responses(TODAY) == 1
    (message,) = inbox.messages
    assert message["To"] == scheme.coordinator_b.email
    assert "Wembley" in text(message)


def test_a_panel_without_coordinators_is_chased_by_the_admins(
    app_ctx, scheme, make_action, make_user, inbox
):
    scheme.panel_b.coordinators = []
    db.session.commit()
    make_action(scheme.suite_b, sent_days_ago=15)
    assert jobs.chase_police_responses(TODAY) == 1
    assert [m["To"] for m in inbox.messages] == [scheme.admin.email]


def test_the_waiting_time_is_a_setting(app, app_ctx, scheme, make_action, inbox):
    make_action(sent_days_ago=5)
    app.config["POLICE_RESPONSE_DAYS"] = 3
    try:
        assert jobs.chase_police_responses(TODAY) == 1
    finally:
        app.config["POLICE_RESPONSE_DAYS"] = 14


def test_an_email_that_failed_is_tried_again_next_run(app_ctx, scheme, make_action, no_mail_server):
    make_action(sent_days_ago=20)
    assert jobs.chase_police_responses(TODAY) == 0
    from icv.rota.models import SentNotice

    assert db.session.query(SentNotice).count() == 0


def test_without_smtp_the_coordinator_finds_it_in_their_notifications(app_ctx, scheme, make_action):
    from icv.notifications.store import newest

    make_action(sent_days_ago=20)
    assert jobs.chase_police_responses(TODAY) == 1
    (note,) = newest(scheme.coordinator)
    assert note.subject == "Waiting for the police: 1 action, Barnet"
    assert newest(scheme.coordinator_b) == []


def test_the_job_is_scheduled_daily_with_a_fixed_id(app):
    assert JOBS["chase_police_responses"][0] == "chase_police_responses"
    job = build_scheduler(app).get_job("chase_police_responses")
    assert job.coalesce is True and job.max_instances == 1
    assert str(job.trigger.fields[job.trigger.FIELD_NAMES.index("hour")]) == "8"


def test_the_scheduler_command_runs_it_now_and_keeps_it_in_the_app_without_smtp(
    runner, scheme, make_action
):
    from icv.notifications.store import newest

    make_action(sent_days_ago=20, today=date.today())  # the command uses the real date
    result = runner.invoke(args=["scheduler", "--run-now", "chase_police_responses"])
    assert result.exit_code == 0, result.output
    assert "chase_police_responses: 1" in result.output
    assert [n.subject for n in newest(scheme.coordinator)] == [
        "Waiting for the police: 1 action, Barnet"
    ]
