"""Word-level diffs of text and of lists of paragraphs, as a reviewer reads a redline.

Text is split into words, numbers, `{{ placeholders }}`, single punctuation marks and runs
of whitespace, so `staff,` -> `staff;` is a one-character change beside an unchanged word.
Matching is anchored on words, never on whitespace (whitespace joins a match only by
extending it), which keeps a common space from splitting a rewritten phrase into pieces.

For display, changes separated only by whitespace, or by an unchanged stretch shorter than
the changes on both sides of it, are joined into one deletion followed by one insertion
(the "semantic cleanup" of diff-match-patch): a rewritten sentence reads as the old
sentence struck through and the new one inserted, not as confetti.

Every diff keeps all the text: the equal and deleted spans join to the old text, the equal
and inserted spans to the new one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

SpanOp = Literal["equal", "insert", "delete"]
ParagraphChange = Literal["equal", "changed", "inserted", "deleted"]

_TOKEN = re.compile(
    r"\{\{[^{}]*\}\}"  # a placeholder is one token
    r"|\d+(?:[.,:]\d+)*"  # 3.85, 1,000, 09:30
    r"|\w+(?:['’]\w+)*"  # words, with their apostrophes
    r"|\s+"
    r"|[^\w\s]"  # one punctuation mark
)

_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")

#: Paragraphs this similar (share of matching words) are shown as one edited paragraph;
#: less similar ones as a deleted paragraph and an inserted one.
PAIRING_THRESHOLD = 0.4


@dataclass(frozen=True)
class Span:
    """A stretch of text that is unchanged, inserted or deleted."""

    op: SpanOp
    text: str


@dataclass(frozen=True)
class Hunk:
    """One raw change between two token sequences (before any joining for display)."""

    old: tuple[str, ...]
    new: tuple[str, ...]


@dataclass(frozen=True)
class ParagraphDiff:
    """One paragraph of a diff: unchanged, edited (word spans), inserted or deleted whole."""

    change: ParagraphChange
    spans: tuple[Span, ...]

    @property
    def old_text(self) -> str:
        return "".join(s.text for s in self.spans if s.op != "insert")

    @property
    def new_text(self) -> str:
        return "".join(s.text for s in self.spans if s.op != "delete")


def tokenize(text: str) -> list[str]:
    """Split text into tokens that join back to exactly the same text."""
    return _TOKEN.findall(text)


def is_word(token: str) -> bool:
    """True for a word, number or placeholder; False for whitespace and punctuation."""
    return any(ch.isalnum() or ch == "_" for ch in token)


def _split(text: str) -> tuple[str, list[str], list[str]]:
    """Leading whitespace, the non-space tokens, and the whitespace after each one."""
    tokens = tokenize(text)
    lead = ""
    if tokens and tokens[0].isspace():
        lead = tokens.pop(0)
    words: list[str] = []
    gaps: list[str] = []
    for token in tokens:
        if token.isspace():
            gaps[-1] = token
        else:
            words.append(token)
            gaps.append("")
    return lead, words, gaps


# A piece is either unchanged text (a str) or a change (old text, new text).
_Piece = str | tuple[str, str]


def _pieces(old: str, new: str) -> list[_Piece]:
    """Raw pieces: the alignment of the words, then of the whitespace inside equal stretches.

    Matching on words only (whitespace never anchors a match) keeps long unchanged phrases
    together; whitespace that differs between matched words becomes its own change.
    """
    lead_a, a, gaps_a = _split(old)
    lead_b, b, gaps_b = _split(new)
    out: list[_Piece] = [lead_a if lead_a == lead_b else (lead_a, lead_b)]
    matcher = SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            gone = "".join(w + g for w, g in zip(a[i1:i2], gaps_a[i1:i2], strict=True))
            came = "".join(w + g for w, g in zip(b[j1:j2], gaps_b[j1:j2], strict=True))
            out.append((gone, came))
            continue
        for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
            out.append(a[i])
            out.append(gaps_a[i] if gaps_a[i] == gaps_b[j] else (gaps_a[i], gaps_b[j]))
    return [p for p in out if p and p != ("", "")]


def raw_hunks(old: str, new: str) -> list[Hunk]:
    """Every change between two texts, unjoined: what classification looks at."""
    return [
        Hunk(tuple(tokenize(p[0])), tuple(tokenize(p[1])))
        for p in _merge_neighbours(_pieces(old, new))
        if isinstance(p, tuple)
    ]


def _merge_neighbours(pieces: list[_Piece]) -> list[_Piece]:
    out: list[_Piece] = []
    for piece in pieces:
        last = out[-1] if out else None
        if isinstance(piece, str) and isinstance(last, str):
            out[-1] = last + piece
        elif isinstance(piece, tuple) and isinstance(last, tuple):
            out[-1] = (last[0] + piece[0], last[1] + piece[1])
        else:
            out.append(piece)
    return out


def _size(change: tuple[str, str]) -> int:
    return max(len(change[0]), len(change[1]))


def _absorbable(middle: str, before: tuple[str, str], after: tuple[str, str]) -> bool:
    if not middle.strip():
        return True
    # A whole sentence left in place stays visible, so a moved sentence reads as a move.
    if _SENTENCE_END.search(middle):
        return False
    return len(middle) <= min(_size(before), _size(after))


def _join_changes(pieces: list[_Piece]) -> list[_Piece]:
    """Absorb small unchanged stretches between changes into them, until none is left."""
    pieces = _merge_neighbours(pieces)
    i = 1
    while i < len(pieces) - 1:
        before, middle, after = pieces[i - 1], pieces[i], pieces[i + 1]
        if (
            isinstance(before, tuple)
            and isinstance(middle, str)
            and isinstance(after, tuple)
            and _absorbable(middle, before, after)
        ):
            pieces[i - 1 : i + 2] = [(before[0] + middle + after[0], before[1] + middle + after[1])]
            i = max(1, i - 2)
        else:
            i += 1
    return pieces


def _common_whitespace(change: tuple[str, str]) -> tuple[str, tuple[str, str], str]:
    """Move whitespace that both sides start or end with out of the change."""
    old, new = change
    lead = ""
    while old and new and old[0] == new[0] and old[0].isspace():
        lead, old, new = lead + old[0], old[1:], new[1:]
    trail = ""
    while old and new and old[-1] == new[-1] and old[-1].isspace():
        trail, old, new = old[-1] + trail, old[:-1], new[:-1]
    return lead, (old, new), trail


def word_diff(old: str, new: str) -> list[Span]:
    """Equal, delete and insert spans from old to new, joined for reading."""
    spans: list[Span] = []

    def add(op: SpanOp, text: str) -> None:
        if not text:
            return
        if spans and spans[-1].op == op:
            spans[-1] = Span(op, spans[-1].text + text)
        else:
            spans.append(Span(op, text))

    for piece in _join_changes(_pieces(old, new)):
        if isinstance(piece, str):
            add("equal", piece)
            continue
        lead, (gone, came), trail = _common_whitespace(piece)
        add("equal", lead)
        add("delete", gone)
        add("insert", came)
        add("equal", trail)
    return spans


def similarity(old: str, new: str) -> float:
    """Share of words two paragraphs have in common, in order (0 to 1)."""
    a = [t.lower() for t in tokenize(old) if is_word(t)]
    b = [t.lower() for t in tokenize(new) if is_word(t)]
    if not a and not b:
        return 1.0
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _pair(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Order-keeping pairs of similar paragraphs with the greatest total similarity."""
    m, n = len(old), len(new)
    score = [[0.0] * (n + 1) for _ in range(m + 1)]
    sims = [[similarity(o, w) for w in new] for o in old]
    for i in range(m - 1, -1, -1):
        for j in range(n - 1, -1, -1):
            best = max(score[i + 1][j], score[i][j + 1])
            if sims[i][j] >= PAIRING_THRESHOLD:
                best = max(best, sims[i][j] + score[i + 1][j + 1])
            score[i][j] = best
    pairs: list[tuple[int, int]] = []
    i = j = 0
    while i < m and j < n:
        if sims[i][j] >= PAIRING_THRESHOLD and score[i][j] == sims[i][j] + score[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif score[i][j] == score[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _whole(change: ParagraphChange, text: str) -> ParagraphDiff:
    op: SpanOp = "insert" if change == "inserted" else "delete"
    return ParagraphDiff(change, (Span(op, text),))


def paragraph_diff(old: Sequence[str], new: Sequence[str]) -> list[ParagraphDiff]:
    """Diff two lists of paragraphs (or list items) into whole and word-level changes.

    Unchanged paragraphs stay as they are; in a changed stretch, similar paragraphs are
    paired and diffed word by word, the rest are deleted or inserted whole (deletions
    first). An empty paragraph on both sides counts as unchanged.
    """
    out: list[ParagraphDiff] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(ParagraphDiff("equal", (Span("equal", p),)) for p in old[i1:i2])
            continue
        olds, news = old[i1:i2], new[j1:j2]
        i = j = 0
        for pi, pj in [*_pair(olds, news), (len(olds), len(news))]:
            out.extend(_whole("deleted", p) for p in olds[i:pi])
            out.extend(_whole("inserted", p) for p in news[j:pj])
            if pi < len(olds):
                out.append(ParagraphDiff("changed", tuple(word_diff(olds[pi], news[pj]))))
            i, j = pi + 1, pj + 1
    return out
