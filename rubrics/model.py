"""The rubric model: the published evaluation method for workplace compassion.

A rubric has domains with weights, criteria per domain with weights, the question put to
bidders, what good evidence looks like, the clauses each criterion assesses, an optional
minimum threshold and word limit, and the scale(s) scores are given on. It knows nothing
about price: the tender decides how the rubric's 100 is scaled against price.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from tenderkit.clauses.exemptions import LintExemption
from tenderkit.clauses.model import Status
from tenderkit.hashing import content_hash
from tenderkit.rubrics.scale import NamedScale, RangeScale, Scale
from tenderkit.semver import Version

RUBRIC_ID = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
CRITERION_ID = r"^[A-Za-z][A-Za-z0-9_]*$"
SCALE_ID = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"


#: The key criteria of the Health Care Services (Provider Selection Regime) Regulations 2023
#: (regulation 5) that a criterion can serve.
PsrKeyCriterion = Literal[
    "quality-and-innovation",
    "value",
    "integration-collaboration-sustainability",
    "access-inequalities-choice",
    "social-value",
]

#: How the Provider Selection Regime's key criteria (regulation 5) read in a document.
PSR_TITLES: dict[str, str] = {
    "quality-and-innovation": "quality and innovation",
    "value": "value",
    "integration-collaboration-sustainability": (
        "integration, collaboration and service sustainability"
    ),
    "access-inequalities-choice": (
        "improving access, reducing health inequalities and facilitating choice"
    ),
    "social-value": "social value",
}

#: Fields added after rubrics were first published; left unset they are outside the hash,
#: so every earlier rubric keeps the hash it was published with.
_LATER_CRITERION_FIELDS = ("anchors", "threshold_reason", "psr_criteria")
_LATER_RUBRIC_FIELDS = ("best_fit",)

# Strict: YAML `true` or a quoted "60" is a mistake in a published weight, not a number.
Weight = Annotated[float, Field(gt=0, le=100, strict=True)]


class Criterion(BaseModel):
    """One award criterion: a question, its weight within the domain and how it is judged."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=CRITERION_ID, description="Unique within the rubric, e.g. CV1.")
    title: str = Field(min_length=1)
    weight: Weight = Field(description="Share of the domain's weight, in percent.")
    question: str = Field(min_length=1, description="The question put to bidders.")
    evidence: str = Field(min_length=1, description="What good evidence looks like.")
    clauses: list[str] = Field(
        default_factory=list, description="Clause ids this criterion assesses."
    )
    threshold: float | None = Field(
        default=None, description="Minimum acceptable score; a lower score fails the criterion."
    )
    word_limit: int | None = Field(default=None, gt=0, strict=True)
    scale: str | None = Field(default=None, description="Overrides the rubric's scale.")
    anchors: dict[Annotated[int, Field(ge=0)], Annotated[str, Field(min_length=1)]] | None = Field(
        default=None,
        description=(
            "What a score looks like for this criterion, by score (at least the pass mark"
            " and the top); read with the scale's general descriptors."
        ),
    )
    threshold_reason: str | None = Field(
        default=None, min_length=1, description="Why the minimum score is set where it is."
    )
    psr_criteria: list[PsrKeyCriterion] | None = Field(
        default=None,
        description="The Provider Selection Regime key criteria this criterion serves.",
    )
    lint_exemptions: list[LintExemption] = Field(
        default_factory=list,
        description="Reviewed lint exemptions; outside the content hash (see clauses.exemptions).",
    )


class RubricDomain(BaseModel):
    """A workplace-compassion domain (an id from the clause taxonomy) and its weight."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    weight: Weight = Field(description="Share of the rubric's 100, in percent.")
    criteria: list[Criterion] = Field(min_length=1)


class Rubric(BaseModel):
    """A published, versioned evaluation method."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=RUBRIC_ID)
    version: str
    status: Status
    title: str = Field(min_length=1)
    description: str | None = None
    effective: dt.date | None = None
    approver: str | None = None
    change_note: str | None = None
    scale: str = Field(description="Id of the scale criteria use unless they override it.")
    scales: dict[Annotated[str, Field(pattern=SCALE_ID)], Scale] = Field(min_length=1)
    domains: list[RubricDomain] = Field(min_length=1)
    best_fit: str | None = Field(
        default=None,
        min_length=1,
        description="The published rule evaluators follow when evidence fits more than one score.",
    )
    lint_exemptions: list[LintExemption] = Field(
        default_factory=list,
        description="Reviewed lint exemptions for the scales' descriptors (outside the hash).",
    )

    @field_validator("version")
    @classmethod
    def _semver(cls, value: str) -> str:
        Version.parse(value)
        return value

    @property
    def semver(self) -> Version:
        return Version.parse(self.version)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def criteria(self) -> list[tuple[RubricDomain, Criterion]]:
        return [(d, c) for d in self.domains for c in d.criteria]

    def criterion(self, criterion_id: str) -> Criterion | None:
        return next((c for _, c in self.criteria() if c.id == criterion_id), None)

    def scale_for(self, criterion: Criterion) -> NamedScale | RangeScale:
        """The criterion's scale (its override, else the rubric's). KeyError if undefined."""
        return self.scales[criterion.scale or self.scale]

    def effective_weight(self, domain: RubricDomain, criterion: Criterion) -> float:
        """The criterion's share of the rubric's 100: domain weight × criterion weight / 100.

        Computed in decimal so 33.33 × 50 / 100 gives 16.665, not 16.664999999999998.
        """
        return float(exact_weight(domain.weight) * exact_weight(criterion.weight) / 100)


def exact_weight(weight: float) -> Decimal:
    """A weight as the decimal figure written in the file (25 -> 25, 33.33 -> 33.33)."""
    return Decimal(repr(weight))


def rubric_content(rubric: Rubric) -> dict[str, Any]:
    """What publication fixes: everything but the lifecycle status and lint exemptions.

    Exemptions record a review of the lint, not the published method (see
    `tenderkit.clauses.exemptions`), and leaving them out keeps every earlier hash valid.
    """
    every_criterion = {"__all__": {"criteria": {"__all__": {"lint_exemptions"}}}}
    body = rubric.model_dump(
        mode="json", exclude={"status": True, "lint_exemptions": True, "domains": every_criterion}
    )
    _drop_unset(body, _LATER_RUBRIC_FIELDS)
    for domain in body["domains"]:
        for criterion in domain["criteria"]:
            _drop_unset(criterion, _LATER_CRITERION_FIELDS)
    return body


def _drop_unset(body: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if body.get(name) is None:
            body.pop(name, None)


def rubric_hash(rubric: Rubric) -> str:
    """Canonical content hash identifying exactly which rubric was published."""
    return content_hash(rubric_content(rubric))
