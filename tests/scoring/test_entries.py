"""Judging a single score, rationale or declaration as an evaluator typed it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenderkit.rubrics.scale import NamedScale, RangeScale, ScalePoint, allowed_scores
from tenderkit.scoring.entries import (
    Declaration,
    Entry,
    Flaw,
    judge_declaration,
    judge_rationale,
    judge_score,
)

NAMED = NamedScale(points=[ScalePoint(score=s, label=f"L{s}", descriptor="d") for s in range(6)])
HALVES = RangeScale(min=0, max=10, half_points=True)


def rule(result: object) -> str:
    assert isinstance(result, Flaw), result
    return result.rule


@pytest.mark.parametrize(
    ("value", "expected"),
    [(3, 3.0), (0, 0.0), (5.0, 5.0), ("4", 4.0), (" 2 ", 2.0)],
)
def test_numbers_on_the_scale_are_accepted(value: object, expected: float) -> None:
    """Whole scores from 0 to 5, as numbers or as numeric text, stand."""
    assert judge_score(Entry(value=value), NAMED) == expected  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("entry", "expected_rule"),
    [
        (Entry(value=None), "score-missing"),
        (Entry(value="  "), "score-missing"),
        (Entry(value="three"), "score-not-a-number"),
        (Entry(value="3,5"), "score-not-a-number"),
        (Entry(value=True), "score-not-a-number"),
        (Entry(value=dt.date(2027, 3, 1)), "score-not-a-number"),
        (Entry(value=float("nan")), "score-not-a-number"),
        (Entry(value=None, error="#N/A"), "score-not-a-number"),
        (Entry(value="=1+2", formula=True), "score-formula"),
        (Entry(value=6), "score-outside-scale"),
        (Entry(value=-0.5), "score-outside-scale"),
        (Entry(value=2.5), "score-off-step"),
        (Entry(present=False), "name-missing"),
    ],
)
def test_scores_that_cannot_stand_are_named_by_rule(entry: Entry, expected_rule: str) -> None:
    """Each kind of bad score has its own rule id."""
    assert rule(judge_score(entry, NAMED)) == expected_rule


def test_half_points_are_allowed_where_the_scale_says_so() -> None:
    """On a 0–10 scale with half points, 7.5 stands and 7.25 is off step."""
    assert judge_score(Entry(value=7.5), HALVES) == 7.5
    flaw = judge_score(Entry(value=7.25), HALVES)
    assert rule(flaw) == "score-off-step"
    assert isinstance(flaw, Flaw) and "allowed: halves from 0–10" in flaw.message


@given(st.integers(min_value=0, max_value=5))
def test_every_allowed_score_is_accepted(score: int) -> None:
    """Whatever allowed score is chosen from the drop-down, it is accepted unchanged."""
    assert judge_score(Entry(value=score), NAMED) == score


@given(st.floats(min_value=-100, max_value=100, allow_nan=False))
def test_a_number_stands_exactly_when_it_is_an_allowed_score(value: float) -> None:
    """Acceptance agrees with the scale's list of allowed scores."""
    result = judge_score(Entry(value=value), HALVES)
    assert (not isinstance(result, Flaw)) == (value in allowed_scores(HALVES))


def test_rationales_are_trimmed_text() -> None:
    """A rationale is kept as text without surrounding space, however long."""
    assert judge_rationale(Entry(value="  Clear evidence.  ")) == "Clear evidence."
    assert judge_rationale(Entry(value="x" * 40_000)) == "x" * 40_000


@pytest.mark.parametrize(
    ("entry", "expected_rule"),
    [
        (Entry(value=None), "rationale-missing"),
        (Entry(value=" \t\n "), "rationale-missing"),
        (Entry(value="=foo", formula=True), "rationale-formula"),
        (Entry(present=False), "name-missing"),
    ],
)
def test_rationales_that_cannot_stand(entry: Entry, expected_rule: str) -> None:
    """Missing and formula rationales are flawed."""
    assert rule(judge_rationale(entry)) == expected_rule


@pytest.mark.parametrize(
    ("entry", "shown"),
    [
        (Entry(value=42), "the number 42"),
        (Entry(value=False), "the truth value FALSE"),
        (Entry(value=dt.datetime(2027, 3, 1)), "a date or time (2027-03-01T00:00:00"),
        (Entry(value=None, error="#N/A"), "the error #N/A"),
    ],
)
def test_a_rationale_that_is_not_text_is_reported_as_it_is(entry: Entry, shown: str) -> None:
    """A number, truth value, date or error explains nothing and is reported as what it is."""
    flaw = judge_rationale(entry)
    assert isinstance(flaw, Flaw) and flaw.rule == "rationale-missing"
    assert f"holds {shown}" in flaw.message


def test_a_number_formatted_as_a_duration_is_not_a_formula() -> None:
    """openpyxl reads 4 in a [h]:mm cell as a duration: not a number, and not a formula."""
    flaw = judge_score(Entry(value=dt.timedelta(days=4)), NAMED)
    assert isinstance(flaw, Flaw) and flaw.rule == "score-not-a-number"
    assert "a duration (4 days, 0:00:00" in flaw.message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("No conflict", Declaration.NO_CONFLICT),
        ("conflict ", Declaration.CONFLICT),
        ("no conflict", Declaration.NO_CONFLICT),
        ("No conflict   ", Declaration.NO_CONFLICT),
        ("No\u00a0conflict", Declaration.NO_CONFLICT),
        (" NO  CONFLICT", Declaration.NO_CONFLICT),
    ],
)
def test_the_two_declarations_are_recognised(value: str, expected: Declaration) -> None:
    """The drop-down's two choices are read, ignoring case and spacing (a pasted no-break
    space included)."""
    assert judge_declaration(Entry(value=value)) is expected


@pytest.mark.parametrize(
    ("entry", "expected_rule"),
    [
        (Entry(value=None), "declaration-missing"),
        (Entry(value="Yes"), "declaration-invalid"),
        (Entry(value="=A1", formula=True), "declaration-invalid"),
        (Entry(value=None, error="#N/A"), "declaration-invalid"),
        (Entry(value="No conflicts"), "declaration-invalid"),
        (Entry(present=False), "name-missing"),
    ],
)
def test_declarations_that_cannot_stand(entry: Entry, expected_rule: str) -> None:
    """Anything but the two choices blocks the bidder's scores."""
    assert rule(judge_declaration(entry)) == expected_rule
