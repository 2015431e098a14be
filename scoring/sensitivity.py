"""How robust the award is: the margin, the smallest score change that flips it, and the
quality weight at which it would go another way.

- `margin`: first minus second on the ranking basis (points of total; under
  `price-per-quality-point`, second's price per quality point minus the first's). None
  with fewer than two ranked bids.
- `flips`: for every other ranked bid (the challenger), the smallest change to ONE consensus
  score, in scale steps, that takes the award from the winner to the challenger: raising one
  of the challenger's scores or lowering one of the winner's, over every criterion. The
  answer is the one `decide` gives for the changed inputs, so thresholds, the lowest price
  among the bids still eligible and the tie-break all apply exactly as in the decision
  (`flips` finds it without deciding every step again). The change counts when the winner
  is no longer the winner and the challenger is ranked first: alone (`new_winner` is the
  challenger) or tied for first (`new_winner` None, since a tie has no winner). A change
  that hands the award to a third bid is that bid's flip, not this challenger's. Among
  equally small changes the first criterion wins, a raise of the challenger before a
  lowering of the winner. Sorted by steps, then challenger rank.
- `quality_weight_break_even`: holding every score fixed and giving price 100 minus the
  quality weight, each bid's total is a straight line in the quality weight q (the
  eligible bids and the lowest price do not depend on q). The winner changes where its line
  meets another's and the other goes ahead; the crossing nearest the tender's weight, between
  0 and 100, is solved exactly in fractions. None when no line crosses the winner's in that range, when
  prices were not given, or under `price-per-quality-point` (quality is the whole award).

Without a winner (first place tied) there is nothing to flip: `flips` is empty and the
break-even None; the margin is 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from tenderkit.scoring.decision import Decision, decide
from tenderkit.scoring.flips import Flip, smallest_flips
from tenderkit.scoring.inputs import EvaluationInputs, exact
from tenderkit.scoring.price import POINTS_FORMULAS, price_score
from tenderkit.scoring.quality import quality_points, weighted_scores


@dataclass(frozen=True)
class Sensitivity:
    margin: Fraction | None
    flips: tuple[Flip, ...]
    quality_weight_break_even: Fraction | None
    #: Who would win just beyond the break-even (away from the tender's weight).
    break_even_winner: str | None = None


def sensitivity(inputs: EvaluationInputs, decision: Decision | None = None) -> Sensitivity:
    """The margin, flips and break-even of the decision `inputs` lead to."""
    decision = decision or decide(inputs)
    ranked = decision.ranked()
    margin = margin_of(decision)
    if decision.winner is None:
        return Sensitivity(margin, (), None)
    flips = list(smallest_flips(inputs, decision).values())
    order = {b.id: i for i, b in enumerate(ranked)}
    flips.sort(key=lambda f: (f.steps, order[f.bidder]))
    break_even, beyond = quality_weight_break_even(inputs, decision)
    return Sensitivity(margin, tuple(flips), break_even, beyond)


def margin_of(decision: Decision) -> Fraction | None:
    """First minus second on the ranking basis; None with fewer than two ranked bids."""
    ranked = decision.ranked()
    if len(ranked) < 2:
        return None
    first, second = ranked[0], ranked[1]
    if decision.basis == "price-per-quality-point":
        assert first.price_per_quality_point is not None
        assert second.price_per_quality_point is not None
        return second.price_per_quality_point - first.price_per_quality_point
    assert first.total is not None and second.total is not None
    return first.total - second.total


def quality_weight_break_even(
    inputs: EvaluationInputs, decision: Decision
) -> tuple[Fraction | None, str | None]:
    """The quality weight nearest the tender's at which the winner's total meets another's.

    Returns (weight, the bid that would win beyond it), or (None, None) (see the module).
    """
    winner = decision.winner
    if winner is None or decision.basis != "total" or inputs.price_formula not in POINTS_FORMULAS:
        return None, None
    eligible = decision.ranked()
    prices = {b.id: b.price for b in eligible}
    if any(p is None for p in prices.values()):
        return None, None
    assert inputs.price_formula is not None
    lowest = min(p for p in prices.values() if p is not None)
    # Each total is quality_at_100 × q/100 + price_at_100 × (100 − q)/100.
    lines: dict[str, tuple[Fraction, Fraction]] = {}
    for bid in eligible:
        price = prices[bid.id]
        assert price is not None
        quality = quality_points(weighted_scores(bid.id, inputs.criteria, inputs.consensus, 100))
        lines[bid.id] = (quality, price_score(inputs.price_formula, price, lowest, 100))
    q0 = exact(inputs.quality_weight)
    crossings: list[tuple[Fraction, Fraction, str]] = []
    w_quality, w_price = lines[winner]
    for other, (o_quality, o_price) in lines.items():
        if other == winner:
            continue
        # winner − other = a + b·q, with q in percent.
        a = w_price - o_price
        b = ((w_quality - o_quality) - (w_price - o_price)) / 100
        # The other bid must get strictly ahead somewhere in 0–100; a meeting at an end of
        # the range (level at quality 0, say) changes nothing inside it.
        if b == 0 or min(a, a + 100 * b) >= 0:
            continue
        q = -a / b
        crossings.append((abs(q - q0), q, other))
    if not crossings:
        return None, None
    _, q, _ = min(crossings)
    # Just beyond the crossing, away from the tender's weight, the best other line wins.
    side = 1 if q > q0 else -1 if q < q0 else (1 if _slope_gap(lines, winner) else -1)
    beyond = _leader_beyond(lines, q, side)
    return q, beyond


def _slope_gap(lines: dict[str, tuple[Fraction, Fraction]], winner: str) -> bool:
    """At a crossing on the tender's own weight: whether a rival gains as quality rises."""
    w_slope = lines[winner][0] - lines[winner][1]
    return any(q - p > w_slope for b, (q, p) in lines.items() if b != winner)


def _leader_beyond(lines: dict[str, tuple[Fraction, Fraction]], q: Fraction, side: int) -> str:
    """The bid leading just beyond weight q on the given side (by value, then by slope)."""

    def key(item: tuple[str, tuple[Fraction, Fraction]]) -> tuple[Fraction, Fraction]:
        quality, price = item[1]
        return (quality * q / 100 + price * (100 - q) / 100, side * (quality - price))

    return max(lines.items(), key=key)[0]
