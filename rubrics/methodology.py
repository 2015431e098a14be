"""The evaluation method as a specification publishes it: criteria, weights and scales.

Plain values computed from a rubric (and, when the tender gives it, the quality share of the
total score), so the document writer only lays them out and never does arithmetic.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from tenderkit.rubrics.model import Criterion, Rubric, rubric_hash
from tenderkit.rubrics.scale import NamedScale, RangeScale


@dataclass(frozen=True)
class PublishedCriterion:
    """One criterion with everything a bidder needs to know about how it is scored."""

    domain_id: str
    domain_title: str
    domain_weight: float
    criterion: Criterion
    effective_weight: float  # share of the quality score's 100
    share_of_total: float | None  # share of the whole evaluation, when the split is known
    scale_id: str
    scale: NamedScale | RangeScale

    @property
    def scale_max(self) -> float:
        return self.scale.maximum


@dataclass(frozen=True)
class PublishedDomain:
    id: str
    title: str
    weight: float
    share_of_total: float | None
    criteria: list[PublishedCriterion]


@dataclass(frozen=True)
class Methodology:
    """A rubric laid out for publication."""

    rubric: Rubric
    hash: str
    domains: list[PublishedDomain]
    scales: dict[str, NamedScale | RangeScale]  # the scales in use, in order of first use
    quality_share: float | None

    @property
    def ref(self) -> str:
        return f"{self.rubric.ref}@{self.hash}"

    def criteria(self) -> list[PublishedCriterion]:
        return [c for d in self.domains for c in d.criteria]

    @property
    def has_thresholds(self) -> bool:
        return any(c.criterion.threshold is not None for c in self.criteria())


def _share(weight: float, quality_share: float | None) -> float | None:
    return None if quality_share is None else round(weight * quality_share / 100, 4)


def methodology(
    rubric: Rubric, domain_titles: Mapping[str, str], quality_share: float | None = None
) -> Methodology:
    """Lay out a rubric; `quality_share` is quality's percentage of the total, if known."""
    domains = []
    scales: dict[str, NamedScale | RangeScale] = {}
    for domain in rubric.domains:
        rows = []
        for criterion in domain.criteria:
            scale_id = criterion.scale or rubric.scale
            scale = rubric.scale_for(criterion)
            scales.setdefault(scale_id, scale)
            effective = round(rubric.effective_weight(domain, criterion), 4)
            rows.append(
                PublishedCriterion(
                    domain_id=domain.id,
                    domain_title=domain_titles.get(domain.id, domain.id),
                    domain_weight=domain.weight,
                    criterion=criterion,
                    effective_weight=effective,
                    share_of_total=_share(effective, quality_share),
                    scale_id=scale_id,
                    scale=scale,
                )
            )
        domains.append(
            PublishedDomain(
                id=domain.id,
                title=domain_titles.get(domain.id, domain.id),
                weight=domain.weight,
                share_of_total=_share(domain.weight, quality_share),
                criteria=rows,
            )
        )
    return Methodology(rubric, rubric_hash(rubric), domains, scales, quality_share)


def format_weight(value: float) -> str:
    """`15` -> `15%`, `7.5` -> `7.5%`, `8.3333` -> `8.33%`: how a weight reads in a document."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}%"
