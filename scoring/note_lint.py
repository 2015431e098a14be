"""The note lint: moderation notes should judge the bid against the criterion, with a reason.

A consensus must be explained by the criterion and its descriptors. Records that compare
bids with each other, or that record only that the panel agreed, are what challenges
find (an award has been set aside for it), so the lint warns about:

- `note-compares-bidders`: a comparison phrase (`COMPARISON_PHRASES`: "better than",
  "the strongest bid", "compared with", …) or another bidder's id or name;
- `note-no-reason`: a placeholder (`NO_REASON_PHRASES`: "agreed", "as discussed", "see
  above", "n/a", …) with fewer than `MIN_WORDS` other words beside it;
- `note-too-short`: any other note of fewer than `MIN_WORDS` words — shorter than a sentence
  that names the evidence and the descriptor it meets.

Words are runs of letters and digits; phrases match whole words, ignoring case. Another
bidder's id matches ignoring case when it holds a digit or is three characters or longer,
and exactly otherwise, so a bidder called "A" does not match the article "a". A bid's own
id and name may appear in its note. The phrase lists are data: extend them by passing
your own to `lint_note`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Phrases that compare one bid with another instead of with the criterion.
COMPARISON_PHRASES: tuple[str, ...] = (
    "better than",
    "worse than",
    "stronger than",
    "weaker than",
    "more than the other",
    "less than the other",
    "than bidder",
    "than the other",
    "than others",
    "compared with",
    "compared to",
    "in comparison with",
    "in comparison to",
    "relative to",
    "the strongest bid",
    "the weakest bid",
    "the best bid",
    "the worst bid",
    "other bidders",
    "other bids",
    "the other bidder",
    "the other bid",
    "outscored",
    "ranked above",
    "ranked below",
)

#: Phrases that record a conclusion without a reason.
NO_REASON_PHRASES: tuple[str, ...] = (
    "agreed",
    "agreed by panel",
    "agreed by the panel",
    "panel agreed",
    "as discussed",
    "discussed",
    "as above",
    "see above",
    "see below",
    "see notes",
    "see comments",
    "n/a",
    "na",
    "none",
    "ok",
    "fine",
    "consensus",
    "consensus reached",
    "no change",
    "as per discussion",
    "per discussion",
    "same as above",
    "tbc",
)

#: A note of fewer words than this is shorter than a sentence that gives a reason.
MIN_WORDS = 6

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class NoteWarning:
    """One warning about one moderation note: a rule id, where it is and what to change."""

    rule: str
    bidder: str
    criterion: str
    message: str


@dataclass(frozen=True)
class NamedBidder:
    id: str
    name: str


def _phrase_pattern(phrase: str, *, ignore_case: bool = True) -> re.Pattern[str]:
    # Whole words: not preceded or followed by a letter or digit ("na" must not match "name").
    return re.compile(
        rf"(?<![^\W_]){re.escape(phrase)}(?![^\W_])", re.IGNORECASE if ignore_case else 0
    )


def _id_pattern(bidder_id: str) -> re.Pattern[str]:
    loose = any(ch.isdigit() for ch in bidder_id) or len(bidder_id) >= 3
    return _phrase_pattern(bidder_id, ignore_case=loose)


def _words(text: str) -> list[str]:
    return _WORD.findall(text)


#: Characters outside ASCII that `re.IGNORECASE` matches with an ASCII letter.
_ASCII_FOLDS = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})
_RUN = re.compile(r"[^\W_]+")


def _fold(word: str) -> str:
    return word.translate(_ASCII_FOLDS).lower()


def _note_words(text: str) -> set[str]:
    """The note's words, folded as `re.IGNORECASE` compares them with ASCII phrases."""
    return {_fold(w) for w in _RUN.findall(text)}


def _phrase_words(phrase: str) -> frozenset[str] | None:
    """The words a note must hold, whole, for `phrase` to match in it; None if not so simple.

    In an ASCII phrase every run of letters and digits is ended on both sides, by the
    phrase's own characters or the pattern's edges, so it matches only a whole word.
    """
    if not phrase.isascii():
        return None
    return frozenset(word.lower() for word in _RUN.findall(phrase)) or None


class _PhraseIndex:
    """Phrases filed under their rarest word, to pick out the few a note could hold.

    `candidates` returns the owners (any integer, e.g. a bidder's position) of every
    phrase whose words the note holds whole, and of every phrase too unusual to index;
    only their patterns need to run.
    """

    def __init__(self, phrases: Iterable[tuple[int, str]]) -> None:
        filed = [(owner, _phrase_words(p)) for owner, p in phrases]
        counts = Counter(word for _, words in filed if words for word in words)
        self.by_word: dict[str, list[tuple[int, frozenset[str]]]] = {}
        self.always: set[int] = set()
        for owner, words in filed:
            if words is None:
                self.always.add(owner)
            else:
                rarest = min(words, key=lambda w: (counts[w], w))
                self.by_word.setdefault(rarest, []).append((owner, words))

    def candidates(self, words: set[str]) -> list[int]:
        found = set(self.always)
        for word in words:
            for owner, needed in self.by_word.get(word, ()):
                if needed <= words:
                    found.add(owner)
        return sorted(found)


class _NoteLint:
    """The lint with its patterns compiled once, for many notes over one set of bidders.

    Every note is checked against every other bidder's id and name; an index of their words
    narrows that to the bidders the note could name before any pattern runs, so the cost of
    a note does not grow with the number of bidders.
    """

    def __init__(
        self,
        bidders: Iterable[NamedBidder],
        comparison_phrases: Sequence[str],
        no_reason_phrases: Sequence[str],
        min_words: int,
    ) -> None:
        self.bidders = list(bidders)
        self.names = [(_id_pattern(b.id), _phrase_pattern(b.name.strip())) for b in self.bidders]
        self.index = _PhraseIndex(
            (i, p) for i, b in enumerate(self.bidders) for p in (b.id, b.name.strip())
        )
        self.comparison = [(p, _phrase_pattern(p)) for p in comparison_phrases]
        self.comparison_index = _PhraseIndex(enumerate(comparison_phrases))
        self.no_reason = [(p, _phrase_pattern(p)) for p in no_reason_phrases]
        self.no_reason_index = _PhraseIndex(enumerate(no_reason_phrases))
        self.min_words = min_words

    def named(self, text: str, bidder: str, words: set[str] | None = None) -> list[str]:
        """The other bidders whose id or name the text holds, in the order given."""
        words = _note_words(text) if words is None else words
        out: list[str] = []
        for i in self.index.candidates(words):
            other = self.bidders[i]
            id_pattern, name_pattern = self.names[i]
            if other.id != bidder and (id_pattern.search(text) or name_pattern.search(text)):
                out.append(other.id)
        return out

    def _found(
        self,
        phrases: Sequence[tuple[str, re.Pattern[str]]],
        index: _PhraseIndex,
        text: str,
        words: set[str],
    ) -> list[tuple[str, re.Pattern[str]]]:
        """The phrases the text holds, in their order."""
        return [phrases[i] for i in index.candidates(words) if phrases[i][1].search(text)]

    def lint(self, bidder: str, criterion: str, note: str) -> list[NoteWarning]:
        text = " ".join(note.split())
        if not text:
            return []
        warnings: list[NoteWarning] = []

        def warn(rule: str, message: str) -> None:
            warnings.append(NoteWarning(rule, bidder, criterion, message))

        words = _note_words(text)
        compared = [p for p, _ in self._found(self.comparison, self.comparison_index, text, words)]
        named = self.named(text, bidder, words)
        if compared or named:
            found = [f"'{p}'" for p in compared] + [f"bidder {b}" for b in named]
            warn(
                "note-compares-bidders",
                f"the note compares bids ({', '.join(found)}); say how this bid meets the "
                "criterion and which descriptor it matches, not how it stands against others",
            )
        placeholders = self._found(self.no_reason, self.no_reason_index, text, words)
        remainder = text
        for _, pattern in sorted(placeholders, key=lambda item: len(item[0]), reverse=True):
            remainder = pattern.sub(" ", remainder)
        min_words = self.min_words
        if placeholders and len(_words(remainder)) < min_words:
            shown = ", ".join(f"'{p}'" for p, _ in placeholders)
            warn(
                "note-no-reason",
                f"the note records a conclusion ({shown}) but no reason; say what in the bid "
                "earns the score against the criterion's descriptors",
            )
        elif len(_words(text)) < min_words:
            warn(
                "note-too-short",
                f"the note has {len(_words(text))} word(s); write at least a sentence "
                f"({min_words} words or more) naming the evidence and the descriptor it meets",
            )
        return warnings


def lint_note(
    bidder: str,
    criterion: str,
    note: str,
    others: Iterable[NamedBidder],
    *,
    comparison_phrases: Sequence[str] = COMPARISON_PHRASES,
    no_reason_phrases: Sequence[str] = NO_REASON_PHRASES,
    min_words: int = MIN_WORDS,
) -> list[NoteWarning]:
    """Warnings for one note on `bidder` × `criterion`; `others` are the other bidders."""
    lint = _NoteLint(others, comparison_phrases, no_reason_phrases, min_words)
    return lint.lint(bidder, criterion, note)


def lint_notes(
    notes: Iterable[tuple[str, str, str]],
    bidders: Sequence[NamedBidder],
    *,
    comparison_phrases: Sequence[str] = COMPARISON_PHRASES,
    no_reason_phrases: Sequence[str] = NO_REASON_PHRASES,
    min_words: int = MIN_WORDS,
) -> list[NoteWarning]:
    """Warnings for every (bidder, criterion, note), in the order given."""
    lint = _NoteLint(bidders, comparison_phrases, no_reason_phrases, min_words)
    out: list[NoteWarning] = []
    for bidder, criterion, note in notes:
        out += lint.lint(bidder, criterion, note)
    return out
