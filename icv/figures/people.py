"""Format 2's breakdowns of the people in custody, and the rule for publishing them.

The counts come from the summary like every other figure (measures.PERSON_MEASURES,
`person_breakdowns`). Published outputs (the stats API, the CSV and XLSX downloads and the
panel meeting pack, which leave the app) show them through `published`, which applies the
suppression rule of docs/figures.md once for all of them: a count from 1 to 4 is shown as
"<5", and when a breakdown has exactly one such cell its smallest other non-zero cell is
shown as "[c]", so the hidden one cannot be worked out from the total. The figures page,
for signed-in coordinators, analysts and admins, shows the exact counts.
"""

from __future__ import annotations

from flask_babel import gettext

from icv.figures.measures import (
    ANSWER_NAMES,
    BY_ANSWER,
    BY_CHARACTERISTIC,
    PERSON_COUNTS,
    PERSON_GROUPS,
    person_breakdowns,
)
from icv.language import N_
from icv.visits import vocabulary

SMALLEST_SHOWN = 5
SMALL = "<5"
HIDDEN = "[c]"  # suppressed so that a small count next to it cannot be recovered
BREAKDOWN_LABELS = {  # in English: breakdown_label translates them
    "by_sex": N_("Sex"),
    "by_age_band": N_("Age"),
    **ANSWER_NAMES,
    **PERSON_COUNTS,
    "custody_record_concerns": N_("Custody record concerns"),
}
CODE_LABELS = {
    "by_sex": vocabulary.SEXES,
    "by_age_band": vocabulary.AGE_BANDS,
    **BY_ANSWER,
    "custody_record_concerns": vocabulary.CUSTODY_RECORD_FINDINGS,
}
COLUMNS = ["breakdown", "code", "label", "people", "offered", "interviewed"]


def breakdown_label(key: str) -> str:
    """A breakdown's name in the reader's language."""
    return gettext(str(BREAKDOWN_LABELS[key]))


def code_label(key: str, code: str) -> str:
    """An answer's label (icv.visits.vocabulary) in the reader's language."""
    return gettext(str(CODE_LABELS[key][code]))


def suppressed(counts: dict[str, int]) -> dict[str, int | str]:
    """One breakdown's cells as published: 1 to 4 as "<5"; a lone small cell takes the
    smallest other non-zero cell with it, as "[c]"."""
    shown: dict[str, int | str] = {
        code: SMALL if 0 < n < SMALLEST_SHOWN else n for code, n in counts.items()
    }
    small = [code for code, value in shown.items() if value == SMALL]
    others = sorted((n, code) for code, n in counts.items() if n and code not in small)
    if len(small) == 1 and others:
        shown[others[0][1]] = HIDDEN
    return shown


def published(breakdowns: dict) -> dict:
    """`measures.person_breakdowns` with the suppression rule applied to every breakdown:
    by sex and age band, each of in custody, offered and interviewed across the codes."""
    shown = {}
    for key, value in breakdowns.items():
        if key in BY_CHARACTERISTIC:
            by_group = {group: suppressed({code: cell[group] for code, cell in value.items()})
                        for group in PERSON_GROUPS}  # fmt: skip
            shown[key] = {code: {group: by_group[group][code] for group in PERSON_GROUPS}
                          for code in value}  # fmt: skip
        elif isinstance(value, dict):
            shown[key] = suppressed(value)
        else:
            shown[key] = suppressed({key: value})[key]
    return shown


def rows(breakdowns: dict) -> list[dict]:
    """One row per code of each breakdown (a count is one row): COLUMNS, for tables; the
    labels in the reader's language, the breakdowns and codes as data."""
    table = []
    for key, value in breakdowns.items():
        if not isinstance(value, dict):
            table.append(_row(key, "", breakdown_label(key), value))
            continue
        for code, cell in value.items():
            label = f"{breakdown_label(key)}: {code_label(key, code)}"
            if isinstance(cell, dict):
                table.append(_row(key, code, label, cell["in_custody"], cell["offered"],
                                  cell["interviewed"]))  # fmt: skip
            else:
                table.append(_row(key, code, label, cell))
    return table


def _row(key: str, code: str, label: str, people, offered=None, interviewed=None) -> dict:
    return {"breakdown": key, "code": code, "label": label, "people": people,
            "offered": offered, "interviewed": interviewed}  # fmt: skip


def published_rows(row: dict) -> list[dict]:
    """A figures row's breakdowns as published rows (downloads and the pack)."""
    return rows(published(person_breakdowns(row)))
