"""The coordinators' daily job also reports published visits still without a full pair:
gaps the generator could not fill, and visits that lost a visitor. Each once, to the
panel's coordinators only, by email (aiosmtpd) or in-app notification."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from icv.dates import date_range
from icv.extensions import db
from icv.notifications.models import Notification
from icv.rota import jobs
from tests.admin.smtp import text


def _only_one_available(scheme) -> None:
    for person in scheme.people_a[1:]:
        person.availability = []
    db.session.commit()


def test_gaps_of_a_published_rota_are_reported_once(app_ctx, scheme, make_rota, inbox):
    _only_one_available(scheme)
    rota = make_rota(weeks=2, published=True)
    assert len(rota.gaps) == 2 and not rota.visits
    today = scheme.start - timedelta(days=20)  # long before: no daily list yet, gaps all the same
    assert jobs.tell_coordinators(today) == 1
    assert jobs.tell_coordinators(today) == 0  # a second run the same day
    assert jobs.tell_coordinators(today + timedelta(days=1)) == 0  # each gap once, ever
    (message,) = inbox.messages
    assert message["To"] == scheme.coordinator.email  # not panel B's coordinator
    body = text(message).replace("\r\n", "\n")
    assert "Visits without a full pair" in body
    week = f"{scheme.start:%-d %B}"
    assert f"- Colindale, week of {week}: only one available volunteer" in body
    assert body.count("only one available volunteer") == 2


def test_draft_gaps_and_gaps_already_over_are_not_reported(app_ctx, scheme, make_rota, inbox):
    _only_one_available(scheme)
    make_rota(weeks=1)  # a draft
    assert jobs.tell_coordinators(scheme.start) == 0
    published = make_rota(weeks=1, published=True, seed=2)
    assert published.gaps
    assert jobs.tell_coordinators(scheme.start + timedelta(days=7)) == 0  # its week has ended
    assert inbox.messages == []


def test_a_visit_that_lost_a_visitor_is_reported_once_with_the_daily_list(
    app_ctx, scheme, make_rota, inbox
):
    rota = make_rota(weeks=2, published=True)
    first, second = rota.visits
    gone = second.visitors[0]
    gone.is_enabled = False  # left the scheme
    db.session.commit()
    today = first.window_starts_on - timedelta(days=2)
    assert jobs.tell_coordinators(today) == 1
    body = text(inbox.messages[0])
    assert "not confirmed yet" in body  # the daily list of the week ahead, as before
    assert date_range(second.window_starts_on, second.window_ends_on) in body
    assert "1 of 2 volunteers" in body
    assert jobs.tell_coordinators(today + timedelta(days=1)) == 1  # the daily list again...
    assert "1 of 2 volunteers" not in text(inbox.messages[1])  # ...without it


def test_unfilled_visits_become_in_app_notifications_without_smtp(app_ctx, scheme, make_rota):
    _only_one_available(scheme)
    make_rota(weeks=1, published=True)
    assert jobs.tell_coordinators(scheme.start - timedelta(days=3)) == 1
    kept = db.session.scalars(sa.select(Notification)).all()
    assert [n.user_id for n in kept] == [scheme.coordinator.id]
    assert "only one available volunteer" in kept[0].body
