"""Two-factor sign-in: TOTP codes from an authenticator app, and single-use recovery codes.

Plain functions on User; callers commit. Secrets and recovery codes are credentials:
nothing here logs them, only hashes of recovery codes are stored, and the authenticator
secret is stored encrypted (the column type does it: icv/crypto.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from datetime import UTC, datetime

import pyotp
import sqlalchemy as sa
from sqlalchemy.orm.attributes import flag_modified

from icv.crypto import UNREADABLE
from icv.dates import utcnow
from icv.extensions import db
from icv.models import RecoveryCode, User

RECOVERY_CODE_COUNT = 10
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_DRIFT_STEPS = 1  # accept the code of the step before and after: phone clocks drift


def new_secret() -> str:
    return pyotp.random_base32()  # 32 characters, 160 bits


def grouped(secret: str) -> str:
    """ABCD EFGH ...: easier to type into an app than one long run of letters."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def provisioning_uri(user: User, secret: str, issuer: str) -> str:
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def is_enrolled(user: User) -> bool:
    return user.totp_enabled_at is not None and bool(user.totp_secret)


def _clean_code(code: str) -> str:
    return re.sub(r"[\s-]", "", code or "")


def _matching_step(secret: str, code: str, now: float | None) -> int | None:
    """The time step whose code this is, within the allowed drift, or None."""
    code = _clean_code(code)
    if not re.fullmatch(r"\d{6}", code) or secret == UNREADABLE:
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(_moment(now))
    for step in range(current - _DRIFT_STEPS, current + _DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _moment(now: float | None) -> datetime:
    return datetime.fromtimestamp(time.time() if now is None else now, UTC)


def accept_code(user: User, code: str, *, now: float | None = None) -> bool:
    """True for a current code not used before; remembers its step so it cannot be replayed."""
    if not is_enrolled(user):
        return False
    step = _matching_step(user.totp_secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def enrol(user: User, secret: str, code: str, *, now: float | None = None) -> list[str] | None:
    """Turn two-factor sign-in on if `code` proves the app has `secret`; the recovery codes."""
    step = _matching_step(secret, code, now)
    if step is None:
        return None
    user.totp_secret = secret
    user.totp_enabled_at = utcnow()
    user.totp_last_step = step
    return replace_recovery_codes(user)


def disable(user: User) -> None:
    """Turn two-factor sign-in off and forget the secret and recovery codes."""
    user.totp_secret = None
    user.totp_enabled_at = None
    user.totp_last_step = None
    user.recovery_codes.clear()


def _digest(code: str) -> str:
    # Recovery codes carry 80 random bits, so a fast hash is safe (no guessing from it).
    return hashlib.sha256(_clean_code(code).lower().encode()).hexdigest()


def _new_recovery_code() -> str:
    raw = "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(16))
    return "-".join(raw[i : i + 4] for i in range(0, 16, 4))


def replace_recovery_codes(user: User) -> list[str]:
    """Ten new single-use codes; the old ones stop working. The plain codes are shown once."""
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    user.recovery_codes = [RecoveryCode(code_hash=_digest(code)) for code in codes]
    return codes


def use_recovery_code(user: User, code: str) -> bool:
    if not is_enrolled(user) or len(_clean_code(code)) != 16:
        return False
    found = db.session.scalar(
        sa.select(RecoveryCode).where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _digest(code),
            RecoveryCode.used_at.is_(None),
        )
    )
    if found is None:
        return False
    found.used_at = utcnow()
    return True


def recovery_codes_left(user: User) -> int:
    return sum(1 for code in user.recovery_codes if code.used_at is None)


def accept_second_factor(user: User, code: str, *, now: float | None = None) -> bool:
    """A current authenticator code, or an unused recovery code."""
    return accept_code(user, code, now=now) or use_recovery_code(user, code)


def reencrypt_secrets() -> tuple[int, int]:
    """Write every stored secret again, so the first configured key encrypts it (after a key
    change). Returns (rewritten, unreadable): unreadable ones need their owner to set up
    two-factor sign-in again (`flask --app icv users reset-2fa EMAIL`)."""
    rewritten = unreadable = 0
    for user in db.session.scalars(sa.select(User).where(User.totp_secret.is_not(None))):
        if user.totp_secret == UNREADABLE:
            unreadable += 1
            continue
        flag_modified(user, "totp_secret")  # same plain text, new ciphertext
        rewritten += 1
    return rewritten, unreadable
