"""The clause model: parameters, versions, clauses and the content hash."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from tenderkit.clauses.model import (
    Clause,
    ClauseVersion,
    Parameter,
    Status,
    coerce_value,
    locked_content,
    version_hash,
)
from tests.support.builders import clause, version


def param(**fields: Any) -> Parameter:
    return Parameter.model_validate({"description": "A value.", **fields})


def test_a_parameter_without_default_is_required():
    """A parameter is required unless it has a default or says otherwise."""
    assert param(type="string").is_required
    assert not param(type="string", default="x").is_required
    assert not param(type="string", required=False).is_required
    assert param(type="integer", default=3, required=True).is_required


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"type": "integer", "min": 5, "max": 1}, "min 5.0 is greater than max 1.0"),
        ({"type": "string", "min": 1}, "min/max apply to integer and number parameters"),
        ({"type": "choice"}, "a choice parameter needs a non-empty 'choices' list"),
        ({"type": "string", "choices": ["a"]}, "'choices' applies to choice parameters"),
        ({"type": "integer", "default": "six"}, "expected a whole number, got 'six'"),
        ({"type": "date", "default": "next week"}, "expected a date as YYYY-MM-DD"),
        ({"type": "integer", "unknown": 1}, "Extra inputs are not permitted"),
        ({"type": "number", "max": float("inf")}, "max must be a finite number, not inf"),
        ({"type": "number", "min": float("nan")}, "min must be a finite number, not nan"),
    ],
)
def test_an_inconsistent_parameter_is_refused(fields: dict[str, Any], message: str):
    """Bounds on text, min above max, choices misplaced and mistyped defaults are refused."""
    with pytest.raises(ValidationError, match=message):
        param(**fields)


def test_an_out_of_bounds_default_is_accepted_by_the_model():
    """Bounds on a default are left to lint, so lint can list every offender."""
    assert param(type="integer", default=40, max=12).default == 40


@pytest.mark.parametrize(
    ("fields", "raw", "expected"),
    [
        ({"type": "integer"}, "12", 12),
        ({"type": "integer"}, 12.0, 12),
        ({"type": "number"}, "3.85", 3.85),
        ({"type": "number"}, "4", 4),
        ({"type": "number"}, 2, 2),
        ({"type": "boolean"}, "yes", True),
        ({"type": "boolean"}, "0", False),
        ({"type": "date"}, "2027-04-01", dt.date(2027, 4, 1)),
        ({"type": "string"}, "Ward 7", "Ward 7"),
        ({"type": "choice", "choices": ["monthly", "quarterly"]}, "quarterly", "quarterly"),
        ({"type": "integer", "min": 1, "max": 12}, "12", 12),
    ],
)
def test_coerce_value_converts_text_and_yaml_values(
    fields: dict[str, Any], raw: Any, expected: Any
):
    """Values from the command line or YAML convert to the parameter's type."""
    result = coerce_value(param(**fields), raw)
    assert result == expected
    assert type(result) is type(expected)


@pytest.mark.parametrize(
    ("fields", "raw", "message"),
    [
        ({"type": "integer"}, "12.5", "expected a whole number, got '12.5'"),
        ({"type": "integer"}, True, "expected a whole number, got True"),
        ({"type": "number"}, "lots", "expected a number, got 'lots'"),
        ({"type": "number"}, False, "expected a number"),
        ({"type": "boolean"}, "maybe", "expected true or false, got 'maybe'"),
        ({"type": "date"}, "1/4/2027", "expected a date as YYYY-MM-DD, got '1/4/2027'"),
        ({"type": "string"}, 5, "expected text, got 5"),
        (
            {"type": "choice", "choices": ["monthly"]},
            "weekly",
            "expected one of monthly; got 'weekly'",
        ),
        ({"type": "integer", "min": 1, "max": 12}, "13", "13 is above the maximum 12"),
        ({"type": "number", "min": 0.5}, "0.25", "0.25 is below the minimum 0.5"),
        (
            {"type": "number", "min": 0, "max": 100},
            float("nan"),
            "expected a finite number, got nan",
        ),
        ({"type": "number"}, float("inf"), "expected a finite number, got inf"),
        ({"type": "number"}, "1e400", "expected a finite number, got '1e400'"),
        ({"type": "integer"}, dt.date(2027, 1, 1), "expected a whole number, got 2027-01-01"),
    ],
)
def test_coerce_value_refuses_wrong_types_and_out_of_bounds(
    fields: dict[str, Any], raw: Any, message: str
):
    """A wrong type or a value outside the bounds is a ValueError fit for the user."""
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        coerce_value(param(**fields), raw)


def test_a_non_draft_version_needs_its_approval_record():
    """An approved, superseded or withdrawn version must say when and by whom."""
    body = version("1.0.0", "approved")
    del body["approver"]
    with pytest.raises(ValidationError, match="a approved version needs approver"):
        ClauseVersion.model_validate(body)
    draft = ClauseVersion.model_validate(version("1.1.0", "draft"))
    assert draft.approver is None


@pytest.mark.parametrize("number", ["1.0", "v1.0.0", "1.0.0-draft"])
def test_a_version_number_must_be_semantic(number: str):
    """A version number that is not MAJOR.MINOR.PATCH is refused."""
    with pytest.raises(ValidationError, match="is not a semantic version"):
        ClauseVersion.model_validate(version(number))


@pytest.mark.parametrize("clause_id", ["wc-cv-001", "WC", "WC_CV_001", "WC-CV-001 "])
def test_a_clause_id_must_be_upper_case_and_hyphenated(clause_id: str):
    """Clause ids look like WC-CV-001."""
    with pytest.raises(ValidationError, match="String should match pattern"):
        Clause.model_validate(clause(clause_id))


def test_placeholders_are_listed_once_in_order_of_use():
    """placeholders() lists each parameter name once, in order of first use."""
    text = "Every {{ months }} months and {{weeks}} weeks, then {{  months  }} again."
    v = ClauseVersion.model_validate(version(text=text, parameters={}))
    assert v.placeholders() == ["months", "weeks"]


def test_a_version_title_overrides_the_clause_title():
    """A version's own title replaces the clause title for that version only."""
    c = Clause.model_validate(
        clause("WC-CV-001", version("1.0.0", "superseded"), version("2.0.0", title="New title"))
    )
    assert c.title_of(c.versions[0]) == "Wellbeing reviews"
    assert c.title_of(c.versions[1]) == "New title"
    assert c.version("2.0.0") is c.versions[1]
    assert c.version("3.0.0") is None


def test_version_hash_ignores_the_lifecycle_status():
    """Superseding or withdrawing a version does not change its locked content."""
    approved = Clause.model_validate(clause("WC-CV-001", version("1.0.0", "approved")))
    superseded = Clause.model_validate(clause("WC-CV-001", version("1.0.0", "superseded")))
    assert version_hash(approved, approved.versions[0]) == version_hash(
        superseded, superseded.versions[0]
    )
    assert "status" not in locked_content(approved, approved.versions[0])


@pytest.mark.parametrize(
    ("clause_fields", "version_fields"),
    [
        ({}, {"text": "The Provider must review staff wellbeing every {{ months }} weeks."}),
        ({}, {"obligation": "should"}),
        ({}, {"evidence": ["Something else."]}),
        ({}, {"guidance": "New guidance."}),
        ({"title": "Another title"}, {}),
        ({"domain": "leadership-management"}, {}),
        ({}, {"effective": "2025-05-01"}),
    ],
)
def test_version_hash_changes_when_approved_content_changes(
    clause_fields: dict[str, Any], version_fields: dict[str, Any]
):
    """Changing the text, obligation, evidence, guidance, title, domain or date changes the hash."""
    base = Clause.model_validate(clause("WC-CV-001", version()))
    edited = Clause.model_validate(clause("WC-CV-001", version(**version_fields), **clause_fields))
    assert version_hash(base, base.versions[0]) != version_hash(edited, edited.versions[0])


def test_status_values_are_the_lifecycle():
    """The lifecycle is draft, approved, superseded, withdrawn."""
    assert [s.value for s in Status] == ["draft", "approved", "superseded", "withdrawn"]
