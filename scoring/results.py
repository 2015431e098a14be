"""The result of an evaluation and its `tenderkit-results/1` document (`out/results.json`).

`evaluate` is the one entry point: the decision (`decision.decide`), its sensitivity
(`sensitivity.sensitivity`) and the note lint over the moderation notes. `results_document`
turns that into the JSON-ready dict every other output takes its numbers from. Figures are
exact fractions inside and floats (correctly rounded) in the document, so a spreadsheet
recomputing a total from the consensus scores and weights matches it to 1e-9.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from tenderkit.scoring.decision import BidResult, Decision, decide
from tenderkit.scoring.inputs import EvaluationInputs, Pair, exact
from tenderkit.scoring.note_lint import NamedBidder, NoteWarning, lint_notes
from tenderkit.scoring.sensitivity import Sensitivity, sensitivity

FORMAT = "tenderkit-results/1"


@dataclass(frozen=True)
class InputFile:
    """A file the results were computed from, with its SHA-256, for the audit trail."""

    file: str
    sha256: str


@dataclass(frozen=True)
class EvaluationResult:
    inputs: EvaluationInputs
    decision: Decision
    sensitivity: Sensitivity
    note_warnings: tuple[NoteWarning, ...]

    @property
    def winner(self) -> str | None:
        return self.decision.winner


def evaluate(inputs: EvaluationInputs) -> EvaluationResult:
    """Decide the award, measure how robust it is and lint the moderation notes."""
    decision = decide(inputs)
    bidders = [NamedBidder(b.id, b.name) for b in inputs.bidders]
    notes = [
        (b.id, c.id, inputs.notes[(b.id, c.id)])
        for b in inputs.bidders
        for c in inputs.criteria
        if (b.id, c.id) in inputs.notes
    ]
    return EvaluationResult(
        inputs, decision, sensitivity(inputs, decision), tuple(lint_notes(notes, bidders))
    )


def results_document(
    result: EvaluationResult,
    *,
    reference: str,
    rubric_id: str,
    rubric_version: str,
    rubric_hash: str,
    inputs: Sequence[InputFile],
    note_places: Mapping[Pair, tuple[str, str]] | None = None,
    withdrawn: Sequence[WithdrawnBid] = (),
) -> dict[str, Any]:
    """The `tenderkit-results/1` document, keys in the published order.

    `withdrawn` lists the bidders who withdrew (not evaluated, not ranked), so every record
    made from the result can say so.

    `note_places` maps (bidder, criterion) to the (sheet, cell) of its note, added to each
    note warning as `sheet` and `cell` so a reader can find the note.

    In `flips`, `bidder` is the challenger; the score that moves is the challenger's when
    `to` is above `from` and the winner's when it is below.
    """
    ev = result.inputs
    sens = result.sensitivity
    return {
        "format": FORMAT,
        "reference": reference,
        "rubric": {"id": rubric_id, "version": rubric_version, "hash": rubric_hash},
        "weights": {
            "quality": _num(exact(ev.quality_weight)),
            "price": _num(exact(ev.price_weight)),
        },
        "price_formula": ev.price_formula,
        "basis": result.decision.basis,
        "winner": result.decision.winner,
        "bidders": [_bid(ev, bid) for bid in result.decision.bids],
        "withdrawn": [
            {"id": w.id, "name": w.name, "withdrawn": w.date, "reason": w.reason} for w in withdrawn
        ],
        "sensitivity": {
            "margin": _opt(sens.margin),
            "flips": [
                {
                    "bidder": f.bidder,
                    "criterion": f.criterion,
                    "from": _num(f.from_score),
                    "to": _num(f.to_score),
                    "steps": f.steps,
                    "new_winner": f.new_winner,
                }
                for f in sens.flips
            ],
            "quality_weight_break_even": _opt(sens.quality_weight_break_even),
        },
        "note_warnings": [_warning(w, note_places or {}) for w in result.note_warnings],
        "inputs": [{"file": f.file, "sha256": f.sha256} for f in inputs],
    }


@dataclass(frozen=True)
class WithdrawnBid:
    """A bidder who withdrew: id, name, ISO date and the reason, if given."""

    id: str
    name: str
    date: str
    reason: str | None = None


def _bid(ev: EvaluationInputs, bid: BidResult) -> dict[str, Any]:
    return {
        "id": bid.id,
        "name": bid.name,
        "quality": _num(bid.quality),
        "price": _opt(bid.price),
        "price_score": _opt(bid.price_score),
        "price_per_quality_point": _opt(bid.price_per_quality_point),
        "total": _opt(bid.total),
        "rank": bid.rank,
        "status": bid.status,
        "tied": bid.tied,
        "reasons": list(bid.reasons),
        "criteria": [
            {
                "id": c.criterion,
                "domain": c.domain,
                "consensus": _num(c.consensus),
                "weighted": _num(c.weighted),
                "scores": {
                    e: _num(exact(s)) for e, s in ev.scores.get((bid.id, c.criterion), {}).items()
                },
                "note": ev.notes.get((bid.id, c.criterion)),
            }
            for c in bid.criteria
        ],
    }


def _warning(w: NoteWarning, places: Mapping[Pair, tuple[str, str]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "rule": w.rule,
        "bidder": w.bidder,
        "criterion": w.criterion,
        "message": w.message,
    }
    place = places.get((w.bidder, w.criterion))
    if place is not None:
        out["sheet"], out["cell"] = place
    return out


def _num(value: Fraction) -> float:
    return float(value)


def _opt(value: Fraction | None) -> float | None:
    return None if value is None else float(value)
