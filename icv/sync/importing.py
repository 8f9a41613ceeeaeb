"""Emergency import: reports exported from a phone that could not sync, uploaded by a coordinator.

Each report goes through receive_report, so importing the same file twice (or a report
that the phone did manage to send) adds nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from uuid import UUID

from flask_babel import gettext

from icv.language import N_
from icv.models import User
from icv.visits import reports

MAX_REPORTS = 500
NOT_AN_EXPORT = N_("The file is not a report export from the app")


class NotAnExport(ValueError):
    """The file is not a report export; the message says what is wrong."""


@dataclass
class ImportSummary:
    added: list[str] = field(default_factory=list)
    already_here: list[str] = field(default_factory=list)
    needs_attention: list[tuple[str, str]] = field(default_factory=list)  # (which, why)


def read_export(raw: bytes) -> list:
    """The list of {uuid, report} entries from a file: a bare list or {"reports": [...]}."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:  # too deep
        raise NotAnExport(
            gettext("The file is not a report export from the app (it is not JSON)")
        ) from error
    entries = data.get("reports") if isinstance(data, dict) else data
    if not isinstance(entries, list):
        raise NotAnExport(
            gettext("The file is not a report export from the app (it has no list of reports)")
        )
    if not entries:
        raise NotAnExport(gettext("The file has no reports in it"))
    if len(entries) > MAX_REPORTS:
        raise NotAnExport(
            gettext(
                "The file has %(count)s reports: import %(most)s at most",
                count=len(entries),
                most=MAX_REPORTS,
            )
        )
    return entries


def import_reports(entries: list, user: User) -> ImportSummary:
    summary = ImportSummary()
    for number, entry in enumerate(entries, start=1):
        label = gettext("Report %(number)s", number=number)
        uuid = _uuid(entry)
        if uuid is None:
            why = gettext("It has no valid id (uuid) or no report")
            summary.needs_attention.append((label, why))
            continue
        label = gettext("Report %(number)s (%(id)s)", number=number, id=uuid[:8])
        receipt = reports.receive_report(uuid, entry["report"], user)
        if receipt.status == reports.CREATED:
            summary.added.append(label)
        elif receipt.status == reports.SAME:
            summary.already_here.append(label)
        else:
            summary.needs_attention.append((label, _why(receipt)))
    return summary


def _uuid(entry) -> str | None:
    if not isinstance(entry, dict) or not isinstance(entry.get("report"), dict):
        return None
    try:
        return str(UUID(str(entry.get("uuid"))))
    except ValueError:
        return None


def _why(receipt: reports.Receipt) -> str:
    if receipt.status == reports.FORBIDDEN:
        return gettext("It is for a suite outside your panels")
    if receipt.status == reports.CONFLICT:
        return receipt.message
    problems = [f"{path or 'report'}: {messages[0]}" for path, messages in receipt.errors.items()]
    more = ""
    if len(problems) > 3:
        more = " " + gettext("(and %(count)s more)", count=len(problems) - 3)
    return "; ".join(problems[:3]) + more
