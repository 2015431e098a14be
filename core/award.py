"""The award settings a tender and its specification share: regime, weights, threshold rule.

One model, used by the spec manifest (`clauses.manifest`, what the evaluation appendix
publishes) and by the tender configuration (`scoring.tender`, what `tender compare`
applies), so the published method and the applied one are checked by the same rules.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Regime = Literal["procurement-act-2023", "provider-selection-regime-2023"]

#: The procurement regimes a tender can run under, with the names people use.
REGIMES: dict[str, str] = {
    "procurement-act-2023": "Procurement Act 2023",
    "provider-selection-regime-2023": "Health Care Services (Provider Selection Regime) "
    "Regulations 2023",
}

#: What a score below a criterion's minimum does: exclude the bid, or flag it to the panel.
ThresholdRule = Literal["exclude", "flag"]

#: Weights are percentages; figures rounded to two places may miss 100 by this much.
WEIGHT_TOLERANCE = 0.01


class AwardWeights(BaseModel):
    """The award's top-level split, in percent, adding up to 100."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    # Strict, as the rubric's weights are: YAML `true` or a quoted "60" is a mistake.
    quality: float = Field(
        gt=0, le=100, strict=True, description="Share of the total score for quality."
    )
    price: float = Field(
        default=0,
        ge=0,
        le=100,
        strict=True,
        description="Share of the total for price; 0 means the award is on quality only.",
    )
    social_value: float = Field(
        default=0, ge=0, le=100, strict=True, description="Share of the total for social value."
    )

    @model_validator(mode="after")
    def _sum_to_100(self) -> AwardWeights:
        total = self.quality + self.price + self.social_value
        if abs(total - 100) > WEIGHT_TOLERANCE:
            raise ValueError(f"weights must add up to 100; these sum to {total:g}")
        return self

    def parts(self) -> list[tuple[str, float]]:
        """(name, weight) for every part with a weight, in the order a reader expects."""
        named = [("quality", self.quality), ("price", self.price)]
        named.append(("social value", self.social_value))
        return [(name, weight) for name, weight in named if weight > 0]
