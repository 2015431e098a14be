"""Properties of the award decision over generated tenders (Hypothesis, derandomised)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.scoring.decision import Decision, decide
from tenderkit.scoring.inputs import CriterionInput, EvaluationInputs
from tests.scoring.cases import evaluation

PROFILE = settings(max_examples=150, deadline=None, derandomize=True)
WEIGHT_SETS = [(100,), (60, 40), (Decimal("33.33"), Decimal("33.33"), Decimal("33.34"))]


@st.composite
def tenders(draw: st.DrawFn, equal_prices: bool = False) -> EvaluationInputs:
    weights = draw(st.sampled_from(WEIGHT_SETS))
    criteria = [
        CriterionInput(
            f"Q{i}",
            f"d{i % 2}",
            w,
            5,
            threshold=draw(st.sampled_from([None, 1, 2])),
        )
        for i, w in enumerate(weights)
    ]
    n = draw(st.integers(min_value=1, max_value=4))
    ids = [f"B{i}" for i in range(n)]
    scores = {
        b: draw(st.lists(st.integers(0, 5), min_size=len(criteria), max_size=len(criteria)))
        for b in ids
    }
    formula: Any = draw(
        st.sampled_from(["lowest-over-bid", "linear-penalty", "price-per-quality-point"])
    )
    quality = (
        100 if formula == "price-per-quality-point" else draw(st.sampled_from([0, 40, 60, 100]))
    )
    same = draw(st.integers(1, 1000))
    prices = {b: same if equal_prices else draw(st.integers(1, 1000)) for b in ids}
    return evaluation(
        scores,
        criteria=criteria,
        prices=prices,
        quality=quality,
        price=100 - quality,
        formula=formula,
        thresholds=draw(st.sampled_from(["exclude", "flag"])),
        tie_break=draw(st.sampled_from(["higher-quality", "lower-price", "none"])),
    )


def _summary(decision: Decision) -> dict[str, tuple[object, ...]]:
    return {
        b.id: (b.quality, b.price_score, b.total, b.rank, b.status, b.tied, b.reasons)
        for b in decision.bids
    }


@PROFILE
@given(tenders())
def test_totals_never_exceed_100(inputs: EvaluationInputs) -> None:
    """No bid, whatever its scores and price, gets more than 100 points."""
    for bid in decide(inputs).bids:
        assert bid.total is None or 0 <= bid.total <= 100


@PROFILE
@given(tenders(), st.data())
def test_raising_a_consensus_score_never_lowers_that_bids_total_or_rank(
    inputs: EvaluationInputs, data: st.DataObject
) -> None:
    """One mark more on any criterion: total no lower, rank no worse, never newly excluded."""
    bidder = data.draw(st.sampled_from([b.id for b in inputs.bidders]))
    criterion = data.draw(st.sampled_from([c.id for c in inputs.criteria]))
    score = inputs.consensus[(bidder, criterion)]
    if score == 5:
        return
    before = decide(inputs).bid(bidder)
    after = decide(inputs.with_consensus((bidder, criterion), score + 1)).bid(bidder)
    if before.rank is None:
        return  # an unranked bid can only gain a rank
    assert after.rank is not None and after.rank <= before.rank
    if inputs.basis == "total":
        assert before.total is not None and after.total is not None
        assert after.total >= before.total
    else:
        assert before.price_per_quality_point is not None
        assert after.price_per_quality_point is not None
        assert after.price_per_quality_point <= before.price_per_quality_point


@PROFILE
@given(tenders(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_bidder_order(inputs: EvaluationInputs, rnd: Any) -> None:
    """Shuffling the bidders changes no figure, rank, status or winner."""
    shuffled = list(inputs.bidders)
    rnd.shuffle(shuffled)
    a, b = decide(inputs), decide(replace(inputs, bidders=tuple(shuffled)))
    assert _summary(a) == _summary(b)
    assert a.winner == b.winner
    assert [x.id for x in a.bids] == [x.id for x in b.bids]


@PROFILE
@given(tenders(equal_prices=True))
def test_with_equal_prices_the_ranking_follows_quality(inputs: EvaluationInputs) -> None:
    """Among ranked bids, more quality never ranks below less, and equal quality ranks equal."""
    ranked = decide(inputs).ranked()
    for x in ranked:
        for y in ranked:
            if x.quality > y.quality:
                assert x.rank is not None and y.rank is not None and x.rank < y.rank
            if x.quality == y.quality:
                assert x.rank == y.rank
