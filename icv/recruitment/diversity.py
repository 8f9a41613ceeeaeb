"""Equality monitoring: the optional questions, storing answers apart from the application,
and the only way anyone sees them: counts, with the figures' small-number suppression."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from icv.extensions import db
from icv.figures.people import suppressed
from icv.recruitment.models import Application, DiversityAnswers, Stage

PREFER_NOT = ("prefer_not", _l("Prefer not to say"))
NOT_ANSWERED = "not_answered"
# question code -> (question, [(answer code, label), ...]); a column of DiversityAnswers each.
QUESTIONS = {
    "age_band": (
        _l("What is your age?"),
        [("18_24", _l("18 to 24")), ("25_34", _l("25 to 34")), ("35_44", _l("35 to 44")),
         ("45_54", _l("45 to 54")), ("55_64", _l("55 to 64")), ("65_plus", _l("65 or over")),
         PREFER_NOT],
    ),
    "sex": (_l("What is your sex?"), [("female", _l("Female")), ("male", _l("Male")), PREFER_NOT]),
    "ethnicity": (
        _l("What is your ethnic group?"),
        [("asian", _l("Asian or Asian British")),
         ("black", _l("Black, Black British, Caribbean or African")),
         ("mixed", _l("Mixed or multiple ethnic groups")), ("white", _l("White")),
         ("other", _l("Another ethnic group")), PREFER_NOT],
    ),
    "disability": (
        _l("Do you consider yourself to have a disability or long-term health condition?"),
        [("yes", _l("Yes")), ("no", _l("No")), PREFER_NOT],
    ),
}  # fmt: skip
# Who is counted: everyone who answered, and those of them appointed.
GROUPS = {"applied": _l("Applicants"), "appointed": _l("Appointed")}


def keep_answers(application: Application, answers: dict[str, str | None]) -> DiversityAnswers:
    """Store the answers given (each optional) for an application; the caller commits."""
    row = DiversityAnswers(application_id=application.id)
    for code, (_, choices) in QUESTIONS.items():
        given = answers.get(code) or ""
        setattr(row, code, given if given in dict(choices) else "")
    db.session.add(row)
    db.session.flush()
    return row


def counts(panel_ids: set[int] | None) -> dict[str, dict[str, dict[str, int]]]:
    """{question: {answer: {group: n}}} over the applications of these panels (None: all)."""
    query = sa.select(DiversityAnswers, Application.stage).join(
        Application, Application.id == DiversityAnswers.application_id
    )
    if panel_ids is not None:
        query = query.where(Application.panel_id.in_(panel_ids))
    table = {
        code: {answer: dict.fromkeys(GROUPS, 0) for answer in [*dict(choices), NOT_ANSWERED]}
        for code, (_, choices) in QUESTIONS.items()
    }
    for row, stage in db.session.execute(query):
        for code in QUESTIONS:
            cell = table[code][getattr(row, code) or NOT_ANSWERED]
            cell["applied"] += 1
            cell["appointed"] += stage == Stage.APPOINTED
    return table


def published(table: dict) -> dict:
    """The counts as shown: each question's answers suppressed per group (icv.figures.people),
    so 1 to 4 people are never shown, nor worked out from a total."""
    shown = {}
    for code, cells in table.items():
        by_group = {
            group: suppressed({answer: cell[group] for answer, cell in cells.items()})
            for group in GROUPS
        }
        shown[code] = {answer: {g: by_group[g][answer] for g in GROUPS} for answer in cells}
    return shown


def answer_label(code: str, answer: str) -> str:
    return gettext("Not answered") if answer == NOT_ANSWERED else dict(QUESTIONS[code][1])[answer]
