"""The Independent Reviewer's copy of a report with a TACT detainee (Police Reform Act 2002
s.51(1A)): made when such a report is stored, sent by the panel's coordinator, who records
when and how.

The copy row joins the transaction that stores the report (icv.visits.events), so a TACT
report is never kept without it. The PDF is drawn on request from the report's current
version: the visit and, for each person held under TACT, their custody number and answers;
never the other people in custody, and never a volunteer's name or contact details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext, ngettext, pgettext
from fpdf import FPDF

from icv.audit import record
from icv.dates import day, scheme_today, time_of_day
from icv.extensions import db
from icv.language import N_, page_language
from icv.models import User
from icv.tact.models import CopyState, ReviewerCopy
from icv.visits import vocabulary
from icv.visits.differences import person_answers
from icv.visits.events import report_amended, report_stored
from icv.visits.models import DetaineeRecord, VisitReport
from icv.visits.tact import held_under_tact, stored_report_has_tact_detainee

REFERENCE_PREFIX = "TACT"
TITLE = N_("Report of a visit to a person detained under the Terrorism Act 2000")


@report_stored.connect
@report_amended.connect
def _make_copy(report: VisitReport, **_signal) -> None:
    """A report that has (or now has, after an amendment) a TACT detainee gets its copy."""
    with db.session.no_autoflush:  # nothing is written before the caller's commit
        if stored_report_has_tact_detainee(report) and copy_of(report) is None:
            db.session.add(ReviewerCopy(report=report, reference=_next_reference()))


def copy_of(report: VisitReport) -> ReviewerCopy | None:
    if report.id is None:
        return None
    return db.session.scalar(sa.select(ReviewerCopy).where(ReviewerCopy.report_id == report.id))


def _next_reference() -> str:
    """The year's next number, like TACT-2026-0007 (the unique key refuses a clash)."""
    prefix = f"{REFERENCE_PREFIX}-{scheme_today().year}-"
    taken = db.session.scalars(
        sa.select(ReviewerCopy.reference).where(ReviewerCopy.reference.startswith(prefix))
    )
    numbers = [int(reference.removeprefix(prefix)) for reference in taken]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


# --- sent to the Reviewer --------------------------------------------------------------------


@dataclass
class Sending:
    how: str
    sent_at: datetime


def record_sent(copy: ReviewerCopy, sending: Sending, by: User) -> None:
    """The coordinator sent it (again: the latest sending is the one kept)."""
    copy.state = CopyState.SENT
    copy.sent_how = sending.how
    copy.sent_at = sending.sent_at
    copy.sent_by = by
    record("changed", "reviewer_copy", copy.id, "recorded as sent: sent_at, sent_how", actor=by)
    db.session.commit()


def outstanding_since(before: datetime):
    """Copies not sent, made before `before`, oldest first, with their reports."""
    return (
        sa.select(ReviewerCopy)
        .where(ReviewerCopy.state == CopyState.NOT_SENT, ReviewerCopy.created_at < before)
        .order_by(ReviewerCopy.created_at, ReviewerCopy.id)
    )


# --- the PDF ---------------------------------------------------------------------------------


def copy_pdf(copy: ReviewerCopy) -> bytes:
    """The copy as a PDF document (fpdf2), in the language of the page asking for it."""
    report = copy.report
    pdf = _Document(copy.reference)
    pdf.heading(scheme_name(), size=16)
    pdf.heading(gettext(TITLE), size=13)
    pdf.line_of(gettext("Copy for"), gettext("the Independent Reviewer of Terrorism Legislation"))
    pdf.line_of(gettext("Reference"), copy.reference)
    pdf.line_of(pgettext("the day a copy was made", "Made"), day(scheme_today()))
    pdf.heading(gettext("The visit"), size=13)
    for label, value in visit_lines(report):
        pdf.line_of(label, value)
    tact_rows = [row for row in report.detainees if held_under_tact(row)]
    for number, row in enumerate(tact_rows, start=1):
        heading = gettext(
            "Person held under the Terrorism Act (%(number)s of %(count)s)",
            number=number,
            count=len(tact_rows),
        )
        pdf.heading(heading, 13)
        for label, value in person_lines(row):
            pdf.line_of(label, value)
    return bytes(pdf.output())


def scheme_name() -> str:
    return current_app.config["SCHEME_NAME"]


def visit_lines(report: VisitReport) -> list[tuple[str, str]]:
    """The visit, without the visitors' names (only how many went)."""
    admitted = time_of_day(report.admitted_at) if report.admitted_at else gettext("Not admitted")
    mode = vocabulary.VISIT_MODES.get(report.visit_mode)
    visitors = ngettext(
        "%(num)d independent custody visitors",
        "%(num)d independent custody visitors",
        len(report.visitors),
    )
    lines = [
        (gettext("Custody suite"), report.suite.name),
        (gettext("Date"), day(report.arrived_at, weekday=True)),
        (gettext("Arrived"), time_of_day(report.arrived_at)),
        (gettext("Admitted"), admitted),
        (gettext("Left"), time_of_day(report.departed_at)),
        (gettext("How"), gettext(str(mode)) if mode else report.visit_mode),
        (gettext("Visitors"), visitors),
        (gettext("People in custody"), str(report.detainees_in_custody)),
    ]
    if report.delay_minutes is not None:
        waited = gettext(
            "%(minutes)s minutes: %(reason)s",
            minutes=report.delay_minutes,
            reason=report.delay_reason,
        )
        lines.append((gettext("Kept waiting"), waited))
    if report.admitted_at is None and report.not_completed_reason:
        lines.append((gettext("Why not admitted"), report.not_completed_reason))
    return lines


def person_lines(row: DetaineeRecord) -> list[tuple[str, str]]:
    """One person's section: every answer recorded for them, in the form's order, so a
    question added to the report's format appears here without a change."""
    outcome = vocabulary.OUTCOMES.get(row.outcome)
    lines = [
        (gettext("Custody number"), row.custody_number or gettext("Not recorded")),
        (gettext("Outcome"), gettext(str(outcome)) if outcome else row.outcome),
    ]
    # The report form's own labels (icv.visits), translated where they are marked.
    lines += [(gettext(str(label)), value) for label, value in person_answers(row)]
    for key, label in (("issues_raised", N_("Issues raised")), ("allegation", N_("Allegation")),
                       ("action_taken", N_("Action taken"))):  # fmt: skip
        if getattr(row, key):
            lines.append((gettext(label), getattr(row, key)))
    return lines


# Welsh needs ŵ and ŷ, which the PDF's built-in fonts (Latin-1 only) lack: the copy embeds
# DejaVu Sans (the fonts-dejavu-core package, found on most Linux machines) when the machine
# has it, and falls back to the built-in Helvetica otherwise (ŵ and ŷ are then written w, y).
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",  # Debian, Ubuntu
    "/usr/share/fonts/dejavu",  # Fedora, Alpine
    "/usr/share/fonts/TTF",  # Arch
    "/Library/Fonts",
)
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


@cache
def unicode_font() -> dict[str, Path] | None:
    """DejaVu Sans's files by style, if this machine has them."""
    for folder in FONT_DIRS:
        files = {style: Path(folder) / name for style, name in FONT_FILES.items()}
        if all(path.is_file() for path in files.values()):
            return files
    return None


class _Document(FPDF):
    def __init__(self, reference: str):
        super().__init__(format="A4")
        self.set_title(f"{gettext(TITLE)}: {reference}")
        self.set_creator(current_app.config["SERVICE_NAME"])
        self.set_lang("cy" if page_language() == "cy" else "en-GB")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=20)
        self.reference = reference
        font = unicode_font()
        self.family = "DejaVu" if font else "Helvetica"
        for style, path in (font or {}).items():
            self.add_font("DejaVu", style, str(path))
        self.add_page()

    def _text(self, text: str) -> str:
        return _plain(text) if self.family == "DejaVu" else _latin(text)

    def footer(self):
        self.set_y(-15)
        self.set_font(self.family, size=9)
        page = gettext(
            "%(reference)s, page %(page)s", reference=self.reference, page=self.page_no()
        )
        self.cell(0, 10, self._text(page), align="C")

    def heading(self, text: str, size: int = 13):
        self.ln(3)
        self.set_font(self.family, "B", size)
        self.multi_cell(0, size * 0.5, self._text(text), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)

    def line_of(self, label: str, value: str):
        self.set_font(self.family, "B", 11)
        self.multi_cell(0, 6, self._text(label), new_x="LMARGIN", new_y="NEXT")
        self.set_font(self.family, size=11)
        self.multi_cell(0, 6, self._text(value), new_x="LMARGIN", new_y="NEXT")
        self.ln(1)


def _plain(text: str) -> str:
    return re.sub(r"[^\S\n]+", " ", str(text))


# The built-in fonts know Latin-1 only: common typography is written plainly, Welsh's ŵ and
# ŷ without their accent, anything else shows as "?" rather than stopping the copy.
_PLAIN = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"', "–": "-", "—": "-",
                        "…": "...", "\u00a0": " ", "\u202f": " ",
                        "ŵ": "w", "ŷ": "y", "Ŵ": "W", "Ŷ": "Y"})  # fmt: skip


def _latin(text: str) -> str:
    plain = _plain(str(text).translate(_PLAIN))
    return plain.encode("latin-1", "replace").decode("latin-1")
