"""Reading `out/results.json` (`tenderkit-results/1`): the one record decision documents use.

`tender compare` writes it from the scoring core (`scoring.results.results_document`); the
assessment summaries and the evaluation report take every number from it and recompute
none. The pydantic model here is the shape that function writes; a file of another shape is
refused with the file and the JSON path of the first thing wrong (`bidders[1].total`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from tenderkit.errors import InputError, Location

RESULTS_FORMAT = "tenderkit-results/1"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class RubricRef(_Model):
    id: str
    version: str
    hash: str


class Weights(_Model):
    quality: float
    price: float


class CriterionResult(_Model):
    """One criterion of one bid: the consensus, its points, the evaluators' scores, the note."""

    id: str
    domain: str
    consensus: float
    weighted: float
    scores: dict[str, float]
    note: str | None


class BidResult(_Model):
    id: str
    name: str
    quality: float
    price: float | None
    price_score: float | None
    price_per_quality_point: float | None
    total: float | None
    rank: int | None = Field(ge=1)
    status: Literal["ranked", "flagged", "excluded"]
    tied: bool
    reasons: list[str]
    criteria: list[CriterionResult]

    def criterion(self, criterion_id: str) -> CriterionResult | None:
        return next((c for c in self.criteria if c.id == criterion_id), None)


class WithdrawnResult(_Model):
    id: str
    name: str
    withdrawn: str
    reason: str | None


class Flip(_Model):
    bidder: str
    criterion: str
    from_: float = Field(alias="from")
    to: float
    steps: int
    new_winner: str | None


class SensitivityResult(_Model):
    margin: float | None
    flips: list[Flip]
    quality_weight_break_even: float | None


class NoteWarning(_Model):
    rule: str
    bidder: str
    criterion: str
    message: str
    sheet: str | None = None
    cell: str | None = None


class InputRecord(_Model):
    file: str
    sha256: str


class ResultsDocument(_Model):
    """The `tenderkit-results/1` document, as `scoring.results.results_document` writes it."""

    format: Literal["tenderkit-results/1"]
    reference: str
    rubric: RubricRef
    weights: Weights
    price_formula: Literal["lowest-over-bid", "linear-penalty", "price-per-quality-point"] | None
    basis: Literal["total", "price-per-quality-point"]
    winner: str | None
    bidders: list[BidResult] = Field(min_length=1)
    #: Bidders who withdrew: not evaluated; absent from results written before withdrawal was.
    withdrawn: list[WithdrawnResult] = Field(default_factory=list)
    sensitivity: SensitivityResult
    note_warnings: list[NoteWarning]
    inputs: list[InputRecord]

    def bid(self, bidder_id: str) -> BidResult | None:
        return next((b for b in self.bidders if b.id == bidder_id), None)

    def winning_bid(self) -> BidResult | None:
        return None if self.winner is None else self.bid(self.winner)


def json_path(loc: tuple[str | int, ...]) -> str:
    """A pydantic error location as a JSON path: ("bidders", 1, "total") -> bidders[1].total."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "(the document)"


def parse_results(data: bytes, where: Path | str) -> ResultsDocument:
    """The results document in `data`; InputError names the file and JSON path when it is not."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON document ({exc})", Location(file=where)) from None
    if not isinstance(raw, dict):
        raise InputError("not a tenderkit results document (not a JSON object)", Location(where))
    if raw.get("format") != RESULTS_FORMAT:
        raise InputError(
            f"format is {raw.get('format')!r}; expected {RESULTS_FORMAT!r}",
            Location(file=where, path="format"),
            hint="write it again with `tender compare`",
        )
    try:
        return ResultsDocument.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        count = exc.error_count()
        more = f" (and {count - 1} more)" if count > 1 else ""
        raise InputError(
            f"not a {RESULTS_FORMAT} document: {first['msg']}{more}",
            Location(file=where, path=json_path(tuple(first["loc"]))),
        ) from None
