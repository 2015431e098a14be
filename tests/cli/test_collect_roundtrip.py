"""Issue workbooks, fill them by defined names, collect them back."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tenderkit.cli.app import cli
from tests.support.evaluation import (
    RATIONALE,
    expected_pairs,
    fill_returns,
    small_rubric_model,
    small_tender,
)


def collect(runner: CliRunner, root: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(cli, ["collect", str(root)])


def test_complete_returns_are_collected_with_exit_zero(
    issued_workspace: Path, runner: CliRunner
) -> None:
    """Complete, valid returns from every evaluator give exit 0 and every score in collected.json."""
    fill_returns(issued_workspace, score=4)
    result = collect(runner, issued_workspace)
    assert result.exit_code == 0, result.output
    data = json.loads((issued_workspace / "out" / "collected.json").read_text())
    assert data["complete"] is True
    # E1 scores every criterion and E2 only culture and values, for both bidders.
    expected = expected_pairs(small_rubric_model(), small_tender())
    assert {
        e: sorted((s["bidder"], s["criterion"]) for s in data["scores"] if s["evaluator"] == e)
        for e in expected
    } == {e: sorted(pairs) for e, pairs in expected.items()}
    total = sum(len(pairs) for pairs in expected.values())
    assert len(data["scores"]) == total
    first = data["scores"][0]
    assert (first["bidder"], first["criterion"], first["evaluator"], first["score"]) == (
        "B1",
        "CV1",
        "E1",
        4,
    )
    assert first["rationale"] == RATIONALE
    assert first["source"]["file"] == "returns/E1.xlsx"
    assert f"collection complete: {total} score(s) accepted" in result.output
