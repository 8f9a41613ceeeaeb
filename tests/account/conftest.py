"""Fixtures for the scheme management tests: a real local SMTP server."""

from tests.admin.smtp import inbox, no_mail_server  # noqa: F401  (fixtures)
