"""The prescriptiveness rule: requirements ask for outcomes, never a named initiative.

The guide asks commissioners not to "stifle the creativity of the workforce or
organisation"; providers choose home-grown or bought-in approaches. So requirement text
(and rubric questions and descriptors) must not name a particular scheme, product or app.
The built-in deny list holds the initiatives named in the guide's case studies; a library
(or an organisation) extends it. Guidance and illustrative examples may mention them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from tenderkit.yamlio import load_yaml


def check_term(text: str) -> str:
    """A deny-list term as written, or ValueError saying why it cannot be one: it needs two
    letters or digits, or it would match inside ordinary words (or everywhere)."""
    if sum(c.isalnum() for c in text) < 2:
        raise ValueError(
            f"the prescriptive term {text!r} needs at least two letters or digits; a shorter "
            "one would match inside ordinary words"
        )
    return text


#: A term in a library's settings, checked with a message a library author can act on.
TermText = Annotated[str, AfterValidator(check_term)]


class DenyTerm(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term: str = Field(min_length=2)
    variants: list[str] = Field(default_factory=list)
    source: str | None = None
    case_sensitive: bool = Field(
        default=False,
        description="Match the exact capitalisation (for acronyms that are also ordinary words).",
    )


class DenyList(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    terms: list[DenyTerm]


@dataclass(frozen=True)
class TermMatcher:
    term: str
    pattern: re.Pattern[str]
    #: The words of each phrase (lower case unless the term is case-sensitive): a match
    #: of a phrase contains all of its words, and most text lacks one of every phrase's;
    #: looking for plain words is many times quicker than searching for the pattern.
    #: Empty: search every text.
    words: tuple[tuple[str, ...], ...] = ()
    case_sensitive: bool = False

    def may_match(self, text: str, folded: str) -> bool:
        """False only if the pattern cannot match text (`folded` is `_fold(text)`)."""
        if not self.words:
            return True
        within = text if self.case_sensitive else folded
        return any(all(word in within for word in phrase) for phrase in self.words)


#: The characters beyond ASCII that re.IGNORECASE matches to an ASCII letter (İ ı ſ K).
_ASCII_FOLDS = {0x130: "i", 0x131: "i", 0x17F: "s", 0x212A: "k"}


def _fold(text: str) -> str:
    """text in lower case, one character for one, with the characters re.IGNORECASE reads as
    ASCII letters made those letters: an ASCII word is in it exactly where the word's
    case-insensitive pattern matches text."""
    return text.translate(_ASCII_FOLDS).lower()


@dataclass(frozen=True)
class TermHit:
    term: str
    matched: str


def _tokens(phrase: str) -> list[str]:
    return [t for t in re.split(r"[^0-9A-Za-z&]+|(?=&)|(?<=&)", phrase) if t]


def _is_and(token: str) -> bool:
    return token.lower() in ("&", "and")


def _phrase_pattern(phrase: str) -> str:
    # Words may be joined by spaces, hyphens or nothing ("Fab-O-Meter", "Fab O Meter",
    # "FabOMeter"); "&" and "and" are interchangeable; a trailing plural "s" is allowed.
    parts = [r"(?:&|and)" if _is_and(t) else re.escape(t) for t in _tokens(phrase)]
    return r"(?<![0-9A-Za-z])" + r"[\W_]*".join(parts) + r"(?:e?s)?(?![0-9A-Za-z])"


def _words(phrases: Iterable[str], case_sensitive: bool) -> tuple[tuple[str, ...], ...]:
    """Each phrase's words, which are in each of its matches as written (a pattern joins
    them by anything but ASCII letters and digits, of which they are made); () when a
    phrase has no word but "and", which its pattern lets be "&"."""
    found = []
    for phrase in phrases:
        words = [t for t in _tokens(phrase) if not _is_and(t)]
        if not words:
            return ()
        found.append(tuple(w if case_sensitive else w.lower() for w in words))
    return tuple(found)


def compile_terms(terms: Iterable[DenyTerm | str]) -> list[TermMatcher]:
    matchers = []
    for entry in terms:
        term = DenyTerm(term=entry) if isinstance(entry, str) else entry
        phrases = [term.term, *term.variants]
        pattern = "|".join(f"(?:{_phrase_pattern(p)})" for p in phrases)
        flags = 0 if term.case_sensitive else re.IGNORECASE
        matchers.append(
            TermMatcher(
                term.term,
                re.compile(pattern, flags),
                _words(phrases, term.case_sensitive),
                term.case_sensitive,
            )
        )
    return matchers


def builtin_terms_path() -> Path:
    return Path(str(resources.files("tenderkit.clauses") / "data" / "prescriptive_terms.yaml"))


@cache
def builtin_terms() -> tuple[DenyTerm, ...]:
    """The guide's case-study initiatives (clauses/data/prescriptive_terms.yaml)."""
    return tuple(load_yaml(builtin_terms_path()).validate(DenyList).terms)


def matchers_for(extra: Iterable[str] = ()) -> list[TermMatcher]:
    """The built-in list plus an organisation's own terms."""
    return compile_terms([*builtin_terms(), *extra])


def find_terms(text: str, matchers: Iterable[TermMatcher]) -> list[TermHit]:
    hits = []
    folded = _fold(text)
    for matcher in matchers:
        if not matcher.may_match(text, folded):
            continue
        match = matcher.pattern.search(text)
        if match:
            hits.append(TermHit(matcher.term, match.group(0)))
    return hits
