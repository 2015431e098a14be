"""Plain-data views of a rubric for `--json` output (a stable, documented contract).

Numbers that are whole are written as integers (25, not 25.0), so the JSON reads as the
rubric file does.
"""

from __future__ import annotations

from typing import Any

from tenderkit.rubrics.model import Rubric, rubric_hash
from tenderkit.rubrics.scale import NamedScale, RangeScale, allowed_scores


def number(value: float) -> int | float:
    """25.0 -> 25; 12.5 stays 12.5."""
    return int(value) if float(value).is_integer() else value


def scale_json(scale_id: str, scale: NamedScale | RangeScale) -> dict[str, Any]:
    """A scale: its bounds, step, every score an evaluator may give, and its points."""
    out: dict[str, Any] = {
        "id": scale_id,
        "kind": scale.kind,
        "title": scale.title,
        "min": number(scale.minimum),
        "max": number(scale.maximum),
        "step": number(scale.step),
        "allowed_scores": [number(s) for s in allowed_scores(scale)],
    }
    if isinstance(scale, NamedScale):
        out["points"] = [
            {"score": p.score, "label": p.label, "descriptor": p.descriptor} for p in scale.points
        ]
    else:
        out["guidance"] = scale.guidance
    return out


def rubric_summary_json(rubric: Rubric) -> dict[str, Any]:
    """`rubric list --json` item: id, version, status, title, effective, hash."""
    return {
        "id": rubric.id,
        "version": rubric.version,
        "status": rubric.status.value,
        "title": rubric.title,
        "effective": rubric.effective.isoformat() if rubric.effective else None,
        "hash": rubric_hash(rubric),
    }


def rubric_json(rubric: Rubric) -> dict[str, Any]:
    """`rubric show --json`: the rubric with every derived figure a consumer needs.

    Assumes a rubric that passed `validated_rubric` (every scale it names is defined).
    """
    domains = []
    for domain in rubric.domains:
        criteria = []
        for criterion in domain.criteria:
            scale = rubric.scale_for(criterion)
            criteria.append(
                {
                    "id": criterion.id,
                    "title": criterion.title,
                    "weight": number(criterion.weight),
                    "effective_weight": number(rubric.effective_weight(domain, criterion)),
                    "question": criterion.question,
                    "evidence": criterion.evidence,
                    "clauses": list(criterion.clauses),
                    "threshold": None
                    if criterion.threshold is None
                    else number(criterion.threshold),
                    "word_limit": criterion.word_limit,
                    "scale": criterion.scale or rubric.scale,
                    "scale_min": number(scale.minimum),
                    "scale_max": number(scale.maximum),
                }
            )
        domains.append({"id": domain.id, "weight": number(domain.weight), "criteria": criteria})
    return {
        **rubric_summary_json(rubric),
        "description": rubric.description,
        "approver": rubric.approver,
        "change_note": rubric.change_note,
        "scale": scale_json(rubric.scale, rubric.scales[rubric.scale]),
        "scales": {sid: scale_json(sid, s) for sid, s in rubric.scales.items()},
        "domains": domains,
    }
