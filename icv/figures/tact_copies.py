"""TACT reports' copies for the Independent Reviewer, sent and outstanding, by quarter: counts
only (analysts read these, never the copies themselves)."""

from __future__ import annotations

from icv.dates import scheme_date
from icv.extensions import db
from icv.figures.aggregate import Figures
from icv.figures.periods import shown_label
from icv.figures.queries import reviewer_copy_states
from icv.figures.tables import Column, grid, piece_heading
from icv.language import N_
from icv.tact.models import CopyState

LABELS = {
    "tact_copies_sent": N_("Reviewer's copies of TACT reports sent"),
    "tact_copies_outstanding": N_("Reviewer's copies of TACT reports not sent yet"),
}


def copies_by_piece(figures: Figures, key: str = "quarter") -> list[dict]:
    """For each piece of the period (a quarter of the year): its label and dates, and how
    many copies of its visits' reports were sent or are still to send."""
    counts = [dict.fromkeys(LABELS, 0) for _ in figures.pieces]
    copies = db.session.execute(reviewer_copy_states(figures.period, figures.scope))
    for arrived_at, state in copies:
        day = scheme_date(arrived_at)
        index = next(i for i, piece in enumerate(figures.pieces) if piece.contains(day))
        counted = "tact_copies_sent" if state == CopyState.SENT else "tact_copies_outstanding"
        counts[index][counted] += 1
    return [
        {key: piece.label, "from": piece.starts_on.isoformat(),
         "to": piece.ends_on.isoformat(), **row}
        for piece, row in zip(figures.pieces, counts, strict=True)
    ]  # fmt: skip


def copies_grid(figures: Figures, piece_name: str) -> dict | None:
    """The figures page's table of copies by quarter (or month); None when the period had no
    report with a TACT detainee, so most panels' pages do not show an empty table."""
    rows = copies_by_piece(figures, "label")
    if not any(row[key] for row in rows for key in LABELS):
        return None
    columns = [
        Column(N_("Sent"), "tact_copies_sent"),
        Column(N_("Not sent yet"), "tact_copies_outstanding"),
    ]
    labelled = [(shown_label(row["label"]), row) for row in rows]
    return grid(piece_heading(piece_name), columns, labelled, nowrap=True)
