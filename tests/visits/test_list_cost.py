"""The reports page costs the same few queries however many suites its reports come from."""

from __future__ import annotations

from icv.models import Role
from icv.visits.reports import receive_report
from tests.conftest import sign_in
from tests.statements import reads, statements
from tests.sync.factory import new_uuid, report_body


def test_coordinator_list_reads_do_not_grow_with_suites(client, make_panel, make_suite, make_user):
    panel = make_panel("North")
    alice = make_user(Role.VOLUNTEER, panel=panel, name="Alice Able")
    bob = make_user(Role.VOLUNTEER, panel=panel, name="Bob Baker")
    sign_in(client, make_user(Role.COORDINATOR, panels=[panel]))

    counts = []
    for name in ("Northtown", "Eastgate", "Westport"):
        suite = make_suite(panel, name=name)
        assert receive_report(new_uuid(), report_body(suite, [alice, bob]), alice).status == 201
        with statements() as sent:
            response = client.get("/visits/")
        assert response.status_code == 200
        counts.append(len(reads(sent)))

    html = response.get_data(as_text=True)
    assert all(name in html for name in ("Northtown", "Eastgate", "Westport"))
    assert counts[0] == counts[1] == counts[2]
