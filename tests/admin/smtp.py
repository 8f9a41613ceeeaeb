"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives, for email tests.

Each message is parsed under email.policy.strict (a defect raises) and checked for what
receiving mail systems expect of every message, so every email test checks that too."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes
from email.policy import strict

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(acceptable(envelope.content))
        return "250 Message accepted for delivery"

    def last_link(self, to: str) -> str:
        """The set-your-password link in the newest email to `to`."""
        mine = [m for m in self.messages if m["To"] == to]
        assert mine, f"no email to {to}; got {[m['To'] for m in self.messages]}"
        body = text(mine[-1])
        match = re.search(r"https?://\S+/set-password/\S+", body)
        assert match, body
        return match.group(0)


def acceptable(raw: bytes):
    """The message, parsed strictly, once it has shown the headers and parts receivers want."""
    message = message_from_bytes(raw, policy=strict)
    for name in ("From", "To", "Subject", "Date", "Message-ID"):
        assert len(message.get_all(name, [])) == 1, f"{name}: {message.get_all(name)}"
        assert not message[name].defects, (name, message[name].defects)
    assert message["Message-ID"].startswith("<") and "@" in message["Message-ID"]
    assert message["Date"].datetime.tzinfo is not None
    assert message["Auto-Submitted"] == "auto-generated"
    assert message.get_content_type() == "multipart/alternative"
    assert [part.get_content_type() for part in message.iter_parts()] == [
        "text/plain", "text/html"
    ]  # fmt: skip
    return message


def text(message) -> str:
    """The plain-text part, with the line endings it was written with."""
    return message.get_body(("plain",)).get_content().replace("\r\n", "\n")


def html(message) -> str:
    return message.get_body(("html",)).get_content()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def inbox(app):
    """Point the app's mail settings at a fresh local SMTP server for one test."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved = {key: app.config[key] for key in ("MAIL_ENABLED", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port)
    yield handler
    app.config.update(saved)
    controller.stop()


@pytest.fixture
def no_mail_server(app):
    """Mail settings pointing at a port where nothing listens: sending fails."""
    saved = {key: app.config[key] for key in ("MAIL_ENABLED", "MAIL_SERVER", "MAIL_PORT")}
    app.config.update(MAIL_ENABLED=True, MAIL_SERVER="127.0.0.1", MAIL_PORT=_free_port())
    yield
    app.config.update(saved)
