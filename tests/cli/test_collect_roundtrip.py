"""Issue workbooks, fill them by defined names, collect them back."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tenderkit.cli.app import cli
from tests.support.evaluation import RATIONALE, fill_returns


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
    # E1 scores 8 criteria and E2 the 2 culture-values criteria, for 2 bidders each.
    assert len(data["scores"]) == (8 + 2) * 2
    first = data["scores"][0]
    assert (first["bidder"], first["criterion"], first["evaluator"], first["score"]) == (
        "B1",
        "CV1",
        "E1",
        4,
    )
    assert first["rationale"] == RATIONALE
    assert first["source"]["file"] == "returns/E1.xlsx"
    assert "collection complete: 20 score(s) accepted" in result.output
