"""Small evaluations built in code for the scoring-core tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from tenderkit.scoring.inputs import (
    BidderInput,
    CriterionInput,
    EvaluationInputs,
    Number,
)

#: Two criteria on a 0–5 scale: Q1 carries 60 of the rubric's 100, Q2 40.
TWO_CRITERIA = (
    CriterionInput("Q1", "culture-values", Decimal(60), 5),
    CriterionInput("Q2", "leadership", Decimal(40), 5),
)


def evaluation(
    scores: Mapping[str, Sequence[Number]],
    *,
    criteria: Sequence[CriterionInput] = TWO_CRITERIA,
    prices: Mapping[str, Number | None] | None = None,
    quality: Number = 60,
    price: Number = 40,
    formula: Any = "lowest-over-bid",
    thresholds: Any = "exclude",
    tie_break: Any = "higher-quality",
    names: Mapping[str, str] | None = None,
    notes: Mapping[tuple[str, str], str] | None = None,
) -> EvaluationInputs:
    """Inputs from consensus scores per bidder, listed in criterion order."""
    consensus = {
        (bidder, c.id): score
        for bidder, row in scores.items()
        for c, score in zip(criteria, row, strict=True)
    }
    return EvaluationInputs(
        criteria=tuple(criteria),
        bidders=tuple(BidderInput(b, (names or {}).get(b, f"{b} Ltd")) for b in scores),
        consensus=consensus,
        quality_weight=quality,
        price_weight=price,
        price_formula=formula,
        thresholds=thresholds,
        tie_break=tie_break,
        prices={b: None if p is None else Decimal(str(p)) for b, p in (prices or {}).items()},
        notes=dict(notes or {}),
    )
