"""Where email goes: ICV_SMTP_* (or the older ICV_MAIL_*), else the in-app notifications."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from icv.config import DefaultConfig, from_environment
from icv.extensions import db
from icv.links import public_url
from icv.mail import SmtpSettings, send_email, smtp_settings
from icv.models import Role
from icv.notifications.models import Notification
from icv.rota import jobs
from tests.admin.smtp import html, text


def settings_for(environ: dict) -> SmtpSettings | None:
    config = {key: getattr(DefaultConfig, key) for key in dir(DefaultConfig) if key.isupper()}
    return smtp_settings(config | from_environment(environ))


def kept(user=None) -> list[Notification]:
    query = sa.select(Notification).order_by(Notification.id)
    if user is not None:
        query = query.where(Notification.user_id == user.id)
    return list(db.session.scalars(query))


def test_icv_smtp_variables_configure_the_server():
    environ = {
        "ICV_SMTP_HOST": "smtp.example.org",
        "ICV_SMTP_PORT": "587",
        "ICV_SMTP_USERNAME": "icv",
        "ICV_SMTP_PASSWORD": "s3cret-words",
        "ICV_SMTP_USE_TLS": "1",
        "ICV_SMTP_SENDER": "rota@example.org",
    }
    assert settings_for(environ) == SmtpSettings(
        host="smtp.example.org", port=587, sender="rota@example.org", use_tls=True,
        username="icv", password="s3cret-words",
    )  # fmt: skip


def test_the_older_mail_names_still_work_and_smtp_names_win_over_them():
    old = {"ICV_MAIL_SERVER": "old.example.org", "ICV_MAIL_PORT": "2525",
           "ICV_MAIL_USE_TLS": "1", "ICV_MAIL_SENDER": "old@example.org"}  # fmt: skip
    assert settings_for(old) == SmtpSettings(
        host="old.example.org", port=2525, sender="old@example.org", use_tls=True,
        username=None, password=None,
    )  # fmt: skip
    both = settings_for(old | {"ICV_SMTP_HOST": "new.example.org", "ICV_SMTP_USE_TLS": "0"})
    assert (both.host, both.port, both.use_tls) == ("new.example.org", 2525, False)


@pytest.mark.parametrize(
    "environ",
    [{}, {"ICV_SMTP_HOST": ""}, {"ICV_SMTP_HOST": "smtp.example.org", "ICV_MAIL_ENABLED": "0"}],
)
def test_no_host_or_mail_switched_off_means_no_server(environ):
    assert settings_for(environ) is None


def test_with_no_server_a_message_is_logged_and_kept_for_its_recipient(
    app, app_ctx, make_user, caplog
):
    person = make_user(Role.VOLUNTEER, email="Vic@Example.org")
    with caplog.at_level(logging.INFO):
        send_email("vic@example.org", "Your custody visits", "Hello Vic,\n\nColindale next week.")
    db.session.commit()
    (note,) = kept()
    assert (note.user_id, note.subject, note.read_at) == (person.id, "Your custody visits", None)
    assert note.body.endswith("Colindale next week.")
    assert "vic@example.org" in caplog.text and "Your custody visits" in caplog.text


def test_nothing_is_kept_for_people_who_cannot_sign_in_or_when_asked_not_to(app_ctx, make_user):
    invited = make_user(Role.VOLUNTEER, email="new@example.org", password_hash=None)
    make_user(Role.VOLUNTEER, email="gone@example.org", is_enabled=False)
    signed_up = make_user(Role.VOLUNTEER, email="here@example.org")
    send_email(invited.email, "Choose a password", "https://icv.example.org/set-password/x")
    send_email("gone@example.org", "Reminder", "Body")
    send_email("nobody@example.org", "Reminder", "Body")
    send_email(signed_up.email, "Reset your password", "A link", in_app=False)
    db.session.commit()
    assert kept() == []


def test_with_a_server_configured_by_smtp_names_email_is_sent_not_kept(
    app_ctx, make_user, smtp_inbox
):
    person = make_user(Role.VOLUNTEER, email="sam@example.org")
    send_email(person.email, "Custody visit reminder", "Your window starts today.")
    db.session.commit()
    (message,) = smtp_inbox.messages
    assert (message["To"], message["From"]) == ("sam@example.org", "rota@icv.example.org")
    assert message["Subject"] == "Custody visit reminder"
    assert kept() == []


def test_rota_reminders_without_email_reach_each_visitors_list_once(
    app_ctx, scheme, make_rota, caplog
):
    visit = make_rota(weeks=1, published=True).visits[0]
    with caplog.at_level(logging.INFO):
        assert jobs.remind_volunteers(visit.window_starts_on - timedelta(days=3)) == 2
        assert jobs.remind_volunteers(visit.window_starts_on - timedelta(days=3)) == 0
    for person in visit.visitors:
        (note,) = kept(person)
        assert note.subject == "Custody visit reminder" and "starts in 3 days" in note.body
    outsiders = [p for p in scheme.people_a + scheme.people_b if p not in visit.visitors]
    assert all(kept(p) == [] for p in outsiders)


def test_each_email_is_dated_identified_and_has_a_text_and_an_html_part(
    app_ctx, make_user, smtp_inbox
):
    body = (
        "Hello Sam,\n\nYour visits <soon>:\n- Colindale: Mon 1 Jun\n- Wembley: Tue 2 Jun\n\n"
        "Confirm them at https://icv.example.org/rota/mine#visit-3."
    )
    send_email("sam@example.org", "Your custody visits", body)
    send_email("sam@example.org", "Your custody visits", body)
    # The inbox parsed both under policy.strict and checked Date, Message-ID, Auto-Submitted.
    first, second = smtp_inbox.messages
    assert first["Message-ID"] != second["Message-ID"]
    assert first["Message-ID"].endswith("@icv.example.org>")  # the sender's domain
    assert text(first) == body + "\n"
    page = html(first)
    assert "font-family: Helvetica, Arial, sans-serif; font-size: 19px" in page
    assert ">Hello Sam,</p>" in page and "Your visits &lt;soon&gt;:</p>" in page
    assert page.count("<li") == 2 and ">Colindale: Mon 1 Jun</li>" in page
    link = "https://icv.example.org/rota/mine#visit-3"
    assert f'Confirm them at <a href="{link}" style="color: #1d70b8;">{link}</a>.</p>' in page


def test_links_in_email_use_the_base_url_not_the_host_the_request_named(app, monkeypatch):
    with app.test_request_context("/", base_url="http://attacker.example"):
        assert public_url("rota.mine") == "http://attacker.example/rota/mine"
        monkeypatch.setitem(app.config, "BASE_URL", "https://icv.example.org/scheme/")
        assert public_url("auth.reset_password", token="abc") == (
            "https://icv.example.org/scheme/reset-password/abc"
        )
    with app.app_context():  # a scheduled job: no request at all
        assert public_url("rota.mine", _anchor="visit-7") == (
            "https://icv.example.org/scheme/rota/mine#visit-7"
        )
        monkeypatch.setitem(app.config, "BASE_URL", "")
        assert public_url("rota.mine") is None
