"""Emails in their reader's language (issue 19): one email of several kinds, each sent to a
reader who chose Welsh and one who chose English, caught at the mail server. The Welsh one
must hold none of the catalogue's English and no English nobody marked (tests/welsh.py): a
password reset, an invitation, a published rota, a cancelled visit, an expenses claim approved
and returned, an overdue-actions reminder. Each area's own tests check its other emails."""

from __future__ import annotations

import html
import io
import re
from datetime import date

import pytest
from werkzeug.datastructures import FileStorage

import icv.mail
from icv.extensions import db
from icv.models import Role
from tests.test_authorisation_matrix import _visit
from tests.welsh import english_left_on, english_not_marked, stored_text


class Outbox:
    """Stands in for smtplib.SMTP: keeps every message the app sends."""

    messages: list = []

    def __init__(self, host, port, timeout=None):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def send_message(self, message):
        Outbox.messages.append(message)


@pytest.fixture
def outbox(monkeypatch):
    settings = icv.mail.SmtpSettings("smtp.test", 25, "icv@example.org", False, None, None)
    monkeypatch.setattr(icv.mail, "smtp_settings", lambda config: settings)
    monkeypatch.setattr(icv.mail.smtplib, "SMTP", Outbox)
    Outbox.messages = []
    return Outbox.messages


def as_page(message) -> str:
    """An email as a page for the checks: its subject and each line of its text; addresses
    (links) left out, as they are not words."""
    text = message.get_body(preferencelist=("plain",)).get_content()
    lines = [message["Subject"], *text.splitlines()]
    lines = [re.sub(r"https?://\S+", "", line) for line in lines]
    return "".join(f"<p>{html.escape(line)}</p>" for line in lines if line.strip())


def _claim(volunteer) -> object:
    from icv.expenses.claims import receive_claim
    from tests.sync.factory import new_uuid

    fields = {"kind": "parking", "incurred_on": date.today().isoformat(), "visit": "meeting",
              "meeting": "Panel meeting", "amount": "3.20"}  # fmt: skip
    photo = FileStorage(io.BytesIO(b"\x89PNG\r\n\x1a\n" + bytes(32)), "receipt.png")
    got = receive_claim(new_uuid(), fields, photo, volunteer)
    assert got.status == 201, got.errors
    db.session.commit()
    return got.claim


def test_each_kind_of_email_goes_in_its_readers_language(
    app_ctx, outbox, make_panel, make_suite, make_user
):
    from icv.actions.reminders import remind_overdue_actions
    from icv.auth.invitations import send_invitation
    from icv.auth.reset import request_reset
    from icv.expenses.claims import approve, return_claim
    from icv.rota.models import ScheduledVisit
    from icv.rota.notices import notify_cancelled, notify_published
    from tests.test_authorisation_matrix import _action_a

    panel = make_panel("Gogledd")
    suite = make_suite(panel, name="Caernarfon")
    people = {
        "cy": make_user(Role.VOLUNTEER, panel=panel, name="Siân Evans", language="cy"),
        "en": make_user(Role.VOLUNTEER, panel=panel, name="Bob Baker", language="en"),
    }
    managers = {
        "cy": make_user(Role.COORDINATOR, panels=[panel], name="Dafydd Rhys", language="cy"),
        "en": make_user(Role.COORDINATOR, panels=[panel], name="Ann Smith", language="en"),
    }
    kinds = {}

    def sent(kind: str, readers: dict, send) -> None:
        before = len(outbox)
        send()
        kinds[kind] = {code: [m for m in outbox[before:] if m["To"] == user.email]
                       for code, user in readers.items()}  # fmt: skip

    def both(send_one):
        return lambda: [send_one(user) for user in people.values()]

    sent(
        "password reset",
        people,
        both(lambda u: request_reset(u.email, "https://icv.test/reset/{}".format).join()),
    )
    sent("invitation", people, both(lambda u: send_invitation(u, "https://icv.test/set")))
    visit = db.session.get(ScheduledVisit, _visit(panel, people["cy"]))
    visit.visitors = [people["cy"], people["en"]]
    db.session.commit()
    sent("rota published", people, lambda: notify_published(visit.rota))
    visit.status, visit.cancel_reason = "cancelled", "Suite closed for repairs"
    sent("visit cancelled", people, lambda: notify_cancelled(visit))
    sent("claim approved", people, both(lambda u: approve(_claim(u), managers["cy"])))
    sent("claim returned", people,
         both(lambda u: return_claim(_claim(u), managers["cy"], "No receipt")))  # fmt: skip
    world = type("World", (), {})()
    world.suite_a, world.panel_a = suite, panel
    world.users = {Role.VOLUNTEER: people["cy"]}
    _action_a(world)
    sent("overdue actions", managers, lambda: remind_overdue_actions(date(2031, 1, 1)))
    db.session.commit()

    data = stored_text()
    problems = {}
    for kind, by_language in kinds.items():
        assert len(by_language["cy"]) == 1 and len(by_language["en"]) == 1, (kind, by_language)
        welsh, english = as_page(by_language["cy"][0]), as_page(by_language["en"][0])
        left = english_left_on(welsh, english, data=data)
        left += [t for t in english_not_marked(welsh, english, data=data) if t not in left]
        if left:
            problems[kind] = left
    report = "\n".join(f"  {kind}: {' | '.join(left)}" for kind, left in problems.items())
    assert not problems, f"English in {len(problems)} of {len(kinds)} Welsh emails:\n{report}"
