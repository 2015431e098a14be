"""Semantic versions, version references and their ranges."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tenderkit.semver import Version, VersionRange, split_reference

numbers = st.integers(min_value=0, max_value=50)
versions = st.builds(Version, numbers, numbers, numbers)


def v(text: str) -> Version:
    return Version.parse(text)


def test_parse_reads_major_minor_patch():
    """A MAJOR.MINOR.PATCH string parses to its three numbers and prints back the same."""
    parsed = Version.parse(" 1.20.3 ")
    assert (parsed.major, parsed.minor, parsed.patch) == (1, 20, 3)
    assert str(parsed) == "1.20.3"


@pytest.mark.parametrize(
    "text", ["1", "1.2", "1.2.3.4", "01.2.3", "1.2.x", "v1.2.3", "1.2.3-rc1", ""]
)
def test_parse_refuses_anything_but_three_plain_numbers(text: str):
    """Leading zeros, tags, prefixes and short forms are not versions."""
    with pytest.raises(ValueError, match="is not a semantic version"):
        Version.parse(text)
    assert not Version.is_valid(text)


def test_versions_order_numerically_not_as_text():
    """1.10.0 is newer than 1.9.0."""
    assert v("1.9.0") < v("1.10.0")
    assert max([v("1.9.0"), v("1.10.0"), v("1.2.0")]) == v("1.10.0")


def test_comparing_a_version_with_text_is_refused():
    """A version is not ordered against a plain string."""
    with pytest.raises(TypeError):
        _ = v("1.0.0") < "2.0.0"  # type: ignore[operator]


@given(versions, versions)
def test_ordering_is_total_and_matches_tuple_order(a: Version, b: Version):
    """Exactly one of <, ==, > holds, and it agrees with (major, minor, patch) order."""
    ta, tb = (a.major, a.minor, a.patch), (b.major, b.minor, b.patch)
    assert [a < b, a == b, a > b].count(True) == 1
    assert (a < b) == (ta < tb)
    assert (a == b) == (ta == tb)
    assert (a <= b) == (ta <= tb)
    assert (a >= b) == (ta >= tb)


@given(versions)
def test_a_version_round_trips_through_text(a: Version):
    """Printing a version and parsing it back gives the same version."""
    assert Version.parse(str(a)) == a


@given(st.integers(min_value=1, max_value=20), numbers, versions)
def test_caret_range_contains_the_same_major_from_its_minor(x: int, y: int, candidate: Version):
    """^X.Y (X ≥ 1) holds exactly the versions X.Y.0 ≤ v < (X+1).0.0."""
    rng = VersionRange.parse(f"^{x}.{y}")
    expected = candidate.major == x and candidate.minor >= y
    assert rng.contains(candidate) == expected


@given(numbers, versions)
def test_caret_range_below_one_stays_within_the_minor(y: int, candidate: Version):
    """^0.Y holds exactly the 0.Y.* versions (a 0.x minor may break compatibility)."""
    rng = VersionRange.parse(f"^0.{y}")
    assert rng.contains(candidate) == (candidate.major == 0 and candidate.minor == y)


@given(versions, versions)
def test_an_exact_reference_contains_only_that_version(a: Version, candidate: Version):
    """X.Y.Z as a reference holds that one version and no other."""
    rng = VersionRange.parse(str(a))
    assert rng.exact
    assert rng.contains(candidate) == (candidate == a)


@pytest.mark.parametrize(
    ("reference", "inside", "outside"),
    [
        ("1", ["1.0.0", "1.4.2", "1.99.0"], ["0.9.0", "2.0.0"]),
        ("^1", ["1.0.0", "1.9.9"], ["2.0.0", "0.1.0"]),
        ("^1.2", ["1.2.0", "1.3.0", "1.9.9"], ["1.1.9", "2.0.0"]),
        ("^1.2.3", ["1.2.3", "1.9.0"], ["1.2.2", "2.0.0"]),
        ("~1.2", ["1.2.0", "1.2.7"], ["1.1.0", "1.3.0"]),
        ("1.2", ["1.2.0", "1.2.7"], ["1.3.0", "1.1.0"]),
        ("~1.2.3", ["1.2.3", "1.2.9"], ["1.2.2", "1.3.0"]),
        ("^0.2", ["0.2.0", "0.2.5"], ["0.3.0", "0.1.9", "1.0.0"]),
        ("1.2.0", ["1.2.0"], ["1.2.1", "1.1.0"]),
    ],
)
def test_each_reference_form_holds_the_expected_versions(
    reference: str, inside: list[str], outside: list[str]
):
    """Every reference form (N, ^N, ^N.M, ~N.M, N.M, exact) covers the right versions."""
    rng = VersionRange.parse(reference)
    assert [x for x in inside if not rng.contains(v(x))] == []
    assert [x for x in outside if rng.contains(v(x))] == []
    assert str(rng) == reference


def test_tilde_major_means_the_whole_major_line():
    """~1 holds every 1.x.y version, as in npm and Cargo (~1 is the same as 1)."""
    rng = VersionRange.parse("~1")
    assert rng.contains(v("1.0.0"))
    assert rng.contains(v("1.4.0"))
    assert not rng.contains(v("2.0.0"))


@pytest.mark.parametrize("text", ["", "^", "x", ">=1.0", "1.2.3.4", "^v1", "1.02", "latest"])
def test_a_bad_reference_is_refused_with_the_accepted_forms(text: str):
    """An unparseable reference is a ValueError that explains the forms accepted."""
    with pytest.raises(ValueError, match=r"is not a version reference \(use 1\.2\.0 for exact"):
        VersionRange.parse(text)


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("WC-CV-001", ("WC-CV-001", None)),
        ("WC-CV-001@^1.2", ("WC-CV-001", "^1.2")),
        (" WC-CV-001 @ 1.0.0 ", ("WC-CV-001", "1.0.0")),
        ("WC-CV-001@", ("WC-CV-001", "")),
    ],
)
def test_split_reference_separates_id_and_range(reference: str, expected: tuple[str, str | None]):
    """ID@RANGE splits at the @; without an @ there is no range."""
    assert split_reference(reference) == expected
