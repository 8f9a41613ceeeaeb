"""CSV and XLSX files from rows, safe to open in a spreadsheet: the figures, the meeting pack
and the audit trail all write through here.

Text that a spreadsheet would run as a formula (=, +, -, @, tab or return first) never runs:
in a CSV it gets a leading apostrophe, in an XLSX it is stored as a text cell.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe(value):
    """Text a spreadsheet would run as a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(rows: Iterable[Sequence]) -> str:
    """Rows as CSV (lines end in CRLF, as RFC 4180 says); None is an empty cell."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([safe(value) for value in row] for row in rows)
    return out.getvalue()


@dataclass
class Sheet:
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence]
    heading: str | None = None  # a line above the header, then an empty line


def xlsx_bytes(sheets: Iterable[Sheet]) -> bytes:
    """A sheet each, the header in bold (write-only: rows stream straight into the file)."""
    book = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        out = book.create_sheet(title=sheet.title)
        if sheet.heading is not None:
            out.append([_text_cell(out, sheet.heading)])
            out.append([])
        out.append([_text_cell(out, name, font=bold) for name in sheet.header])
        for row in sheet.rows:
            out.append([_text_cell(out, value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _text_cell(sheet, value, font: Font | None = None) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str) and cell.data_type == "f":  # stored as text, never run
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell
