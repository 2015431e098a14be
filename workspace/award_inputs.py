"""What the scoring core is given for a tender: its published method plus the panel's record.

`evaluation_inputs` restates the rubric (effective weights, scales, thresholds) and
`tender.yaml` (weights, price formula, threshold rule, tie-break) as the core's plain
`EvaluationInputs`, with the moderated consensus, the notes, the evaluators' scores and the
prices. `comparison_method` gives the comparison workbook the method's figures it shows
beside the results. Neither computes a score: that is `scoring.results.evaluate`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

from tenderkit import __version__
from tenderkit.rubrics.model import exact_weight
from tenderkit.scoring.inputs import BidderInput, CriterionInput, EvaluationInputs, Pair
from tenderkit.scoring.quality import domain_points
from tenderkit.scoring.results import EvaluationResult
from tenderkit.templates.excel.comparison_workbook import ComparisonMethod, MethodCriterion
from tenderkit.workspace.tender import OpenTender


def _decimal(value: float) -> Decimal:
    """A figure from tender.yaml or the rubric as the decimal written there (0.1 -> 0.1)."""
    return Decimal(repr(value))


def criteria_inputs(tender: OpenTender) -> list[CriterionInput]:
    """Every criterion of the rubric, in rubric order, as the core needs it."""
    rubric = tender.rubric
    out: list[CriterionInput] = []
    for domain, criterion in rubric.criteria():
        scale = rubric.scale_for(criterion)
        out.append(
            CriterionInput(
                id=criterion.id,
                domain=domain.id,
                effective_weight=exact_weight(domain.weight) * exact_weight(criterion.weight) / 100,
                scale_max=_decimal(scale.maximum),
                scale_step=_decimal(scale.step),
                scale_min=_decimal(scale.minimum),
                threshold=None if criterion.threshold is None else _decimal(criterion.threshold),
            )
        )
    return out


def needs_prices(tender: OpenTender) -> bool:
    """Whether the award uses prices: price weighted above 0, or ranked by price per point."""
    config = tender.config
    formula = config.price.formula if config.price is not None else None
    return formula == "price-per-quality-point" or config.weights.price > 0


def evaluation_inputs(
    tender: OpenTender,
    *,
    consensus: Mapping[Pair, float],
    notes: Mapping[Pair, str],
    scores: Mapping[Pair, Mapping[str, float]],
    prices: Mapping[str, Decimal],
) -> EvaluationInputs:
    """The core's inputs for this tender, given the panel's record and the prices."""
    config = tender.config
    return EvaluationInputs(
        criteria=criteria_inputs(tender),
        bidders=[BidderInput(b.id, b.name) for b in config.evaluated_bidders()],
        consensus={pair: _decimal(float(score)) for pair, score in consensus.items()},
        quality_weight=_decimal(config.weights.quality),
        price_weight=_decimal(config.weights.price),
        price_formula=config.price.formula if config.price is not None else None,
        thresholds=config.thresholds,
        tie_break=config.tie_break,
        prices=dict(prices),
        scores={pair: dict(by_evaluator) for pair, by_evaluator in scores.items()},
        notes=dict(notes),
    )


def comparison_method(
    tender: OpenTender, result: EvaluationResult, created: dt.datetime
) -> ComparisonMethod:
    """The method's figures and the core's per-domain points, for the comparison workbook."""
    rubric = tender.rubric
    criteria = [
        MethodCriterion(
            id=criterion.id,
            title=criterion.title,
            domain=domain.id,
            scale_max=float(rubric.scale_for(criterion).maximum),
            effective_weight=float(
                exact_weight(domain.weight) * exact_weight(criterion.weight) / 100
            ),
        )
        for domain, criterion in rubric.criteria()
    ]
    decision = result.decision
    return ComparisonMethod(
        title=tender.config.title,
        criteria=criteria,
        domain_titles={d.id: tender.domain_titles.get(d.id, d.id) for d in rubric.domains},
        domain_points={
            bid.id: {d: float(p) for d, p in domain_points(bid.criteria).items()}
            for bid in decision.bids
        },
        lowest_price=None if decision.lowest_price is None else float(decision.lowest_price),
        tool_version=__version__,
        created=created,
    )
