"""The smallest single-score change that unseats the winner, found without deciding again.

A flip (see `sensitivity`) moves one consensus score of one bid, the challenger raised or
the winner lowered, and asks whether the award leaves the winner for the challenger. Asking
`decide` at every step of every walk costs bidders² × criteria × steps full decisions; this
module answers each walk from the one decision already made, exactly:

- Only the moved bid's quality changes (by the criterion's points per mark × steps), and
  with it that bid's ranking key: (total, then its tie-break), or (price per quality point,
  then its tie-break). Every other bid keeps its key unless the eligible set changes.
- The challenger is a ranked bid, so raising it never excludes it and never changes the
  eligible set: it flips the award at the first step its key reaches the best of the other
  bids' keys (level is a tie for first, `new_winner` None).
- Lowering the winner keeps it in until the step at which it falls under a threshold (under
  `exclude`) or, under `price-per-quality-point`, to no quality points. Before that step
  the challenger must already be level with or ahead of every third bid, and flips at the
  first step the winner's key falls back to its own. From that step on the winner is out,
  the lowest price is taken again among the bids left (so every price score may move), and
  the challenger flips there or on no later step of this walk.
- Within each stretch the answer is monotone in the steps (a key only gets better as a
  score rises and worse as it falls), so the first step is found by bisection.

The one case this cannot settle is the `lower-price` tie-break over eligible bids some of
which have no price (possible only when price weighs nothing): the ranking then leaves a
whole level group tied when any one of it is unpriced, which no pairwise key captures, and
each walk goes through `decide` as before.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from fractions import Fraction

from tenderkit.scoring.decision import Decision, decide
from tenderkit.scoring.inputs import CriterionInput, EvaluationInputs, exact
from tenderkit.scoring.price import price_score
from tenderkit.scoring.quality import weighted_score
from tenderkit.scoring.thresholds import threshold_failures

#: How the ranking orders a bid: lower is better, compared as a tuple.
Key = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class Flip:
    """The smallest single-score change by which `bidder` (a challenger) unseats the winner.

    `changed` is the bid whose score moves: the challenger (`to` above `from`) or the
    winner (`to` below `from`).
    """

    bidder: str
    changed: str
    criterion: str
    from_score: Fraction
    to_score: Fraction
    steps: int
    new_winner: str | None


def smallest_flips(inputs: EvaluationInputs, decision: Decision) -> dict[str, Flip]:
    """Each challenger's smallest flip (challenger id -> flip), for the ranked bids that have one.

    `decision` must be `decide(inputs)` and have a winner.
    """
    search = _FlipSearch(inputs, decision)
    flips: dict[str, Flip] = {}
    for bid in decision.ranked():
        if bid.id == search.winner:
            continue
        flip = search.smallest_flip(bid.id)
        if flip is not None:
            flips[bid.id] = flip
    return flips


class _Field:
    """The ranking keys of a set of eligible bids at one lowest price, best first."""

    def __init__(self, keys: dict[str, Key]) -> None:
        self.keys = keys
        self._order = sorted(keys.items(), key=lambda item: item[1])

    def best_excluding(self, *bidders: str) -> Key | None:
        """The best key among the bids other than `bidders`, or None if there is none."""
        for bidder, key in self._order:
            if bidder not in bidders:
                return key
        return None


class _FlipSearch:
    """The facts of one decision every walk needs, computed once."""

    def __init__(self, inputs: EvaluationInputs, decision: Decision) -> None:
        assert decision.winner is not None
        self.inputs = inputs
        self.winner = decision.winner
        self.ppqp = inputs.basis == "price-per-quality-point"
        self.price_weight = exact(inputs.price_weight)
        self.points_formula = inputs.price_formula
        self.factor = {c.id: weighted_score(c, 1, inputs.quality_weight) for c in inputs.criteria}
        self.quality = {b.id: b.quality for b in decision.bids}
        self.prices = {b.id: b.price for b in decision.bids}
        self.failing = {
            b.id: frozenset(
                f.criterion for f in threshold_failures(b.id, inputs.criteria, inputs.consensus)
            )
            for b in inputs.bidders
        }
        self.eligible = [b.id for b in decision.bids if b.status != "excluded"]
        unpriced = [b for b in self.eligible if self.prices[b] is None]
        lower_price = inputs.tie_break == "lower-price"
        #: The lower-price tie-break is undecidable pairwise when some bids lack a price.
        self.exact_only = lower_price and 0 < len(unpriced) < len(self.eligible)
        self.by_price = lower_price and not unpriced
        self.lowest = self._lowest(self.eligible)
        self.field = _Field({b: self.key(b, self.quality[b], self.lowest) for b in self.eligible})
        self._without_winner: _Field | None = None

    def _lowest(self, bidders: Collection[str]) -> Fraction | None:
        """The lowest price among `bidders`, where the price score needs it."""
        if self.ppqp or self.price_weight == 0:
            return None
        prices = [self.prices[b] for b in bidders]
        assert all(p is not None for p in prices)  # decide refused otherwise
        return min(p for p in prices if p is not None)

    def key(self, bidder: str, quality: Fraction, lowest: Fraction | None) -> Key:
        """The ranking key of an eligible bid with this quality, at this lowest price."""
        price = self.prices[bidder]
        if self.ppqp:
            assert price is not None and quality > 0
            primary = price / quality
        else:
            points = Fraction(0)
            if self.price_weight > 0:
                assert price is not None and lowest is not None
                assert self.points_formula is not None
                points = price_score(self.points_formula, price, lowest, self.price_weight)
            primary = -(quality + points)
        if self.inputs.tie_break == "higher-quality":
            return (primary, -quality)
        if self.by_price:
            assert price is not None
            return (primary, price)
        return (primary, Fraction(0))

    def stays_in(
        self, bidder: str, criterion: CriterionInput, score: Fraction, quality: Fraction
    ) -> bool:
        """Whether a bid with this score on `criterion` (and this quality) is still eligible."""
        if self.inputs.thresholds == "exclude":
            if self.failing[bidder] - {criterion.id}:
                return False
            if criterion.threshold is not None and score < exact(criterion.threshold):
                return False
        return not (self.ppqp and quality <= 0)

    def smallest_flip(self, challenger: str) -> Flip | None:
        """The challenger's smallest flip: first criterion, raise before lower, among equals."""
        best: Flip | None = None
        for criterion in self.inputs.criteria:
            for walk in (self._raise, self._lower):
                limit = best.steps - 1 if best is not None else None
                flip = walk(challenger, criterion, limit)
                if flip is not None and (best is None or flip.steps < best.steps):
                    best = flip
        return best

    def _span(
        self, bidder: str, criterion: CriterionInput, direction: int, limit: int | None
    ) -> tuple[Fraction, Fraction, int]:
        """The score, the step and how many steps the walk may take before the scale ends."""
        start = exact(self.inputs.consensus[(bidder, criterion.id)])
        step = exact(criterion.scale_step)
        room = (
            exact(criterion.scale_max) - start
            if direction > 0
            else start - exact(criterion.scale_min)
        )
        most = room // step
        return start, step, most if limit is None else min(most, limit)

    def _raise(self, challenger: str, criterion: CriterionInput, limit: int | None) -> Flip | None:
        if self.exact_only:
            return _walk_by_deciding(
                self.inputs, criterion, challenger, challenger, 1, self.winner, limit
            )
        start, step, most = self._span(challenger, criterion, 1, limit)
        if most < 1:
            return None
        others = self.field.best_excluding(challenger)
        assert others is not None  # the winner is among them
        gain = self.factor[criterion.id] * step
        quality = self.quality[challenger]

        def key_at(k: int) -> Key:
            return self.key(challenger, quality + gain * k, self.lowest)

        first = _first_step(most, lambda k: key_at(k) <= others)
        if first is None:
            return None
        new_winner = challenger if key_at(first) < others else None
        return Flip(
            challenger, challenger, criterion.id, start, start + first * step, first, new_winner
        )

    def _lower(self, challenger: str, criterion: CriterionInput, limit: int | None) -> Flip | None:
        winner = self.winner
        if self.exact_only:
            return _walk_by_deciding(self.inputs, criterion, challenger, winner, -1, winner, limit)
        start, step, most = self._span(winner, criterion, -1, limit)
        if most < 1:
            return None
        loss = self.factor[criterion.id] * step
        quality = self.quality[winner]
        out = _first_step(
            most,
            lambda k: not self.stays_in(winner, criterion, start - k * step, quality - loss * k),
        )
        # While the winner stays in, the field and the lowest price are the decision's own.
        mine = self.field.keys[challenger]
        rest = self.field.best_excluding(challenger, winner)
        last_in = most if out is None else out - 1
        if last_in >= 1 and (rest is None or mine <= rest):

            def key_at(k: int) -> Key:
                return self.key(winner, quality - loss * k, self.lowest)

            first = _first_step(last_in, lambda k: mine <= key_at(k))
            if first is not None:
                alone = mine < key_at(first) and (rest is None or mine < rest)
                return Flip(
                    challenger,
                    winner,
                    criterion.id,
                    start,
                    start - first * step,
                    first,
                    challenger if alone else None,
                )
        if out is None:
            return None
        # From step `out` the winner is excluded, whatever this criterion's score.
        field = self.without_winner()
        mine = field.keys[challenger]
        others = field.best_excluding(challenger)
        if others is not None and others < mine:
            return None
        alone = others is None or mine < others
        return Flip(
            challenger,
            winner,
            criterion.id,
            start,
            start - out * step,
            out,
            challenger if alone else None,
        )

    def without_winner(self) -> _Field:
        """The field once the winner is excluded: the lowest price taken again among the rest."""
        if self._without_winner is None:
            rest = [b for b in self.eligible if b != self.winner]
            lowest = self._lowest(rest)
            if lowest == self.lowest:
                keys = {b: self.field.keys[b] for b in rest}
            else:
                keys = {b: self.key(b, self.quality[b], lowest) for b in rest}
            self._without_winner = _Field(keys)
        return self._without_winner


def _first_step(most: int, holds: Callable[[int], bool]) -> int | None:
    """The first step in 1..most at which `holds`, given that once it holds it keeps holding."""
    if most < 1 or not holds(most):
        return None
    low, high = 1, most  # holds(high); every step below low fails
    while low < high:
        middle = (low + high) // 2
        if holds(middle):
            high = middle
        else:
            low = middle + 1
    return low


def _walk_by_deciding(
    inputs: EvaluationInputs,
    criterion: CriterionInput,
    challenger: str,
    changed: str,
    direction: int,
    winner: str,
    limit: int | None,
) -> Flip | None:
    """One walk step by step through `decide`, for the case the keys cannot settle."""
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
