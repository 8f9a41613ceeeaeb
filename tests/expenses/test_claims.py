"""Expenses claims over real HTTP: what the phone sends, what the server refuses and why, who
sees a receipt, the coordinator's decision, the finance export and retention."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from icv.audit.models import AuditEvent
from icv.expenses.models import ClaimStatus, ExpenseClaim
from icv.extensions import db
from icv.models import Role
from icv.notifications.models import Notification
from icv.visits.reports import receive_report
from tests.conftest import extract_csrf, sign_in
from tests.sync.factory import new_uuid, report_body

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64  # the signature is what counts, not the name
TODAY = date.today().isoformat()
TOMORROW = (date.today() + timedelta(days=1)).isoformat()


@pytest.fixture
def scheme(app, make_panel, make_suite, make_user):
    """Panel A: a visiting pair with a report each can claim for, and its coordinator; panel B
    with its own coordinator. Returns signed-in clients by name too."""
    panel_a, panel_b = make_panel("Panel A"), make_panel("Panel B")
    suite = make_suite(panel_a)
    claimant = make_user(Role.VOLUNTEER, panel=panel_a)
    partner = make_user(Role.VOLUNTEER, panel=panel_a)
    stranger = make_user(Role.VOLUNTEER, panel=panel_a)
    report_uuid = new_uuid()
    assert (
        receive_report(report_uuid, report_body(suite, [claimant, partner]), claimant).status == 201
    )
    other_uuid = new_uuid()
    assert (
        receive_report(other_uuid, report_body(suite, [stranger, partner]), stranger).status == 201
    )
    db.session.commit()
    people = {
        "claimant": claimant,
        "stranger": stranger,
        "coordinator": make_user(Role.COORDINATOR, panels=[panel_a]),
        "coordinator_b": make_user(Role.COORDINATOR, panels=[panel_b]),
        "admin": make_user(Role.ADMIN),
        "analyst": make_user(Role.ANALYST),
    }
    return dict(people, report=report_uuid, others_report=other_uuid, app=app)


def client_for(app, user):
    client = app.test_client()
    sign_in(client, user)
    client.csrf = client.get("/api/v1/session").get_json()["csrf_token"]
    return client


def put_claim(client, fields: dict, receipt: tuple[bytes, str] | None = None, uuid=None):
    data = dict(fields)
    if receipt is not None:
        data["receipt"] = (io.BytesIO(receipt[0]), receipt[1])
    return client.put(
        f"/api/v1/expense-claims/{uuid or new_uuid()}",
        data=data,
        content_type="multipart/form-data",
        headers={"X-CSRFToken": client.csrf},
    )


def mileage(report: str, **changes) -> dict:
    fields = {"kind": "mileage", "incurred_on": TODAY, "visit": report, "start_place": "NW1 2AB",
              "end_place": "Colindale", "miles": "12.5"}  # fmt: skip
    return fields | changes


def parking(report: str, **changes) -> dict:
    return {"kind": "parking", "incurred_on": TODAY, "visit": report, "amount": "4.50"} | changes


def audit(action: str) -> list[AuditEvent]:
    query = sa.select(AuditEvent).where(
        AuditEvent.object_type == "expense_claim", AuditEvent.action == action
    )
    return list(db.session.scalars(query))


def claims() -> list[ExpenseClaim]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ExpenseClaim).order_by(ExpenseClaim.id)))


def test_mileage_is_computed_by_the_server_and_a_resend_is_stored_once(scheme, app_ctx):
    client = client_for(scheme["app"], scheme["claimant"])
    uuid = new_uuid()
    # An amount sent with mileage is ignored: 12.5 miles at 45p is 562.5p, so 563p.
    fields = mileage(scheme["report"], amount="999.00")
    first = put_claim(client, fields, uuid=uuid)
    assert first.status_code == 201, first.get_json()
    assert first.get_json()["amount_pence"] == 563
    again = put_claim(client, fields, uuid=uuid)
    assert again.status_code == 200
    [claim] = claims()
    assert (claim.miles_tenths, claim.rate_pence, claim.amount_pence) == (125, 45, 563)
    assert claim.status == ClaimStatus.SUBMITTED and claim.report.uuid == scheme["report"]


def test_the_rate_is_the_schemes(scheme, app_ctx):
    app = scheme["app"]
    app.config["MILEAGE_RATE_PENCE"] = 30
    try:
        answer = put_claim(
            client_for(app, scheme["claimant"]), mileage(scheme["report"], miles="10")
        )
    finally:
        app.config["MILEAGE_RATE_PENCE"] = 45
    assert answer.get_json()["amount_pence"] == 300


BAD_INPUTS = {
    "negative miles": (lambda s: mileage(s["report"], miles="-3"), None, "miles",
                       "Enter the miles as a number, for example 12.5"),
    "absurd miles": (lambda s: mileage(s["report"], miles="5000"), None, "miles",
                     "Enter 500 miles or fewer: check the number"),
    "no miles": (lambda s: mileage(s["report"], miles="0"), None, "miles",
                 "Enter the miles: more than 0"),
    "someone else's visit": (lambda s: mileage(s["others_report"]), None, "visit",
                             "Select one of your own visits"),
    "made-up visit": (lambda s: mileage(new_uuid()), None, "visit",
                      "Select one of your own visits"),
    "no receipt": (lambda s: parking(s["report"]), None, "receipt", "Add a photo of the receipt"),
    "not an image": (lambda s: parking(s["report"]), (b"%PDF-1.7 not a photo", "receipt.jpg"),
                     "receipt", "The receipt must be a photo (JPEG, PNG, WebP or HEIC)"),
    "oversized receipt": (lambda s: parking(s["report"]), (PNG + bytes(2 * 1024 * 1024), "b.png"),
                          "receipt", "The receipt photo must be smaller than 2 MB"),
    "negative amount": (lambda s: parking(s["report"], amount="-4.50"), (PNG, "r.png"), "amount",
                        "Enter the amount in pounds, for example 4.50"),
    "absurd amount": (lambda s: parking(s["report"], amount="9999.00"), (PNG, "r.png"), "amount",
                      "Enter £500.00 or less: check the amount"),
    "future date": (lambda s: mileage(s["report"], incurred_on=TOMORROW),
                    None, "incurred_on", "The date must be today or in the past"),
    "hidden character": (lambda s: mileage(s["report"], start_place="NW1\x00"), None,
                         "start_place", "Remove the hidden character (U+0000) from this text"),
    "no meeting named": (lambda s: mileage("meeting"), None, "meeting",
                         "Say which meeting or training this was for"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_refused_with_a_clear_message_and_nothing_is_kept(scheme, app_ctx, case):
    build, receipt, field, message = BAD_INPUTS[case]
    app = scheme["app"]
    receipts = Path(app.instance_path) / "receipts"
    kept_before = set(receipts.glob("*"))  # other modules' receipts share the instance folder
    app.config["RECEIPT_MAX_BYTES"] = 2 * 1024 * 1024
    try:
        answer = put_claim(client_for(app, scheme["claimant"]), build(scheme), receipt)
    finally:
        app.config["RECEIPT_MAX_BYTES"] = 5 * 1024 * 1024
    assert answer.status_code == 422
    assert answer.get_json()["errors"][field] == [message]
    assert claims() == []
    assert set(receipts.glob("*")) == kept_before


def test_a_request_far_over_the_limit_is_refused_before_it_is_read(scheme, app_ctx):
    huge = (PNG + b"\x00" * (6 * 1024 * 1024), "huge.png")
    answer = put_claim(
        client_for(scheme["app"], scheme["claimant"]), parking(scheme["report"]), huge
    )
    assert answer.status_code == 413
    assert answer.get_json()["errors"]["receipt"] == ["The receipt photo must be smaller than 5 MB"]


def test_a_second_claim_of_the_same_kind_for_a_visit_is_refused(scheme, app_ctx):
    claimant = client_for(scheme["app"], scheme["claimant"])
    assert put_claim(claimant, mileage(scheme["report"])).status_code == 201
    again = put_claim(claimant, mileage(scheme["report"], miles="3"))
    assert again.status_code == 422
    [message] = again.get_json()["errors"]["visit"]
    assert message.startswith("You have already claimed mileage for this visit (sent ")
    # Parking for the same visit is another kind; a returned claim may be made again.
    assert put_claim(claimant, parking(scheme["report"]), (PNG, "r.png")).status_code == 201
    first = claims()[0]
    coordinator = client_for(scheme["app"], scheme["coordinator"])
    page = coordinator.get(f"/expenses/{first.id}").get_data(as_text=True)
    reason = {"reason": "Wrong postcode", "csrf_token": extract_csrf(page)}
    coordinator.post(f"/expenses/{first.id}/return", data=reason)
    assert put_claim(claimant, mileage(scheme["report"], miles="3")).status_code == 201


def test_only_volunteers_claim_and_a_claims_id_is_theirs(scheme, app_ctx):
    uuid = new_uuid()
    assert put_claim(client_for(scheme["app"], scheme["claimant"]), mileage(scheme["report"]),
                     uuid=uuid).status_code == 201  # fmt: skip
    stranger = client_for(scheme["app"], scheme["stranger"])
    taken = put_claim(stranger, mileage(scheme["others_report"]), uuid=uuid)
    assert taken.status_code == 409
    coordinator = client_for(scheme["app"], scheme["coordinator"])
    assert put_claim(coordinator, mileage(scheme["report"])).status_code == 403
    assert len(claims()) == 1


def test_a_receipt_is_stored_privately_and_served_only_to_those_who_may_see_it(scheme, app_ctx):
    app = scheme["app"]
    claimant = client_for(app, scheme["claimant"])
    answer = put_claim(claimant, parking(scheme["report"]), (PNG, "../../static/evil.png"))
    assert answer.status_code == 201
    [claim] = claims()
    stored = Path(app.instance_path) / "receipts" / claim.receipt_name
    assert stored.read_bytes() == PNG and claim.receipt_type == "image/png"
    assert "evil" not in claim.receipt_name and not Path(app.static_folder, "evil.png").exists()
    url = f"/expenses/{claim.id}/receipt"
    expected = {"claimant": 200, "coordinator": 200, "admin": 200, "stranger": 404,
                "coordinator_b": 404, "analyst": 403}  # fmt: skip
    for name, status in expected.items():
        client = claimant if name == "claimant" else client_for(app, scheme[name])
        response = client.get(url)
        assert response.status_code == status, name
        if status == 200:
            assert response.data == PNG and response.mimetype == "image/png"
            assert response.headers["Cache-Control"] == "private, no-store"
            assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert len(audit("viewed")) == 2  # the coordinator's and the admin's looks, not the claimant's


def test_coordinator_returns_with_a_reason_or_approves_and_the_claimant_is_told(scheme, app_ctx):
    app = scheme["app"]
    claimant = client_for(app, scheme["claimant"])
    put_claim(claimant, mileage(scheme["report"]))
    put_claim(claimant, mileage("meeting", meeting="Panel meeting, Northtown", miles="4"))
    first, second = claims()
    coordinator = client_for(app, scheme["coordinator"])
    page = coordinator.get(f"/expenses/{first.id}").get_data(as_text=True)
    assert "ICV-" in page and "Approve claim" in page
    token = extract_csrf(page)
    no_reason = coordinator.post(
        f"/expenses/{first.id}/return", data={"reason": " ", "csrf_token": token}
    )
    assert no_reason.status_code == 400
    assert "Say why the claim is returned" in no_reason.get_data(as_text=True)
    reason = {"reason": "Start postcode missing a digit", "csrf_token": token}
    returned = coordinator.post(f"/expenses/{first.id}/return", data=reason)
    assert returned.status_code == 302
    assert (
        coordinator.post(f"/expenses/{second.id}/approve", data={"csrf_token": token}).status_code
        == 302
    )
    # A decided claim is not decided again; panel B's coordinator never sees it at all.
    assert (
        coordinator.post(f"/expenses/{second.id}/approve", data={"csrf_token": token}).status_code
        == 409
    )
    other = client_for(app, scheme["coordinator_b"])
    assert other.get(f"/expenses/{second.id}").status_code == 404
    first, second = claims()
    assert (first.status, first.return_reason) == (
        ClaimStatus.RETURNED,
        "Start postcode missing a digit",
    )
    assert (
        second.status == ClaimStatus.APPROVED and second.decided_by_id == scheme["coordinator"].id
    )
    told = db.session.scalars(sa.select(Notification).where(
        Notification.user_id == scheme["claimant"].id).order_by(Notification.id)).all()  # fmt: skip
    assert [n.subject for n in told] == ["Your expenses claim was returned",
                                         "Your expenses claim was approved"]  # fmt: skip
    assert "Start postcode missing a digit" in told[0].body
    changes = sorted(event.summary for event in audit("changed"))
    assert changes == ["status approved", "status returned, reason"]
    mine = claimant.get("/expenses/").get_data(as_text=True)
    assert "Returned" in mine and "Approved" in mine


def test_finance_export_by_month_and_marking_paid_in_bulk(scheme, app_ctx):
    app = scheme["app"]
    claimant = client_for(app, scheme["claimant"])
    put_claim(claimant, mileage(scheme["report"]))
    put_claim(claimant, parking(scheme["report"], amount="4.50"), (PNG, "r.png"))
    put_claim(claimant, mileage("meeting", meeting="Training day", miles="2"))  # left waiting
    coordinator = client_for(app, scheme["coordinator"])
    token = extract_csrf(coordinator.get("/expenses/review").get_data(as_text=True))
    for claim in claims()[:2]:
        coordinator.post(f"/expenses/{claim.id}/approve", data={"csrf_token": token})
    month = TODAY[:7]
    reference = f"ICV-{scheme['claimant'].id:05d}"
    csv = coordinator.get(f"/expenses/finance/{month}.csv")
    assert csv.status_code == 200 and csv.headers["Cache-Control"] == "private, no-store"
    lines = csv.get_data(as_text=True).splitlines()
    assert lines[0] == ("Volunteer reference,Claim,Kind,Date of cost,Approved on,Miles,"
                        "Amount (£),Amount (pence),Cost code,Paid on")  # fmt: skip
    assert len(lines) == 3
    assert (
        lines[1].startswith(reference)
        and ",Mileage," in lines[1]
        and ",12.5,5.63,563,ICV-MIL," in lines[1]
    )
    assert ",Parking," in lines[2] and ",,4.50,450,ICV-PARK," in lines[2]
    book = load_workbook(io.BytesIO(coordinator.get(f"/expenses/finance/{month}.xlsx").data))
    rows = list(book.active.values)
    assert rows[0][0] == "Volunteer reference" and [row[8] for row in rows[1:]] == [
        "ICV-MIL",
        "ICV-PARK",
    ]
    # Panel B's coordinator exports nothing of panel A's.
    other = client_for(app, scheme["coordinator_b"])
    assert len(other.get(f"/expenses/finance/{month}.csv").get_data(as_text=True).splitlines()) == 1
    paid = coordinator.post(f"/expenses/finance/{month}/paid", data={"csrf_token": token})
    assert paid.status_code == 302
    statuses = [claim.status for claim in claims()]
    assert statuses == [ClaimStatus.PAID, ClaimStatus.PAID, ClaimStatus.SUBMITTED]
    assert all(claim.paid_at for claim in claims()[:2])
    assert len(audit("exported")) == 3


def test_retention_deletes_old_claims_with_their_receipts(scheme, app_ctx):
    import importlib

    from icv.scheduler import JOBS

    module, _, name = JOBS["expire_expense_claims"][0].rpartition(":")
    scheduled_retention = getattr(importlib.import_module(module), name)  # as the scheduler does

    app = scheme["app"]
    put_claim(client_for(app, scheme["claimant"]), parking(scheme["report"]), (PNG, "r.png"))
    [claim] = claims()
    photo = Path(app.instance_path) / "receipts" / claim.receipt_name
    # Seven years on (RETENTION_EXPENSE_YEARS) it is kept; a day later it goes, photo and all.
    keep_until = claim.incurred_on.replace(year=claim.incurred_on.year + 7)
    assert scheduled_retention(keep_until) == "0 expenses claims deleted"
    assert scheduled_retention(keep_until + timedelta(days=1)) == "1 expenses claims deleted"
    assert claims() == [] and not photo.exists()


def test_a_subject_access_export_lists_the_volunteers_claims(scheme, app_ctx):
    app = scheme["app"]
    put_claim(client_for(app, scheme["claimant"]), parking(scheme["report"]), (PNG, "r.png"))
    admin = client_for(app, scheme["admin"])
    export = admin.get(f"/manage/users/{scheme['claimant'].id}/subject-access.json").get_json()
    [claim] = export["expense_claims"]
    assert (claim["kind"], claim["amount_pence"], claim["receipt_photo_held"]) == (
        "parking",
        450,
        True,
    )
    stranger = admin.get(f"/manage/users/{scheme['stranger'].id}/subject-access.json").get_json()
    assert stranger["expense_claims"] == []


def test_the_demo_claims_are_one_in_each_state_and_added_once(scheme, app_ctx):
    from icv.expenses.demo import seed_demo_claims
    from icv.expenses.receipts import image_type

    claimant = scheme["claimant"]
    evening = (date.today() - timedelta(days=1)).isoformat() + "T21:10:00+00:00"
    body = report_body(claimant.panel.suites[0], [claimant, scheme["stranger"]],
                       arrived_at=evening, admitted_at=evening,
                       departed_at=evening.replace("21:10", "22:05"))  # fmt: skip
    assert receive_report(new_uuid(), body, claimant).status == 201
    assert seed_demo_claims(claimant, scheme["coordinator"], date.today()) == 3
    assert seed_demo_claims(claimant, scheme["coordinator"], date.today()) == 0
    made = claims()
    assert [claim.status for claim in made] == ["submitted", "approved", "returned"]
    assert made[0].amount_pence == 639  # 14.2 miles at 45p
    photo = Path(scheme["app"].instance_path) / "receipts" / made[1].receipt_name
    assert image_type(photo.read_bytes()[:16]) == ("image/png", ".png")
