"""`exact`: a float becomes the decimal it prints as, whole floats included."""

from __future__ import annotations

from fractions import Fraction

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
