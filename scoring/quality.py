"""Weighted quality: how a consensus score becomes points.

A criterion's weighted score is consensus / scale maximum × effective weight × quality
weight / 100. The rubric's effective weights make up its 100, so a bid scoring the maximum
everywhere gets the tender's whole quality weight (60 points when quality is weighted 60).
The rubric is not renormalised: weights the rubric rounded to 33.33 + 33.33 + 33.34 add up
to 100 exactly, and the spreadsheet recomputing a cell uses this same formula.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from tenderkit.scoring.inputs import CriterionInput, Number, Pair, exact


@dataclass(frozen=True)
class WeightedScore:
    """One criterion of one bid: the consensus score and the points it earns."""

    criterion: str
    domain: str
    consensus: Fraction
    weighted: Fraction  # points out of 100 overall


def weighted_score(
    criterion: CriterionInput, consensus: Number, quality_weight: Number
) -> Fraction:
    """consensus / scale maximum × effective weight × quality weight / 100, exactly.

    Multiplied out in integers and reduced once: the same fraction as four Fraction
    operations, each with its own gcd, for every bid × criterion of every scenario.
    """
    c, top = exact(consensus), exact(criterion.scale_max)
    weight, quality = exact(criterion.effective_weight), exact(quality_weight)
    return Fraction(
        c.numerator * top.denominator * weight.numerator * quality.numerator,
        c.denominator * top.numerator * weight.denominator * quality.denominator * 100,
    )


def weighted_scores(
    bidder: str,
    criteria: Sequence[CriterionInput],
    consensus: Mapping[Pair, Number],
    quality_weight: Number,
) -> tuple[WeightedScore, ...]:
    """Every criterion of one bid, weighted, in criterion order."""
    return tuple(
        WeightedScore(
            c.id,
            c.domain,
            exact(consensus[(bidder, c.id)]),
            weighted_score(c, consensus[(bidder, c.id)], quality_weight),
        )
        for c in criteria
    )


def quality_points(scores: Sequence[WeightedScore]) -> Fraction:
    """A bid's quality: the sum of its weighted scores (points out of 100 overall)."""
    return sum((s.weighted for s in scores), Fraction(0))


def domain_points(scores: Sequence[WeightedScore]) -> dict[str, Fraction]:
    """Quality per domain, in the order domains first appear."""
    out: dict[str, Fraction] = {}
    for s in scores:
        out[s.domain] = out.get(s.domain, Fraction(0)) + s.weighted
    return out
