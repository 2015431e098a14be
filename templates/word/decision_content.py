"""What the decision documents show, as plain values: the writers lay these out and decide nothing.

`workspace.decision_record` builds them from `out/results.json`, the tender and its rubric;
every figure here is a figure of results.json (domain sub-totals are the scoring core's sum
of its weighted scores). `points` is the one way a figure is printed, so a test reading a
document back compares it with `points(results value)`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from tenderkit.scoring.standstill import Standstill

#: Figures are shown to two decimal places; results.json keeps the exact values.
DECIMALS = 2


def points(value: float | None) -> str:
    """A figure as every decision document prints it: two decimal places, or "–" for none."""
    return "–" if value is None else f"{value:.{DECIMALS}f}"


def score_text(value: float) -> str:
    """A score on a scale as given: 3, 3.5."""
    return f"{value:g}"


def money(value: float | None) -> str:
    return "–" if value is None else f"£{value:,.2f}"


@dataclass(frozen=True)
class ScaleLevel:
    score: float
    label: str
    descriptor: str


@dataclass(frozen=True)
class PublishedCriterion:
    """An award criterion as published: its weight and its scale."""

    id: str
    title: str
    domain: str
    domain_title: str
    weight: float  # share of the quality score's 100, in percent
    max_points: float  # points out of 100 overall
    scale_min: float
    scale_max: float
    scale_step: float
    scale_title: str
    levels: tuple[ScaleLevel, ...]  # empty for a points range
    threshold: float | None


@dataclass(frozen=True)
class PublishedDomain:
    id: str
    title: str
    weight: float  # share of the rubric's 100
    max_points: float  # points out of 100 overall at full marks


@dataclass(frozen=True)
class CriterionFigures:
    id: str
    consensus: float
    weighted: float
    note: str | None
    scores: tuple[tuple[str, float], ...]  # (evaluator, score)


@dataclass(frozen=True)
class BidFigures:
    """One bid's figures from results.json, with the price working spelled out."""

    id: str
    name: str
    quality: float
    price: float | None
    price_score: float | None
    price_per_quality_point: float | None
    total: float | None
    rank: int | None
    status: str
    tied: bool
    reasons: tuple[str, ...]
    criteria: tuple[CriterionFigures, ...]
    domains: tuple[tuple[str, float], ...]  # (domain id, quality points), rubric order
    price_working: str

    def criterion(self, criterion_id: str) -> CriterionFigures:
        return next(c for c in self.criteria if c.id == criterion_id)


@dataclass(frozen=True)
class RecordFacts:
    """What both documents say about the tender and where their figures come from."""

    title: str
    reference: str
    regime: str
    regime_name: str
    rubric_id: str
    rubric_version: str
    rubric_title: str
    rubric_hash: str
    results_hash: str
    tool_version: str
    quality_weight: float
    price_weight: float
    price_formula: str | None
    basis: str
    criteria: tuple[PublishedCriterion, ...]
    domains: tuple[PublishedDomain, ...]
    winner: str | None
    date: dt.date  # the document's date: never the clock

    @property
    def rubric_ref(self) -> str:
        return f"{self.rubric_id}@{self.rubric_version}"

    def criterion(self, criterion_id: str) -> PublishedCriterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def domain_title(self, domain_id: str) -> str:
        return next((d.title for d in self.domains if d.id == domain_id), domain_id)


@dataclass(frozen=True)
class SummaryContent:
    """One bidder's assessment summary."""

    facts: RecordFacts
    bid: BidFigures
    winner: BidFigures | None  # the most advantageous tender, when it is another bid
    standstill: Standstill
    standstill_text: str


@dataclass(frozen=True)
class EvaluatorEntry:
    id: str
    name: str
    allocation: str  # what they scored, in words
    declarations: str  # conflicts declared, in words


@dataclass(frozen=True)
class IndividualScore:
    bidder: str
    criterion: str
    evaluator: str
    score: float
    rationale: str


@dataclass(frozen=True)
class TimelineEntry:
    seq: int
    at: str
    event: str
    detail: str


@dataclass(frozen=True)
class SpreadPoint:
    """One bidder × criterion: the evaluators' lowest and highest score."""

    bidder: str
    criterion: str
    minimum: float
    maximum: float
    spread: float
    flagged: bool


@dataclass(frozen=True)
class ReportContent:
    """Everything the evaluation report records."""

    facts: RecordFacts
    bids: tuple[BidFigures, ...]  # in results.json order (ranked first)
    evaluators: tuple[EvaluatorEntry, ...]
    timeline: tuple[TimelineEntry, ...]
    problems: tuple[str, ...]  # collection problems, as recorded in the audit log
    resolution: str
    notes: tuple[str, ...]  # collection notes of the final collection
    scores: tuple[IndividualScore, ...]
    spreads: tuple[SpreadPoint, ...]
    spread_threshold: float
    note_warnings: tuple[tuple[str, str, str, str], ...]  # (bidder, criterion, rule, message)
    margin: float | None
    flips: tuple[str, ...]  # each in words
    break_even: float | None
    inputs: tuple[tuple[str, str], ...]  # (file, sha256)
    set_aside: tuple[str, ...] = field(default_factory=tuple)
    withdrawn: tuple[str, ...] = field(default_factory=tuple)  # one sentence per bidder
