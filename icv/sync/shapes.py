"""How reports, amendments and users look in API responses."""

from __future__ import annotations

from icv.dates import iso
from icv.visits.models import ReportAmendment, VisitReport
from icv.visits.reports import report_body


def person(user) -> dict:
    return {"id": user.id, "name": user.name}


def report_json(report: VisitReport) -> dict:
    """The stored report: its current version, and the original if it was amended."""
    shape = {
        "uuid": report.uuid,
        "received_at": iso(report.received_at),
        "amended_at": iso(report.amended_at),
        "submitted_by": person(report.submitted_by),
        "report": report_body(report),
        "amendments": [amendment_json(item) for item in report.amendments],
    }
    if report.amendments:
        shape["original_report"] = report.body
    return shape


def amendment_json(amendment: ReportAmendment) -> dict:
    from icv.visits.amendments import changed_paths

    return {
        "id": amendment.id,
        "changed_by": person(amendment.changed_by),
        "changed_at": iso(amendment.changed_at),
        "reason": amendment.reason,
        "changes": changed_paths(amendment.before, amendment.after),
    }


def summary_json(report: VisitReport) -> dict:
    return {
        "uuid": report.uuid,
        "received_at": iso(report.received_at),
        "amended_at": iso(report.amended_at),
        "suite_id": report.suite_id,
        "scheduled_visit_id": report.scheduled_visit_id,
        "arrived_at": iso(report.arrived_at),
        "detainees_in_custody": report.detainees_in_custody,
    }
