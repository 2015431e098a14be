"""The note lint finds other bidders' ids and names exactly as trying every pattern would.

The lint looks up the words of a note to skip bidders it cannot name; these tests
compare it with trying every other bidder's id and name pattern on every note, over
names and notes built from awkward characters (case, underscores, apostrophes, the
non-ASCII letters that match ASCII ones ignoring case, punctuation at the start).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.scoring.note_lint import (
    COMPARISON_PHRASES,
    MIN_WORDS,
    NO_REASON_PHRASES,
    NamedBidder,
    _id_pattern,
    _note_words,
    _NoteLint,
    _phrase_pattern,
    lint_notes,
)

PROFILE = settings(max_examples=500, deadline=None, derandomize=True)
PIECES = [
    "a",
    "A",
    "b",
    "k",
    "K",
    "s",
    "i",
    "\u0130",
    "\u0131",
    "\u017f",
    "\u212a",
    "\u00e9",
    "1",
    "2",
    "_",
    "'",
    " ",
    "&",
    "(",
    ".",
    "-",
]
texts = st.lists(st.sampled_from(PIECES), max_size=12).map("".join)


def _named_by_every_pattern(text: str, bidder: str, bidders: list[NamedBidder]) -> list[str]:
    return [
        o.id
        for o in bidders
        if o.id != bidder
        and (_id_pattern(o.id).search(text) or _phrase_pattern(o.name.strip()).search(text))
    ]


@PROFILE
@given(
    st.lists(st.tuples(texts, texts), min_size=1, max_size=5, unique_by=lambda t: t[0]),
    st.data(),
)
def test_the_word_index_finds_the_bidders_every_pattern_finds(
    people: list[tuple[str, str]], data: st.DataObject
) -> None:
    """The bidders a note names are those whose id or name pattern matches, in bidder order."""
    bidders = [NamedBidder(i, n) for i, n in people]
    author = bidders[0].id
    # Notes are often built around someone's id or name, so that matches are common.
    quoted = data.draw(st.sampled_from(["", *(p for person in people for p in person)]))
    around = st.one_of(st.sampled_from(["", " ", "see ", " ok", "'", "_", "-"]), texts)
    note = data.draw(around) + quoted + data.draw(around)
    lint = _NoteLint(bidders, COMPARISON_PHRASES, NO_REASON_PHRASES, MIN_WORDS)
    text = " ".join(note.split())
    assert lint.named(text, author) == _named_by_every_pattern(text, author, bidders)


def test_a_name_written_with_a_dotless_i_still_names_the_bidder() -> None:
    """'PINE' matches 'PıNE' ignoring case, as the pattern does, so the note is warned."""
    bidders = [NamedBidder("B1", "Own"), NamedBidder("B2", "Pine Care")]
    (warning,) = lint_notes(
        [("B1", "Q1", "Unlike P\u0131ne Care the bid shows evidence.")], bidders
    )
    assert "bidder B2" in warning.message


def test_a_note_that_is_another_bidders_name_names_it() -> None:
    """The whole note 'Acme' names Acme; 'Acme Care' in a note names Acme Care and Acme."""
    bidders = [NamedBidder("B1", "Own"), NamedBidder("B2", "Acme"), NamedBidder("B3", "Acme Care")]
    lint = _NoteLint(bidders, COMPARISON_PHRASES, NO_REASON_PHRASES, MIN_WORDS)
    assert lint.named("Acme", "B1") == ["B2"]
    assert lint.named("As Acme Care does, the bid shows values.", "B1") == ["B2", "B3"]
    assert lint.named("Care for Acme staff", "B1") == ["B2"]


@PROFILE
@given(
    st.lists(
        st.one_of(
            st.sampled_from([*COMPARISON_PHRASES, *NO_REASON_PHRASES]),
            st.sampled_from(PIECES),
            st.sampled_from(["than", "the", "other", "AGREED", "N/A", "see", "Bidder", "n"]),
        ),
        max_size=8,
    ).map("".join)
)
def test_the_phrase_index_finds_the_phrases_every_pattern_finds(note: str) -> None:
    """Comparison and placeholder phrases are found as searching for each would find them."""
    lint = _NoteLint([], COMPARISON_PHRASES, NO_REASON_PHRASES, MIN_WORDS)
    text = " ".join(note.split())
    words = _note_words(text)
    for phrases, index in (
        (lint.comparison, lint.comparison_index),
        (lint.no_reason, lint.no_reason_index),
    ):
        expected = [(p, pattern) for p, pattern in phrases if pattern.search(text)]
        assert lint._found(phrases, index, text, words) == expected
