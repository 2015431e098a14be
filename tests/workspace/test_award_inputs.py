"""The core's inputs restated from a workspace: the rubric's exact weights, scales and rules."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tenderkit.workspace.award_inputs import criteria_inputs, needs_prices
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import make_small_workspace, small_tender


def test_effective_weights_are_exact_and_make_up_the_rubrics_100(tmp_path: Path) -> None:
    """Domain weight × criterion weight / 100, in decimals: CV1 is 25 × 60 / 100 = 15."""
    criteria = criteria_inputs(open_tender(make_small_workspace(tmp_path / "t")))
    weights = {c.id: c.effective_weight for c in criteria}
    assert weights == {
        "CV1": Decimal(15),
        "CV2": Decimal(10),
        "AA1": Decimal("12.5"),
        "AA2": Decimal("12.5"),
        "LM1": Decimal(25),
        "PP1": Decimal("12.5"),
        "PP2": Decimal("12.5"),
    }
    assert sum(weights.values()) == 100
    cv1 = criteria[0]
    assert (cv1.domain, cv1.scale_min, cv1.scale_max, cv1.scale_step) == ("culture-values", 0, 5, 1)
    assert cv1.threshold == 2 and criteria[1].threshold is None


@pytest.mark.parametrize(
    ("overrides", "needed"),
    [
        ({}, True),
        ({"weights": {"quality": 100, "price": 0}}, False),
        (
            {
                "weights": {"quality": 100, "price": 0},
                "price": {"formula": "price-per-quality-point"},
            },
            True,
        ),
    ],
    ids=["price weighted", "quality only", "price per quality point"],
)
def test_prices_are_needed_only_when_the_award_uses_them(
    tmp_path: Path, overrides: dict[str, object], needed: bool
) -> None:
    root = make_small_workspace(tmp_path / "t", small_tender(**overrides))
    assert needs_prices(open_tender(root)) is needed
