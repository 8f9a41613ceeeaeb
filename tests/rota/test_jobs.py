"""Background jobs, called directly and through the scheduler's entry point, with a real SMTP
server (aiosmtpd on 127.0.0.1). Every job run twice has the effect of running it once."""

from __future__ import annotations

from datetime import date, timedelta

from icv import dates
from icv.extensions import db
from icv.models import Role, TrainingRecord
from icv.rota import jobs
from icv.rota.models import Answer, Rota, VisitAnswer, VisitStatus
from icv.scheduler import JOBS, build_scheduler
from tests.admin.smtp import text


def test_visits_whose_window_ended_without_a_report_become_missed(app_ctx, scheme, make_rota):
    rota = make_rota(weeks=2, published=True)
    first, second = rota.visits
    first.status = VisitStatus.CONFIRMED
    after_first = first.window_ends_on + timedelta(days=1)
    assert jobs.mark_missed_visits(after_first) == 1
    assert jobs.mark_missed_visits(after_first) == 0  # idempotent
    assert (first.status, second.status) == (VisitStatus.MISSED, VisitStatus.SCHEDULED)


def test_draft_visits_are_never_marked_missed(app_ctx, scheme, make_rota):
    rota = make_rota(weeks=1)
    assert jobs.mark_missed_visits(rota.ends_on + timedelta(days=1)) == 0


def test_pair_is_reminded_three_days_ahead_and_on_the_morning_once(
    app_ctx, scheme, make_rota, inbox
):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    pair = {p.email for p in visit.visitors}
    ahead = visit.window_starts_on - timedelta(days=3)
    assert jobs.remind_volunteers(ahead) == 2
    assert jobs.remind_volunteers(ahead) == 0  # a second run sends nothing
    assert {m["To"] for m in inbox.messages} == pair
    assert "starts in 3 days" in text(inbox.messages[0])
    assert jobs.remind_volunteers(visit.window_starts_on) == 2
    assert "starts today" in text(inbox.messages[-1])
    assert len(inbox.messages) == 4


def test_coordinators_hear_about_declined_and_unconfirmed_visits(app_ctx, scheme, make_rota, inbox):
    rota = make_rota(weeks=1, published=True)
    visit = rota.visits[0]
    no = visit.visitors[0]
    db.session.add(VisitAnswer(scheduled_visit_id=visit.id, user_id=no.id, answer=Answer.DECLINED))
    db.session.commit()
    today = visit.window_starts_on - timedelta(days=2)
    assert jobs.tell_coordinators(today) == 1
    assert jobs.tell_coordinators(today) == 0
    (message,) = inbox.messages
    assert message["To"] == scheme.coordinator.email  # not panel B's coordinator
    assert f"{no.name} cannot make it" in text(message)


def test_failed_email_is_tried_again_next_run(app_ctx, scheme, make_rota, no_mail_server):
    rota = make_rota(weeks=1, published=True)
    assert jobs.remind_volunteers(rota.visits[0].window_starts_on) == 0
    from icv.rota.models import SentNotice

    assert db.session.query(SentNotice).count() == 0


def test_next_quarter_gets_a_draft_two_weeks_ahead_once(app_ctx, scheme):
    today = date(2030, 3, 18)
    assert jobs.draft_next_quarter(today) == 2  # both panels
    assert jobs.draft_next_quarter(today) == 0
    rota = db.session.query(Rota).filter_by(panel_id=scheme.panel_a.id).one()
    assert (rota.starts_on, rota.ends_on, rota.status) == (
        date(2030, 4, 1),
        date(2030, 6, 30),
        "draft",
    )
    assert jobs.draft_next_quarter(date(2030, 3, 19)) == 0


def test_admins_get_one_digest_per_run_of_what_expires_within_60_days(
    app, app_ctx, scheme, make_user, inbox, monkeypatch
):
    monkeypatch.setitem(app.config, "BASE_URL", "https://icv.example.org")
    second_admin = make_user(Role.ADMIN, email="office2@example.org")
    today = date.today()
    first, second, third = scheme.people_a[:3]
    first.vetting_expires_on = today + timedelta(days=30)
    first.term_ends_on = today + timedelta(days=40)
    second.vetting_expires_on = today + timedelta(days=59)
    third.vetting_expires_on = today + timedelta(days=90)  # not yet
    db.session.commit()
    # one email per admin, not one per date per admin, and one to panel A's coordinator
    assert jobs.warn_expiring(today) == 3
    assert jobs.warn_expiring(today) == 0
    assert sorted(m["To"] for m in inbox.messages) == sorted(
        [scheme.admin.email, second_admin.email, scheme.coordinator.email]
    )
    body = text(next(m for m in inbox.messages if m["To"] == scheme.admin.email))
    assert f"{first.name}'s vetting ends on" in body and f"{first.name}'s appointment" in body
    assert f"{second.name}'s vetting ends on" in body and third.name not in body
    assert f"https://icv.example.org/manage/users/{first.id}" in body
    assert inbox.messages[0]["Subject"] == "Renew vetting or appointments: 3 to check"
    to_coordinator = next(m for m in inbox.messages if m["To"] == scheme.coordinator.email)
    assert to_coordinator["Subject"] == "Re-appointment: 1 term ending"
    body = text(to_coordinator)  # the term only: vetting stays with the admins
    ends_on = dates.day(today + timedelta(days=40))
    assert f"{first.name}'s appointment ends on {ends_on}." in body
    assert "vetting" not in body and second.name not in body
    assert f"https://icv.example.org/manage/volunteers/{first.id}" in body

    third.vetting_expires_on = today + timedelta(days=50)
    db.session.commit()
    assert jobs.warn_expiring(today + timedelta(days=1)) == 2  # only the new date this time
    latest = text(inbox.messages[-1])
    assert f"{third.name}'s vetting" in latest and first.name not in latest


def test_admins_are_warned_of_tact_training_ending_unless_renewed_in_time(app_ctx, scheme, inbox):
    today = date.today()
    ending, renewed, untrained = scheme.people_a[:3]
    for person, expires in ((ending, 45), (renewed, 30), (renewed, 400)):
        starts = today - timedelta(days=300) if expires < 100 else today + timedelta(days=30)
        person.trainings.append(
            TrainingRecord(
                course_code="tact", completed_on=starts, expires_on=today + timedelta(days=expires)
            )
        )
    untrained.trainings.append(  # only TACT training is watched here
        TrainingRecord(course_code="induction", completed_on=today - timedelta(days=300),
                       expires_on=today + timedelta(days=20))
    )  # fmt: skip
    db.session.commit()
    assert jobs.warn_expiring(today) == 1
    body = text(inbox.messages[0])
    ends_on = dates.day(today + timedelta(days=45))
    assert f"{ending.name}'s TACT training ends on {ends_on}." in body
    assert renewed.name not in body and untrained.name not in body
    assert inbox.messages[0]["Subject"] == (
        "Renew vetting, appointments or TACT training: 1 to check"
    )
    assert jobs.warn_expiring(today) == 0


def test_reminders_and_coordinator_emails_link_to_the_visit(
    app, app_ctx, scheme, make_rota, inbox, monkeypatch
):
    monkeypatch.setitem(app.config, "BASE_URL", "https://icv.example.org")
    visit = make_rota(weeks=1, published=True).visits[0]
    assert jobs.remind_volunteers(visit.window_starts_on) == 2
    mine = f"https://icv.example.org/rota/mine#visit-{visit.id}"
    assert all(f"record your agreed time at {mine}." in text(m) for m in inbox.messages)
    assert jobs.tell_coordinators(visit.window_starts_on - timedelta(days=2)) == 1
    to_coordinator = text(inbox.messages[-1])
    assert f"not confirmed yet. https://icv.example.org/rota/visits/{visit.id}" in to_coordinator


def test_scheduler_has_fixed_ids_and_never_overlaps_or_piles_up(app):
    scheduler = build_scheduler(app)
    scheduled = {job.id: job for job in scheduler.get_jobs()}
    assert set(scheduled) == set(JOBS)
    for job in scheduled.values():
        assert job.coalesce is True and job.max_instances == 1
        assert job.func_ref == "icv.scheduler:run_job" and job.args == (job.id,)


def test_scheduler_command_runs_one_job_now(runner, scheme, make_rota):
    make_rota(weeks=1, published=True)
    result = runner.invoke(args=["scheduler", "--run-now", "mark_missed_visits"])
    assert result.exit_code == 0, result.output
    assert "mark_missed_visits: 0" in result.output
    bad = runner.invoke(args=["scheduler", "--run-now", "nonsense"])
    assert bad.exit_code != 0


def test_rota_generate_command_prints_quality_figures(runner, scheme):
    result = runner.invoke(
        args=["rota", "generate", "--from", "2030-04-01", "--to", "2030-06-30", "--panel", "Barnet",
              "--seed", "3", "--publish"]
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "weekday evenness per suite" in result.output and "published" in result.output
    assert db.session.query(Rota).one().status == "published"


def test_closing_a_suite_cancels_its_upcoming_visits_with_a_reason(
    app_ctx, scheme, make_rota, inbox
):
    from icv.rota.closures import cancel_while_closed, tell_pairs

    rota = make_rota(weeks=3, published=True)
    first = rota.visits[0]
    scheme.suite_a.status = "closed"
    cancelled = cancel_while_closed(scheme.suite_a, first.window_ends_on + timedelta(days=1))
    db.session.commit()
    assert [v.status for v in rota.visits] == ["scheduled", "cancelled", "cancelled"]
    assert rota.visits[1].cancel_reason == "Suite closed"
    assert tell_pairs(cancelled) == 4 and tell_pairs(cancelled) == 0  # each visitor, once
    told = {m["To"] for m in inbox.messages}
    assert told == {p.email for v in rota.visits[1:] for p in v.visitors}
    assert "This custody visit is cancelled (Suite closed)" in text(inbox.messages[0])
