"""Properties of weights over generated rubrics: effective weights always make up 100."""

from __future__ import annotations

import itertools
import math
from decimal import Decimal
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tenderkit.award import WEIGHT_TOLERANCE
from tenderkit.rubrics.checks import check_structure, sums_to_100
from tenderkit.rubrics.library import LoadedRubric
from tenderkit.rubrics.model import Rubric
from tenderkit.rubrics.ocds import award_criteria
from tenderkit.yamlio import YamlDocument
from tests.support.rubrics import NAMED_0_5

HUNDREDTHS = 10_000  # 100.00 in hundredths


@st.composite
def shares(draw: st.DrawFn, max_parts: int = 5) -> list[float]:
    """Two-decimal percentages, each above 0, adding up to exactly 100.00."""
    parts = draw(st.integers(min_value=1, max_value=max_parts))
    cuts = draw(
        st.lists(
            st.integers(min_value=1, max_value=HUNDREDTHS - 1),
            min_size=parts - 1,
            max_size=parts - 1,
            unique=True,
        )
    )
    bounds = [0, *sorted(cuts), HUNDREDTHS]
    return [float(Decimal(b - a) / 100) for a, b in itertools.pairwise(bounds)]


@st.composite
def rubrics(draw: st.DrawFn) -> dict[str, Any]:
    """A valid rubric dict whose domain and criterion weights each add up to 100."""
    domain_weights = draw(shares(max_parts=6))
    domains = []
    for d, weight in enumerate(domain_weights):
        criteria = [
            {
                "id": f"D{d}C{c}",
                "title": "Criterion",
                "weight": w,
                "question": "How are staff involved?",
                "evidence": "Measures over time.",
            }
            for c, w in enumerate(draw(shares(max_parts=4)))
        ]
        domains.append({"id": f"domain-{d}", "weight": weight, "criteria": criteria})
    return {
        "id": "generated",
        "version": "1.0.0",
        "status": "draft",
        "title": "Generated",
        "scale": "five",
        "scales": {"five": NAMED_0_5},
        "domains": domains,
    }


def loaded_from(data: dict[str, Any]) -> LoadedRubric:
    # A document without a parsed node tree: findings point at line 1, and no YAML parsing
    # slows the hundreds of examples down.
    doc = YamlDocument(Path("generated.yaml"), data, None)
    return LoadedRubric(doc.validate(Rubric), doc)


def effective_total(rubric: Rubric) -> float:
    return math.fsum(rubric.effective_weight(d, c) for d, c in rubric.criteria())


@settings(max_examples=200, deadline=None)
@given(rubrics())
def test_effective_weights_of_a_valid_rubric_sum_to_100(data: dict[str, Any]) -> None:
    """Whatever the split, domain × criterion weights / 100 add up to 100."""
    rubric = loaded_from(data).rubric
    assert abs(effective_total(rubric) - 100) <= 1e-9


@settings(max_examples=100, deadline=None)
@given(rubrics())
def test_a_rubric_whose_weights_sum_to_100_has_no_weight_findings(data: dict[str, Any]) -> None:
    """The weight checks never reject weights that add up to 100."""
    findings = check_structure(loaded_from(data))
    assert [f for f in findings if f.rule.endswith("weights")] == []


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=6),
    st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=4),
)
def test_rounded_weights_accepted_by_the_check_keep_the_total_near_100(
    domain_parts: list[int], criterion_parts: list[int]
) -> None:
    """Weights rounded to two places (sevenths and the like) keep the total near 100.

    Domains may miss 100 by the tolerance t and each domain's criteria by t as well, so
    the effective weights may miss it by t + (100 + t) × t / 100: just over 0.02.
    """

    def rounded(parts: list[int]) -> list[float]:
        return [round(100 * p / sum(parts), 2) for p in parts]

    domain_weights, criterion_weights = rounded(domain_parts), rounded(criterion_parts)
    if not (sums_to_100(domain_weights) and sums_to_100(criterion_weights)):
        return  # rounding drifted beyond the tolerance: the check rejects such a rubric
    data = {
        "id": "rounded",
        "version": "1.0.0",
        "status": "draft",
        "title": "Rounded",
        "scale": "five",
        "scales": {"five": NAMED_0_5},
        "domains": [
            {
                "id": f"domain-{d}",
                "weight": w,
                "criteria": [
                    {
                        "id": f"D{d}C{c}",
                        "title": "C",
                        "weight": cw,
                        "question": "Q",
                        "evidence": "E",
                    }
                    for c, cw in enumerate(criterion_weights)
                ],
            }
            for d, w in enumerate(domain_weights)
        ],
    }
    t = WEIGHT_TOLERANCE
    bound = t + (100 + t) * t / 100
    assert abs(effective_total(loaded_from(data).rubric) - 100) <= bound + 1e-9


@settings(max_examples=100, deadline=None)
@given(rubrics(), st.integers(min_value=1, max_value=100))
def test_ocds_weights_of_any_valid_rubric_and_split_sum_to_100(
    data: dict[str, Any], quality: int
) -> None:
    """The exported percentageExact weights (quality criteria and price) add up to 100."""
    rubric = loaded_from(data).rubric
    document = award_criteria(rubric, quality_weight=quality, price_weight=100 - quality)
    weights = [
        n["number"]
        for c in document["awardCriteria"]["criteria"]
        for n in c["numbers"]
        if n.get("weight") == "percentageExact"
    ]
    assert abs(math.fsum(weights) - 100) <= 1e-9
