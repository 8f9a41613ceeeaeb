"""Overdue reminders by email (a real SMTP server on 127.0.0.1): at most once a day per action."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from icv.actions import workflow
from icv.actions.models import Action, Category
from icv.actions.reminders import remind_overdue_actions
from icv.extensions import db
from tests.actions.helpers import api_for, bell_body, concern_body, new_uuid
from tests.admin.smtp import text

# The visit was on 1 June 2019: the allegation was due on the 3rd, the detainee issue on
# the 15th and the call bell on the 29th.
JUNE_10 = date(2019, 6, 10)


def file_concerns(app, scheme) -> dict[str, Action]:
    body = concern_body(scheme.suite, [scheme.alice, scheme.bob])
    assert api_for(app, scheme.alice).put(new_uuid(), body).status_code == 201
    return {a.category: a for a in db.session.scalars(sa.select(Action))}


def test_coordinators_are_reminded_once_a_day_about_overdue_actions(app, scheme, inbox):
    actions = file_concerns(app, scheme)
    allegation = actions[Category.ALLEGATION]

    assert remind_overdue_actions(JUNE_10) == 1
    assert remind_overdue_actions(JUNE_10) == 0  # the same day: nothing again

    assert [m["To"] for m in inbox.messages] == ["cora@example.org"]
    body = text(inbox.messages[0])
    assert f"Action {allegation.id}: Allegation about treatment, Northtown" in body
    assert "7 days late" in body
    assert "NT/1234/19" not in body and "pushed" not in body  # no detainee details by email
    db.session.expire_all()
    assert db.session.get(Action, allegation.id).last_reminded_on == JUNE_10
    assert db.session.get(Action, allegation.id).events[-1].kind == "reminded"

    assert remind_overdue_actions(JUNE_10 + timedelta(days=1)) == 1  # the next day, again
    assert len(inbox.messages) == 2


def test_nothing_is_sent_for_actions_not_yet_due_or_closed(app, app_ctx, scheme, inbox):
    actions = file_concerns(app, scheme)
    workflow.close(actions[Category.ALLEGATION], db.session.merge(scheme.coordinator), "Done")
    db.session.commit()
    assert remind_overdue_actions(JUNE_10) == 0
    assert inbox.messages == []


def test_one_email_per_coordinator_lists_all_their_overdue_actions(app, scheme, inbox):
    file_concerns(app, scheme)
    south = bell_body(scheme.other_suite, [scheme.outsider, scheme.outsider_two],
                      "2019-06-01T10:00:00+01:00")  # fmt: skip
    api_for(app, scheme.outsider).put(new_uuid(), south)

    assert remind_overdue_actions(date(2019, 7, 1)) == 4

    by_person = {m["To"]: text(m) for m in inbox.messages}
    assert set(by_person) == {"cora@example.org", "sam@example.org"}
    assert by_person["cora@example.org"].count("- Action ") == 3
    assert "Southtown" in by_person["sam@example.org"]
    assert "Southtown" not in by_person["cora@example.org"]


def test_a_panel_without_coordinators_reminds_the_admins(app, scheme, inbox):
    file_concerns(app, scheme)
    panel = db.session.merge(scheme.panel)
    panel.coordinators = []
    db.session.commit()
    assert remind_overdue_actions(JUNE_10) == 1
    assert [m["To"] for m in inbox.messages] == ["ada@example.org"]


def test_when_the_mail_server_is_down_the_reminder_is_tried_again(app, scheme, inbox):
    file_concerns(app, scheme)
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = 9  # nothing listens there
    try:
        assert remind_overdue_actions(JUNE_10) == 0
    finally:
        app.config["MAIL_PORT"] = working_port
    assert remind_overdue_actions(JUNE_10) == 1
    assert len(inbox.messages) == 1


def test_the_scheduler_runs_the_reminder_job(app, scheme, inbox, runner):
    from icv.scheduler import JOBS

    file_concerns(app, scheme)
    assert "remind_overdue_actions" in JOBS
    result = runner.invoke(args=["scheduler", "--run-now", "remind_overdue_actions"])
    assert result.exit_code == 0, result.output
    assert "remind_overdue_actions: 3" in result.output  # all three long overdue today
    again = runner.invoke(args=["scheduler", "--run-now", "remind_overdue_actions"])
    assert "remind_overdue_actions: 0" in again.output
    assert len(inbox.messages) == 1
