"""Closeness to a case study: describing an initiative's mechanism fixes it as naming does.

The guide's case studies are data (`clauses/data/case_studies.yaml`): for each, what it is
and the features of the mechanism that make it that initiative ("a short meeting", "every
morning", "the team introduce themselves", "roles allocated"). A text is scored against
every case study: a feature matches when one of its phrases does, and a phrase matches
when all its words, stemmed, occur within a few words of each other, in any order
("allocate roles" matches "roles are allocated"). The score is the sum of the matched
features' weights.

A text is reported as close to a case study when it matches at least `MIN_FEATURES`
features with a total weight of at least `MIN_SCORE`: several parts of one mechanism, not
one common word. The threshold was set so that paraphrases of each case study's
mechanism are found and outcome requirements on the same subject (supporting bereaved
staff, measuring morale, letting staff raise concerns) are not; the tests hold both.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from tenderkit.yamlio import load_yaml

#: A text must match this many of one case study's features ...
MIN_FEATURES = 3
#: ... with at least this total weight (full features weigh 1, subject features 0.5).
MIN_SCORE = 3.0
#: Extra words allowed inside a phrase's span ("roles are then allocated").
PHRASE_SLACK = 3

_WORD = re.compile(r"[a-z0-9]+")
_SUFFIXES = (
    "ations",
    "ation",
    "nesses",
    "ness",
    "ments",
    "ment",
    "ings",
    "ing",
    "ies",
    "ied",
    "ers",
    "er",
    "ed",
    "es",
    "ly",
    "s",
)


class CaseStudyFeature(BaseModel):
    """One part of a case study's mechanism and the phrases that express it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    feature: str = Field(min_length=1)
    phrases: list[Annotated[str, Field(min_length=2)]] = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0, le=1)


class CaseStudy(BaseModel):
    """A case study from the guide: what it is, where it is and its mechanism."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z][a-z0-9-]*$")
    number: int = Field(ge=1)
    section: str = Field(description="The guide section it is in, e.g. 4.4.")
    title: str = Field(min_length=1)
    what: str = Field(min_length=1, description="What the initiative is, in a sentence or two.")
    features: list[CaseStudyFeature] = Field(min_length=MIN_FEATURES)

    @property
    def label(self) -> str:
        return f"case study {self.number} ({self.title}, guide section {self.section})"


class CaseStudies(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    case_studies: list[CaseStudy] = Field(min_length=1)


@dataclass(frozen=True)
class FeatureHit:
    """A feature of a case study's mechanism found in a text, and the words that matched."""

    feature: str
    matched: str
    weight: float


@dataclass(frozen=True)
class CaseStudyMatch:
    """How close a text is to one case study."""

    case_study: CaseStudy
    hits: tuple[FeatureHit, ...]

    @property
    def score(self) -> float:
        return sum(h.weight for h in self.hits)

    @property
    def is_close(self) -> bool:
        return len(self.hits) >= MIN_FEATURES and self.score >= MIN_SCORE

    def why(self) -> str:
        """The matched features, as the lint prints them."""
        return "; ".join(f"{h.feature} ({h.matched!r})" for h in self.hits)


def stem(word: str) -> str:
    """A light suffix-stripping stem, applied alike to texts and phrases."""
    w = word.lower()
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: -len(suffix)]
            if suffix in ("ies", "ied"):
                w += "y"
            break
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


@dataclass(frozen=True)
class _Token:
    stem: str
    start: int
    end: int


def _tokens(text: str) -> list[_Token]:
    return [_Token(stem(m.group()), m.start(), m.end()) for m in _WORD.finditer(text.lower())]


def _phrase_span(tokens: Sequence[_Token], phrase: Sequence[str]) -> tuple[int, int] | None:
    """Character span of the first place all of phrase's stems occur close together."""
    window = len(phrase) + PHRASE_SLACK
    wanted = Counter(phrase)  # "train the trainer" needs two words stemmed "train"
    for i, token in enumerate(tokens):
        if token.stem not in wanted:
            continue
        missing = Counter(wanted)
        for j in range(i, min(len(tokens), i + window)):
            if missing[tokens[j].stem] > 0:
                missing[tokens[j].stem] -= 1
                if not +missing:
                    return tokens[i].start, tokens[j].end
    return None


@dataclass(frozen=True)
class _CompiledStudy:
    study: CaseStudy
    features: tuple[tuple[CaseStudyFeature, tuple[tuple[str, ...], ...]], ...]


class CaseStudyIndex:
    """Case studies with their phrases stemmed once, ready to score many texts."""

    def __init__(self, studies: Iterable[CaseStudy]) -> None:
        self._studies = tuple(
            _CompiledStudy(
                s,
                tuple(
                    (f, tuple(tuple(t.stem for t in _tokens(p)) for p in f.phrases))
                    for f in s.features
                ),
            )
            for s in studies
        )

    def score(self, text: str) -> list[CaseStudyMatch]:
        """Every case study with at least one matched feature, closest first."""
        tokens = _tokens(text)
        out = []
        for compiled in self._studies:
            hits = []
            for feature, phrases in compiled.features:
                for phrase in phrases:
                    span = _phrase_span(tokens, phrase) if phrase else None
                    if span is not None:
                        matched = text[span[0] : span[1]]
                        hits.append(FeatureHit(feature.feature, matched, feature.weight))
                        break
            if hits:
                out.append(CaseStudyMatch(compiled.study, tuple(hits)))
        return sorted(out, key=lambda m: (-m.score, -len(m.hits), m.case_study.number))

    def nearest(self, text: str) -> CaseStudyMatch | None:
        """The closest case study when the text is close enough to report, else None."""
        close = [m for m in self.score(text) if m.is_close]
        return close[0] if close else None


def builtin_case_studies_path() -> Path:
    return Path(str(resources.files("tenderkit.clauses") / "data" / "case_studies.yaml"))


@cache
def builtin_case_studies() -> tuple[CaseStudy, ...]:
    """The guide's case studies (clauses/data/case_studies.yaml)."""
    return tuple(load_yaml(builtin_case_studies_path()).validate(CaseStudies).case_studies)


@cache
def builtin_index() -> CaseStudyIndex:
    """The built-in case studies, compiled once."""
    return CaseStudyIndex(builtin_case_studies())
