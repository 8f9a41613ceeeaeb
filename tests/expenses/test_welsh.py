"""Expenses in Welsh (issue 19): the claimant's pages, the phone's answers, the coordinator's
pages, the finance export's headings and the claimant's email, each in its reader's language."""

from __future__ import annotations

import io

import sqlalchemy as sa
from openpyxl import load_workbook

from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.notifications.models import Notification
from tests.conftest import extract_csrf
from tests.expenses.test_claims import PNG, TODAY, client_for, mileage, parking, put_claim, scheme
from tests.welsh import ENGLISH, WELSH, english_fragments, english_left_on, visible_text

__all__ = ["scheme"]  # the fixture


def _both(client, url: str, method: str = "get", **kwargs) -> tuple[str, str]:
    """The page in English and in Welsh."""
    send = getattr(client, method)
    return tuple(
        send(url, headers=headers, **kwargs).get_data(as_text=True) for headers in (ENGLISH, WELSH)
    )


def test_expenses_pages_exports_and_emails_are_in_welsh(scheme, app_ctx):
    app = scheme["app"]
    claimant = client_for(app, scheme["claimant"])
    refused = put_claim(claimant, mileage(scheme["report"], miles="0"))  # no headers: English
    assert refused.get_json()["errors"]["miles"] == ["Enter the miles: more than 0"]
    claimant.environ_base["HTTP_ACCEPT_LANGUAGE"] = "cy"
    refused = put_claim(claimant, parking(scheme["report"], amount="-1"), (b"%PDF", "r.pdf"))
    errors = refused.get_json()["errors"]
    assert errors["amount"] == ["Rhowch y swm mewn punnoedd, er enghraifft 4.50"]
    assert errors["receipt"] == ["Rhaid i'r dderbynneb fod yn llun (JPEG, PNG, WebP neu HEIC)"]
    del claimant.environ_base["HTTP_ACCEPT_LANGUAGE"]
    put_claim(claimant, mileage(scheme["report"]))
    put_claim(claimant, parking(scheme["report"]), (PNG, "r.png"))
    first, second = db.session.scalars(sa.select(ExpenseClaim).order_by(ExpenseClaim.id))
    scheme["claimant"].language = "cy"  # the claimant reads Welsh; their coordinator English
    scheme["claimant"].name = "Siân Hughes"  # not "Volunteer 1": a name is not English text
    db.session.commit()

    coordinator = client_for(app, scheme["coordinator"])
    pages = [_both(claimant, "/expenses/"), _both(claimant, "/expenses/new")]
    pages.append(_both(coordinator, f"/expenses/{first.id}"))
    token = extract_csrf(pages[-1][0])
    returning = {"reason": " ", "csrf_token": token}
    pages.append(_both(coordinator, f"/expenses/{first.id}/return", "post", data=returning))
    pages.append(_both(coordinator, "/expenses/review"))
    coordinator.post(f"/expenses/{second.id}/approve", data={"csrf_token": token})
    pages.append(_both(coordinator, "/expenses/review"))
    pages.append(_both(coordinator, f"/expenses/{second.id}"))
    english, welsh = ("".join(page[n] for page in pages) for n in (0, 1))
    assert len({piece for piece in english_fragments() if piece in visible_text(english)}) >= 40
    assert english_left_on(welsh, english) == []
    for text in ("Hawlio treuliau", "Milltiroedd", "Rhowch reswm dros ddychwelyd yr hawliad",
                 "Yn aros am benderfyniad"):  # fmt: skip
        assert text in visible_text(welsh), text

    month = TODAY[:7]
    csv = coordinator.get(f"/expenses/finance/{month}.csv", headers=WELSH).get_data(as_text=True)
    assert csv.splitlines()[0].startswith("Cyfeirnod y gwirfoddolwr,Hawliad,Math,")
    assert ",Parcio," in csv.splitlines()[1]
    workbook = coordinator.get(f"/expenses/finance/{month}.xlsx", headers=WELSH).data
    book = load_workbook(io.BytesIO(workbook))
    assert book.active.title == f"Treuliau {month}"
    assert next(book.active.values)[0] == "Cyfeirnod y gwirfoddolwr"
    english_csv = coordinator.get(f"/expenses/finance/{month}.csv").get_data(as_text=True)
    assert english_csv.startswith("Volunteer reference,Claim,Kind,")

    [told] = db.session.scalars(sa.select(Notification).where(
        Notification.user_id == scheme["claimant"].id))  # fmt: skip
    assert told.subject == "Cymeradwywyd eich hawliad treuliau"
    assert "Caiff ei dalu yn y rhediad talu misol nesaf." in told.body
