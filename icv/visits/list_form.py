"""The filters of the staff list of visit reports (GET: no CSRF, nothing required)."""

from __future__ import annotations

from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput
from wtforms import SubmitField
from wtforms.validators import ValidationError

from icv import policy
from icv.extensions import db
from icv.fields import ChoiceField, DateInputField, options
from icv.form import Form
from icv.models import User
from icv.visits.listing import CONCERN_CHOICES, RATINGS, ReportFilters
from icv.visits.vocabulary import translated


class ReportFilterForm(Form):
    class Meta:
        csrf = False

    panel = ChoiceField(_l("Panel"), message=_l("Choose a panel"), choices=[], required=False)
    suite = ChoiceField(_l("Suite"), message=_l("Choose a suite"), choices=[], required=False)
    arrived_from = DateInputField(_l("Visits from"))
    arrived_to = DateInputField(_l("Visits to"))
    concerns = ChoiceField(
        _l("Concerns"), message=_l("Choose concerns or all"), choices=[], required=False
    )
    rating = ChoiceField(_l("Rating"), message=_l("Choose a rating"), choices=[], required=False)
    submit = SubmitField(_l("Filter"), widget=GovSubmitInput())

    FIELDS = ("panel", "suite", "arrived_from", "arrived_to", "concerns", "rating")

    def offer(self, user: User) -> ReportFilterForm:
        """Only the user's own panels and suites are offered (and accepted)."""
        panels = [(p.id, p.name) for p in db.session.scalars(policy.panels_query(user))]
        suites = [(s.id, s.name) for s in db.session.scalars(policy.suites_query(user))]
        self.panel.choices = options([("", gettext("All your panels")), *panels])
        self.suite.choices = options([("", gettext("All suites")), *suites])
        concerns = [("", gettext("With or without")), *translated(CONCERN_CHOICES).items()]
        self.concerns.choices = options(concerns)
        self.rating.choices = options([("", gettext("Any rating")), *translated(RATINGS).items()])
        return self

    def validate_arrived_to(self, field):
        if field.data and self.arrived_from.data and field.data < self.arrived_from.data:
            raise ValidationError(gettext("Visits to must be the same as or after visits from"))

    def chosen(self) -> ReportFilters:
        return ReportFilters(
            panel_id=int(self.panel.data) if self.panel.data else None,
            suite_id=int(self.suite.data) if self.suite.data else None,
            arrived_from=self.arrived_from.data,
            arrived_to=self.arrived_to.data,
            concerns=self.concerns.data == "yes",
            rating=self.rating.data or None,
        )
