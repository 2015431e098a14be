"""Price formulas: how a bid price becomes points, or a price per quality point.

- `lowest-over-bid`: lowest price / bid price × price weight (the lowest bid gets the whole
  price weight, a bid twice as dear half of it);
- `linear-penalty`: price weight × (1 − (bid − lowest) / lowest), floored at 0 (every 1%
  above the lowest costs 1% of the price weight; a bid at twice the lowest or more gets 0);
- `price-per-quality-point`: bid price / quality points, lowest wins. It is a ranking basis,
  not points: the price weight plays no part and the tender weighs quality 100, price 0.

`lowest` is the lowest price among the bids still eligible after thresholds; the caller
passes only those. A price weight of 0 under a points formula scores every bid 0 and needs
no prices.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from tenderkit.errors import InputError
from tenderkit.scoring.inputs import Number, exact
from tenderkit.scoring.tender import PriceFormula

POINTS_FORMULAS: tuple[PriceFormula, ...] = ("lowest-over-bid", "linear-penalty")


def lowest_price(prices: Mapping[str, Decimal | None]) -> Fraction:
    """The lowest of the given prices; every one must be present and above 0."""
    missing = sorted(b for b, p in prices.items() if p is None)
    if missing:
        raise InputError(
            f"no price for bidder(s) {', '.join(missing)}; every eligible bid needs one"
        )
    values = [exact(p) for p in prices.values() if p is not None]
    if not values:
        raise InputError("no prices to compare")
    if min(values) <= 0:
        raise InputError("prices must be above 0")
    return min(values)


def price_score(formula: PriceFormula, bid: Number, lowest: Number, weight: Number) -> Fraction:
    """Points out of `weight` for one bid under a points formula."""
    bid_f, lowest_f, weight_f = exact(bid), exact(lowest), exact(weight)
    if bid_f <= 0 or lowest_f <= 0:
        raise InputError("prices must be above 0")
    if bid_f < lowest_f:
        raise InputError(
            f"bid price {float(bid_f):g} is below the lowest price {float(lowest_f):g}"
        )
    if formula == "lowest-over-bid":
        return lowest_f / bid_f * weight_f
    if formula == "linear-penalty":
        return max(Fraction(0), weight_f * (1 - (bid_f - lowest_f) / lowest_f))
    raise ValueError(f"{formula} gives a ranking basis, not points; use price_per_quality_point")


def price_scores(
    formula: PriceFormula | None, prices: Mapping[str, Decimal | None], weight: Number
) -> dict[str, Fraction]:
    """Points for each eligible bid (bidder id -> points); all zero when price weighs nothing."""
    weight_f = exact(weight)
    if not prices:
        return {}
    if weight_f == 0:
        return {b: Fraction(0) for b in prices}
    if formula is None or formula not in POINTS_FORMULAS:
        raise InputError(
            f"price is weighted {float(weight_f):g}% but formula {formula} gives no points"
        )
    lowest = lowest_price(prices)
    return {
        b: price_score(formula, p, lowest, weight_f) for b, p in prices.items() if p is not None
    }


def price_per_quality_point(bid: Number, quality: Number) -> Fraction | None:
    """Bid price / quality points; None when the bid earned no quality points."""
    quality_f = exact(quality)
    if quality_f <= 0:
        return None
    return exact(bid) / quality_f
