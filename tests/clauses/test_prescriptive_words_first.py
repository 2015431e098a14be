"""Looking for a term's words first never changes what the prescriptiveness rule finds."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.clauses.prescriptive import (
    DenyTerm,
    TermHit,
    TermMatcher,
    builtin_terms,
    compile_terms,
    find_terms,
)

TERMS = [
    *builtin_terms(),
    DenyTerm(term="Kind Sister Scheme", variants=["KSS"]),
    DenyTerm(term="HUGS", case_sensitive=True),
    DenyTerm(term="Fish & Chips"),
]
MATCHERS = compile_terms(TERMS)


def searched_without_words(text: str) -> list[TermHit]:
    """find_terms as it was: every pattern searched over every text."""
    hits = []
    for matcher in MATCHERS:
        match = matcher.pattern.search(text)
        if match:
            hits.append(TermHit(matcher.term, match.group(0)))
    return hits


def test_a_text_without_a_terms_words_is_not_searched_for_it() -> None:
    """A text lacking a word of each of a term's phrases cannot match the term."""
    matcher = next(m for m in MATCHERS if m.term == "Kind Sister Scheme")
    assert not matcher.may_match("Kind staff", "kind staff")
    assert matcher.may_match("kss", "kss")


def test_letters_that_ignoring_case_reads_as_ascii_still_find_the_term() -> None:
    """İ, ı, ſ and the Kelvin sign match i, i, s and k when case is ignored, so they do here."""
    text = "The \u212aınd Si\u017fter \u0130nitiative Scheme and the Kind Siſter Scheme"
    assert find_terms(text, MATCHERS) == searched_without_words(text)
    assert [hit.term for hit in find_terms(text, MATCHERS)] == ["Kind Sister Scheme"]


def test_a_case_sensitive_term_is_looked_for_as_written() -> None:
    """An acronym that is also a word is found only in its own capitals."""
    assert [h.term for h in find_terms("a HUGS rota", MATCHERS)] == ["HUGS"]
    assert find_terms("hugs all round", MATCHERS) == []


def test_a_phrase_of_and_alone_is_always_searched() -> None:
    """A phrase with no word of its own (only "and") gives its term nothing to look for."""
    (matcher,) = compile_terms([DenyTerm(term="and &")])
    assert matcher == TermMatcher(matcher.term, matcher.pattern, (), False)
    assert matcher.may_match("x", "x")


_letters = st.sampled_from(
    [*"KindSsterchmFa&CpHUGhugk", " ", "-", "_", "\u0130", "\u0131", "\u017f", "\u212a", "é"]
)
_words = st.sampled_from(
    [
        "Kind",
        "Sister",
        "Scheme",
        "KSS",
        "HUGS",
        "hugs",
        "TRiM",
        "trim",
        "Fish",
        "&",
        "and",
        "Chips",
        "Schwartz",
    ]
    + [t.term for t in builtin_terms()]
)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(_words, st.text(_letters, max_size=4)), max_size=12))
def test_the_words_first_finds_what_searching_every_pattern_finds(parts: list[str]) -> None:
    """Over texts made of the terms' words, look-alike letters and joiners, the hits agree."""
    text = " ".join(parts)
    assert find_terms(text, MATCHERS) == searched_without_words(text)
