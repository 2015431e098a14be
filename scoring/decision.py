"""The award decision: weighted quality, thresholds, price, totals and ranking, in that order.

`decide` is pure and exact (fractions throughout). It is the one place the order of the
steps is fixed, so the sensitivity questions ("what if this score were one lower?") ask
it again with one input changed and get answers consistent with the decision itself.

1. quality per criterion (`quality`), summed into points out of the quality weight;
2. thresholds (`thresholds`): under `exclude` a failing bid leaves the competition here,
   under `flag` it stays in, flagged;
3. price (`price`) over the bids still in, the lowest price taken among them;
4. total = quality + price score (under `price-per-quality-point` the basis is price per
   quality point and the total is the quality alone);
5. competition ranking (`ranking`); the winner is the single bid ranked 1, else None.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from tenderkit.errors import InputError
from tenderkit.scoring.inputs import EvaluationInputs, check_inputs, exact
from tenderkit.scoring.price import lowest_price, price_per_quality_point, price_scores
from tenderkit.scoring.quality import WeightedScore, quality_points, weighted_scores
from tenderkit.scoring.ranking import Contender, rank_contenders
from tenderkit.scoring.thresholds import threshold_failures

Status = Literal["ranked", "flagged", "excluded"]


@dataclass(frozen=True)
class BidResult:
    """One bid's result. Points are out of 100 overall; None where a figure does not apply.

    `price_score` and `total` are None for an excluded bid (it is not priced against the
    others); `price_score` is None under `price-per-quality-point`, which gives no points;
    `price_per_quality_point` is set only under that formula.
    """

    id: str
    name: str
    quality: Fraction
    price: Fraction | None
    price_score: Fraction | None
    price_per_quality_point: Fraction | None
    total: Fraction | None
    rank: int | None
    status: Status
    tied: bool
    reasons: tuple[str, ...]
    criteria: tuple[WeightedScore, ...]


@dataclass(frozen=True)
class Decision:
    """Every bid's result in ranked order (unranked last, then by bidder id), and the winner."""

    bids: tuple[BidResult, ...]
    winner: str | None
    basis: str
    lowest_price: Fraction | None

    def bid(self, bidder: str) -> BidResult:
        return next(b for b in self.bids if b.id == bidder)

    def ranked(self) -> list[BidResult]:
        return [b for b in self.bids if b.rank is not None]


def decide(inputs: EvaluationInputs) -> Decision:
    """The decision the inputs lead to (see the module docstring for the steps)."""
    check_inputs(inputs)
    per_bid = {
        b.id: weighted_scores(b.id, inputs.criteria, inputs.consensus, inputs.quality_weight)
        for b in inputs.bidders
    }
    quality = {b: quality_points(s) for b, s in per_bid.items()}
    failures = {
        b.id: threshold_failures(b.id, inputs.criteria, inputs.consensus) for b in inputs.bidders
    }
    reasons: dict[str, list[str]] = {
        b.id: [f.reason for f in failures[b.id]] for b in inputs.bidders
    }
    status: dict[str, Status] = {}
    for b in inputs.bidders:
        if not failures[b.id]:
            status[b.id] = "ranked"
        else:
            status[b.id] = "excluded" if inputs.thresholds == "exclude" else "flagged"
    prices = {b.id: _price(inputs, b.id) for b in inputs.bidders}

    ppqp: dict[str, Fraction | None] = {}
    if inputs.basis == "price-per-quality-point":
        for b in inputs.bidders:
            if status[b.id] == "excluded":
                continue
            bid = prices[b.id]
            if bid is None:
                raise InputError(
                    f"no price for bidder {b.id}; price-per-quality-point needs every price"
                )
            ppqp[b.id] = price_per_quality_point(bid, quality[b.id])
            if ppqp[b.id] is None:
                status[b.id] = "excluded"
                reasons[b.id].append("no quality points, so no price per quality point")

    eligible = [b.id for b in inputs.bidders if status[b.id] != "excluded"]
    points: dict[str, Fraction] = {}
    lowest: Fraction | None = None
    if inputs.basis == "total":
        eligible_prices = {b: inputs.prices.get(b) for b in eligible}
        if exact(inputs.price_weight) > 0:
            lowest = lowest_price(eligible_prices) if eligible else None
        elif eligible and all(p is not None for p in eligible_prices.values()):
            lowest = lowest_price(eligible_prices)
        points = price_scores(inputs.price_formula, eligible_prices, inputs.price_weight)
    elif eligible:
        lowest = min(exact(p) for p in (prices[b] for b in eligible) if p is not None)

    contenders = [
        Contender(
            b,
            _basis_value(inputs.basis, quality[b], points.get(b), ppqp.get(b)),
            quality[b],
            prices[b],
        )
        for b in eligible
    ]
    placings = {
        p.bidder: p
        for p in rank_contenders(
            contenders,
            tie_break=inputs.tie_break,
            lower_is_better=inputs.basis == "price-per-quality-point",
            basis_name="price per quality point" if inputs.basis != "total" else "total",
        )
    }
    results: list[BidResult] = []
    for b in inputs.bidders:
        placing = placings.get(b.id)
        score = points.get(b.id) if inputs.basis == "total" and placing else None
        results.append(
            BidResult(
                id=b.id,
                name=b.name,
                quality=quality[b.id],
                price=prices[b.id],
                price_score=score,
                price_per_quality_point=ppqp.get(b.id),
                total=(quality[b.id] + (score or 0)) if placing else None,
                rank=placing.rank if placing else None,
                status=status[b.id],
                tied=placing.tied if placing else False,
                reasons=tuple(reasons[b.id]) + (placing.notes if placing else ()),
                criteria=per_bid[b.id],
            )
        )
    results.sort(key=lambda r: (r.rank is None, r.rank or 0, r.id))
    first = [r for r in results if r.rank == 1]
    winner = first[0].id if len(first) == 1 else None
    return Decision(tuple(results), winner, inputs.basis, lowest)


def _price(inputs: EvaluationInputs, bidder: str) -> Fraction | None:
    bid: Decimal | None = inputs.prices.get(bidder)
    return None if bid is None else exact(bid)


def _basis_value(
    basis: str, quality: Fraction, points: Fraction | None, ppqp: Fraction | None
) -> Fraction:
    if basis == "price-per-quality-point":
        assert ppqp is not None
        return ppqp
    return quality + (points or Fraction(0))
