"""A real SMTP server (aiosmtpd) on 127.0.0.1 that keeps what it receives, for email tests."""

from __future__ import annotations

import re
import socket
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(message_from_bytes(envelope.content, policy=default))
        return "250 Message accepted for delivery"

    def last_link(self, to: str) -> str:
        """The set-your-password link in the newest email to `to`."""
        mine = [m for m in self.messages if m["To"] == to]
        assert mine, f"no email to {to}; got {[m['To'] for m in self.messages]}"
        body = mine[-1].get_content()
        match = re.search(r"https?://\S+/set-password/\S+", body)
        assert match, body
        return match.group(0)


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
