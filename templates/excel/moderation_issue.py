"""What the moderator is issued: every collected score, the core's summary, the names.

`build_moderation` turns the tender configuration, the pinned rubric and the accepted
scores from `collected.json` into the `ModerationWorkbook` payload. It is pure and
deterministic. The summary of each row (mean, minimum, maximum, spread, flag, rounded
mean) is the scoring core's (`scoring.moderation.moderation_row`); this module only
records it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

from tenderkit.errors import InputError
from tenderkit.rubrics.model import Rubric
from tenderkit.scoring.moderation import ModerationRow, moderation_row
from tenderkit.scoring.tender import TenderConfig
from tenderkit.templates.excel.evaluator_issue import META_NAME, issued_criterion
from tenderkit.templates.excel.evaluator_payload import NamedCell
from tenderkit.templates.excel.moderation_layout import (
    CONSENSUS,
    CRITERIA_SHEET,
    FIRST_ROW,
    MODERATION_SHEET,
    NOTE,
    RATIONALES,
    TEXT,
    consensus_col,
    criteria_rows,
    flag_col,
    note_col,
    rationale_col,
)
from tenderkit.templates.excel.moderation_payload import ModerationWorkbook
from tenderkit.templates.excel.names import cell_ref, check_unique, excel_name, range_ref


class CollectedScore(NamedTuple):
    """One accepted score as `collected.json` records it (a named tuple: tens of thousands
    are read for one moderation workbook, and a tuple is the cheapest immutable record)."""

    evaluator: str
    bidder: str
    criterion: str
    score: float
    rationale: str


def _line(
    row: ModerationRow | None,
    bidder: str,
    criterion: str,
    scores: Sequence[CollectedScore],
    index: int,
    evaluators: int,
) -> dict[str, Any]:
    """One `ModerationLine` as plain data: the payload is validated once, as a whole."""
    at = FIRST_ROW + index
    return {
        "bidder": bidder,
        "criterion": criterion,
        "scores": [
            {"evaluator": s.evaluator, "score": s.score, "rationale": s.rationale} for s in scores
        ],
        "mean": None if row is None else float(row.mean),
        "minimum": None if row is None else float(row.minimum),
        "maximum": None if row is None else float(row.maximum),
        "spread": None if row is None else float(row.spread),
        "flagged": row is not None and row.flagged,
        "rounded_mean": None if row is None else float(row.rounded_mean),
        "text": {
            "name": excel_name(TEXT, bidder, criterion),
            "target": range_ref(MODERATION_SHEET, (at, 0), (at, flag_col(evaluators))),
        },
        "rationales": {
            "name": excel_name(RATIONALES, bidder, criterion),
            "target": range_ref(
                MODERATION_SHEET,
                (at, rationale_col(evaluators, 0)),
                (at, rationale_col(evaluators, evaluators - 1)),
            ),
        },
        "consensus": {
            "name": excel_name(CONSENSUS, bidder, criterion),
            "target": cell_ref(MODERATION_SHEET, at, consensus_col(evaluators)),
        },
        "note": {
            "name": excel_name(NOTE, bidder, criterion),
            "target": cell_ref(MODERATION_SHEET, at, note_col(evaluators)),
        },
    }


def build_moderation(
    config: TenderConfig,
    rubric: Rubric,
    rubric_hash: str,
    scores: Sequence[CollectedScore],
    *,
    collected_sha256: str,
    issued_at: str,
    domain_titles: Mapping[str, str],
    allow_incomplete: bool = False,
) -> ModerationWorkbook:
    """The payload of the moderation workbook for these collected scores (module docstring)."""
    criteria = [issued_criterion(rubric, d, c, domain_titles) for d, c in rubric.criteria()]
    evaluator_ids = [e.id for e in config.evaluators]
    order = {e: i for i, e in enumerate(evaluator_ids)}
    # A bidder who withdrew is not moderated; collection has set their scores aside.
    evaluated = config.evaluated_bidders()
    known_pairs = {(b.id, c.id) for b in evaluated for c in criteria}
    by_pair: dict[tuple[str, str], list[CollectedScore]] = {}
    for score in scores:
        if (score.bidder, score.criterion) not in known_pairs or score.evaluator not in order:
            raise InputError(
                f"collected.json holds a score by {score.evaluator} for bidder {score.bidder} on "
                f"{score.criterion}, which tender.yaml and the rubric no longer describe; "
                "collect the returns again"
            )
        by_pair.setdefault((score.bidder, score.criterion), []).append(score)
    scales = {c.id: rubric.scale_for(c) for _, c in rubric.criteria()}
    lines: list[dict[str, Any]] = []
    for bidder in evaluated:
        for criterion in criteria:
            found = sorted(
                by_pair.get((bidder.id, criterion.id), []), key=lambda s: order[s.evaluator]
            )
            scale = scales[criterion.id]
            row = (
                moderation_row(
                    bidder.id,
                    criterion.id,
                    {s.evaluator: s.score for s in found},
                    spread_threshold=config.moderation.spread_threshold,
                    scale_step=scale.step,
                    scale_min=scale.minimum,
                )
                if found
                else None
            )
            lines.append(_line(row, bidder.id, criterion.id, found, len(lines), len(evaluator_ids)))
    criteria_text = [
        NamedCell(
            name=excel_name(TEXT, c.id),
            target=range_ref(CRITERIA_SHEET, (first, 0), (last, 2)),
        )
        for c, (first, last) in zip(criteria, criteria_rows(criteria), strict=True)
    ]
    # Validated once as a whole: tens of thousands of nested models built one by one cost
    # several times more than the same data checked in one call.
    workbook = ModerationWorkbook.model_validate(
        {
            "tender_reference": config.reference,
            "tender_title": config.title,
            "rubric_id": rubric.id,
            "rubric_version": rubric.version,
            "rubric_hash": rubric_hash,
            "collected_sha256": collected_sha256,
            "issued_at": issued_at,
            "allow_incomplete": allow_incomplete,
            "spread_threshold": config.moderation.spread_threshold,
            "bidders": [{"id": b.id, "name": b.name} for b in evaluated],
            "evaluators": [{"id": e.id, "name": e.name} for e in config.evaluators],
            "criteria": criteria,
            "criteria_text": criteria_text,
            "lines": lines,
        }
    )
    check_unique([*workbook.names(), META_NAME])
    return workbook
