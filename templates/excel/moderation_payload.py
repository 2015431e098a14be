"""What a moderation workbook carries: everything shown to the moderator, as signed JSON.

The payload records the tender, the rubric (id, version, hash), the SHA-256 of the
`collected.json` it was issued from, the issue time, the bidders and evaluators, every
criterion with its question and scale, and per bidder × criterion every evaluator's score
and rationale, the summary the scoring core computed (mean, minimum, maximum, spread,
flag, rounded mean) and where each defined name pointed when issued. It is stored in the
hidden metadata sheet with an HMAC-SHA256 keyed by the workspace secret (as an evaluator
workbook's is), so an edited score, rationale or question is detected on read-back.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from tenderkit.templates.excel.evaluator_payload import IssuedCriterion, NamedCell

FORMAT: Literal["tenderkit-moderation-workbook/1"] = "tenderkit-moderation-workbook/1"


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ModerationBidder(_Frozen):
    id: str
    name: str


class ModerationEvaluator(_Frozen):
    id: str
    name: str


class EvaluatorScore(_Frozen):
    """One accepted score as collected: who gave it, the score and the rationale."""

    evaluator: str
    score: float
    rationale: str


class ModerationLine(_Frozen):
    """One bidder × criterion row: the evaluators' scores, the core's summary and the names.

    The summary is None where no score was collected (a workbook issued with
    `--allow-incomplete`). `text` and `rationales` mark the locked cells of the row;
    `consensus` and `note` the two cells the moderator completes.
    """

    bidder: str
    criterion: str
    scores: list[EvaluatorScore]
    mean: float | None
    minimum: float | None
    maximum: float | None
    spread: float | None
    flagged: bool
    rounded_mean: float | None
    text: NamedCell
    rationales: NamedCell
    consensus: NamedCell
    note: NamedCell


class ModerationWorkbook(_Frozen):
    format: Literal["tenderkit-moderation-workbook/1"] = FORMAT
    tender_reference: str
    tender_title: str
    rubric_id: str
    rubric_version: str
    rubric_hash: str
    collected_sha256: str
    issued_at: str
    allow_incomplete: bool
    spread_threshold: float
    bidders: list[ModerationBidder]
    evaluators: list[ModerationEvaluator]
    criteria: list[IssuedCriterion]
    criteria_text: list[NamedCell]  # one per criterion, in order: its block on the Criteria sheet
    lines: list[ModerationLine]

    def canonical(self) -> str:
        """The signed text: compact JSON in the models' field order.

        Deterministic (one field order, no spaces), and written by pydantic's serializer:
        a payload of tens of megabytes at national scale is several times faster to write
        than through sorted-key `canonical_json`. The signature covers these exact
        characters, and the reader parses them as written, so no second form is needed.
        """
        return self.model_dump_json()

    def criterion(self, criterion_id: str) -> IssuedCriterion:
        return next(c for c in self.criteria if c.id == criterion_id)

    def names(self) -> list[str]:
        """Every defined name the workbook is read back by."""
        out = [n.name for n in self.criteria_text]
        for line in self.lines:
            out += [line.text.name, line.rationales.name, line.consensus.name, line.note.name]
        return out
