"""Encryption at rest for the few secrets the app must read back: authenticator (TOTP) keys.

Passwords, recovery codes and API tokens are hashed; a TOTP key cannot be, because the server
computes codes from it. So it is stored encrypted (Fernet: AES-128-CBC with an HMAC), and a
copy of the database on its own (a dump, a backup, a stolen disk) does not give it away.

Keys: `ICV_ENCRYPTION_KEYS`, comma-separated Fernet keys (`flask --app icv encryption new-key`).
The first encrypts; every one decrypts, so a key can be replaced without losing anything:
put the new key first, keep the old one after it, run `flask --app icv encryption rotate`,
then drop the old key. Without the setting, one key is derived from SECRET_KEY (HKDF).
"""

from __future__ import annotations

import base64
import logging

import sqlalchemy as sa
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app

log = logging.getLogger(__name__)

# What an encrypted column holds when no configured key opens it (a key was lost or changed).
# Never a usable secret: two-factor sign-in then refuses every code rather than letting
# anyone set up a new authenticator in its place.
UNREADABLE = "\x00unreadable"


def derived_key(secret_key: str) -> bytes:
    """A Fernet key from SECRET_KEY, for deployments that set no ICV_ENCRYPTION_KEYS."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"icv encryption at rest")
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


def configured_keys(config) -> list[bytes]:
    keys = config.get("ENCRYPTION_KEYS") or ""
    if isinstance(keys, str):
        keys = [key.strip() for key in keys.split(",") if key.strip()]
    return [key.encode() if isinstance(key, str) else key for key in keys] or [
        derived_key(config["SECRET_KEY"])
    ]


def _fernet() -> MultiFernet:
    cached = current_app.extensions.get("icv_fernet")
    if cached is None:
        keys = configured_keys(current_app.config)
        cached = current_app.extensions["icv_fernet"] = MultiFernet([Fernet(k) for k in keys])
    return cached


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text; raises InvalidToken when no configured key opens it."""
    return _fernet().decrypt(token.encode()).decode()


def new_key() -> str:
    return Fernet.generate_key().decode()


class EncryptedString(sa.TypeDecorator):
    """A string column stored encrypted: code reads and writes plain text."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value == UNREADABLE:
            raise ValueError("refusing to store an unreadable secret over the stored one")
        return encrypt(value)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        try:
            return decrypt(value)
        except InvalidToken:
            log.error("A stored secret cannot be decrypted: check ICV_ENCRYPTION_KEYS")
            return UNREADABLE
