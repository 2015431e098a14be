"""What the scoring core is given: criteria, bids, consensus scores, prices and the rules.

Plain values only, no workbook: the moderation reader and `prices.csv` reader build an
`EvaluationInputs` and the core decides from it. Numbers may be given as `int`, `float`,
`Decimal` or `Fraction`; the core converts them with `exact` and computes in fractions,
so every figure it reports is the one a spreadsheet gets from the same inputs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from fractions import Fraction

from tenderkit.award import ThresholdRule
from tenderkit.errors import InputError
from tenderkit.scoring.tender import PriceFormula, TieBreak

Number = int | float | Decimal | Fraction
Pair = tuple[str, str]  # (bidder id, criterion id)


#: Every integer below this is a float exactly (2**53, the double's 53-bit significand).
_EXACT_INTEGERS = 2**53


#: Fractions of floats and Decimals already converted: scores, weights and prices recur
#: across thousands of rows, and a Fraction is immutable, so one object serves every use.
#: One table per type, keyed by plain floats or plain Decimals alone: an equal int, float,
#: Decimal or Fraction hashes alike but `exact` converts a float differently (by its repr).
_FLOATS: dict[float, Fraction] = {}
_DECIMALS: dict[Decimal, Fraction] = {}
_FLOATS_KEPT = 4096


def exact(value: Number) -> Fraction:
    """A number as an exact fraction; a float is taken as the decimal it prints as (0.1 -> 1/10)."""
    if isinstance(value, float):
        known = _FLOATS.get(value) if type(value) is float else None
        if known is not None:
            return known
        if value.is_integer() and abs(value) < _EXACT_INTEGERS:
            # Below 2**53 a whole float is that integer, and its repr says so: skip the parse.
            known = Fraction(int(value))
        else:
            # repr gives the shortest decimal that round-trips: what the user typed, not 2**-n.
            known = Fraction(repr(value))
        if len(_FLOATS) < _FLOATS_KEPT and type(value) is float:
            _FLOATS[value] = known
        return known
    if type(value) is Decimal and value.is_finite():  # a NaN is refused by Fraction below
        known = _DECIMALS.get(value)
        if known is None:
            known = Fraction(value)
            if len(_DECIMALS) < _FLOATS_KEPT:
                _DECIMALS[value] = known
        return known
    return Fraction(value)


@dataclass(frozen=True)
class CriterionInput:
    """One award criterion as the core needs it.

    `effective_weight` is the criterion's share of the rubric's 100 (`Rubric.effective_weight`,
    best given as the exact Decimal `exact_weight(domain) * exact_weight(criterion) / 100`);
    `scale_max` and `scale_step` describe the scale consensus scores are given on and
    `threshold` is the minimum acceptable consensus score, if any.
    """

    id: str
    domain: str
    effective_weight: Number
    scale_max: Number
    scale_step: Number = 1
    scale_min: Number = 0
    threshold: Number | None = None


@dataclass(frozen=True)
class BidderInput:
    id: str
    name: str


@dataclass(frozen=True)
class EvaluationInputs:
    """Everything one award decision is computed from.

    `consensus` holds the moderated score per (bidder, criterion) and must cover every pair;
    `scores` (evaluator id -> score per pair) and `notes` are carried into the results for
    the record and never change a number. `prices` maps bidder id to the bid price; it may
    be empty when the price weight is 0 and the formula is not `price-per-quality-point`.
    Weights are percentages summing to 100.
    """

    criteria: Sequence[CriterionInput]
    bidders: Sequence[BidderInput]
    consensus: Mapping[Pair, Number]
    quality_weight: Number
    price_weight: Number
    price_formula: PriceFormula | None
    thresholds: ThresholdRule
    tie_break: TieBreak
    prices: Mapping[str, Decimal | None] = field(default_factory=dict)
    scores: Mapping[Pair, Mapping[str, Number]] = field(default_factory=dict)
    notes: Mapping[Pair, str] = field(default_factory=dict)

    @property
    def basis(self) -> str:
        """What the ranking orders by: `total`, or `price-per-quality-point` (lowest first)."""
        return (
            "price-per-quality-point"
            if self.price_formula == "price-per-quality-point"
            else "total"
        )

    def needs_prices(self) -> bool:
        return self.basis == "price-per-quality-point" or exact(self.price_weight) > 0

    def with_consensus(self, pair: Pair, score: Number) -> EvaluationInputs:
        """The same inputs with one consensus score changed (for what-if questions)."""
        changed = dict(self.consensus)
        changed[pair] = score
        return replace(self, consensus=changed)

    def with_weights(self, quality: Number) -> EvaluationInputs:
        """The same inputs with quality weighted `quality` and price the rest of 100."""
        q = exact(quality)
        return replace(self, quality_weight=q, price_weight=100 - q)


def check_inputs(inputs: EvaluationInputs) -> None:
    """Raise `InputError` naming the first thing that makes a decision impossible.

    The readers of the moderation workbook and `prices.csv` report bad cells with their
    place first; this is the core's own guard, so its messages name bidder and criterion.
    """
    if not inputs.criteria:
        raise InputError("there are no criteria to score")
    if not inputs.bidders:
        raise InputError("there are no bids to score")
    _unique("bidder", [b.id for b in inputs.bidders])
    _unique("criterion", [c.id for c in inputs.criteria])
    quality, price = exact(inputs.quality_weight), exact(inputs.price_weight)
    if quality < 0 or price < 0 or quality + price != 100:
        raise InputError(
            f"quality and price weights must be 0 or more and sum to 100; got {float(quality):g} "
            f"and {float(price):g}"
        )
    if price > 0 and inputs.price_formula is None:
        raise InputError(f"price is weighted {float(price):g}% but no price formula is given")
    if inputs.price_formula == "price-per-quality-point" and (quality != 100 or price != 0):
        raise InputError(
            "price-per-quality-point ranks by price per quality point, so weights must be "
            f"quality 100 and price 0; got quality {float(quality):g} and price {float(price):g}"
        )
    for criterion in inputs.criteria:
        if exact(criterion.scale_max) <= exact(criterion.scale_min):
            raise InputError(f"criterion {criterion.id}: the scale maximum must exceed its minimum")
        if exact(criterion.scale_step) <= 0:
            raise InputError(f"criterion {criterion.id}: the scale step must be above 0")
        if exact(criterion.effective_weight) < 0:
            raise InputError(f"criterion {criterion.id}: a weight cannot be negative")
        for bidder in inputs.bidders:
            score = inputs.consensus.get((bidder.id, criterion.id))
            if score is None:
                raise InputError(f"no consensus score for bidder {bidder.id} on {criterion.id}")
            if not on_scale(criterion, score):
                raise InputError(
                    f"consensus score {float(exact(score)):g} for bidder {bidder.id} on "
                    f"{criterion.id} is not on the scale {float(exact(criterion.scale_min)):g}–"
                    f"{float(exact(criterion.scale_max)):g} in steps of "
                    f"{float(exact(criterion.scale_step)):g}"
                )
    known = {b.id for b in inputs.bidders}
    unknown = sorted(set(inputs.prices) - known)
    if unknown:
        raise InputError(f"a price is given for unknown bidder(s) {', '.join(unknown)}")
    for bidder_id, bid in inputs.prices.items():
        if bid is not None and not bid > 0:
            raise InputError(f"the price for bidder {bidder_id} must be above 0; got {bid}")


def on_scale(criterion: CriterionInput, score: Number) -> bool:
    """Whether a score lies between the scale's ends on one of its steps."""
    value = exact(score)
    low, high = exact(criterion.scale_min), exact(criterion.scale_max)
    if not low <= value <= high:
        return False
    return ((value - low) / exact(criterion.scale_step)).denominator == 1


def _unique(kind: str, ids: list[str]) -> None:
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise InputError(f"{kind} id {value!r} is given twice")
        seen.add(value)
