"""Sending plain-text email through the configured SMTP server."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app


def send_email(to: str, subject: str, body: str) -> None:
    """Send one plain-text email, or log it when MAIL_ENABLED is off.

    Raises OSError (smtplib.SMTPException is one) when the server cannot be reached or
    refuses the message, so callers can tell the user it was not sent.
    """
    config = current_app.config
    if not config["MAIL_ENABLED"]:
        current_app.logger.info(
            "Email not sent (MAIL_ENABLED is off) to %s: %s\n%s", to, subject, body
        )
        return
    message = EmailMessage()
    message["From"] = config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(body)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
        if config["MAIL_USE_TLS"]:
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(message)
