"""The word diff: hand-made pairs, and the rule that spans always rebuild both texts."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from tenderkit.clauses.changes.worddiff import Span, paragraph_diff, tokenize, word_diff


def marked(old: str, new: str) -> str:
    """The diff in wdiff notation: [-deleted-]{+inserted+}."""
    out = []
    for span in word_diff(old, new):
        if span.op == "equal":
            out.append(span.text)
        elif span.op == "delete":
            out.append(f"[-{span.text}-]")
        else:
            out.append(f"{{+{span.text}+}}")
    return "".join(out)


def test_tokens_join_back_to_the_text() -> None:
    """Tokenising keeps every character, including runs of whitespace and line breaks."""
    text = "Staff's  views,\n{{ service_name }} and 3.85 (on 1–5)."
    assert "".join(tokenize(text)) == text


def test_a_placeholder_and_a_decimal_are_one_token_each() -> None:
    """`{{ months }}` and `3.85` are never split, so a changed number reads as one change."""
    assert "{{ months }}" in tokenize("every {{ months }} months")
    assert marked("rising to 3.71 by", "rising to 3.85 by") == "rising to [-3.71-]{+3.85+} by"


def test_a_changed_punctuation_mark_is_shown_alone() -> None:
    """A comma becoming a semicolon reads as that one mark replaced beside the word."""
    assert (
        marked("support staff, managers and leaders", "support staff; managers and leaders")
        == "support staff[-,-]{+;+} managers and leaders"
    )


def test_a_repeated_word_removed_is_one_deletion() -> None:
    """Removing a doubled word deletes one copy and keeps the rest unchanged."""
    assert marked("the the staff survey", "the staff survey") == "[-the -]the staff survey"


def test_a_repeated_word_added_is_one_insertion() -> None:
    """Adding a further copy of a word already present inserts just that copy."""
    assert marked("must review and review", "must review and review and review") == (
        "must review and review{+ and review+}"
    )


def test_a_moved_sentence_is_deleted_in_one_place_and_inserted_in_another() -> None:
    """Swapped sentences keep one sentence unchanged rather than rewriting both."""
    result = marked("Staff are heard. Leaders listen.", "Leaders listen. Staff are heard.")
    assert result == "{+Leaders listen. +}Staff are heard.[- Leaders listen.-]"


def test_a_whitespace_only_change_touches_only_whitespace() -> None:
    """Double spaces and line breaks show as whitespace changes; every word stays equal."""
    spans = word_diff("staff  must\nreview", "staff must review")
    equal = "".join(s.text for s in spans if s.op == "equal")
    assert "".join(equal.split()) == "staffmustreview"
    assert all(not s.text.strip() for s in spans if s.op != "equal")


def test_identical_texts_give_one_equal_span() -> None:
    """Nothing changed: a single unchanged span, and nothing at all for empty text."""
    assert word_diff("same text.", "same text.") == [Span("equal", "same text.")]
    assert word_diff("", "") == []


def test_a_rewritten_phrase_reads_as_one_deletion_then_one_insertion() -> None:
    """Words replaced next to each other are joined instead of alternating word by word."""
    assert (
        marked("The quick brown fox", "A slow red fox") == "[-The quick brown-]{+A slow red+} fox"
    )


def test_a_long_unchanged_phrase_between_edits_stays_unchanged() -> None:
    """Edits on both sides of a long common phrase leave the phrase as plain text."""
    old = "Staff have helped to write, and should introduce those values to every new member."
    new = "Staff of all grades own, must introduce those values to every new member, and review."
    result = marked(old, new)
    assert " introduce those values to every new member" in result.replace("[-", "\0")


@given(st.text(alphabet="ab ,.\n", max_size=30), st.text(alphabet="ab ,.\n", max_size=30))
def test_spans_rebuild_the_old_and_the_new_text(old: str, new: str) -> None:
    """Equal plus deleted spans give the old text; equal plus inserted spans give the new."""
    spans = word_diff(old, new)
    assert "".join(s.text for s in spans if s.op != "insert") == old
    assert "".join(s.text for s in spans if s.op != "delete") == new
    assert all(s.text for s in spans)
    assert all(a.op != b.op for a, b in itertools.pairwise(spans))


def test_paragraphs_are_kept_edited_inserted_or_deleted() -> None:
    """Similar paragraphs pair up as edits; the others are inserted or deleted whole."""
    old = ["Keep this one.", "Review values every year.", "Drop this entirely now."]
    new = ["Keep this one.", "Review values every two years.", "A brand new item here."]
    result = [(p.change, p.old_text, p.new_text) for p in paragraph_diff(old, new)]
    assert result == [
        ("equal", "Keep this one.", "Keep this one."),
        ("changed", "Review values every year.", "Review values every two years."),
        ("deleted", "Drop this entirely now.", ""),
        ("inserted", "", "A brand new item here."),
    ]


def test_an_inserted_paragraph_between_unchanged_ones_is_inserted_whole() -> None:
    """A new list item in the middle is one inserted paragraph; the others stay equal."""
    result = [p.change for p in paragraph_diff(["a first", "a last"], ["a first", "x", "a last"])]
    assert result == ["equal", "inserted", "equal"]
