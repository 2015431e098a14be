"""Price formulas: relative to the lowest, linear penalty, price per quality point."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from tenderkit.errors import InputError
from tenderkit.scoring.decision import decide
from tenderkit.scoring.inputs import CriterionInput
from tenderkit.scoring.price import price_per_quality_point, price_score, price_scores
from tests.scoring.cases import evaluation


def test_a_published_worked_example_of_lowest_over_bid_scoring() -> None:
    """The Negometrix "low bid scoring formula" example gives A 73 and B 72, A winning.

    Source: Negometrix support, "Low bid scoring formula" (support-us.negometrix.com,
    article 44001761046). Criteria weigh 30% (marked out of 60), 20% (out of 40), 15% (out
    of 30) and price 35%. Bidder A scores 40, 30, 20 at $10,000; bidder B 32, 20, 22 at
    $8,000. By hand:
      A quality = 40/60×30 + 30/40×20 + 20/30×15 = 20 + 15 + 10 = 45
      A price   = 8,000/10,000 × 35 = 28          -> total 73
      B quality = 32/60×30 + 20/40×20 + 22/30×15 = 16 + 10 + 11 = 37
      B price   = 8,000/8,000 × 35 = 35           -> total 72
    In tenderkit terms quality weighs 65, and each criterion's share of the rubric's 100 is
    its percentage / 65 × 100.
    """
    criteria = [
        CriterionInput("EXP", "experience", Fraction(30 * 100, 65), 60),
        CriterionInput("QA", "quality-assurance", Fraction(20 * 100, 65), 40),
        CriterionInput("TIME", "completion", Fraction(15 * 100, 65), 30),
    ]
    decision = decide(
        evaluation(
            {"A": [40, 30, 20], "B": [32, 20, 22]},
            criteria=criteria,
            prices={"A": 10_000, "B": 8_000},
            quality=65,
            price=35,
        )
    )
    a, b = decision.bid("A"), decision.bid("B")
    assert (a.quality, a.price_score, a.total) == (45, 28, 73)
    assert (b.quality, b.price_score, b.total) == (37, 35, 72)
    assert decision.winner == "A"


def test_lowest_over_bid_gives_the_lowest_the_whole_weight_and_others_in_proportion() -> None:
    """At weight 40: £100 gets 40, £105 gets 40 × 100/105 (38.1), £108 gets 37.04."""
    scores = price_scores(
        "lowest-over-bid", {"B1": Decimal(100), "B2": Decimal(105), "B3": Decimal(108)}, 40
    )
    assert scores == {"B1": 40, "B2": Fraction(4000, 105), "B3": Fraction(4000, 108)}
    assert round(float(scores["B2"]), 2) == 38.10


def test_linear_penalty_takes_one_percent_of_the_weight_per_percent_above_the_lowest() -> None:
    """10% dearer than the lowest loses 10% of the weight: 40 -> 36."""
    assert price_score("linear-penalty", 110, 100, 40) == 36


def test_linear_penalty_is_floored_at_zero() -> None:
    """A bid at two and a half times the lowest scores 0, not a negative number."""
    assert price_score("linear-penalty", 250, 100, 40) == 0
    assert price_score("linear-penalty", 200, 100, 40) == 0


def test_price_per_quality_point_divides_price_by_quality() -> None:
    """£90,000 for 45 quality points is £2,000 a point; no points gives no figure."""
    assert price_per_quality_point(90_000, 45) == 2000
    assert price_per_quality_point(90_000, 0) is None


def test_price_per_quality_point_ranks_the_cheapest_point_first() -> None:
    """B2 has less quality but each of its points costs less, so it wins; there are no price points."""
    decision = decide(
        evaluation(
            {"B1": [5, 5], "B2": [3, 3]},
            prices={"B1": 100_000, "B2": 50_000},
            quality=100,
            price=0,
            formula="price-per-quality-point",
        )
    )
    assert decision.basis == "price-per-quality-point"
    assert decision.winner == "B2"
    b1, b2 = decision.bid("B1"), decision.bid("B2")
    assert (b1.price_per_quality_point, b2.price_per_quality_point) == (1000, Fraction(50_000, 60))
    assert b1.price_score is None and b2.price_score is None
    assert b2.total == 60


def test_price_per_quality_point_needs_quality_100_price_0() -> None:
    """The core refuses price-per-quality-point with price still weighted."""
    with pytest.raises(InputError, match="quality 100 and price 0"):
        decide(
            evaluation(
                {"B1": [5, 5]}, prices={"B1": 1}, quality=60, formula="price-per-quality-point"
            )
        )


def test_price_per_quality_point_needs_every_price() -> None:
    """Without a price there is no price per point, and the message names the bidder."""
    with pytest.raises(InputError, match="B2"):
        decide(
            evaluation(
                {"B1": [5, 5], "B2": [4, 4]},
                prices={"B1": 1000},
                quality=100,
                price=0,
                formula="price-per-quality-point",
            )
        )


def test_a_zero_price_weight_needs_no_prices() -> None:
    """A fixed-price award (price weight 0) ranks on quality with no prices given."""
    decision = decide(evaluation({"B1": [3, 3], "B2": [4, 4]}, quality=100, price=0, formula=None))
    assert decision.winner == "B2"
    assert [b.price_score for b in decision.bids] == [0, 0]
    assert [b.total for b in decision.bids] == [80, 60]


def test_a_weighted_price_needs_every_eligible_bid_priced() -> None:
    """With price weighted 40, a missing price is refused with the bidder named."""
    with pytest.raises(InputError, match=r"no price for bidder.*B2"):
        decide(evaluation({"B1": [3, 3], "B2": [4, 4]}, prices={"B1": 100, "B2": None}))


def test_an_excluded_bid_needs_no_price_and_does_not_set_the_lowest() -> None:
    """The cheapest bid falls below a threshold, so the lowest is the cheapest bid still in."""
    criteria = [
        CriterionInput("Q1", "culture-values", Decimal(60), 5, threshold=2),
        CriterionInput("Q2", "leadership", Decimal(40), 5),
    ]
    decision = decide(
        evaluation(
            {"B1": [4, 4], "B2": [3, 3], "CHEAP": [1, 5]},
            criteria=criteria,
            prices={"B1": 120, "B2": 100, "CHEAP": 50},
        )
    )
    assert decision.lowest_price == 100
    assert decision.bid("B2").price_score == 40
    assert decision.bid("B1").price_score == Fraction(100, 120) * 40
    cheap = decision.bid("CHEAP")
    assert (cheap.status, cheap.rank, cheap.price_score, cheap.total) == (
        "excluded",
        None,
        None,
        None,
    )
