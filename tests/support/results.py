"""A workspace taken as far as `out/results.json`, computed by the real scoring core.

Until `tender compare` exists on this line of work, `write_results` stands in for it: it reads
the workspace's collected scores, takes the consensus scores and notes a test chooses (as a
moderator would enter them), runs `scoring.results.evaluate` and writes `results_document`
where compare writes it, recording the SHA-256 of the moderation workbook, prices.csv and
collected.json it was computed from. The moderation workbook written here is a plain record
of those choices (so editing it changes its hash), not the signed workbook `tender moderate`
issues. Replace this module's use with the real `tender compare` when it lands.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path

import openpyxl

from tenderkit.templates.excel.workbook_fill import fill_named_cells
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.compare import compare_bids
from tenderkit.workspace.moderate import issue_moderation
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import (
    NOW,
    fill,
    issue,
    make_small_workspace,
    small_tender,
)

Pair = tuple[str, str]
COLLECTED_AT = dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC)

#: The example tender: three bidders, E1 scores every criterion, E2 culture and values only.
BIDDERS = [
    {"id": "B1", "name": "Example Care Ltd"},
    {"id": "B2", "name": "Sample Health CIC"},
    {"id": "B3", "name": "Demonstration Nursing Ltd"},
]
CRITERIA = ["CV1", "CV2", "AA1", "AA2", "LM1", "PP1", "PP2"]
E1_SCORES: dict[str, list[int]] = {
    "B1": [4, 3, 4, 3, 5, 4, 3],
    "B2": [1, 3, 2, 3, 3, 2, 3],
    "B3": [1, 3, 3, 3, 3, 3, 3],
}
E2_SCORES: dict[str, list[int]] = {"B1": [2, 3], "B2": [2, 4], "B3": [1, 3]}
#: The panel's consensus: B1 CV1 was flagged (4 and 2), B2 CV1 moved from its rounded mean of 2
#: (1 and 2 give 1.5) is not moved; B3 CV1 falls below CV1's threshold of 2 and is excluded.
CONSENSUS: dict[str, list[float]] = {
    "B1": [3, 3, 4, 3, 5, 4, 3],
    "B2": [2, 4, 2, 3, 3, 2, 3],
    "B3": [1, 3, 3, 3, 3, 3, 3],
}
NOTES: dict[Pair, str] = {
    ("B1", "CV1"): "Values are defined with staff, but the bid gives no survey evidence of "
    "their use; the panel agreed 3.",
    ("B2", "CV2"): "Induction covers the values and the bid shows how new staff are asked "
    "about them.",
    ("B3", "CV1"): "The bid describes values set by the board without staff involvement.",
}
PRICES = {"B1": Decimal("110000"), "B2": Decimal("100000"), "B3": Decimal("90000")}


def example_body() -> dict[str, object]:
    return small_tender(bidders=BIDDERS)


def collected_example(root: Path) -> Path:
    """The example tender issued, scored by E1 and E2 and collected."""
    make_small_workspace(root, example_body())
    issue(root)
    e1 = {
        f"S.{b}.{c}": s for b, row in E1_SCORES.items() for c, s in zip(CRITERIA, row, strict=True)
    }
    # E2 scores culture and values only: the first two criteria.
    e2 = {
        f"S.{b}.{c}": s
        for b, row in E2_SCORES.items()
        for c, s in zip(CRITERIA[:2], row, strict=True)
    }
    fill(root / "issued" / "E1.xlsx", root / "returns" / "E1.xlsx", values=e1)
    fill(root / "issued" / "E2.xlsx", root / "returns" / "E2.xlsx", values=e2)
    outcome = collect_returns(open_tender(root), COLLECTED_AT)
    assert outcome.collection.complete, outcome.collection.problems
    return root


def write_moderation(
    root: Path, consensus: Mapping[Pair, float], notes: Mapping[Pair, str]
) -> Path:
    """A plain workbook of the consensus scores and notes, standing in for moderation.xlsx."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["bidder", "criterion", "consensus", "note"])
    for (bidder, criterion), score in consensus.items():
        sheet.append([bidder, criterion, score, notes.get((bidder, criterion), "")])
    path = root / "moderation.xlsx"
    out = io.BytesIO()
    book.save(out)
    path.write_bytes(out.getvalue())
    return path


def write_prices(root: Path, prices: Mapping[str, Decimal]) -> Path:
    path = root / "prices.csv"
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["bidder", "price"])
    for bidder, price in prices.items():
        writer.writerow([bidder, str(price)])
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def write_results(
    root: Path,
    consensus: Mapping[Pair, float],
    notes: Mapping[Pair, str],
    prices: Mapping[str, Decimal],
) -> Path:
    """out/results.json as the panel would make it: `tender moderate`, the consensus and notes
    entered by defined names, prices.csv, then `tender compare`."""
    tender = open_tender(root)
    issued = issue_moderation(tender, COLLECTED_AT, COLLECTED_AT)
    values: dict[str, str | int | float | None] = {}
    for line in issued.workbook.lines:
        pair = (line.bidder, line.criterion)
        if pair in consensus:
            score = consensus[pair]
            values[line.consensus.name] = int(score) if float(score).is_integer() else score
        if pair in notes:
            values[line.note.name] = notes[pair]
    issued.path.write_bytes(fill_named_cells(issued.path.read_bytes(), values))
    write_prices(root, prices)
    compare_bids(open_tender(root), COLLECTED_AT)
    return root / "out" / "results.json"


def pairs(table: Mapping[str, list[float]]) -> dict[Pair, float]:
    return {(b, c): s for b, row in table.items() for c, s in zip(CRITERIA, row, strict=True)}


def example_with_results(
    root: Path,
    consensus: Mapping[Pair, float] | None = None,
    notes: Mapping[Pair, str] | None = None,
) -> Path:
    """The example tender collected and compared: out/results.json written."""
    collected_example(root)
    write_results(
        root,
        pairs(CONSENSUS) if consensus is None else consensus,
        NOTES if notes is None else notes,
        PRICES,
    )
    return root


__all__ = ["NOW", "example_with_results"]


def moderate_as_the_panel_would(root: Path) -> tuple[dict[Pair, float], dict[Pair, str]]:
    """Consensus at each row's rounded mean, with a note on every flagged row (collected.json)."""
    from tenderkit.scoring.moderation import moderation_row

    tender = open_tender(root)
    rubric = tender.rubric
    collected = json.loads((root / "out" / "collected.json").read_text(encoding="utf-8"))
    scores: dict[Pair, dict[str, float]] = {}
    for s in collected["scores"]:
        scores.setdefault((s["bidder"], s["criterion"]), {})[s["evaluator"]] = s["score"]
    consensus: dict[Pair, float] = {}
    notes: dict[Pair, str] = {}
    for (bidder, criterion_id), given in scores.items():
        criterion = rubric.criterion(criterion_id)
        assert criterion is not None
        scale = rubric.scale_for(criterion)
        row = moderation_row(
            bidder,
            criterion_id,
            given,
            spread_threshold=tender.config.moderation.spread_threshold,
            scale_step=scale.step,
            scale_min=scale.minimum,
        )
        consensus[(bidder, criterion_id)] = float(row.rounded_mean)
        if row.flagged:
            notes[(bidder, criterion_id)] = (
                "The panel discussed the evidence and agreed this score."
            )
    return consensus, notes
