"""Equality monitoring: the optional questions, storing answers apart from the application,
and the only way anyone sees them: counts, with the figures' small-number suppression."""

from __future__ import annotations

import sqlalchemy as sa

from icv.extensions import db
from icv.figures.people import suppressed
from icv.recruitment.models import Application, DiversityAnswers, Stage

PREFER_NOT = ("prefer_not", "Prefer not to say")
NOT_ANSWERED = "not_answered"
# question code -> (question, [(answer code, label), ...]); a column of DiversityAnswers each.
QUESTIONS = {
    "age_band": (
        "What is your age?",
        [("18_24", "18 to 24"), ("25_34", "25 to 34"), ("35_44", "35 to 44"),
         ("45_54", "45 to 54"), ("55_64", "55 to 64"), ("65_plus", "65 or over"), PREFER_NOT],
    ),
    "sex": ("What is your sex?", [("female", "Female"), ("male", "Male"), PREFER_NOT]),
    "ethnicity": (
        "What is your ethnic group?",
        [("asian", "Asian or Asian British"),
         ("black", "Black, Black British, Caribbean or African"),
         ("mixed", "Mixed or multiple ethnic groups"), ("white", "White"),
         ("other", "Another ethnic group"), PREFER_NOT],
    ),
    "disability": (
        "Do you consider yourself to have a disability or long-term health condition?",
        [("yes", "Yes"), ("no", "No"), PREFER_NOT],
    ),
}  # fmt: skip
# Who is counted: everyone who answered, and those of them appointed.
GROUPS = {"applied": "Applicants", "appointed": "Appointed"}


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
    return "Not answered" if answer == NOT_ANSWERED else dict(QUESTIONS[code][1])[answer]
