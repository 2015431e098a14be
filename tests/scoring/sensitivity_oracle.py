"""The brute-force flip search, kept as the oracle the fast one is checked against.

This is the search `scoring.sensitivity` made before it solved each walk directly: every
candidate change (challenger × criterion × direction × step) goes through a full `decide`,
so it is correct by construction and far too slow for a national framework. The
differential test compares the two on generated small tenders.
"""

from __future__ import annotations

from tenderkit.scoring.decision import Decision, decide
from tenderkit.scoring.inputs import CriterionInput, EvaluationInputs, exact
from tenderkit.scoring.sensitivity import (
    Flip,
    Sensitivity,
    margin_of,
    quality_weight_break_even,
)


def oracle_sensitivity(inputs: EvaluationInputs) -> Sensitivity:
    """The sensitivity `scoring.sensitivity` must return, found by trying every change."""
    decision = decide(inputs)
    ranked = decision.ranked()
    margin = margin_of(decision)
    if decision.winner is None:
        return Sensitivity(margin, (), None)
    flips = [
        flip
        for bid in ranked
        if bid.id != decision.winner
        for flip in [_smallest_flip(inputs, decision, bid.id)]
        if flip is not None
    ]
    order = {b.id: i for i, b in enumerate(ranked)}
    flips.sort(key=lambda f: (f.steps, order[f.bidder]))
    break_even, beyond = quality_weight_break_even(inputs, decision)
    return Sensitivity(margin, tuple(flips), break_even, beyond)


def _smallest_flip(inputs: EvaluationInputs, decision: Decision, challenger: str) -> Flip | None:
    winner = decision.winner
    assert winner is not None
    best: Flip | None = None
    for criterion in inputs.criteria:
        for changed, direction in ((challenger, 1), (winner, -1)):
            limit = best.steps - 1 if best is not None else None
            flip = _walk(inputs, criterion, challenger, changed, direction, winner, limit)
            if flip is not None and (best is None or flip.steps < best.steps):
                best = flip
    return best


def _walk(
    inputs: EvaluationInputs,
    criterion: CriterionInput,
    challenger: str,
    changed: str,
    direction: int,
    winner: str,
    limit: int | None,
) -> Flip | None:
    start = exact(inputs.consensus[(changed, criterion.id)])
    step = exact(criterion.scale_step)
    low, high = exact(criterion.scale_min), exact(criterion.scale_max)
    steps = 1
    while limit is None or steps <= limit:
        score = start + direction * steps * step
        if not low <= score <= high:
            return None
        outcome = decide(inputs.with_consensus((changed, criterion.id), score))
        if outcome.winner != winner and outcome.bid(challenger).rank == 1:
            return Flip(challenger, changed, criterion.id, start, score, steps, outcome.winner)
        steps += 1
    return None
