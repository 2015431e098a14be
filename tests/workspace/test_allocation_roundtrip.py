"""Allocation by bidder and by lot through issue, collect, moderate and compare."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import (
    NOW,
    fill_returns,
    issue,
    make_small_workspace,
    names_with_prefix,
    small_tender,
)
from tests.support.results import write_results

BIDDERS = [
    {"id": "B1", "name": "North Care Ltd", "lot": "north"},
    {"id": "B2", "name": "North Health CIC", "lot": "north"},
    {"id": "B3", "name": "South Care Ltd", "lot": "south"},
]
BY_BIDDER = [
    {"id": "E1", "name": "One", "bidders": ["B1", "B2"]},
    {"id": "E2", "name": "Two", "bidders": ["B2", "B3"]},
    {"id": "E3", "name": "Three", "bidders": ["B1", "B3"]},
]
BY_LOT = [
    {"id": "E1", "name": "One", "lots": ["north"]},
    {"id": "E2", "name": "Two", "lots": ["south"]},
    {"id": "E3", "name": "Three", "lots": ["north", "south"], "domains": ["culture-values"]},
]


def allocated(evaluators: list[dict[str, object]]) -> dict[str, set[str]]:
    """Whose bids each evaluator scores, worked out from the allocation as written."""
    lots = {b["id"]: b["lot"] for b in BIDDERS}
    out = {}
    for e in evaluators:
        if "bidders" in e:
            out[str(e["id"])] = set(e["bidders"])  # type: ignore[arg-type]
        else:
            out[str(e["id"])] = {b for b, lot in lots.items() if lot in e["lots"]}  # type: ignore[operator]
    return out


@pytest.mark.parametrize("evaluators", [BY_BIDDER, BY_LOT], ids=["by-bidder", "by-lot"])
def test_allocation_is_followed_from_issue_to_the_result(
    tmp_path: Path, evaluators: list[dict[str, object]]
) -> None:
    """Each workbook holds its evaluator's bids only; all scores count; the result ranks all."""
    root = make_small_workspace(
        tmp_path / "t", small_tender(bidders=BIDDERS, evaluators=evaluators)
    )
    issue(root)
    expected = allocated(evaluators)
    for evaluator, bids in expected.items():
        book = openpyxl.load_workbook(root / "issued" / f"{evaluator}.xlsx")
        assert {n.split(".")[1] for n in names_with_prefix(book, "COI")} == bids
    fill_returns(root)
    outcome = collect_returns(open_tender(root), NOW)
    assert outcome.collection.complete, outcome.collection.problems
    by_evaluator: dict[str, set[str]] = {}
    for score in outcome.collection.scores:
        by_evaluator.setdefault(score.evaluator, set()).add(score.bidder)
    assert by_evaluator == expected
    consensus = {
        (s.bidder, s.criterion): 3.0 for s in outcome.collection.scores
    }  # every evaluator gave 3, so the consensus is the rounded mean and needs no note
    write_results(root, consensus, {}, {"B1": Decimal(100), "B2": Decimal(90), "B3": Decimal(120)})
    results = json.loads((root / "out" / "results.json").read_text("utf-8"))
    assert [b["id"] for b in results["bidders"]] == ["B2", "B1", "B3"]  # equal quality: price
    for bid in results["bidders"]:
        for criterion in bid["criteria"]:
            assert set(criterion["scores"]) <= {
                e for e, bids in expected.items() if bid["id"] in bids
            }


def test_tender_allocate_proposes_a_covering_allocation(tmp_path: Path) -> None:
    """The proposal, pasted into tender.yaml, issues and collects without a gap."""
    evaluators = [{"id": f"E{i}", "name": f"Evaluator {i}"} for i in range(1, 5)]
    root = make_small_workspace(
        tmp_path / "t", small_tender(bidders=BIDDERS, evaluators=evaluators)
    )
    result = CliRunner().invoke(cli, ["allocate", str(root), "--per-bid", "2"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip().startswith("bidders:")]
    proposal = {
        f"E{i}": line.split("[")[1].rstrip("]").split(", ") for i, line in enumerate(lines, 1)
    }
    counts = {b["id"]: sum(b["id"] in bids for bids in proposal.values()) for b in BIDDERS}
    assert counts == {"B1": 2, "B2": 2, "B3": 2}
    assert sorted(len(b) for b in proposal.values()) == [1, 1, 2, 2]
    evaluators = [dict(e, bidders=proposal[str(e["id"])]) for e in evaluators]
    make_small_workspace(tmp_path / "u", small_tender(bidders=BIDDERS, evaluators=evaluators))
    issue(tmp_path / "u")
    fill_returns(tmp_path / "u")
    assert collect_returns(open_tender(tmp_path / "u"), NOW).collection.complete


def test_tender_allocate_refuses_a_per_bid_the_panel_cannot_meet(tmp_path: Path) -> None:
    evaluators = [{"id": "E1", "name": "One"}, {"id": "E2", "name": "Two", "conflicts": ["B1"]}]
    root = make_small_workspace(
        tmp_path / "t", small_tender(bidders=BIDDERS, evaluators=evaluators)
    )
    result = CliRunner().invoke(cli, ["allocate", str(root), "--per-bid", "2"])
    assert result.exit_code == 1
    assert "bidder B1, criterion CV1: only 1 evaluator(s) free to score it" in result.stderr
