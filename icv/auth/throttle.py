"""Wrong passwords slow down and then stop the address they come from, never the account.

Failures are counted per client address and per account-and-address (the email as typed,
known or not, so every email gets the same answers). Each failure from an address waits a
little longer than the one before; past LOCKOUT_THRESHOLD failures for one account from one
address, or LOCKOUT_ADDRESS_THRESHOLD from one address in all, that address is refused for
LOCKOUT_MINUTES. The true user, from their own address, can still sign in.

The counts live in the rate limiter's storage (RATELIMIT_STORAGE_URI), so every worker
shares them when that is a shared store such as redis:// (docs/deployment.md).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import current_app
from flask_babel import gettext
from flask_limiter.util import get_remote_address
from limits import RateLimitItemPerMinute

from icv.extensions import db, limiter
from icv.language import N_

REFUSED = N_(
    "Too many failed attempts to sign in from this device. For your security, signing in "
    "from here is paused for %(minutes)s minutes. Try again then, or reset your password."
)
MAX_DELAY_SECONDS = 5.0
_NAMESPACE = "sign-in-failures"


@dataclass(frozen=True)
class _Counter:
    item: RateLimitItemPerMinute
    identifiers: tuple[str, ...]


def _counters(email: str) -> tuple[_Counter, _Counter]:
    """The count for this address, and for this account from this address."""
    config = current_app.config
    minutes = int(config["LOCKOUT_MINUTES"])
    address = get_remote_address() or "unknown"
    by_address = RateLimitItemPerMinute(int(config["LOCKOUT_ADDRESS_THRESHOLD"]), minutes)
    by_account = RateLimitItemPerMinute(int(config["LOCKOUT_THRESHOLD"]), minutes)
    return (
        _Counter(by_address, (_NAMESPACE, address)),
        _Counter(by_account, (_NAMESPACE, address, email.strip().lower())),
    )


def refusal(email: str) -> str | None:
    """Why sign-in from this address is refused now (the same for every email), if it is."""
    if all(limiter.limiter.test(c.item, *c.identifiers) for c in _counters(email)):
        return None
    return gettext(REFUSED, minutes=current_app.config["LOCKOUT_MINUTES"])


def record_failure(email: str) -> None:
    """Count a wrong password, then wait longer the more this address has got wrong."""
    by_address, by_account = _counters(email)
    for counter in (by_address, by_account):
        limiter.limiter.hit(counter.item, *counter.identifiers)
    stats = limiter.limiter.get_window_stats(by_address.item, *by_address.identifiers)
    failures = by_address.item.amount - stats.remaining
    step = float(current_app.config["LOCKOUT_DELAY_SECONDS"])
    delay = min(step * (failures - 1), MAX_DELAY_SECONDS)
    if delay > 0:
        db.session.commit()  # the request only read: give its connection back while it waits
        time.sleep(delay)


def forget_failures(email: str) -> None:
    """The account signed in, or reset its password, from here: its count here starts again."""
    by_account = _counters(email)[1]
    limiter.limiter.clear(by_account.item, *by_account.identifiers)
