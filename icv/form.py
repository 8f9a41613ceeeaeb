"""The base of every form: each text field refuses hidden characters (icv.text)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import PasswordField, StringField
from wtforms.validators import ValidationError
from wtforms.widgets import TextArea

from icv.language import typed_before_switch
from icv.text import hidden_character_problem


class _VisibleText:
    """A validator: the field's text has no control or text-direction characters."""

    def __init__(self, multiline: bool):
        self.multiline = multiline

    def __call__(self, form, field) -> None:
        if isinstance(field.data, str):
            problem = hidden_character_problem(field.data, multiline=self.multiline)
            if problem:
                raise ValidationError(problem)


class Form(FlaskForm):
    def __init__(self, *args, **kwargs):
        # Back from the language switch after refused answers: what was typed, in the new
        # language (icv.language; the errors show again when the form is sent).
        if not args and "formdata" not in kwargs:
            names = {name for name, _ in self._unbound_fields}
            typed = typed_before_switch(names)
            if typed is not None:
                kwargs["formdata"] = typed
        super().__init__(*args, **kwargs)

    class Meta(FlaskForm.Meta):
        def bind_field(self, form, unbound_field, options):
            field = super().bind_field(form, unbound_field, options)
            # Passwords are only hashed, never shown: whatever someone chose stays usable.
            if isinstance(field, StringField) and not isinstance(field, PasswordField):
                multiline = isinstance(field.widget, TextArea)  # a text area: long text
                field.validators = [*field.validators, _VisibleText(multiline)]
            return field
