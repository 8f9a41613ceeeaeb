"""Writing the figures' summary of visit reports (models.py) in SQL, from the stored rows.

The one definition of what a report adds to each figure. It is used wherever a summary is
written: for one report when it is received or amended (same transaction), and for every
report that has none (migration 0009's backfill, the demo year's and the benchmark's bulk
loads). Each write is INSERT ... SELECT, the people and suite-condition rows counted by
GROUP BY report, so the database does the work and nothing is loaded into Python.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import sqlalchemy as sa

from icv.extensions import db
from icv.figures.localtime import band_of_hour, london_hour, london_weekday
from icv.figures.measures import BY_ANSWER, BY_CHARACTERISTIC, PERSON_MEASURES
from icv.figures.models import figure_visitors, report_figures
from icv.visits import vocabulary
from icv.visits.events import report_amended, report_stored
from icv.visits.models import ConditionCheck, DetaineeRecord, ReportVisitor, VisitReport

report_rows, person_rows = VisitReport.__table__, DetaineeRecord.__table__
check_rows, visitor_rows = ConditionCheck.__table__, ReportVisitor.__table__
Which = Callable[[sa.ColumnElement], sa.ColumnElement]  # a report id column -> a condition


@report_stored.connect
@report_amended.connect
def write(report: VisitReport, **_signal) -> None:
    """(Re)write one report's summary from its rows, in the transaction that stores or amends
    it (the icv.visits.events it receives)."""
    new = report.id is None  # a report not flushed yet has no summary to replace
    db.session.flush()  # the report and its rows (and its id) must be in the database
    deletes, inserts = _one_report_statements()
    for statement in inserts if new else deletes + inserts:
        db.session.execute(statement, {ONE_REPORT: report.id})


ONE_REPORT = "one_report_id"  # not "report_id": an INSERT keeps its columns' names for itself


@functools.cache
def _one_report_statements() -> tuple[list, list]:
    """The deletes and inserts for one report, its id a bound parameter: built once, as the
    ~80 SQL expressions cost more to build than to run (a third of a report PUT's CPU)."""
    report_id = sa.bindparam(ONE_REPORT, type_=sa.Integer)
    deletes = [sa.delete(table).where(table.c.report_id == report_id)
               for table in (figure_visitors, report_figures)]  # fmt: skip
    inserts = insert_statements(lambda column: column == report_id, rows_too=True)
    return deletes, inserts


def write_missing(connection: sa.Connection, figures=report_figures, visitors=figure_visitors):
    """Summaries for every report that has none. `figures`/`visitors`: the tables as a
    migration created them (their columns decide what is written)."""
    has_none = ~sa.exists().where(figures.c.report_id == report_rows.c.id)
    statements = insert_statements(lambda column: has_none, figures, visitors)
    for statement in statements:  # visitors first: both look for reports with no figures row
        connection.execute(statement)


def insert_statements(
    which: Which, figures=report_figures, visitors=figure_visitors, rows_too: bool = False
) -> list:
    """INSERT ... SELECT for the visitors, then the figures, of the reports `which` picks.

    `rows_too`: apply `which` to the people and condition rows as well (a few reports);
    otherwise they are counted for every report in one pass (a backfill)."""  # fmt: skip
    names = list(visitors.c.keys())
    visitors_select = (
        sa.select(*[_visitor_column(name) for name in names])
        .select_from(visitor_rows.join(report_rows, report_rows.c.id == visitor_rows.c.report_id))
        .where(which(report_rows.c.id))
    )
    row_filter = which if rows_too else None
    names_f = list(figures.c.keys())
    people, concerns = _people(row_filter, names_f), _concerns(row_filter)
    values = _report_columns(people, concerns)
    figures_select = (
        sa.select(*[values[name].label(name) for name in names_f])
        .select_from(
            report_rows.outerjoin(people, people.c.report_id == report_rows.c.id).outerjoin(
                concerns, concerns.c.report_id == report_rows.c.id
            )
        )
        .where(which(report_rows.c.id))
    )
    return [
        sa.insert(visitors).from_select(names, visitors_select),
        sa.insert(figures).from_select(names_f, figures_select),
    ]


def _visitor_column(name: str):
    source = visitor_rows if name in ("report_id", "user_id") else report_rows
    return source.c[name]


def _flag(condition) -> sa.ColumnElement:
    return sa.case((condition, 1), else_=0)


def _count(condition) -> sa.ColumnElement:
    return sa.func.count().filter(condition)


def _people(which: Which | None, names: list[str]):
    """Each report's person counts, for the summary columns in `names` (an older migration's
    backfill has fewer, and its people rows lack format 2's columns)."""
    outcomes = {f"detainees_{code}": person_rows.c.outcome == code for code in vocabulary.OUTCOMES}
    reasons = {f"unavailable_{code}": person_rows.c.unavailable_reason == code
               for code in vocabulary.UNAVAILABLE_REASONS}  # fmt: skip
    issues = {
        "allegations": person_rows.c.allegation != "",
        "detainee_follow_ups": person_rows.c.follow_up.is_(True),
        "issues_raised_with_staff": person_rows.c.raised_with_staff.is_(True),
    }
    held = person_rows.c.held_under_tact.is_(True)
    tact = {"tact_detainees": held,
            "tact_interviewed": sa.and_(held, person_rows.c.outcome == "interviewed")}  # fmt: skip
    counted = {**outcomes, **reasons, **issues, **tact}
    if any(name in PERSON_MEASURES for name in names):
        counted |= _person_answers()
    counted = {name: condition for name, condition in counted.items() if name in names}
    query = sa.select(
        person_rows.c.report_id,
        *[_count(condition).label(name) for name, condition in counted.items()],
    )
    if which is not None:
        query = query.where(which(person_rows.c.report_id))
    return query.group_by(person_rows.c.report_id).subquery("people")


def _person_answers() -> dict:
    """Format 2's counts (measures.PERSON_MEASURES) as conditions on a person row. NULL is
    "not recorded" (every row of a format-1 report): it meets no condition, but a sex or
    age band not given counts as "not recorded" so that those breakdowns add up."""
    people = person_rows.c
    groups = {"in_custody": sa.true(), "offered": people.offered_visit.is_(True),
              "interviewed": people.outcome == "interviewed"}  # fmt: skip
    answers = {}
    for column, (prefix, codes) in zip(
        (people.sex, people.age_band), BY_CHARACTERISTIC.values(), strict=True
    ):
        given = sa.func.coalesce(column, "not_recorded")
        answers |= {f"{prefix}_{code}_{group}": sa.and_(given == code, condition)
                    for code in codes for group, condition in groups.items()}  # fmt: skip
    answers |= {f"{key}_{code}": people[key] == code
                for key, codes in BY_ANSWER.items() for code in codes}  # fmt: skip
    flags = {"offered_visit": "offered_visit", "mental_health_concerns": "mental_health_concern",
             "strip_searches": "strip_searched", "safety_clothing": "safety_clothing",
             "force_reported": "force_reported",
             "custody_records_examined": "custody_record_examined"}  # fmt: skip
    answers |= {key: people[flag].is_(True) for key, flag in flags.items()}
    findings = people.custody_record_findings
    answers |= {f"custody_record_concern_{code}": findings[code].as_string() == "concern"
                for code in vocabulary.CUSTODY_RECORD_FINDINGS}  # fmt: skip
    return answers


def _concerns(which: Which | None):
    query = sa.select(
        check_rows.c.report_id,
        *[_count(check_rows.c.code == code).label(f"concern_{code}")
          for code in vocabulary.SUITE_CONDITIONS],
    ).where(check_rows.c.rating == "concern")  # fmt: skip
    if which is not None:
        query = query.where(which(check_rows.c.report_id))
    return query.group_by(check_rows.c.report_id).subquery("concerns")


def _report_columns(people, concerns) -> dict:
    """Every summary column's value for a report, as SQL over the report and its counts."""
    arrived = report_rows.c.arrived_at
    values = {
        "report_id": report_rows.c.id,
        "suite_id": report_rows.c.suite_id,
        "arrived_at": arrived,
        "weekday": london_weekday(arrived),
        "band": band_of_hour(london_hour(arrived)),
        "visits_rota_made": _flag(report_rows.c.scheduled_visit_id.is_not(None)),
        "visits_ad_hoc": _flag(report_rows.c.scheduled_visit_id.is_(None)),
        "visits_remote": _flag(report_rows.c.visit_mode == "remote"),
        "visits_refused_entry": _flag(report_rows.c.admitted_at.is_(None)),
        "visits_delayed": _flag(report_rows.c.delay_minutes > 0),
        "visits_satisfactory": _flag(report_rows.c.rating == "satisfactory"),
        "visits_follow_up": _flag(report_rows.c.follow_up_needed.is_(True)),
        "detainees_in_custody": report_rows.c.detainees_in_custody,
        # Not recorded (NULL) adds nothing: the figures sum only the numbers recorded.
        "juveniles": sa.func.coalesce(report_rows.c.juveniles, 0),
        "vulnerable_adults": sa.func.coalesce(report_rows.c.vulnerable_adults, 0),
    }
    for counts in (people, concerns):
        for column in counts.c:
            if column.key != "report_id":
                values[column.key] = sa.func.coalesce(column, 0)
    if "tact_detainees" in people.c:  # a visit to someone held under TACT
        values["tact_visits"] = _flag(people.c.tact_detainees > 0)
    return values
