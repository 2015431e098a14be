"""The fast flip search gives exactly what deciding every candidate change gives (differential).

The oracle (`sensitivity_oracle`) puts every challenger × criterion × direction × step
through `decide`. Generated tenders are small (2–6 bidders, 1–4 criteria) and crowded with
ties: few score values, few prices, thresholds near the scores, every price formula, both
threshold rules and every tie-break, on 0–5 scales, half-mark scales and 1–10 points ranges.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tenderkit.errors import InputError
from tenderkit.scoring.inputs import CriterionInput, EvaluationInputs, Number
from tenderkit.scoring.sensitivity import sensitivity
from tests.scoring.cases import evaluation
from tests.scoring.sensitivity_oracle import oracle_sensitivity

PROFILE = settings(max_examples=1000, deadline=None, derandomize=True)
WEIGHT_SETS: list[tuple[Number, ...]] = [
    (100,),
    (60, 40),
    (50, 50, 0),
    (Decimal("33.33"), Decimal("33.33"), Decimal("33.34")),
    (10, 20, 30, 40),
]
#: (minimum, maximum, step) of a criterion's scale.
SCALES: list[tuple[Number, Number, Number]] = [(0, 5, 1), (0, 5, Decimal("0.5")), (1, 10, 1)]


@st.composite
def tenders(draw: st.DrawFn) -> EvaluationInputs:
    weights = draw(st.sampled_from(WEIGHT_SETS))
    thresholds_on = draw(st.booleans())
    criteria: list[CriterionInput] = []
    marks: list[list[Fraction]] = []
    for i, weight in enumerate(weights):
        low, high, step = draw(st.sampled_from(SCALES))
        on_scale = [
            Fraction(low) + k * Fraction(step)
            for k in range(int((Fraction(high) - Fraction(low)) / Fraction(step)) + 1)
        ]
        # Few distinct marks per criterion, so bids often tie.
        marks.append(draw(st.lists(st.sampled_from(on_scale), min_size=1, max_size=3)))
        threshold = draw(st.sampled_from([None, *on_scale])) if thresholds_on else None
        criteria.append(
            CriterionInput(f"Q{i}", f"d{i % 2}", weight, high, step, low, threshold=threshold)
        )
    n = draw(st.integers(min_value=2, max_value=6))
    ids = [f"B{i}" for i in range(n)]
    scores = {b: [draw(st.sampled_from(m)) for m in marks] for b in ids}
    formula: Any = draw(
        st.sampled_from(["lowest-over-bid", "linear-penalty", "price-per-quality-point"])
    )
    quality = (
        100 if formula == "price-per-quality-point" else draw(st.sampled_from([0, 40, 60, 100]))
    )
    price_list = draw(st.lists(st.sampled_from([50, 90, 100, 120, 200, 250]), min_size=1))
    prices: dict[str, Number | None] = {b: draw(st.sampled_from(price_list)) for b in ids}
    if quality == 100 and formula != "price-per-quality-point":
        # Price plays no part: prices may be missing, all or some of them.
        missing = draw(st.sampled_from(["none", "some", "all"]))
        if missing == "all":
            prices = {}
        elif missing == "some":
            prices = {b: p for b, p in prices.items() if draw(st.booleans())}
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


THRESHOLD_REOPENS_PRICE = evaluation(
    {"B1": [3, 5], "B2": [3, 3], "B3": [5, 4]},
    criteria=(
        CriterionInput("Q1", "culture-values", Decimal(60), 5, threshold=3),
        CriterionInput("Q2", "leadership", Decimal(40), 5),
    ),
    prices={"B1": 50, "B2": 100, "B3": 400},
)


@PROFILE
@example(THRESHOLD_REOPENS_PRICE)
@given(tenders())
def test_the_fast_sensitivity_equals_deciding_every_change(inputs: EvaluationInputs) -> None:
    """Margin, every flip (steps, scores, new winner, order) and break-even match the oracle."""
    try:
        expected = oracle_sensitivity(inputs)
    except InputError as exc:
        with pytest.raises(InputError) as raised:
            sensitivity(inputs)
        assert str(raised.value) == str(exc)
        return
    assert sensitivity(inputs) == expected


def test_excluding_the_cheapest_winner_rescores_every_price() -> None:
    """Lowering the cheapest winner under a minimum raises the lowest price for everyone."""
    # B1 85.6, B3 55.2 + 5, B2 36 + 20. One step down on Q1 excludes B1, the lowest price
    # becomes 100, and B2 (36 + 40) passes B3 (55.2 + 10), which it would not at 50.
    result = sensitivity(THRESHOLD_REOPENS_PRICE)
    assert result == oracle_sensitivity(THRESHOLD_REOPENS_PRICE)
    b2 = next(f for f in result.flips if f.bidder == "B2")
    assert (b2.changed, b2.criterion, b2.steps, b2.new_winner) == ("B1", "Q1", 1, "B2")
