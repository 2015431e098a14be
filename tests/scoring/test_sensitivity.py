"""Decision sensitivity: margin, the smallest flipping change, the break-even quality weight."""

from __future__ import annotations

from fractions import Fraction

from tenderkit.scoring.decision import decide
from tenderkit.scoring.sensitivity import Flip, sensitivity
from tests.scoring.cases import evaluation

CLOSE = evaluation({"B1": [4, 3], "B2": [3, 4]}, prices={"B1": 100, "B2": 100})


def test_the_margin_is_first_minus_second_in_points() -> None:
    """B1 43.2 + 40 against B2 40.8 + 40: a margin of 2.4 points."""
    assert sensitivity(CLOSE).margin == Fraction(24, 10)


def test_one_mark_on_one_criterion_flips_a_close_decision() -> None:
    """Raising B2's Q1 from 3 to 4 gives B2 48 quality against B1's 43.2: one step flips it."""
    result = sensitivity(CLOSE)
    assert result.flips == (
        Flip(
            bidder="B2",
            changed="B2",
            criterion="Q1",
            from_score=Fraction(3),
            to_score=Fraction(4),
            steps=1,
            new_winner="B2",
        ),
    )
    assert decide(CLOSE.with_consensus(("B2", "Q1"), 4)).winner == "B2"


def test_lowering_the_winner_counts_when_the_challenger_has_nothing_left_to_gain() -> None:
    """B2 has full marks, so only lowering B1 can flip it: one step down on Q1 does."""
    # B1 [5, 4] at 90: 36 + 19.2 + 40 = 95.2. B2 [5, 5] at 120: 60 + 40 × 90/120 = 90.
    # B1 down one on Q1: 88 < 90 (one step); down one on Q2 only: 90.4, still ahead.
    inputs = evaluation({"B1": [5, 4], "B2": [5, 5]}, prices={"B1": 90, "B2": 120})
    assert sensitivity(inputs).flips == (Flip("B2", "B1", "Q1", Fraction(5), Fraction(4), 1, "B2"),)


def test_a_decision_no_single_mark_can_change_has_no_flips() -> None:
    """Full marks against zero: no one score moved end to end changes the winner."""
    inputs = evaluation({"B1": [5, 5], "B2": [0, 0]}, prices={"B1": 100, "B2": 100})
    result = sensitivity(inputs)
    assert result.flips == ()
    assert result.margin == 60
    assert result.quality_weight_break_even is None


def test_flips_are_sorted_by_steps_one_per_challenger() -> None:
    """B2 needs one step to win, B3 more; each flip makes its own challenger first."""
    inputs = evaluation(
        {"B1": [4, 3], "B2": [3, 4], "B3": [1, 2]}, prices={"B1": 100, "B2": 100, "B3": 100}
    )
    flips = sensitivity(inputs).flips
    assert [f.bidder for f in flips] == ["B2", "B3"]
    assert flips[0].steps < flips[1].steps
    changed = inputs.with_consensus((flips[1].changed, flips[1].criterion), flips[1].to_score)
    assert decide(changed).bid("B3").rank == 1
    assert flips[1].new_winner in ("B3", None)


def test_the_break_even_quality_weight_is_where_the_winner_changes() -> None:
    """B2 wins on price at 60/40; above 71.43% quality B1 would win, below it B2 still does."""
    # At weight 100 each way: B1 quality 72, price 90; B2 quality 68, price 100.
    # Totals 90 − 0.18q and 100 − 0.32q meet where 0.14q = 10: q = 500/7.
    inputs = evaluation(
        {"B1": [4, 3], "B2": [3, 4]}, prices={"B1": 100_000, "B2": 90_000}, quality=60, price=40
    )
    result = sensitivity(inputs)
    assert decide(inputs).winner == "B2"
    q = result.quality_weight_break_even
    assert q == Fraction(500, 7)
    assert result.break_even_winner == "B1"
    epsilon = Fraction(1, 10**6)
    assert decide(inputs.with_weights(q - epsilon)).winner == "B2"
    assert decide(inputs.with_weights(q + epsilon)).winner == "B1"
    level = decide(inputs.with_weights(q))
    assert level.bid("B1").total == level.bid("B2").total


def test_a_winner_better_on_quality_and_price_has_no_break_even() -> None:
    """Cheaper and better: no weighting of quality against price changes the winner."""
    inputs = evaluation({"B1": [5, 4], "B2": [3, 3]}, prices={"B1": 90, "B2": 100})
    assert sensitivity(inputs).quality_weight_break_even is None


def test_a_tied_first_place_has_no_flips_and_a_zero_margin() -> None:
    """With no winner there is nothing to unseat."""
    inputs = evaluation({"B1": [4, 4], "B2": [4, 4]}, prices={"B1": 100, "B2": 100})
    result = sensitivity(inputs)
    assert (result.margin, result.flips, result.quality_weight_break_even) == (0, (), None)


def test_lowering_the_winner_below_a_minimum_is_a_flip() -> None:
    """Under exclude, dropping the winner under a threshold hands the award to the challenger."""
    from decimal import Decimal

    from tenderkit.scoring.inputs import CriterionInput

    criteria = (
        CriterionInput("Q1", "culture-values", Decimal(60), 5, threshold=3),
        CriterionInput("Q2", "leadership", Decimal(40), 5),
    )
    inputs = evaluation(
        {"B1": [3, 5], "B2": [3, 1]}, criteria=criteria, prices={"B1": 100, "B2": 100}
    )
    flip = sensitivity(inputs).flips[0]
    assert (flip.changed, flip.criterion, flip.to_score, flip.steps) == ("B1", "Q1", 2, 1)
    assert flip.new_winner == "B2"
