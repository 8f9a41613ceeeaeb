"""The rota's small scheme, and a real SMTP server configured through the ICV_SMTP_* names."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller

from tests.admin.smtp import Inbox, _free_port, inbox, no_mail_server  # noqa: F401
from tests.rota.conftest import make_rota, scheme  # noqa: F401  (fixtures)

SMTP_KEYS = ("SMTP_HOST", "SMTP_PORT", "SMTP_SENDER")


@pytest.fixture
def smtp_inbox(app):
    """aiosmtpd on 127.0.0.1, set up as ICV_SMTP_HOST/PORT/SENDER would set it."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
    controller.start()
    saved = {key: app.config.get(key) for key in SMTP_KEYS}
    app.config.update(
        SMTP_HOST="127.0.0.1", SMTP_PORT=controller.port, SMTP_SENDER="rota@icv.example.org"
    )
    yield handler
    app.config.update(saved)
    controller.stop()
