"""Moderation rules and the note lint."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenderkit.rubrics.scale import RangeScale
from tenderkit.scoring.entries import Entry, Flaw
from tenderkit.scoring.inputs import exact
from tenderkit.scoring.moderation import (
    judge_consensus,
    judge_note,
    moderation_row,
    note_required,
    round_to_step,
)
from tenderkit.scoring.note_lint import NamedBidder, lint_note

OTHERS = [NamedBidder("B2", "Sample Health CIC"), NamedBidder("A", "Alpha")]
GOOD = "The bid shows staff-defined values reviewed yearly with survey evidence, meeting Good."


def test_a_row_summarises_the_evaluators_scores() -> None:
    """Scores 2, 4 and 5: mean 11/3, min 2, max 5, spread 3, flagged at threshold 2."""
    row = moderation_row("B1", "Q1", {"E1": 2, "E2": 4, "E3": 5}, spread_threshold=2)
    assert (row.mean, row.minimum, row.maximum, row.spread) == (Fraction(11, 3), 2, 5, 3)
    assert row.flagged
    assert row.rounded_mean == 4


def test_half_marks_and_whole_marks_average_alike() -> None:
    """Scores 2.5, 3 and 4 average 19/6 exactly; 3.0 and 4.0 given as floats average 7/2."""
    row = moderation_row("B1", "Q1", {"E1": 2.5, "E2": 3, "E3": 4}, spread_threshold=2)
    assert (row.mean, row.minimum, row.maximum) == (Fraction(19, 6), Fraction(5, 2), 4)
    whole = moderation_row("B1", "Q1", {"E1": 3.0, "E2": 4.0}, spread_threshold=2)
    assert (whole.mean, whole.rounded_mean) == (Fraction(7, 2), 4)


def test_a_spread_equal_to_the_threshold_is_flagged_and_below_it_is_not() -> None:
    """Reaching the threshold flags the row."""
    assert moderation_row("B1", "Q1", {"E1": 2, "E2": 4}, spread_threshold=2).flagged
    assert not moderation_row("B1", "Q1", {"E1": 3, "E2": 4}, spread_threshold=2).flagged


@pytest.mark.parametrize(
    ("mean", "step", "expected"),
    [(3.5, 1, 4), (3.49, 1, 3), (3.25, 0.5, 3.5), (3.24, 0.5, 3), (2.5, 1, 3)],
)
def test_the_mean_is_rounded_half_up_to_the_scale_step(
    mean: float, step: float, expected: float
) -> None:
    """Half up, to whole points or to halves on a half-point scale."""
    assert round_to_step(mean, step) == Fraction(str(expected))


def test_a_note_is_required_when_flagged_or_moved_off_the_rounded_mean() -> None:
    """Calm row at its rounded mean needs no note; moving off it, or a flagged row, does."""
    calm = moderation_row("B1", "Q1", {"E1": 3, "E2": 4}, spread_threshold=2)
    assert not note_required(calm, 4)
    assert note_required(calm, 3)
    flagged = moderation_row("B1", "Q1", {"E1": 1, "E2": 5}, spread_threshold=2)
    assert note_required(flagged, 3)
    flaw = judge_note(flagged, 3, "  ")
    assert isinstance(flaw, Flaw) and flaw.rule == "note-missing"
    assert "spread by 4 (1–5)" in flaw.message
    assert judge_note(flagged, 3, GOOD) is None
    assert judge_note(calm, 4, None) is None


def test_a_consensus_off_the_scale_is_refused_with_its_own_rule() -> None:
    """A consensus of 7 on a 0–5 scale, or 2.5 on a whole-point one, is refused."""
    scale = RangeScale(max=5)
    assert judge_consensus(Entry(4), scale) == 4
    high = judge_consensus(Entry(7), scale)
    assert isinstance(high, Flaw) and high.rule == "consensus-outside-scale"
    half = judge_consensus(Entry(2.5), scale)
    assert isinstance(half, Flaw) and half.rule == "consensus-off-step"
    empty = judge_consensus(Entry(None), scale)
    assert isinstance(empty, Flaw) and empty.rule == "consensus-missing"


def test_a_note_about_the_criterion_passes_the_lint() -> None:
    """A sentence naming evidence and the descriptor raises no warning."""
    assert lint_note("B1", "Q1", GOOD, OTHERS) == []


@pytest.mark.parametrize(
    "note",
    [
        "Their answer was better than the others on staff involvement overall.",
        "This was the strongest bid on values, with clear survey evidence.",
        "Compared with B2 the evidence of involvement is thinner here.",
        "Weaker evidence than Sample Health CIC gave on leadership visibility.",
        "Scored lower than b2 because the survey evidence is thin.",
    ],
)
def test_a_note_comparing_bidders_is_warned(note: str) -> None:
    """Comparison phrases and another bidder's id or name are warned, ignoring case."""
    rules = [w.rule for w in lint_note("B1", "Q1", note, OTHERS)]
    assert "note-compares-bidders" in rules


def test_a_short_letter_id_matches_only_exactly() -> None:
    """Bidder 'A' is not found in the article 'a', but is found as 'A'."""
    assert lint_note("B1", "Q1", "The bid gives a clear account of staff values.", OTHERS) == []
    warned = lint_note("B1", "Q1", "Unlike A, the bid gives survey evidence over years.", OTHERS)
    assert [w.rule for w in warned] == ["note-compares-bidders"]
    assert "bidder A" in warned[0].message


def test_a_bids_own_id_may_appear_in_its_note() -> None:
    """B2's note may name B2."""
    assert (
        lint_note("B2", "Q1", "B2 shows staff-defined values with survey evidence.", OTHERS) == []
    )


@pytest.mark.parametrize(
    "note", ["Agreed.", "As discussed", "See above.", "n/a", "Agreed as discussed by panel"]
)
def test_a_note_giving_no_reason_is_warned(note: str) -> None:
    """Placeholders without a reason beside them are warned as no-reason."""
    assert [w.rule for w in lint_note("B1", "Q1", note, OTHERS)] == ["note-no-reason"]


def test_a_placeholder_with_a_reason_beside_it_passes() -> None:
    """'Agreed:' followed by a real reason is a reason."""
    note = "Agreed: the bid shows staff-defined values reviewed yearly with survey evidence."
    assert lint_note("B1", "Q1", note, OTHERS) == []


def test_a_note_shorter_than_a_sentence_is_warned() -> None:
    """Five words are not a reason; the warning names bidder and criterion."""
    (warning,) = lint_note("B1", "Q3", "Good evidence of staff values.", OTHERS)
    assert (warning.rule, warning.bidder, warning.criterion) == ("note-too-short", "B1", "Q3")


def test_the_phrase_lists_can_be_extended() -> None:
    """An organisation's own comparison phrase is caught when passed in."""
    note = "This bid edged it on staff values, with survey evidence over three years."
    assert lint_note("B1", "Q1", note, OTHERS) == []
    warned = lint_note("B1", "Q1", note, OTHERS, comparison_phrases=["edged it"])
    assert [w.rule for w in warned] == ["note-compares-bidders"]


@given(
    st.dictionaries(
        st.sampled_from([f"E{n}" for n in range(1, 13)]),
        st.one_of(
            st.integers(0, 10),
            st.integers(0, 20).map(lambda n: n / 2),
            st.decimals(0, 10, places=2, allow_nan=False).map(float),
        ),
        min_size=1,
    ),
    st.sampled_from([0.5, 1, 2, 2.5, Fraction(1, 3), 3.0]),
    st.sampled_from([(1, 0), (0.5, 0), (0.5, 1), (Fraction(1, 3), Fraction(2, 3)), (2, -1)]),
)
def test_a_rows_summary_is_the_exact_fraction_arithmetic_of_its_scores(
    scores: dict[str, float], threshold: float, scale: tuple[float, float]
) -> None:
    """Whole, half and decimal scores summarise to exactly what Fraction arithmetic gives:
    mean, minimum, maximum, spread, the flag and the mean rounded half up to the step."""
    step, origin = scale
    row = moderation_row(
        "B1", "Q1", scores, spread_threshold=threshold, scale_step=step, scale_min=origin
    )
    exact_scores = [exact(s) for s in scores.values()]
    mean = sum(exact_scores, Fraction(0)) / len(exact_scores)
    assert row.mean == mean
    assert (row.minimum, row.maximum) == (min(exact_scores), max(exact_scores))
    assert row.spread == max(exact_scores) - min(exact_scores)
    assert row.flagged == (row.spread >= exact(threshold))
    s, o = exact(step), exact(origin)
    assert row.rounded_mean == o + s * math.floor((mean - o) / s + Fraction(1, 2))


@given(
    st.fractions(min_value=-100, max_value=100, max_denominator=60),
    st.fractions(min_value=-5, max_value=5, max_denominator=12).filter(bool),
    st.fractions(min_value=-5, max_value=5, max_denominator=12),
)
def test_rounding_to_a_step_is_the_fraction_formula_half_up(
    value: Fraction, step: Fraction, origin: Fraction
) -> None:
    """round_to_step in integers equals o + s * floor((v - o) / s + 1/2) in fractions, for
    any value, step (negative ones included) and origin."""
    expected = origin + step * math.floor((value - origin) / step + Fraction(1, 2))
    assert round_to_step(value, step, origin) == expected


def test_a_zero_step_cannot_round() -> None:
    """A step of zero is refused, as dividing by it would be."""
    with pytest.raises(ZeroDivisionError):
        round_to_step(3, 0)
    with pytest.raises(ZeroDivisionError):
        moderation_row("B1", "Q1", {"E1": 3}, spread_threshold=2, scale_step=0)


@pytest.mark.parametrize("value", [0.0, 3.0, -4.0, 2.0**52, 1e300, 0.1, 2.5])
def test_a_float_score_is_taken_as_the_decimal_it_prints_as(value: float) -> None:
    """Whole floats and others alike: the fraction of the decimal repr shows."""
    assert exact(value) == Fraction(repr(value))
