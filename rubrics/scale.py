"""Scoring scales: named points with descriptors, or a plain points range 0..N."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class ScalePoint(BaseModel):
    """One point of a named scale, e.g. 3 Satisfactory, with what earns it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    score: int = Field(ge=0, strict=True)
    label: str = Field(min_length=1)
    descriptor: str = Field(min_length=1)


class NamedScale(BaseModel):
    """Named points with descriptors (the default 0–5: Unacceptable … Excellent)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["named"] = "named"
    title: str | None = None
    half_points: bool = Field(
        default=False, description="Allow half points between adjacent named points."
    )
    points: list[ScalePoint] = Field(min_length=2)

    @model_validator(mode="after")
    def _contiguous(self) -> NamedScale:
        scores = [p.score for p in self.points]
        if scores != list(range(scores[0], scores[0] + len(scores))):
            raise ValueError(
                f"named points must be consecutive whole scores in ascending order; got {scores}"
            )
        return self

    @property
    def minimum(self) -> float:
        return float(self.points[0].score)

    @property
    def maximum(self) -> float:
        return float(self.points[-1].score)

    @property
    def step(self) -> float:
        return 0.5 if self.half_points else 1.0

    def label_for(self, score: float) -> str | None:
        return next((p.label for p in self.points if p.score == score), None)


class RangeScale(BaseModel):
    """Points-based scoring: any score from min to max in steps (e.g. marked out of 60)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["range"] = "range"
    title: str | None = None
    min: int = Field(default=0, ge=0, strict=True)
    max: int = Field(gt=0, strict=True)
    half_points: bool = False
    guidance: str | None = Field(
        default=None, description="How evaluators place a score in the range."
    )

    @model_validator(mode="after")
    def _ordered(self) -> RangeScale:
        if self.min >= self.max:
            raise ValueError(f"min {self.min} must be below max {self.max}")
        return self

    @property
    def minimum(self) -> float:
        return float(self.min)

    @property
    def maximum(self) -> float:
        return float(self.max)

    @property
    def step(self) -> float:
        return 0.5 if self.half_points else 1.0

    def label_for(self, score: float) -> str | None:
        return None


Scale = Annotated[NamedScale | RangeScale, Field(discriminator="kind")]


def allowed_scores(scale: NamedScale | RangeScale) -> list[float]:
    """Every score an evaluator may give on this scale, ascending."""
    step = Decimal(str(scale.step))
    low, high = Decimal(str(scale.minimum)), Decimal(str(scale.maximum))
    out = []
    value = low
    while value <= high:
        out.append(float(value))
        value += step
    return out


def is_allowed(scale: NamedScale | RangeScale, score: float) -> bool:
    """Whether score lies on the scale and on an allowed step."""
    if not scale.minimum <= score <= scale.maximum:
        return False
    steps = (Decimal(str(score)) - Decimal(str(scale.minimum))) / Decimal(str(scale.step))
    return steps == steps.to_integral_value()
