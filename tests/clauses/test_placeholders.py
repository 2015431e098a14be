"""Rendering: placeholders filled, defaults applied, values checked and formatted."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from tenderkit.clauses.model import ClauseVersion
from tenderkit.clauses.placeholders import ParameterError, format_value, render, resolve_values
from tenderkit.errors import InputError
from tests.support.builders import version

PARAMETERS: dict[str, Any] = {
    "service_name": {"type": "string", "description": "Service."},
    "months": {"type": "integer", "default": 6, "min": 1, "max": 12, "description": "Months."},
    "target": {"type": "number", "default": 3.85, "min": 0, "max": 10, "description": "Rate."},
    "start": {"type": "date", "default": dt.date(2027, 4, 1), "description": "Start."},
    "anonymous": {"type": "boolean", "default": True, "description": "Anonymous?"},
    "frequency": {
        "type": "choice",
        "choices": ["monthly", "quarterly"],
        "default": "quarterly",
        "description": "How often.",
    },
    "note": {"type": "string", "required": False, "description": "Optional note."},
}
TEXT = (
    "{{ service_name }}: review every {{ months }} months, target {{ target }}%, "
    "from {{ start }}, anonymous: {{ anonymous }}, reported {{ frequency }}.{{ note }}"
)


@pytest.fixture
def clause_version() -> ClauseVersion:
    return ClauseVersion.model_validate(version(text=TEXT, parameters=PARAMETERS))


def test_defaults_are_applied_and_values_formatted(clause_version: ClauseVersion):
    """Unset parameters take their defaults; dates, numbers and booleans read naturally."""
    assert render(clause_version, {"service_name": "Ward 7"}) == (
        "Ward 7: review every 6 months, target 3.85%, from 1 April 2027, "
        "anonymous: yes, reported quarterly."
    )


def test_given_values_from_the_command_line_are_converted(clause_version: ClauseVersion):
    """String values are converted to each parameter's type before they are filled in."""
    given = {
        "service_name": "Ward 7",
        "months": "12",
        "target": "4.0",
        "start": "2028-01-09",
        "anonymous": "no",
        "frequency": "monthly",
        "note": " Thanks.",
    }
    assert render(clause_version, given) == (
        "Ward 7: review every 12 months, target 4%, from 9 January 2028, "
        "anonymous: no, reported monthly. Thanks."
    )


def test_a_missing_required_parameter_is_an_error(clause_version: ClauseVersion):
    """A required parameter with no value and no default is refused, naming it."""
    with pytest.raises(
        ParameterError, match=r"parameter 'service_name' is required \(Service\.\)"
    ) as caught:
        render(clause_version, {})
    assert caught.value.parameter == "service_name"
    assert isinstance(caught.value, InputError)


def test_an_unknown_parameter_is_an_error(clause_version: ClauseVersion):
    """A value for a parameter the version does not declare is refused, listing the known ones."""
    with pytest.raises(ParameterError, match="unknown parameter 'weeks'") as caught:
        render(clause_version, {"service_name": "x", "weeks": "3"})
    assert "service_name, months, target" in str(caught.value)


def test_unknown_parameters_may_be_ignored_for_shared_values(clause_version: ClauseVersion):
    """Values shared across clauses may name parameters this version lacks."""
    values = resolve_values(clause_version, {"service_name": "x", "weeks": 3}, ignore_unknown=True)
    assert "weeks" not in values
    assert values["months"] == 6


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("months", "13", "parameter 'months': 13 is above the maximum 12"),
        ("months", "0", "parameter 'months': 0 is below the minimum 1"),
        ("months", "six", "parameter 'months': expected a whole number, got 'six'"),
        ("target", "high", "parameter 'target': expected a number, got 'high'"),
        ("target", "10.5", "parameter 'target': 10.5 is above the maximum 10"),
        ("start", "01/04/2027", "parameter 'start': expected a date as YYYY-MM-DD"),
        ("anonymous", "perhaps", "parameter 'anonymous': expected true or false"),
        ("frequency", "weekly", "parameter 'frequency': expected one of monthly, quarterly"),
    ],
)
def test_a_bad_value_is_refused_naming_the_parameter(
    clause_version: ClauseVersion, name: str, raw: str, message: str
):
    """Wrong types and values outside the bounds are refused with the parameter's name."""
    with pytest.raises(ParameterError, match=message) as caught:
        render(clause_version, {"service_name": "x", name: raw})
    assert caught.value.parameter == name


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (3.85, "3.85"),
        (4.0, "4"),
        (12, "12"),
        (0.1 + 0.2, "0.3"),
        (1234567, "1234567"),
        (dt.date(2027, 4, 1), "1 April 2027"),
        (dt.date(2026, 12, 25), "25 December 2026"),
        (True, "yes"),
        (False, "no"),
        ("Ward 7", "Ward 7"),
    ],
)
def test_format_value_reads_like_a_document(value: Any, text: str):
    """Numbers lose float noise and trailing zeros, dates read as `1 April 2027`."""
    assert format_value(value) == text


def test_a_default_written_as_quoted_text_takes_the_parameter_type():
    """A date default quoted in YAML ('2027-04-01') is still a date and renders as one."""
    start = {"type": "date", "default": "2027-04-01", "description": "Start."}
    quoted = ClauseVersion.model_validate(
        version(text="From {{ start }}.", parameters={"start": start})
    )
    assert quoted.parameters["start"].default == dt.date(2027, 4, 1)
    assert render(quoted, {}) == "From 1 April 2027."


def test_text_without_placeholders_renders_unchanged():
    """A version without parameters renders as written."""
    plain = ClauseVersion.model_validate(version(text="Staff must be thanked.", parameters={}))
    assert render(plain, {}) == "Staff must be thanked."


def test_a_value_with_its_article_reads_in_a_sentence_and_is_capitalised_to_start_one() -> None:
    """ "the Community Nursing Service" fills "staff in {{ s }}"; at a sentence start it gets a capital."""
    text = "Staff in {{ service_name }} are thanked. {{ service_name }} reports yearly."
    v = ClauseVersion.model_validate(version(text=text, parameters=PARAMETERS))
    assert render(v, {"service_name": "the Community Nursing Service"}) == (
        "Staff in the Community Nursing Service are thanked. "
        "The Community Nursing Service reports yearly."
    )
