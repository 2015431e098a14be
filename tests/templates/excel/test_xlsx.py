"""The shared workbook-writing helpers."""

from __future__ import annotations

import gc
import textwrap
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.templates.excel.xlsx import CHARS_PER_WIDTH, collector_paused, wrapped_lines


@pytest.fixture
def collector_on() -> Iterator[None]:
    was = gc.isenabled()
    gc.enable()
    yield
    if not was:
        gc.disable()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_is_paused_while_a_workbook_is_written_and_resumed_after() -> None:
    """Inside the block the cyclic collector is off; afterwards it is on again."""
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_the_collector_resumes_when_writing_fails() -> None:
    """An error raised while writing still turns the collector back on."""
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("a bad cell")
    assert gc.isenabled()


@pytest.mark.usefixtures("collector_on")
def test_a_nested_pause_leaves_the_collector_off_until_the_outer_one_ends() -> None:
    """Pausing inside a pause does not turn the collector back on early."""
    with collector_paused():
        with collector_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def _textwrap_lines(text: str, width: float) -> int:
    """The reference: textwrap's own count, line by line."""
    per_line = max(8, int(width * CHARS_PER_WIDTH))
    return sum(max(1, len(textwrap.wrap(part, per_line))) for part in text.split("\n"))


#: Words, hyphens, plain, doubled, leading and trailing spaces, other ASCII and Unicode
#: whitespace (textwrap splits on the first, `str.strip` drops the second), newlines, and
#: words longer than a line.
_TEXT = st.lists(
    st.one_of(
        st.text(alphabet="abcé.,;'", min_size=1, max_size=12),
        st.sampled_from([" ", " ", " ", "  ", "-", "--", "\t", "\n", "\u00a0", "\u2003", "\r"]),
        st.sampled_from(
            [
                "staff-led",
                "co-op",
                "well--being",
                "-x-",
                "a-b-c",
                "x1-2y",
                "é-é-é",
                're-"use"',
                "--",
            ]
        ),
        st.text(alphabet="x", min_size=40, max_size=130),
    ),
    max_size=40,
).map("".join)


@settings(max_examples=1500, derandomize=True)
@given(_TEXT, st.floats(min_value=1, max_value=100))
def test_wrapped_lines_counts_what_textwrap_wraps(text: str, width: float) -> None:
    """The direct count for single-spaced words agrees with textwrap on every text, plain
    or not (the others are wrapped by textwrap itself)."""
    assert wrapped_lines.__wrapped__(text, width) == _textwrap_lines(text, width)


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [
        ("", 45, 1),
        ("one two three", 45, 1),
        # 49 characters a line at width 45: ten 4-letter words and their 9 spaces fill one
        # exactly, and an eleventh starts the next.
        (" ".join(["aaaa"] * 10), 45, 1),
        (" ".join(["aaaa"] * 11), 45, 2),
        (" ".join(["a" * 49] * 3), 45, 3),
        ("first line\nsecond line\n\nfourth", 45, 4),
        # textwrap breaks after a hyphen, which lets the third word share the second line.
        ("a" * 40 + " bbbb-" + "c" * 42 + " dddddd", 45, 2),
        # A tab counts as the spaces to the next tab stop.
        ("\t".join(["word"] * 7), 45, 2),
    ],
)
def test_plain_text_wraps_to_the_expected_lines(text: str, width: float, lines: int) -> None:
    """Examples worked by hand: a word ends a line where the next one and its space do not
    fit, a word exactly a line long fills it, and every newline starts a line."""
    assert wrapped_lines.__wrapped__(text, width) == lines
