"""Claims: checking what the phone sent, the amount, decisions and the monthly finance run.

The server computes every amount: mileage at the scheme's rate (MILEAGE_RATE_PENCE), other
costs as entered, both in integer pence. Functions add to the session; callers commit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from icv import policy
from icv.audit import record
from icv.dates import day, month_start, scheme_today, start_of_day, utcnow
from icv.expenses import receipts
from icv.expenses.models import ClaimKind, ClaimStatus, ExpenseClaim
from icv.extensions import db
from icv.language import N_, speaking
from icv.mail import send_email
from icv.models import User
from icv.text import hidden_character_problem
from icv.visits.models import VisitReport

KIND_LABELS = {
    ClaimKind.MILEAGE: _l("Mileage"),
    ClaimKind.PARKING: _l("Parking"),
    ClaimKind.TRANSPORT: _l("Public transport"),
    ClaimKind.OTHER: _l("Other cost"),
}
STATUS_LABELS = {
    ClaimStatus.SUBMITTED: _l("Waiting for a decision"),
    ClaimStatus.APPROVED: _l("Approved"),
    ClaimStatus.RETURNED: _l("Returned"),
    ClaimStatus.PAID: _l("Paid"),
}
MEETING = "meeting"  # the `visit` answer for a meeting or training rather than a visit
MILES = re.compile(r"^\d{1,4}(\.\d)?$")
POUNDS = re.compile(r"^£?\d{1,5}(\.\d{2})?$")
OLDEST_DAYS = 366  # a cost older than a year is for the coordinator to deal with by hand
REASON_LENGTH = 500

CREATED, SAME, INVALID, CONFLICT = 201, 200, 422, 409


@dataclass
class Receipt:
    status: int
    claim: ExpenseClaim | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    message: str = ""


def kind_labels() -> dict[str, str]:
    """The kinds' names in the page's language, as plain text (for JSON)."""
    return {str(kind): str(label) for kind, label in KIND_LABELS.items()}


def pence_text(pence: int) -> str:
    """£12.60"""
    return f"£{pence // 100:,}.{pence % 100:02d}"


def miles_text(tenths: int | None) -> str:
    return "" if tenths is None else f"{tenths // 10}.{tenths % 10}"


def mileage_pence(miles_tenths: int, rate_pence: int) -> int:
    """Rounded to the nearest penny, halves up (12.5p is 13p)."""
    return (miles_tenths * rate_pence + 5) // 10


def volunteer_reference(user: User) -> str:
    """The volunteer's reference for finance: stable, and no name or contact detail."""
    return f"ICV-{user.id:05d}"


def claimable_reports(user: User, today: date | None = None):
    """The claimant's own visits of the last year, newest first: the ones a claim can name."""
    since = (today or scheme_today()) - timedelta(days=OLDEST_DAYS)
    query = policy.own_reports_query(user).where(VisitReport.arrived_at >= start_of_day(since))
    return list(db.session.scalars(query.order_by(VisitReport.arrived_at.desc()).limit(50)))


def receive_claim(uuid: str, fields, receipt_file, user: User) -> Receipt:
    """Store a claim sent from the phone, once per uuid: a resend gets the stored claim."""
    existing = db.session.scalar(sa.select(ExpenseClaim).where(ExpenseClaim.uuid == uuid))
    if existing is not None:
        if existing.claimant_id != user.id:
            return Receipt(CONFLICT, message=gettext("Another claim already has this id."))
        return Receipt(SAME, existing)
    clean, errors = check_fields(fields, user)
    receipt = _check_receipt(clean.get("kind"), receipt_file, errors)
    if not errors:
        duplicate = _duplicate_of(user, clean)
        if duplicate is not None:
            errors["visit"] = [duplicate]
    if errors:
        return Receipt(INVALID, errors=errors)
    claim = ExpenseClaim(uuid=uuid, claimant=user, panel_id=user.panel_id, **clean)
    if receipt is not None:
        claim.receipt_type, extension = receipt[1]
        claim.receipt_name = receipts.store(receipt[0], extension)
    db.session.add(claim)
    db.session.flush()
    record("created", "expense_claim", claim.id, f"{claim.kind} claim")
    return Receipt(CREATED, claim)


def check_fields(fields, user: User) -> tuple[dict, dict[str, list[str]]]:
    """The claim's columns from the form's answers, and what is wrong, by field name."""
    config = current_app.config
    errors: dict[str, list[str]] = {}
    clean: dict = {}
    text = {name: (fields.get(name) or "").strip() for name in FIELD_NAMES}
    if text["kind"] not in set(ClaimKind):
        errors["kind"] = [gettext("Select what you are claiming for")]
    clean["kind"] = text["kind"]
    clean["incurred_on"] = _incurred_on(text["incurred_on"], errors)
    _link(text, user, clean, errors)
    if text["kind"] == ClaimKind.MILEAGE:
        for name, missing in PLACES_MISSING.items():
            if not text[name]:
                errors[name] = [gettext(missing)]
            elif len(text[name]) > 120:
                errors[name] = [gettext("Enter %(most)d characters or fewer", most=120)]
            clean[name] = text[name][:120]
        tenths = _miles(text["miles"], int(config["EXPENSE_MAX_MILES"]), errors)
        rate = int(config["MILEAGE_RATE_PENCE"])
        clean.update(miles_tenths=tenths, rate_pence=rate)
        clean["amount_pence"] = mileage_pence(tenths, rate) if tenths is not None else 0
    elif text["kind"]:
        clean["amount_pence"] = _pence(text["amount"], int(config["EXPENSE_MAX_PENCE"]), errors)
        if not text["description"] and text["kind"] == ClaimKind.OTHER:
            errors["description"] = [gettext("Say what the cost was for")]
    if len(text["description"]) > 500:
        errors["description"] = [gettext("Enter %(most)d characters or fewer", most=500)]
    clean["description"] = text["description"][:500]
    for name in TYPED:
        problem = hidden_character_problem(text[name], multiline=name == "description")
        if problem and name not in errors:
            errors[name] = [problem]
    return clean, errors


PLACES_MISSING = {"start_place": N_("Enter where you started: a postcode or a place"),
                  "end_place": N_("Enter where you went: a postcode or a place")}  # fmt: skip
TYPED = ("meeting", "start_place", "end_place", "description")  # free text, checked as any
FIELD_NAMES = ("kind", "incurred_on", "visit", "meeting", "start_place", "end_place", "miles",
               "amount", "description")  # fmt: skip


def _incurred_on(text: str, errors) -> date | None:
    try:
        value = date.fromisoformat(text)
    except ValueError:
        errors["incurred_on"] = [
            gettext("Enter the date of the journey or cost, for example 1/12/2026")
        ]
        return None
    today = scheme_today()
    if value > today:
        errors["incurred_on"] = [gettext("The date must be today or in the past")]
    elif value < today - timedelta(days=OLDEST_DAYS):
        errors["incurred_on"] = [
            gettext("The date must be within the last year: ask your coordinator")
        ]
    return value


def _link(text, user: User, clean, errors) -> None:
    """A claim is for one of the claimant's own visits, or for a meeting named in words."""
    if text["visit"] == MEETING or not text["visit"]:
        if not text["meeting"]:
            errors["meeting"] = [gettext("Say which meeting or training this was for")]
        elif len(text["meeting"]) > 200:
            errors["meeting"] = [gettext("Enter %(most)d characters or fewer", most=200)]
        clean.update(report_id=None, meeting=text["meeting"][:200])
        return
    query = policy.own_reports_query(user).where(VisitReport.uuid == text["visit"])
    report = db.session.scalar(query)
    if report is None:  # someone else's visit, or a made-up one: the same answer
        errors["visit"] = [gettext("Select one of your own visits")]
        return
    clean.update(report_id=report.id, meeting="")


def _miles(text: str, most: int, errors) -> int | None:
    if not MILES.match(text):
        errors["miles"] = [gettext("Enter the miles as a number, for example 12.5")]
        return None
    tenths = round(float(text) * 10)
    if tenths == 0:
        errors["miles"] = [gettext("Enter the miles: more than 0")]
    elif tenths > most * 10:
        errors["miles"] = [gettext("Enter %(most)d miles or fewer: check the number", most=most)]
    return tenths


def _pence(text: str, most: int, errors) -> int:
    if not POUNDS.match(text.replace(",", "")):
        errors["amount"] = [gettext("Enter the amount in pounds, for example 4.50")]
        return 0
    pounds, _, pennies = text.replace(",", "").lstrip("£").partition(".")
    pence = int(pounds) * 100 + int(pennies or 0)
    if pence == 0:
        errors["amount"] = [gettext("Enter the amount: more than £0")]
    elif pence > most:
        errors["amount"] = [
            gettext("Enter %(most)s or less: check the amount", most=pence_text(most))
        ]
    return pence


def _check_receipt(kind: str | None, receipt_file, errors):
    """(bytes, (media type, extension)) of the photo, or None; costs other than mileage
    need one."""
    if receipt_file is None or not receipt_file.filename:
        if kind and kind != ClaimKind.MILEAGE:
            errors["receipt"] = [gettext("Add a photo of the receipt")]
        return None
    data = receipts.read_limited(receipt_file.stream)
    try:
        return data, receipts.check(data)
    except receipts.ReceiptError as problem:
        errors["receipt"] = [str(problem)]
        return None


def _duplicate_of(user: User, clean: dict) -> str | None:
    """A second claim of the same kind for the same visit is refused (a returned one does not
    count: the volunteer may claim again)."""
    if clean.get("report_id") is None:
        return None
    earlier = db.session.scalar(
        sa.select(ExpenseClaim).where(
            ExpenseClaim.claimant_id == user.id,
            ExpenseClaim.report_id == clean["report_id"],
            ExpenseClaim.kind == clean["kind"],
            ExpenseClaim.status != ClaimStatus.RETURNED,
        )
    )
    if earlier is None:
        return None
    what = str(KIND_LABELS[ClaimKind(clean["kind"])]).lower()
    return gettext(
        "You have already claimed %(what)s for this visit (sent %(day)s). "
        "Choose another visit, or ask your coordinator to return the first claim.",
        what=what,
        day=day(earlier.created_at),
    )


# --- decisions -------------------------------------------------------------------------------


def approve(claim: ExpenseClaim, by: User) -> None:
    _decide(claim, by, ClaimStatus.APPROVED, "")
    with speaking(claim.claimant):
        subject = gettext("Your expenses claim was approved")
        told = gettext("Your claim for %(what)s of %(amount)s, for %(day)s, was approved.",
                       **_told_about(claim))  # fmt: skip
        detail = gettext("It will be paid in the next monthly payment run.")
        send_email(claim.claimant.email, subject, f"{told}\n\n{detail}")


def return_claim(claim: ExpenseClaim, by: User, reason: str) -> None:
    _decide(claim, by, ClaimStatus.RETURNED, reason.strip()[:REASON_LENGTH])
    with speaking(claim.claimant):
        subject = gettext("Your expenses claim was returned")
        told = gettext("Your claim for %(what)s of %(amount)s, for %(day)s, was returned.",
                       **_told_about(claim))  # fmt: skip
        detail = gettext("The reason given:\n\n%(reason)s\n\nYou can correct it and claim again.",
                         reason=claim.return_reason)  # fmt: skip
        send_email(claim.claimant.email, subject, f"{told}\n\n{detail}")


def _decide(claim: ExpenseClaim, by: User, status: ClaimStatus, reason: str) -> None:
    claim.status, claim.return_reason = status, reason
    claim.decided_by, claim.decided_at = by, utcnow()
    record(
        "changed", "expense_claim", claim.id, f"status {status}" + (", reason" if reason else "")
    )


def _told_about(claim: ExpenseClaim) -> dict[str, str]:
    """What the claimant's email names: the kind, the amount and the day (in their language)."""
    what = str(KIND_LABELS[ClaimKind(claim.kind)]).lower()
    return {"what": what, "amount": pence_text(claim.amount_pence), "day": day(claim.incurred_on)}


# --- finance -------------------------------------------------------------------------------


def claims_query(user: User):
    """Claims of the panels the user manages (admins: all)."""
    query = sa.select(ExpenseClaim)
    allowed = policy.managed_panel_ids(user)
    return query if allowed is None else query.where(ExpenseClaim.panel_id.in_(allowed))


def month_bounds(year: int, month: int) -> tuple[date, date]:
    start = month_start(year, month)
    following = month_start(year + month // 12, month % 12 + 1)
    return start, following


def approved_in_month(user: User, year: int, month: int, *, unpaid_only: bool = False):
    """Approved (and paid) claims for costs in the month, for finance."""
    start, following = month_bounds(year, month)
    statuses = [ClaimStatus.APPROVED] if unpaid_only else [ClaimStatus.APPROVED, ClaimStatus.PAID]
    query = claims_query(user).where(
        ExpenseClaim.status.in_(statuses),
        ExpenseClaim.incurred_on >= start,
        ExpenseClaim.incurred_on < following,
    )
    return list(db.session.scalars(query.order_by(ExpenseClaim.claimant_id, ExpenseClaim.id)))


FINANCE_HEADER = (N_("Volunteer reference"), N_("Claim"), N_("Kind"), N_("Date of cost"),
                  N_("Approved on"), N_("Miles"), N_("Amount (£)"), N_("Amount (pence)"),
                  N_("Cost code"), N_("Paid on"))  # fmt: skip


def finance_header() -> list[str]:
    """The export's headings in the language of whoever downloads it."""
    return [gettext(heading) for heading in FINANCE_HEADER]


def finance_rows(claims: list[ExpenseClaim]) -> list[list]:
    codes = current_app.config["EXPENSE_COST_CODES"]
    return [
        [
            volunteer_reference(claim.claimant),
            claim.uuid,
            str(KIND_LABELS[ClaimKind(claim.kind)]),
            claim.incurred_on.isoformat(),
            claim.decided_at.date().isoformat() if claim.decided_at else "",
            miles_text(claim.miles_tenths),
            f"{claim.amount_pence / 100:.2f}",
            claim.amount_pence,
            codes.get(claim.kind, ""),
            claim.paid_at.date().isoformat() if claim.paid_at else "",
        ]
        for claim in claims
    ]


def mark_paid(user: User, year: int, month: int) -> int:
    """Every approved, unpaid claim of the month (of the user's panels) is now paid."""
    claims = approved_in_month(user, year, month, unpaid_only=True)
    now = utcnow()
    for claim in claims:
        claim.status, claim.paid_at = ClaimStatus.PAID, now
        record("changed", "expense_claim", claim.id, "status paid")
    return len(claims)


# --- retention -----------------------------------------------------------------------------


def delete_claims_before(cutoff: date) -> tuple[list[int], list[str]]:
    """Claims for costs before `cutoff` (docs/data-protection.md): their ids, and the names
    of their receipt photos, which the caller deletes once this transaction is committed."""
    old = db.session.scalars(
        sa.select(ExpenseClaim).where(ExpenseClaim.incurred_on < cutoff).order_by(ExpenseClaim.id)
    ).all()
    done, photos = [], []
    for claim in old:
        done.append(claim.id)
        photos += [claim.receipt_name] if claim.receipt_name else []
        db.session.delete(claim)
        record("deleted", "expense_claim", claim.id, "claim and receipt past retention")
    return done, photos


def scheduled_retention(today: date) -> str:
    """The scheduler's job `expire_expense_claims` (daily; idempotent): the photos go once the
    rows' deletion is committed, so a failed run never leaves a claim without its receipt."""
    from icv.privacy.retention import years_before

    cutoff = years_before(today, int(current_app.config["RETENTION_EXPENSE_YEARS"]))
    deleted, photos = delete_claims_before(cutoff)
    db.session.commit()
    for name in photos:
        receipts.delete(name)
    return f"{len(deleted)} expenses claims deleted"
