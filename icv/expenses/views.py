"""Expenses pages: a volunteer's claims and the form (kept on the phone for offline use), a
claim's page with its receipt, and the coordinators' review and monthly finance run."""

from __future__ import annotations

import re
from datetime import date

from flask import Response, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_date, gettext, ngettext
from flask_login import current_user

from icv import policy
from icv.audit import record
from icv.dates import scheme_today
from icv.expenses import bp, claims, receipts
from icv.expenses.models import ClaimStatus, ExpenseClaim
from icv.extensions import db
from icv.pwa import page_kept_offline
from icv.spreadsheets import Sheet, csv_text, xlsx_bytes
from icv.text import hidden_character_problem

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
PRIVATE = "private, no-store"


@bp.route("/")
@policy.roles_required(*policy.EXPENSE_CLAIMERS)
def index():
    query = policy.own_claims_query(current_user).order_by(ExpenseClaim.created_at.desc())
    html = render_template(
        "expenses/index.html",
        title=gettext("Expenses"),
        claims=db.session.scalars(query.limit(100)).all(),
        c=claims,
    )
    return page_kept_offline(html, keep=True)


@bp.route("/new")
@policy.roles_required(*policy.EXPENSE_CLAIMERS)
def new():
    html = render_template(
        "expenses/new.html",
        title=gettext("Claim expenses"),
        reports=claims.claimable_reports(current_user),
        kinds=claims.KIND_LABELS,
        meeting=claims.MEETING,
        today=scheme_today(),
    )
    return page_kept_offline(html, keep=True)


@bp.route("/<int:claim_id>")
@policy.roles_required(*policy.EXPENSE_CLAIMERS, *policy.EXPENSE_DECIDERS)
def claim(claim_id: int):
    found = policy.claim_or_404(current_user, claim_id)
    return _claim_page(found)


def _claim_page(found: ExpenseClaim, errors: dict | None = None, status: int = 200):
    html = render_template(
        "expenses/claim.html",
        title=gettext("Expenses claim"),
        claim=found,
        c=claims,
        can_decide=policy.can_decide_claim(current_user, found)
        and found.status == ClaimStatus.SUBMITTED,
        reference=claims.volunteer_reference(found.claimant),
        errors=errors or {},
    )
    response = Response(html, status=status)
    response.headers["Cache-Control"] = PRIVATE
    return response


@bp.route("/<int:claim_id>/receipt")
@policy.roles_required(*policy.EXPENSE_CLAIMERS, *policy.EXPENSE_DECIDERS)
def receipt(claim_id: int):
    found = policy.claim_or_404(current_user, claim_id)
    if not found.receipt_name:
        abort(404)
    try:
        path = receipts.path_of(found.receipt_name)
    except FileNotFoundError:
        abort(404)
    if found.claimant_id != current_user.id:
        record("viewed", "expense_claim", found.id, "receipt photo", commit=True)
    response = send_file(path, mimetype=found.receipt_type, max_age=0, conditional=False)
    response.headers["Cache-Control"] = PRIVATE
    response.headers["Content-Disposition"] = "inline"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@bp.post("/<int:claim_id>/approve")
@policy.roles_required(*policy.EXPENSE_DECIDERS)
def approve(claim_id: int):
    found = _decidable(claim_id)
    claims.approve(found, current_user)
    db.session.commit()
    flash(
        gettext("Claim approved: %(amount)s for %(name)s.",
                amount=claims.pence_text(found.amount_pence), name=found.claimant.name),
        "success",
    )  # fmt: skip
    return redirect(url_for("expenses.review"))


@bp.post("/<int:claim_id>/return")
@policy.roles_required(*policy.EXPENSE_DECIDERS)
def return_claim(claim_id: int):
    found = _decidable(claim_id)
    reason = request.form.get("reason", "").strip()
    if not reason:
        return _claim_page(found, {"reason": gettext("Say why the claim is returned")}, 400)
    if len(reason) > claims.REASON_LENGTH:
        too_long = gettext("Enter %(most)d characters or fewer", most=claims.REASON_LENGTH)
        return _claim_page(found, {"reason": too_long}, 400)
    if problem := hidden_character_problem(reason, multiline=True):
        return _claim_page(found, {"reason": problem}, 400)
    claims.return_claim(found, current_user, reason)
    db.session.commit()
    flash(gettext("Claim returned to %(name)s, with your reason.", name=found.claimant.name),
          "success")  # fmt: skip
    return redirect(url_for("expenses.review"))


def _decidable(claim_id: int) -> ExpenseClaim:
    found = policy.claim_or_404(current_user, claim_id)
    if not policy.can_decide_claim(current_user, found):
        abort(403)
    if found.status != ClaimStatus.SUBMITTED:
        abort(409)
    return found


@bp.route("/review")
@policy.roles_required(*policy.EXPENSE_DECIDERS)
def review():
    year, month = _month(request.args.get("month"))
    waiting = claims.claims_query(current_user).where(ExpenseClaim.status == ClaimStatus.SUBMITTED)
    approved = claims.approved_in_month(current_user, year, month)
    response = Response(
        render_template(
            "expenses/review.html",
            title=gettext("Expenses claims"),
            waiting=db.session.scalars(waiting.order_by(ExpenseClaim.created_at)).all(),
            approved=approved,
            unpaid=[claim for claim in approved if claim.status == ClaimStatus.APPROVED],
            month=f"{year:04d}-{month:02d}",
            month_name=format_date(date(year, month, 1), "MMMM y"),  # "December 2026"
            c=claims,
        )
    )
    response.headers["Cache-Control"] = PRIVATE
    return response


def _month(text: str | None) -> tuple[int, int]:
    """YYYY-MM, or this month; anything else is 404 (as an unknown page)."""
    if not text:
        today = scheme_today()
        return today.year, today.month
    match = MONTH.match(text)
    if not match:
        abort(404)
    return int(match[1]), int(match[2])


@bp.route("/finance/<month>.csv")
@policy.roles_required(*policy.EXPENSE_DECIDERS)
def export_csv(month: str):
    rows = _finance(month)
    body = csv_text([claims.finance_header(), *rows])
    return _download(body, "text/csv; charset=utf-8", f"expenses-{month}.csv")


@bp.route("/finance/<month>.xlsx")
@policy.roles_required(*policy.EXPENSE_DECIDERS)
def export_xlsx(month: str):
    rows = _finance(month)
    sheet = Sheet(gettext("Expenses %(month)s", month=month), claims.finance_header(), rows)
    mimetype = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return _download(xlsx_bytes([sheet]), mimetype, f"expenses-{month}.xlsx")


def _finance(month: str) -> list[list]:
    year, number = _month(month)
    rows = claims.finance_rows(claims.approved_in_month(current_user, year, number))
    record("exported", "expense_claim", month, f"finance export, {len(rows)} claims", commit=True)
    return rows


def _download(body, mimetype: str, name: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = PRIVATE
    return response


@bp.post("/finance/<month>/paid")
@policy.roles_required(*policy.EXPENSE_DECIDERS)
def mark_paid(month: str):
    year, number = _month(month)
    count = claims.mark_paid(current_user, year, number)
    db.session.commit()
    flash(ngettext("%(num)d claim marked paid.", "%(num)d claims marked paid.", count), "success")
    return redirect(url_for("expenses.review", month=month))
