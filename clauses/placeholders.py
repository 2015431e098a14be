"""Filling a clause version's `{{ placeholders }}` with parameter values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from tenderkit.clauses.model import PLACEHOLDER, ClauseVersion, ParamValue, coerce_value
from tenderkit.errors import InputError


class ParameterError(InputError):
    """A parameter value is missing, unknown, of the wrong type or out of bounds."""

    def __init__(self, message: str, parameter: str):
        super().__init__(message)
        self.parameter = parameter


def resolve_values(
    version: ClauseVersion, given: Mapping[str, Any], *, ignore_unknown: bool = False
) -> dict[str, ParamValue]:
    """Apply defaults, convert and bounds-check given values; every required one must be set.

    `ignore_unknown` is for values shared across many clauses (a manifest's global
    parameters), where a name one clause does not declare is not an error.
    """
    values: dict[str, ParamValue] = {}
    for name in given:
        if name not in version.parameters and not ignore_unknown:
            known = ", ".join(version.parameters) or "none"
            raise ParameterError(
                f"unknown parameter {name!r} (this version declares: {known})", name
            )
    for name, param in version.parameters.items():
        raw = given.get(name)
        if raw is None:
            if param.default is not None:
                values[name] = param.default
            elif param.is_required:
                raise ParameterError(f"parameter {name!r} is required ({param.description})", name)
            continue
        try:
            values[name] = coerce_value(param, raw)
        except ValueError as exc:
            raise ParameterError(f"parameter {name!r}: {exc}", name) from None
    return values


def format_value(value: ParamValue) -> str:
    """How a value reads in a document: 3.85, 12, 1 April 2027, yes/no."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.6f}".rstrip("0").rstrip(".") if not value.is_integer() else str(int(value))
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    return str(value)


def _starts_sentence(text: str, at: int) -> bool:
    before = text[:at].rstrip()
    return not before or before[-1] in ".!?"


def render_text(version: ClauseVersion, values: Mapping[str, ParamValue]) -> str:
    """The version's text with each placeholder replaced; an unset optional one reads as blank.

    A value written to read inside a sentence ("the Community Nursing Service") starts
    with a capital where it starts a sentence.
    """

    def fill(match: Any) -> str:
        name = match.group(1)
        value = values.get(name)
        if value is None:
            return ""
        shown = format_value(value)
        if (
            isinstance(value, str)
            and shown[:1].islower()
            and _starts_sentence(match.string, match.start())
        ):
            shown = shown[:1].upper() + shown[1:]
        return shown

    return PLACEHOLDER.sub(fill, version.text)


def render(version: ClauseVersion, given: Mapping[str, Any]) -> str:
    """Resolve values (defaults, types, bounds, required) and fill the text."""
    return render_text(version, resolve_values(version, given))
