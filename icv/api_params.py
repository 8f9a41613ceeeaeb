"""The JSON API's query-string parameters, each declared once: how it is read, what the 422
answer says when it cannot be, and how the OpenAPI document describes it.

An operation's Params read request.args into values by name and messages by name (the
`errors` of icv.api_errors.invalid), and give the operation's OpenAPI `parameters`. A check
that needs two parameters (from before to) runs after each was read on its own, and only
when both could be.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from flask import abort
from flask_babel import gettext

from icv.api_errors import invalid
from icv.dates import parse_moment
from icv.language import N_
from icv.openapi_common import DATE, enum

# Ids fit a 64-bit integer: a longer run of digits is no id, and the database cannot take it.
WHOLE_NUMBER = re.compile(r"[0-9]{1,18}")
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # what OpenAPI's format: date means


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    schema: dict  # OpenAPI's description of the value
    parse: Callable[[str], object]  # raises ValueError when the text cannot be read
    # What to send instead, "{name}" filled in; "": the ValueError's own. Marked for the
    # catalogue (N_), it is given in the request's language (the user's, or Accept-Language).
    message: str = ""
    required: bool = False  # absent or blank is read as "" (which parse refuses)
    default: object = None  # the value when left out
    codes: list | None = None  # one_of's codes, "{codes}" in the message

    def read(self, args, errors: dict):
        text = (args.get(self.name) or "").strip()
        if not text and not self.required:
            return self.default
        try:
            return self.parse(text)
        except ValueError as error:
            errors[self.name] = [
                gettext(self.message).format(name=self.name, codes=", ".join(self.codes or ()))
                if self.message
                else str(error)
            ]
            return None

    def openapi(self) -> dict:
        schema = self.schema if self.default is None else self.schema | {"default": self.default}
        return {"name": self.name, "in": "query", "required": self.required,
                "description": self.description, "schema": schema}  # fmt: skip


Check = Callable[[dict, dict], None]  # (values, errors): adds messages by parameter name


class Params:
    """One operation's parameters, and the checks between them."""

    def __init__(self, *params: Param, checks: tuple[Check, ...] = ()):
        self.params = params
        self.checks = checks

    def read(self, args) -> tuple[dict, dict]:
        """(values by name, messages by name); a value that could not be read is None."""
        errors: dict = {}
        values = {param.name: param.read(args, errors) for param in self.params}
        for check in self.checks:
            check(values, errors)
        return values, errors

    def read_or_422(self, args) -> dict:
        """The values, or the 422 answer that says what to send instead."""
        values, errors = self.read(args)
        if errors:
            abort(invalid(errors))
        return values

    def openapi(self) -> list[dict]:
        return [param.openapi() for param in self.params]


# --- the kinds of parameter -------------------------------------------------------------


def whole_number(name: str, description: str, message: str = "") -> Param:
    """An id, like panel_id=12."""
    return Param(name, description, {"type": "integer"}, _whole_number,
                 message or N_("Give {name} as a number, like 12"))  # fmt: skip


def day(name: str, description: str, *, required: bool = False) -> Param:
    """A calendar day, like from=2019-04-01."""
    message = N_("Give the {name} date like 2019-04-01")
    return Param(name, description, DATE, _day, message, required)


def one_of(name: str, description: str, values, *, default=None, message: str = "") -> Param:
    """One of a few codes, like status=open."""
    codes = [str(value) for value in values]

    def parse(text: str) -> str:
        if text not in codes:
            raise ValueError(text)
        return text

    message = message or N_("Give the {name} as one of {codes}")
    return Param(name, description, enum(codes), parse, message, default=default, codes=codes)


def moment(name: str, description: str) -> Param:
    """A date and time with an offset, like since=2019-06-01T21:10:00Z; read as UTC."""
    schema = {"type": "string", "format": "date-time"}
    message = N_("Give {name} as a date and time with an offset, like 2019-06-01T21:10:00Z")
    return Param(name, description, schema, _moment, message)


def _whole_number(text: str) -> int:
    if not WHOLE_NUMBER.fullmatch(text):
        raise ValueError(text)
    return int(text)


def _day(text: str) -> date:
    if not ISO_DATE.fullmatch(text):
        raise ValueError(text)
    return date.fromisoformat(text)  # a ValueError too for 2026-13-01


def _moment(text: str) -> datetime:
    # An unescaped "+" in a query string arrives as a space: "21:10:00 01:00" is "+01:00".
    moment = parse_moment(text.replace(" ", "+"))
    if moment is None:
        raise ValueError(text)
    return moment


# --- checks between parameters -----------------------------------------------------------


def in_order(first: str, last: str, most_days: int | None = None) -> Check:
    """The `last` day is not before the `first`, and at most `most_days` days from it."""

    def check(values: dict, errors: dict) -> None:
        starts, ends = values[first], values[last]
        if starts is None or ends is None:
            return
        if ends < starts:
            message = gettext("The {last} date must be the same as or after the {first} date")
            errors[last] = [message.format(last=last, first=first)]
        elif most_days is not None and (ends - starts).days + 1 > most_days:
            errors[last] = [gettext("Ask for %(most)s days or fewer at a time", most=most_days)]

    return check
