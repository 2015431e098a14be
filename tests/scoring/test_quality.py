"""Weighted quality: consensus / scale maximum × effective weight × quality weight / 100."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.scoring.inputs import CriterionInput, exact
from tenderkit.scoring.quality import weighted_score

_NUMBERS = st.one_of(
    st.integers(-20, 100),
    st.fractions(min_value=-20, max_value=100, max_denominator=40),
    st.decimals(min_value=-20, max_value=100, places=3, allow_nan=False),
    st.integers(-40, 200).map(lambda n: n / 2),
)


@settings(max_examples=400, derandomize=True)
@given(_NUMBERS, _NUMBERS.filter(bool), _NUMBERS, _NUMBERS)
def test_a_weighted_score_is_the_exact_formula(
    consensus: Fraction | Decimal | float | int,
    scale_max: Fraction | Decimal | float | int,
    weight: Fraction | Decimal | float | int,
    quality: Fraction | Decimal | float | int,
) -> None:
    """Whatever number types it is given, the points are exactly the formula in fractions."""
    criterion = CriterionInput("Q1", "D1", weight, scale_max)
    expected = exact(consensus) / exact(scale_max) * exact(weight) * exact(quality) / 100
    assert weighted_score(criterion, consensus, quality) == expected


def test_the_maximum_everywhere_earns_the_criterions_share_of_the_quality_weight() -> None:
    """5 of 5 on a criterion weighted 12.5 of the rubric's 100, quality weighted 60: 7.5."""
    criterion = CriterionInput("Q1", "D1", Decimal("12.5"), 5)
    assert weighted_score(criterion, 5, 60) == Fraction(15, 2)


def test_a_scale_with_no_maximum_cannot_weight_a_score() -> None:
    """A scale maximum of 0 divides by zero, as the formula would."""
    with pytest.raises(ZeroDivisionError):
        weighted_score(CriterionInput("Q1", "D1", 10, 0), 3, 60)
