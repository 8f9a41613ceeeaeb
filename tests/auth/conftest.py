"""Fixtures for sign-in tests: the local SMTP server from tests/admin."""

from tests.admin.smtp import inbox, no_mail_server  # noqa: F401  (fixtures)
