"""The period and scope picker of the figures page (a GET form: nothing changes, no CSRF)."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField

from icv import policy
from icv.dates import financial_year_of, scheme_date
from icv.extensions import db
from icv.fields import ChoiceField, RadioChoiceField, options
from icv.figures.periods import QUARTER_MONTHS, year_label
from icv.figures.queries import Scope
from icv.form import Form
from icv.models import Panel, Suite, User
from icv.visits.models import VisitReport

WHOLE_YEAR = "year"
FIRST_YEAR = 2000  # reports cannot be earlier (visits.validation.EARLIEST)


def periods() -> list[tuple[str, str]]:
    """The whole year or a quarter, in the reader's language."""
    return [
        (WHOLE_YEAR, gettext("The whole year")),
        *[(f"Q{n}", gettext("Quarter %(number)s: %(months)s", number=n, months=gettext(months)))
          for n, months in QUARTER_MONTHS.items()],
    ]  # fmt: skip


class FiguresForm(Form):
    class Meta:
        csrf = False

    year = ChoiceField(_l("Financial year"), message=_l("Choose a financial year from the list"))
    quarter = RadioChoiceField(_l("Period"), message=_l("Choose the whole year or a quarter"))
    panel = ChoiceField(_l("Panel"), message=_l("Choose a panel from the list"), required=False)
    suite = ChoiceField(
        _l("Custody suite"), message=_l("Choose a suite from the list"), required=False
    )
    submit = SubmitField(_l("Show figures"), widget=GovSubmitInput())


def picker(user: User, args, today) -> FiguresForm:
    """The form filled from the query string, with the choices this user may make."""
    allowed = policy.figures_panel_ids(user)
    scope = Scope(panel_ids=None if allowed is None else frozenset(allowed))
    years = year_choices(scope, today)
    asked = (args.get("year") or "").strip() if args else ""
    if asked.isdigit() and FIRST_YEAR <= int(asked) <= financial_year_of(today):
        years = sorted({*years, int(asked)}, reverse=True)  # a link to any year since 2000 works
    form = FiguresForm(formdata=args if args else None, data={
        "year": str(years[0]), "quarter": WHOLE_YEAR, "panel": None, "suite": None,
    })  # fmt: skip
    form.year.choices = options((str(y), year_label(y)) for y in years)
    form.quarter.choices = options(periods())
    panels = db.session.scalars(policy.figures_panels_query(user)).all()
    form.panel.choices = options([("", gettext("All panels")), *((p.id, p.name) for p in panels)])
    suites = db.session.execute(
        sa.select(Suite.id, Suite.name, Panel.name)
        .join(Panel, Panel.id == Suite.panel_id)
        .where(Suite.panel_id.in_([p.id for p in panels]))
        .order_by(Suite.name)
    ).all()
    form.suite.choices = options(
        [("", gettext("All suites")), *((sid, f"{name} ({panel})") for sid, name, panel in suites)]
    )
    return form


def year_choices(scope: Scope, today) -> list[int]:
    """Financial years from the latest with visits (or this one) back to the first, newest
    first: the page opens on the latest year that has figures."""
    query = sa.select(sa.func.min(VisitReport.arrived_at), sa.func.max(VisitReport.arrived_at))
    if scope.panel_ids is not None:
        suites = sa.select(Suite.id).where(Suite.panel_id.in_(sorted(scope.panel_ids)))
        query = query.where(VisitReport.suite_id.in_(suites))
    first, last = db.session.execute(query).one()
    current = financial_year_of(today)
    newest = financial_year_of(scheme_date(last)) if last else current
    oldest = financial_year_of(scheme_date(first)) if first else current - 4
    ordered = [newest, *[y for y in range(current, oldest - 1, -1) if y != newest]]
    return ordered
