"""Award criteria for a tender notice, in the shape of the OCDS award-criteria extension.

The Open Contracting Data Standard's "Award criteria breakdown" extension gives a lot an
`awardCriteria` object whose `criteria[]` each have a `type` (price, cost, quality), a
`name`, a `description` and `numbers[]`. A number is a weight when it carries
`weight: percentageExact` (the weights of all criteria add up to 100) and a threshold
when it carries `threshold: minimumScore` (the score a bid must reach on that criterion).

The rubric fills the quality share: each criterion's weight is its effective weight
scaled to the quality weight (W × effective / 100), so the criteria with the price (or
cost) criterion add up to 100. A threshold is a score on the criterion's own scale,
which the description names.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Literal

from tenderkit.clauses.placeholders import format_value
from tenderkit.rubrics.model import Criterion, Rubric, RubricDomain, exact_weight, rubric_hash
from tenderkit.rubrics.views import number

PriceType = Literal["price", "cost"]

_PRICE_DESCRIPTION = {
    "price": "The price of the bid, scored by the formula set out in the tender documents.",
    "cost": "The whole-life cost of the bid, scored by the formula set out in the tender "
    "documents.",
}


class SplitError(ValueError):
    """The quality and price weights given do not make a usable split of 100."""


def check_split(quality_weight: float, price_weight: float) -> None:
    """Raise SplitError unless 0 < quality ≤ 100, price ≥ 0 and they add up to exactly 100."""
    for name, weight in (("quality", quality_weight), ("price", price_weight)):
        if not math.isfinite(weight):
            raise SplitError(f"the {name} weight must be a number from 0 to 100, not {weight}")
    if quality_weight <= 0:
        raise SplitError(f"the quality weight must be above 0, not {format_value(quality_weight)}")
    if price_weight < 0:
        raise SplitError(f"the price weight cannot be negative ({format_value(price_weight)})")
    total = exact_weight(quality_weight) + exact_weight(price_weight)
    if total != 100:
        raise SplitError(
            f"quality {format_value(quality_weight)} and price {format_value(price_weight)} "
            f"add up to {format_value(float(total))}; they must add up to 100"
        )


def award_criteria(
    rubric: Rubric,
    *,
    quality_weight: float,
    price_weight: float,
    price_type: PriceType = "price",
    domain_titles: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """`{"awardCriteria": {"criteria": [...]}, "rubric": {...}}` for the given split.

    `awardCriteria` is what a notice places on its lot; `rubric` records which rubric
    (id, version, content hash) and split it came from. A price weight of 0 leaves the
    price criterion out. Raises SplitError for a split that is not 100. Assumes a rubric
    that passed `validated_rubric`.
    """
    check_split(quality_weight, price_weight)
    titles = domain_titles or {}
    criteria = [
        _quality(rubric, domain, criterion, exact_weight(quality_weight), titles)
        for domain, criterion in rubric.criteria()
    ]
    if price_weight > 0:
        criteria.append(
            {
                "type": price_type,
                "name": price_type.capitalize(),
                "description": _PRICE_DESCRIPTION[price_type],
                "numbers": [{"number": number(price_weight), "weight": "percentageExact"}],
            }
        )
    return {
        "awardCriteria": {"criteria": criteria},
        "rubric": {
            "id": rubric.id,
            "version": rubric.version,
            "hash": rubric_hash(rubric),
            "qualityWeight": number(quality_weight),
            "priceWeight": number(price_weight),
        },
    }


def _quality(
    rubric: Rubric,
    domain: RubricDomain,
    criterion: Criterion,
    quality: Decimal,
    titles: Mapping[str, str],
) -> dict[str, Any]:
    weight = quality * exact_weight(domain.weight) * exact_weight(criterion.weight) / 10000
    numbers: list[dict[str, Any]] = [{"number": number(float(weight)), "weight": "percentageExact"}]
    scale = rubric.scale_for(criterion)
    low, high = format_value(scale.minimum), format_value(scale.maximum)
    scored = f"Scored {low}–{high}" + (f" on the scale “{scale.title}”" if scale.title else "")
    parts = [f"{titles.get(domain.id, domain.id)}.", " ".join(criterion.question.split())]
    if criterion.threshold is not None:
        numbers.append({"number": number(criterion.threshold), "threshold": "minimumScore"})
        parts.append(
            f"{scored}; a score below {format_value(criterion.threshold)} fails this criterion."
        )
    else:
        parts.append(f"{scored}.")
    if criterion.word_limit:
        parts.append(f"Word limit: {criterion.word_limit}.")
    return {
        "type": "quality",
        "name": f"{criterion.id} {criterion.title}",
        "description": " ".join(parts),
        "numbers": numbers,
    }
