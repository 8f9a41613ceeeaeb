"""Expenses claims on a phone: refused answers shown and corrected, and a claim started with
no signal kept on the phone (photo and all) through a reload, then sent when the signal
returns. Real Chromium, the real server, its service worker and IndexedDB."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from icv.expenses.models import ExpenseClaim
from icv.extensions import db
from icv.visits.reports import receive_report
from tests.browser.test_offline_reports import sign_in_ready, wait_for
from tests.browser_fixtures import assert_accessible
from tests.sync.factory import new_uuid, report_body

pytestmark = pytest.mark.browser

PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)
EXPENSES_PAGES = ["/expenses/", "/expenses/new"]


def yesterdays_report(pair) -> SimpleNamespace:
    """Alice's report of last night's visit: the one her claims are for. Returns her email."""
    evening = (datetime.now() - timedelta(days=1)).strftime("%Y-%m-%dT21:10:00+00:00")
    left = evening.replace("21:10", "22:05")
    body = report_body(pair.suite, [pair.alice, pair.bob], arrived_at=evening,
                       admitted_at=evening, departed_at=left)  # fmt: skip
    assert receive_report(new_uuid(), body, pair.alice).status == 201
    db.session.commit()
    alice = SimpleNamespace(email=pair.alice.email)
    db.session.remove()  # no transaction left open to block the server's writes
    return alice


def wait_until_kept(page: Page) -> None:
    page.evaluate(
        """async (pages) => {
            for (let i = 0; i < 300; i++) {
                const kept = await Promise.all(pages.map((path) => caches.match(path)));
                if (kept.every(Boolean)) return;
                await new Promise((r) => setTimeout(r, 100));
            }
            throw new Error('the expenses pages were not kept for offline use');
        }""",
        EXPENSES_PAGES,
    )


def stored_claims() -> list[tuple[int, str | None, str | None]]:
    """(amount, receipt type, receipt name) of each claim the server holds."""
    query = sa.select(ExpenseClaim.amount_pence, ExpenseClaim.receipt_type,
                      ExpenseClaim.receipt_name).order_by(ExpenseClaim.id)  # fmt: skip
    rows = [tuple(row) for row in db.session.execute(query)]
    db.session.remove()  # no transaction left open to block the server's writes
    return rows


def test_a_claim_is_corrected_online_and_one_made_offline_is_sent_when_the_signal_returns(
    page: Page, visiting_pair, app
):
    sign_in_ready(page, yesterdays_report(visiting_pair))
    wait_until_kept(page)

    # Online: the server refuses absurd miles; the message says why and nothing typed is lost.
    page.goto("/expenses/new")
    page.get_by_label("Mileage").check()
    expect(page.get_by_label("Which visit or meeting was it for?")).to_contain_text(
        "Northtown visit"
    )
    page.get_by_label("Where you started").fill("NW9 5JE")
    page.get_by_label("Where you went").fill("Northtown police station")
    page.get_by_label("Miles").fill("5000")
    page.get_by_role("button", name="Send claim").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter 500 miles or fewer: check the number")
    expect(page.get_by_label("Where you started")).to_have_value("NW9 5JE")
    assert_accessible(page)
    page.get_by_label("Miles").fill("12.5")
    page.get_by_role("button", name="Send claim").click()
    expect(page).to_have_url("/expenses/")
    expect(page.get_by_role("table")).to_contain_text("£5.63")  # the server's sum, at 45p a mile

    # Offline: a parking claim with its receipt photo, through a reload of the form.
    page.context.set_offline(True)
    page.goto("/expenses/new")
    page.get_by_label("Parking").check()
    page.get_by_label("Amount").fill("4.50")
    page.get_by_label("Photo of the receipt").set_input_files(
        {"name": "receipt.png", "mimeType": "image/png", "buffer": PNG}
    )
    expect(page.locator("#receipt-kept")).to_have_text("Photo kept on this phone: receipt.png.")
    page.reload()
    expect(page.get_by_label("Parking")).to_be_checked()
    expect(page.get_by_label("Amount")).to_have_value("4.50")
    expect(page.locator("#receipt-kept")).to_contain_text("receipt.png")  # after the reload
    page.get_by_role("button", name="Send claim").click()
    expect(page).to_have_url("/expenses/")
    expect(page.locator("#phone-claims")).to_contain_text("Parking")
    expect(page.locator("#phone-claims")).to_contain_text("Saved on this phone, waiting to send")
    assert_accessible(page)
    assert len(stored_claims()) == 1

    page.context.set_offline(False)  # the signal returns: the claim goes by itself
    wait_for(page, lambda: len(stored_claims()) == 2)
    amount, receipt_type, receipt_name = stored_claims()[1]
    assert (amount, receipt_type) == (450, "image/png")
    assert (Path(app.instance_path) / "receipts" / receipt_name).read_bytes() == PNG
    expect(page.locator("#phone-claims-section")).to_be_hidden()
    expect(page.get_by_role("table")).to_contain_text("£4.50")
