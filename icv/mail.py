"""Sending email through the configured SMTP server, or keeping it in the app.

smtp_settings() is the one place that decides where email goes. With no SMTP server
configured, a message is logged and kept as an in-app notification for its recipient
(icv.notifications), so a scheme without email still hears about its rota. Messages that
are sent by email are not kept as well: one copy of people's personal data is enough.

Callers write plain text in the recipient's language (build it, and send it, inside
`with icv.language.speaking(recipient):`, docs/welsh.md); each email carries it twice, as
text/plain and as an HTML alternative in GOV.UK Notify's plain style (paragraphs, bullet
lists, links), with the Date and Message-ID that receivers expect. public_url() builds the
links they carry.
"""

from __future__ import annotations

import re
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from itertools import groupby

from flask import current_app, render_template
from flask_babel import gettext
from markupsafe import Markup, escape

from icv.dates import utcnow


def service_name() -> str:
    """The service's name in the language being written (a scheme's own SERVICE_NAME shows as
    it is set unless the catalogue has a translation for it; the default has one)."""
    return gettext(current_app.config["SERVICE_NAME"])


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    sender: str
    use_tls: bool
    username: str | None
    password: str | None


def smtp_settings(config) -> SmtpSettings | None:
    """ICV_SMTP_* settings, falling back to the older ICV_MAIL_* names; None means no server
    (no host given, or MAIL_ENABLED off)."""
    if not config.get("MAIL_ENABLED", True):
        return None

    def pick(name: str, old_name: str, default=None):
        value = config.get(f"SMTP_{name}")
        if value is None or value == "":
            value = config.get(old_name)
        return default if value is None or value == "" else value

    host = pick("HOST", "MAIL_SERVER")
    if not host:
        return None
    return SmtpSettings(
        host=str(host),
        port=int(pick("PORT", "MAIL_PORT", 25)),
        sender=str(pick("SENDER", "MAIL_SENDER", "icv@localhost")),
        use_tls=bool(pick("USE_TLS", "MAIL_USE_TLS", False)),
        username=pick("USERNAME", "MAIL_USERNAME"),
        password=pick("PASSWORD", "MAIL_PASSWORD"),
    )


def send_email(to: str, subject: str, body: str, *, in_app: bool = True) -> bool:
    """Send one plain-text email and return True; with no SMTP server, log it, (unless
    `in_app` is False, e.g. for a message carrying a sign-in link) keep it as the recipient's
    notification, and return False: nothing was emailed.

    Raises OSError (smtplib.SMTPException is one) when the server cannot be reached or
    refuses the message, so callers can tell the user it was not sent. A kept notification
    is added to the session; the caller's commit stores it with the rest of its work.
    """
    settings = smtp_settings(current_app.config)
    if settings is None:
        # Bodies can carry sign-in links, so they reach the log only when a developer asks.
        shown = f"\n{body}" if current_app.config.get("MAIL_LOG_BODY") else ""
        current_app.logger.info(
            "Email not sent (no SMTP server configured) to %s: %s%s", to, subject, shown
        )
        if in_app:
            from icv.notifications.store import keep

            keep(to, subject, body)
        return False
    message = compose(settings.sender, to, subject, body)
    with smtplib.SMTP(settings.host, settings.port, timeout=10) as smtp:
        if settings.use_tls:
            smtp.starttls()
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(message)
    return True


def compose(sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A multipart/alternative message: `body` as text, and the same as simple HTML."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(utcnow())
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    # Every message is written by the app, not a person: out-of-office replies stay away.
    message["Auto-Submitted"] = "auto-generated"
    message.set_content(body)
    message.add_alternative(
        render_template("mail/message.html", subject=subject, blocks=html_blocks(body)),
        subtype="html",
    )
    return message


LINK_STYLE = "color: #1d70b8;"  # GOV.UK link blue
LINK = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:)]")


def html_blocks(body: str) -> list[tuple[str, list[Markup]]]:
    """The text's paragraphs as ("p", [line, ...]) and its "- " lists as ("ul", [item, ...]),
    each line escaped with its addresses made into links."""
    blocks = []
    for chunk in re.split(r"\n\s*\n", body.strip()):
        for is_list, run in groupby(chunk.splitlines(), key=lambda line: line.startswith("- ")):
            if is_list:
                blocks.append(("ul", [_linked(line[2:]) for line in run]))
            else:
                blocks.append(("p", [_linked(line) for line in run]))
    return blocks


def _linked(text: str) -> Markup:
    parts, last = [], 0
    for match in LINK.finditer(text):
        link = Markup('<a href="{0}" style="{1}">{0}</a>').format(match.group(0), LINK_STYLE)
        parts += [escape(text[last : match.start()]), link]
        last = match.end()
    return Markup("").join([*parts, escape(text[last:])])
