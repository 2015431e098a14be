"""Minimum quality thresholds: which criteria a bid falls short on, and what that does.

A bid fails a criterion when its consensus score is below the criterion's minimum (a score
equal to the minimum passes). Under the tender's `exclude` rule a failing bid is excluded
and unranked; under `flag` it is ranked and flagged. Either way the reasons name each
criterion failed, so an assessment summary can say why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from tenderkit.scoring.inputs import CriterionInput, Number, Pair, exact


@dataclass(frozen=True)
class ThresholdFailure:
    criterion: str
    score: Fraction
    minimum: Fraction

    @property
    def reason(self) -> str:
        return (
            f"below the minimum on {self.criterion}: scored {_fmt(self.score)}, "
            f"minimum {_fmt(self.minimum)}"
        )


def threshold_failures(
    bidder: str, criteria: Sequence[CriterionInput], consensus: Mapping[Pair, Number]
) -> list[ThresholdFailure]:
    """The criteria on which a bid's consensus score is below the minimum, in criterion order."""
    failures: list[ThresholdFailure] = []
    for criterion in criteria:
        if criterion.threshold is None:
            continue
        score, minimum = exact(consensus[(bidder, criterion.id)]), exact(criterion.threshold)
        if score < minimum:
            failures.append(ThresholdFailure(criterion.id, score, minimum))
    return failures


def _fmt(value: Fraction) -> str:
    return f"{float(value):g}"
