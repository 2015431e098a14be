"""The record the decision documents are written from: results.json checked against its sources.

`open_decision_record` opens the tender and `out/results.json` and refuses, before anything is
written, a result that cannot stand behind a decision document: none yet; not this tender's
or this rubric's; computed from a moderation workbook, prices or collection that have
changed since (the SHA-256 each input had, recorded in results.json, against the file now);
or missing a moderation note where the moderation rules require one. The audit log's chain
is checked too, since both documents record their writing in it.

`facts` and `bid_figures` turn the record into the plain values `templates.word` lays out.
Every figure is results.json's; domain sub-totals and a criterion's points at full marks are
the scoring core's (`scoring.quality`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from tenderkit import __version__
from tenderkit.auditlog import verify_chain
from tenderkit.award import REGIMES
from tenderkit.errors import InputError, IntegrityError, Location, NotFoundError
from tenderkit.hashing import file_sha256
from tenderkit.rubrics.scale import NamedScale
from tenderkit.scoring.inputs import CriterionInput, exact
from tenderkit.scoring.moderation import judge_note, moderation_row
from tenderkit.scoring.quality import WeightedScore, domain_points, weighted_score
from tenderkit.templates.word.decision_content import (
    BidFigures,
    CriterionFigures,
    PublishedCriterion,
    PublishedDomain,
    RecordFacts,
    ScaleLevel,
    money,
    points,
    score_text,
)
from tenderkit.workspace.folder import Workspace
from tenderkit.workspace.results_file import BidResult, ResultsDocument, json_path, parse_results
from tenderkit.workspace.tender import OpenTender, open_tender


@dataclass(frozen=True)
class DecisionRecord:
    """A tender with a result that its decision documents may be written from."""

    tender: OpenTender
    results: ResultsDocument
    results_sha256: str

    @property
    def workspace(self) -> Workspace:
        return self.tender.workspace


def open_decision_record(root: Path) -> DecisionRecord:
    """The tender and its checked result; the first problem raises naming its file and place."""
    tender = open_tender(root)
    workspace = tender.workspace
    path = workspace.results_json
    label = workspace.label(path)
    if not path.is_file():
        raise NotFoundError(
            "there is no result yet, so there is nothing to write a decision record from",
            Location(file=label),
            hint=f"run `tender compare {root}` first",
        )
    data = path.read_bytes()
    results = parse_results(data, label)
    _check_tender(tender, results, label)
    _check_inputs(workspace, results, label)
    _check_notes(tender, results, label)
    verify_chain(workspace.audit_log)  # a broken log is refused before anything is written
    return DecisionRecord(tender, results, file_sha256(data))


def _check_tender(tender: OpenTender, results: ResultsDocument, label: str) -> None:
    config = tender.config
    if results.reference != config.reference:
        raise InputError(
            f"the result is for tender {results.reference}, but tender.yaml is {config.reference}",
            Location(file=label, path="reference"),
        )
    if results.rubric.hash != tender.rubric_hash:
        raise IntegrityError(
            f"the result was computed with rubric {results.rubric.id}@{results.rubric.version} "
            f"({results.rubric.hash}), not the tender's rubric {tender.rubric.ref} "
            f"({tender.rubric_hash})",
            Location(file=label, path="rubric.hash"),
            hint=f"run `tender compare {tender.workspace.root}` again",
        )
    expected_bidders = sorted(b.id for b in config.evaluated_bidders())
    if sorted(b.id for b in results.bidders) != expected_bidders:
        raise InputError(
            f"the result covers bidders {', '.join(sorted(b.id for b in results.bidders))}, "
            f"but tender.yaml lists {', '.join(expected_bidders)}",
            Location(file=label, path="bidders"),
            hint=f"run `tender compare {tender.workspace.root}` again",
        )
    criteria = [c.id for _, c in tender.rubric.criteria()]
    for index, bid in enumerate(results.bidders):
        if [c.id for c in bid.criteria] != criteria:
            raise InputError(
                f"bidder {bid.id}'s criteria are not the rubric's ({', '.join(criteria)})",
                Location(file=label, path=f"bidders[{index}].criteria"),
            )


def _check_inputs(workspace: Workspace, results: ResultsDocument, label: str) -> None:
    """Each input the result came from must still be the file it was (results.json `inputs`)."""
    rerun = f"run `tender compare {workspace.root}` again"
    for index, item in enumerate(results.inputs):
        where = Location(file=label, path=f"inputs[{index}]")
        path = workspace.root / item.file
        if not path.resolve().is_relative_to(workspace.root.resolve()):
            raise InputError(f"the input {item.file} is not in the workspace", where)
        if not path.is_file():
            raise IntegrityError(
                f"the result was computed from {item.file}, which is no longer there", where
            )
        actual = file_sha256(path.read_bytes())
        if actual != item.sha256:
            raise IntegrityError(
                f"{item.file} has changed since the result was computed (sha256 {item.sha256} "
                f"then, {actual} now), so the result is out of date",
                where,
                hint=rerun,
            )


def _check_notes(tender: OpenTender, results: ResultsDocument, label: str) -> None:
    """A moderation note is required where the rows were flagged or the panel moved the mean."""
    rubric = tender.rubric
    threshold = tender.config.moderation.spread_threshold
    for b_index, bid in enumerate(results.bidders):
        for c_index, figures in enumerate(bid.criteria):
            if not figures.scores:
                continue
            criterion = rubric.criterion(figures.id)
            assert criterion is not None  # _check_tender matched the criteria to the rubric
            scale = rubric.scale_for(criterion)
            row = moderation_row(
                bid.id,
                figures.id,
                figures.scores,
                spread_threshold=threshold,
                scale_step=scale.step,
                scale_min=scale.minimum,
            )
            flaw = judge_note(row, figures.consensus, figures.note)
            if flaw is not None:
                raise InputError(
                    f"no moderation note for bidder {bid.id} on {figures.id}: {flaw.message}",
                    Location(file=label, path=f"bidders[{b_index}].criteria[{c_index}].note"),
                    hint=f"complete N.{bid.id}.{figures.id} in moderation.xlsx and run "
                    "`tender compare` again",
                )


# --- plain values for the documents -------------------------------------------------------


def facts(record: DecisionRecord, date: dt.date) -> RecordFacts:
    tender, results = record.tender, record.results
    rubric = tender.rubric
    titles = tender.domain_titles
    published: list[PublishedCriterion] = []
    for domain, criterion in rubric.criteria():
        scale = rubric.scale_for(criterion)
        weight = rubric.effective_weight(domain, criterion)
        core = CriterionInput(criterion.id, domain.id, weight, scale.maximum)
        levels = (
            tuple(ScaleLevel(p.score, p.label, p.descriptor) for p in scale.points)
            if isinstance(scale, NamedScale)
            else ()
        )
        published.append(
            PublishedCriterion(
                id=criterion.id,
                title=criterion.title,
                domain=domain.id,
                domain_title=titles.get(domain.id, domain.id),
                weight=weight,
                max_points=float(
                    weighted_score(core, scale.maximum, exact(results.weights.quality))
                ),
                scale_min=scale.minimum,
                scale_max=scale.maximum,
                scale_step=scale.step,
                scale_title=scale.title or _scale_words(scale.minimum, scale.maximum),
                levels=levels,
                threshold=criterion.threshold,
            )
        )
    # Full marks everywhere, as the scoring core sums them per domain.
    maxima = domain_points(
        [WeightedScore(c.id, c.domain, exact(c.scale_max), exact(c.max_points)) for c in published]
    )
    return RecordFacts(
        title=tender.config.title,
        reference=tender.config.reference,
        regime=tender.config.regime,
        regime_name=REGIMES[tender.config.regime],
        rubric_id=rubric.id,
        rubric_version=rubric.version,
        rubric_title=rubric.title,
        rubric_hash=tender.rubric_hash,
        results_hash=record.results_sha256,
        tool_version=__version__,
        quality_weight=results.weights.quality,
        price_weight=results.weights.price,
        price_formula=results.price_formula,
        basis=results.basis,
        criteria=tuple(published),
        domains=tuple(
            PublishedDomain(d.id, titles.get(d.id, d.id), d.weight, float(maxima[d.id]))
            for d in rubric.domains
        ),
        winner=results.winner,
        date=date,
    )


def _scale_words(low: float, high: float) -> str:
    return f"{score_text(low)} to {score_text(high)}"


def bid_figures(results: ResultsDocument, bid: BidResult) -> BidFigures:
    """One bid's figures from the result, with its domain sub-totals and price working."""
    weighted = [
        WeightedScore(c.id, c.domain, exact(c.consensus), exact(c.weighted)) for c in bid.criteria
    ]
    return BidFigures(
        id=bid.id,
        name=bid.name,
        quality=bid.quality,
        price=bid.price,
        price_score=bid.price_score,
        price_per_quality_point=bid.price_per_quality_point,
        total=bid.total,
        rank=bid.rank,
        status=bid.status,
        tied=bid.tied,
        reasons=tuple(bid.reasons),
        criteria=tuple(
            CriterionFigures(c.id, c.consensus, c.weighted, c.note, tuple(sorted(c.scores.items())))
            for c in bid.criteria
        ),
        domains=tuple((d, float(v)) for d, v in domain_points(weighted).items()),
        price_working=price_working(results, bid),
    )


def lowest_eligible_price(results: ResultsDocument) -> float | None:
    """The lowest price among the bids priced against each other (those not excluded)."""
    prices = [b.price for b in results.bidders if b.status != "excluded" and b.price is not None]
    return min(prices) if prices else None


def price_working(results: ResultsDocument, bid: BidResult) -> str:
    """How the bid's price became its price score (or ranking basis), with the numbers."""
    formula = results.price_formula
    weight = results.weights.price
    if bid.status == "excluded":
        return "The bid was excluded before price was considered, so it has no price score."
    if formula == "price-per-quality-point":
        return (
            "Bids are ranked by price per quality point, lowest first: the bid price divided by "
            f"its quality points, {money(bid.price)} ÷ {points(bid.quality)} = "
            f"{money(bid.price_per_quality_point)} per quality point."
        )
    if weight == 0 or bid.price_score is None:
        return "Price carries no weight in this award, so no price score is given."
    lowest = lowest_eligible_price(results)
    if formula == "lowest-over-bid":
        return (
            "Price score = lowest price ÷ this bid's price × price weight = "
            f"{money(lowest)} ÷ {money(bid.price)} × {points(weight)} = "
            f"{points(bid.price_score)} points."
        )
    return (
        "Price score = price weight × (1 − (this bid's price − lowest price) ÷ lowest price), "
        f"and never below 0 = {points(weight)} × (1 − ({money(bid.price)} − {money(lowest)}) ÷ "
        f"{money(lowest)}) = {points(bid.price_score)} points."
    )


def all_bid_figures(results: ResultsDocument) -> tuple[BidFigures, ...]:
    return tuple(bid_figures(results, b) for b in results.bidders)


# --- the collection and the audit log, for the report ----------------------------------


class _CollectedScore(BaseModel):
    model_config = ConfigDict(extra="allow")

    bidder: str
    criterion: str
    evaluator: str
    score: float
    rationale: str


class _Collected(BaseModel):
    """The parts of `tenderkit-collected/1` the report reads (collection_report.py writes it)."""

    model_config = ConfigDict(extra="allow")

    format: Literal["tenderkit-collected/1"]
    complete: bool
    scores: list[_CollectedScore]
    set_aside: list[dict[str, Any]]
    evaluators: list[dict[str, Any]]
    problems: list[dict[str, Any]]
    notes: list[dict[str, Any]]


def read_collected(workspace: Workspace) -> dict[str, Any]:
    """out/collected.json as written by `tender collect` (`tenderkit-collected/1`), checked."""
    path = workspace.collected_json
    label = workspace.label(path)
    if not path.is_file():
        raise NotFoundError(
            "there is no collection of scores", Location(file=label), hint="run `tender collect`"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"not a JSON document ({exc})", Location(file=label)) from None
    try:
        _Collected.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        raise InputError(
            f"not a tenderkit-collected/1 document: {first['msg']}",
            Location(file=label, path=json_path(tuple(first["loc"]))),
        ) from None
    checked: dict[str, Any] = data
    return checked


def log_entries(workspace: Workspace) -> list[dict[str, Any]]:
    """Every entry of the (verified) audit log, in order."""
    path = workspace.audit_log
    verify_chain(path)
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_bytes().split(b"\n")[:-1]]


def unique(values: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for value in values:
        if value not in seen:
            seen.append(value)
    return seen
