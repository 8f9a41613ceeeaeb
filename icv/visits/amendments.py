"""Correcting a sent report: the whole corrected body, a reason, and the original kept."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext

from icv.audit import record
from icv.dates import utcnow
from icv.extensions import db
from icv.models import User
from icv.rota.models import VisitStatus
from icv.text import hidden_character_problem
from icv.visits.events import report_amended
from icv.visits.models import ReportAmendment, VisitReport
from icv.visits.reports import apply_body, commit_with_derived, mark_visit_made, report_body
from icv.visits.validation import DUPLICATE_VISIT, MESSAGES, validate_report

REASON_LIMIT = 1000


@dataclass
class Amended:
    amendment: ReportAmendment | None = None
    created: bool = False  # False: a retry of the last amendment, nothing new stored
    errors: dict | None = None
    forbidden: bool = False


def amend_report(report: VisitReport, request_body: dict, user: User) -> Amended:
    """`request_body` is {"reason": "...", "report": {...the full corrected report...}}.

    The caller has checked that the user may amend this report (policy.can_amend_report).
    """
    unknown = request_body.keys() - {"reason", "report"}
    if unknown:
        return Amended(errors={key: [MESSAGES["unknown_field"].format(key=key)] for key in unknown})
    reason = request_body.get("reason")
    reason = reason.strip() if isinstance(reason, str) else ""
    errors = {}
    if not reason:
        errors["reason"] = [gettext("Say why you are changing the report")]
    elif problem := hidden_character_problem(reason, multiline=True):
        errors["reason"] = [problem]
    elif len(reason) > REASON_LIMIT:
        errors["reason"] = [
            gettext("Enter %(limit)s characters or fewer for the reason", limit=REASON_LIMIT)
        ]
    checked = validate_report(
        request_body.get("report"),
        user,
        report_id=report.id,
        kept_rank=report.delay_authorised_by_rank,
    )
    if checked.forbidden:
        return Amended(errors=checked.errors, forbidden=True)
    errors.update({f"report.{path}".rstrip("."): msgs for path, msgs in checked.errors.items()})
    if checked.report and checked.report["format_version"] < report.format_version:
        # A correction in an older format would drop what the newer one recorded.
        message = gettext(
            "This report is format %(version)s: send the correction in it",
            version=report.format_version,
        )
        errors["report.format_version"] = [message]
    if errors:
        return Amended(errors=errors)
    return _store(report, checked.report, reason, user)


def _store(report: VisitReport, after: dict, reason: str, user: User) -> Amended:
    before = report_body(report)
    if after == before:
        last = report.amendments[-1] if report.amendments else None
        if last and last.after == after and last.reason == reason and last.changed_by == user:
            return Amended(amendment=last)  # a resend after a lost response
        return Amended(errors={"report": [gettext("This amendment changes nothing in the report")]})
    old_visit = report.scheduled_visit
    amendment = ReportAmendment(
        report=report, changed_by=user, reason=reason, before=before, after=after
    )
    db.session.add(amendment)
    apply_body(report, after)
    report.amended_at = amendment.changed_at = utcnow()
    if old_visit is not None and old_visit is not report.scheduled_visit:
        old_visit.status = VisitStatus.SCHEDULED  # no longer reported by this visit
    mark_visit_made(report)
    fields = ", ".join(changed_paths(before, after))  # names only: never the values
    record("changed", "report", report.uuid, f"amended: {fields}", actor=user)
    if not commit_with_derived(report, report_amended):
        # another report took that scheduled visit a moment ago
        return Amended(
            errors={
                "report.scheduled_visit_id": [
                    gettext(DUPLICATE_VISIT).format(name=gettext("Someone"))
                ]
            }
        )
    return Amended(amendment=amendment, created=True)


def changed_paths(before, after, prefix: str = "") -> list[str]:
    """Which fields an amendment changed, as JSON paths: ["departed_at", "detainees.2.outcome"]."""
    if isinstance(before, dict) and isinstance(after, dict):
        paths = []
        for key in sorted(before.keys() | after.keys()):
            paths += changed_paths(before.get(key), after.get(key), f"{prefix}{key}.")
        return paths
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        paths = []
        for index, (old, new) in enumerate(zip(before, after, strict=True)):
            paths += changed_paths(old, new, f"{prefix}{index}.")
        return paths
    return [] if before == after else [prefix.rstrip(".")]
