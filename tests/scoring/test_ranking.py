"""Totals, thresholds and competition ranking with the tender's tie-break."""

from __future__ import annotations

from decimal import Decimal

from tenderkit.scoring.decision import decide
from tenderkit.scoring.inputs import CriterionInput
from tests.scoring.cases import evaluation

THRESHOLD_Q1 = (
    CriterionInput("Q1", "culture-values", Decimal(60), 5, threshold=3),
    CriterionInput("Q2", "leadership", Decimal(40), 5, threshold=2),
)


def test_weighted_quality_is_points_out_of_the_quality_weight() -> None:
    """4/5 on a 60% criterion and 3/5 on a 40% one, quality weighing 60: 28.8 + 14.4."""
    bid = decide(evaluation({"B1": [4, 3]}, prices={"B1": 100})).bid("B1")
    assert [c.weighted for c in bid.criteria] == [Decimal("28.8"), Decimal("14.4")]
    assert bid.quality == Decimal("43.2")
    assert bid.total == Decimal("83.2")


def test_a_three_way_tie_shares_first_place_and_there_is_no_winner() -> None:
    """Three identical bids all rank 1, all tied, and the winner is None; the fourth is 4th."""
    decision = decide(
        evaluation(
            {"B1": [4, 3], "B2": [4, 3], "B3": [4, 3], "B4": [2, 2]},
            prices={"B1": 100, "B2": 100, "B3": 100, "B4": 100},
        )
    )
    assert [(b.id, b.rank, b.tied) for b in decision.bids] == [
        ("B1", 1, True),
        ("B2", 1, True),
        ("B3", 1, True),
        ("B4", 4, False),
    ]
    assert decision.winner is None
    assert "tied on total with B2, B3; the tie stands" in decision.bid("B1").reasons


def test_a_tie_on_total_is_broken_by_higher_quality() -> None:
    """Equal totals: the bid with more quality points ranks first and the note says why."""
    # B1: quality 60 + price 40 × 90/225 = 76; B2: quality 36 + price 40 = 76.
    decision = decide(
        evaluation({"B1": [5, 5], "B2": [5, 0]}, prices={"B1": 225, "B2": 90}, quality=60)
    )
    b1, b2 = decision.bid("B1"), decision.bid("B2")
    assert b1.total == b2.total
    assert (b1.rank, b2.rank, b1.tied, b2.tied) == (1, 2, False, False)
    assert decision.winner == "B1"
    assert b1.reasons == ("level on total with B2; placed by higher quality (tie-break)",)


def test_a_tie_on_total_is_broken_by_lower_price() -> None:
    """The same level totals under lower-price go to the cheaper bid."""
    decision = decide(
        evaluation(
            {"B1": [5, 5], "B2": [5, 0]},
            prices={"B1": 225, "B2": 90},
            tie_break="lower-price",
        )
    )
    assert decision.winner == "B2"
    assert [b.id for b in decision.bids] == ["B2", "B1"]


def test_with_no_tie_break_a_level_total_stays_tied() -> None:
    """tie_break none reports the tie instead of choosing."""
    decision = decide(
        evaluation({"B1": [5, 5], "B2": [5, 0]}, prices={"B1": 225, "B2": 90}, tie_break="none")
    )
    assert decision.winner is None
    assert [(b.rank, b.tied) for b in decision.bids] == [(1, True), (1, True)]


def test_a_tie_the_tie_break_cannot_separate_is_reported() -> None:
    """Same total and same quality under higher-quality: still tied, ranks 1, 1, then 3."""
    decision = decide(
        evaluation(
            {"B1": [4, 4], "B2": [4, 4], "B3": [1, 1]}, prices={"B1": 100, "B2": 100, "B3": 100}
        )
    )
    assert [b.rank for b in decision.bids] == [1, 1, 3]
    assert decision.winner is None


def test_a_bid_below_a_minimum_is_excluded_with_the_criteria_named() -> None:
    """Under exclude, failing two minimums removes the bid from the ranking, naming both."""
    decision = decide(
        evaluation(
            {"B1": [2, 1], "B2": [3, 2]}, criteria=THRESHOLD_Q1, prices={"B1": 50, "B2": 100}
        )
    )
    b1 = decision.bid("B1")
    assert (b1.status, b1.rank, b1.total) == ("excluded", None, None)
    assert b1.reasons == (
        "below the minimum on Q1: scored 2, minimum 3",
        "below the minimum on Q2: scored 1, minimum 2",
    )
    assert decision.winner == "B2"
    assert decision.bid("B2").price_score == 40  # the lowest eligible price is B2's own
    assert [b.id for b in decision.bids] == ["B2", "B1"]


def test_a_score_equal_to_the_minimum_passes() -> None:
    """The minimum is the lowest acceptable score, so meeting it exactly is not failing it."""
    decision = decide(evaluation({"B1": [3, 2]}, criteria=THRESHOLD_Q1, prices={"B1": 100}))
    assert decision.bid("B1").status == "ranked"


def test_a_bid_below_a_minimum_is_ranked_and_flagged_under_flag() -> None:
    """Under flag the failing bid keeps its rank and total, flagged with the reason."""
    decision = decide(
        evaluation(
            {"B1": [2, 5], "B2": [3, 2]},
            criteria=THRESHOLD_Q1,
            prices={"B1": 100, "B2": 100},
            thresholds="flag",
        )
    )
    b1 = decision.bid("B1")
    assert (b1.status, b1.rank) == ("flagged", 1)
    assert b1.reasons == ("below the minimum on Q1: scored 2, minimum 3",)
    assert decision.winner == "B1"


def test_every_bid_excluded_leaves_no_winner() -> None:
    """When no bid passes the thresholds nothing is ranked and there is no winner."""
    decision = decide(evaluation({"B1": [1, 1]}, criteria=THRESHOLD_Q1, prices={"B1": 100}))
    assert decision.winner is None
    assert decision.ranked() == []
