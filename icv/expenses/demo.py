"""The demo's expenses claims: the demo volunteer's, for their recent visits, one in each
state a coordinator meets (waiting, approved, returned with a reason), sent through the
ordinary intake. Safe to run again: a volunteer with claims gets no more."""

from __future__ import annotations

import io
import struct
import uuid
import zlib
from datetime import date

from werkzeug.datastructures import FileStorage

from icv import policy
from icv.dates import scheme_date
from icv.expenses import claims
from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.models import User

NAMESPACE = uuid.UUID("6c2a3a39-2f0e-4c55-9f63-1c1b6f0e7d21")


def seed_demo_claims(volunteer: User, coordinator: User, today: date) -> int:
    """How many claims were added (0 when the volunteer has some, or no recent visit)."""
    if db.session.scalar(policy.own_claims_query(volunteer).limit(1)) is not None:
        return 0
    reports = claims.claimable_reports(volunteer, today)
    if not reports:
        return 0
    visit = reports[0]
    on = scheme_date(visit.arrived_at).isoformat()
    made = [
        _send(volunteer, "mileage", {"incurred_on": on, "visit": visit.uuid,
              "start_place": "NW9 5JE", "end_place": visit.suite.name, "miles": "14.2"}),
        _send(volunteer, "parking", {"incurred_on": on, "visit": visit.uuid, "amount": "3.60"},
              photo=True),
        _send(volunteer, "transport", {"incurred_on": today.isoformat(), "visit": claims.MEETING,
              "meeting": "Panel meeting", "amount": "7.40"}, photo=True),
    ]  # fmt: skip
    claims.approve(made[1], coordinator)
    claims.return_claim(
        made[2], coordinator, "The receipt is for a different day: add the right one."
    )
    db.session.commit()
    return len(made)


def _send(volunteer: User, kind: str, fields: dict, photo: bool = False) -> ExpenseClaim:
    key = str(uuid.uuid5(NAMESPACE, f"{volunteer.id}-{kind}-{fields['incurred_on']}"))
    receipt = FileStorage(io.BytesIO(receipt_png()), "receipt.png") if photo else None
    got = claims.receive_claim(key, {"kind": kind, **fields}, receipt, volunteer)
    if got.status != claims.CREATED:  # a bug in the demo, never in the data
        raise RuntimeError(f"demo {kind} claim: {got.errors or got.message}")
    return got.claim


def receipt_png(width: int = 24, height: int = 32) -> bytes:
    """A small grey PNG standing in for a photographed receipt."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + b"\xdd" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))  # fmt: skip
