"""`exact`: a float becomes the decimal it prints as, whole floats included."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.scoring.inputs import exact


@settings(max_examples=500, deadline=None, derandomize=True)
@given(
    st.one_of(
        st.integers(-(2**60), 2**60).map(float),
        st.floats(allow_nan=False, allow_infinity=False),
        st.sampled_from([2.0**53 - 1, 2.0**53, 2.0**53 + 2, 1e16, 1e22, 1e300, -0.0, 4.5]),
    )
)
def test_a_float_is_the_decimal_its_repr_shows(value: float) -> None:
    """Whole or not, large or small, a float is taken as exactly what it prints as."""
    assert exact(value) == Fraction(repr(value))


def test_a_tenth_is_a_tenth_not_its_binary_neighbour() -> None:
    """0.1 is 1/10, and 3.0 is 3."""
    assert (exact(0.1), exact(3.0)) == (Fraction(1, 10), Fraction(3))


@settings(max_examples=300, deadline=None, derandomize=True)
@given(st.lists(st.decimals(allow_nan=False, allow_infinity=False, places=4), max_size=6))
def test_a_decimal_is_exact_the_first_time_and_every_time_after(values: list[Decimal]) -> None:
    """Converted Decimals are kept; equal ones written differently (2, 2.0) give one value,
    and a kept conversion is the same as a fresh one."""
    for value in values + values:
        assert exact(value) == Fraction(value)


def test_equal_numbers_of_other_types_do_not_share_a_kept_conversion() -> None:
    """0.1 as a float is its repr's 1/10; Decimal 0.1 is 1/10 too, but Decimal of the float
    0.1 is the binary value: each type is converted by its own rule, whatever is kept."""
    binary = Decimal(0.1)  # noqa: RUF032 - the binary value is the point
    assert exact(binary) == Fraction(binary) != Fraction(1, 10)
    assert exact(0.1) == Fraction(1, 10)
    assert exact(Decimal("0.1")) == Fraction(1, 10)


def test_a_decimal_that_is_not_a_number_is_refused() -> None:
    """NaN and infinity have no fraction (and a signalling NaN cannot even be looked up)."""
    for value in (Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity")):
        with pytest.raises((ValueError, OverflowError)):
            exact(value)
