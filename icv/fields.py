"""Form fields that give GOV.UK-style, specific error messages and keep what was typed."""

from __future__ import annotations

from datetime import date

from flask_babel import gettext
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    Field,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
)
from wtforms.validators import ValidationError

from icv.language import N_

DATE_PARTS = ("day", "month", "year")
BOX_LABELS = (N_("Day"), N_("Month"), N_("Year"))
# "Date of birth must include a month and year": one message for each set of missing parts.
MISSING_PARTS = {
    ("day",): N_("%(field)s must include a day"),
    ("month",): N_("%(field)s must include a month"),
    ("year",): N_("%(field)s must include a year"),
    ("day", "month"): N_("%(field)s must include a day and month"),
    ("day", "year"): N_("%(field)s must include a day and year"),
    ("month", "year"): N_("%(field)s must include a month and year"),
}


def options(pairs) -> list[SelectChoice]:
    """[(value, label), ...] as the choices WTForms wants."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def _offered(field) -> set[str]:
    return {choice.value for choice in field.iter_choices()}


class DateInputWidget(GovDateInput):
    """GOV.UK date input whose Day box carries the field id, so the error summary links to it;
    its boxes' labels in the page's language (the widget has "Day", "Month", "Year" built in)."""

    def map_gov_params(self, field, **kwargs):
        params = super().map_gov_params(field, **kwargs)
        params["id"] = f"{field.id}-date"
        params["items"][0]["id"] = field.id
        for item, label in zip(params["items"], BOX_LABELS, strict=True):
            item["label"] = gettext(label)
        return params


class DateInputField(Field):
    """Day, month and year boxes. Empty is allowed unless `required` is given.

    Messages name the field, e.g. "Vetting expiry must be a real date".
    """

    widget = DateInputWidget()

    def __init__(self, label=None, validators=None, required: str | None = None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.required_message = required

    def _value(self):
        return self.data.strftime("%d %m %Y") if self.data else ""

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:  # not posted at all: behave as if left empty
            self.raw_data = None
            valuelist = ["", "", ""]
        parts = [value.strip() for value in valuelist]
        if not any(parts):
            self.data = None
            if self.required_message:
                raise ValueError(self.required_message)
            return
        missing = [name for name, value in zip(DATE_PARTS, parts, strict=True) if not value]
        if missing:
            self.data = None
            raise ValueError(gettext(MISSING_PARTS[tuple(missing)], field=self.label.text))
        day, month, year = parts
        real_date = gettext("%(field)s must be a real date", field=self.label.text)
        if not (day.isdigit() and month.isdigit() and year.isdigit()):
            self.data = None
            raise ValueError(real_date)
        if len(year) != 4:
            self.data = None
            raise ValueError(
                gettext("Year of %(field)s must include 4 numbers", field=self.label.text.lower())
            )
        try:
            self.data = date(int(year), int(month), int(day))
        except ValueError:
            self.data = None
            raise ValueError(real_date) from None


class WholeNumberField(IntegerField):
    """A whole number within a range, e.g. "Enter the number of cells, like 12"."""

    widget = GovTextInput()

    def __init__(self, label, *, example: str, minimum: int, maximum: int | None = None, **kw):
        super().__init__(label, **kw)
        self.example = example
        self.minimum = minimum
        self.maximum = maximum

    def process_formdata(self, valuelist):
        text = valuelist[0].strip() if valuelist else ""
        if not text:
            self.data = None
            raise ValueError(self.example)
        try:
            self.data = int(text)
        except ValueError:
            self.data = None
            raise ValueError(self.example) from None

    def post_validate(self, form, validation_stopped):
        if self.errors or self.data is None:
            return
        values = {"field": self.label.text, "minimum": self.minimum, "maximum": self.maximum}
        if self.maximum is None and self.data < self.minimum:
            self.errors.append(gettext("%(field)s must be %(minimum)s or more", **values))
        elif self.maximum is not None and not self.minimum <= self.data <= self.maximum:
            self.errors.append(
                gettext("%(field)s must be between %(minimum)s and %(maximum)s", **values)
            )


def _without_empty_hint(params: dict) -> dict:
    hint = params.get("hint")
    if hint is not None and not (hint.get("text") or hint.get("html")):
        del params["hint"]  # else an empty hint box is rendered and announced
    return params


class RadiosWidget(GovRadioInput):
    def map_gov_params(self, field, **kwargs):
        return _without_empty_hint(super().map_gov_params(field, **kwargs))


class CheckboxesWidget(GovCheckboxesInput):
    def map_gov_params(self, field, **kwargs):
        return _without_empty_hint(super().map_gov_params(field, **kwargs))


class ChoiceField(SelectField):
    """A select whose values are strings; anything not offered (or nothing) gets `message`.

    A guessed id for a panel the user does not manage fails here, like any bad choice.
    """

    widget = GovSelect()

    def __init__(self, label=None, *, message: str, required: bool = True, **kwargs):
        kwargs.setdefault("coerce", _as_text)
        super().__init__(label, **kwargs)
        self.message = message
        self.required = required

    def pre_validate(self, form):
        if self.data is None and not self.required:
            return
        if self.data not in _offered(self):
            raise ValidationError(self.message)


class RadioChoiceField(RadioField):
    """GOV.UK radios with a specific message when nothing (or something unknown) is chosen."""

    widget = RadiosWidget()

    def __init__(self, label=None, *, message: str, **kwargs):
        kwargs.setdefault("coerce", _as_text)
        super().__init__(label, **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data not in _offered(self):
            raise ValidationError(self.message)


class CheckboxesField(SelectMultipleField):
    """GOV.UK checkboxes for several choices; unknown values get `message`."""

    widget = CheckboxesWidget()

    def __init__(self, label=None, *, message: str, **kwargs):
        kwargs.setdefault("coerce", _as_text)
        super().__init__(label, **kwargs)
        self.message = message

    def pre_validate(self, form):
        offered = _offered(self)
        if any(value not in offered for value in self.data or ()):
            raise ValidationError(self.message)


def _as_text(value) -> str | None:
    """Form values are text; True/False from a model become the yes/no radio values."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)
