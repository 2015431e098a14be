"""`tender demo` builds, scores (synthetically) and collects an example tender."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tenderkit.cli.app import cli
from tenderkit.cli.demo_evaluation import SYNTHETIC


def test_the_demo_collects_a_complete_synthetic_evaluation(
    tmp_path: Path, runner: CliRunner
) -> None:
    """Three bidders, three evaluators (one by domain, one conflict), all labelled synthetic."""
    result = runner.invoke(cli, ["demo", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    root = tmp_path / "out" / "evaluation"
    data = json.loads((root / "out" / "collected.json").read_text())
    assert data["complete"] is True
    assert {s["bidder"] for s in data["scores"]} == {"B1", "B2", "B3"}
    assert {s["evaluator"] for s in data["scores"]} == {"E1", "E2", "E3"}
    assert all(s["rationale"].startswith(SYNTHETIC) for s in data["scores"])
    assert [(a["evaluator"], a["bidder"]) for a in data["set_aside"]] == [("E3", "B3")]
    e3 = {s["criterion"] for s in data["scores"] if s["evaluator"] == "E3"}
    assert e3 == {"CV1", "CV2", "LM1", "LM2"}
    assert f"wrote {root / 'out' / 'collected.json'}" in result.output


def test_the_demo_will_not_overwrite_its_workspace(tmp_path: Path, runner: CliRunner) -> None:
    """Running the demo twice into one folder stops with a clear error."""
    runner.invoke(cli, ["demo", str(tmp_path / "out")])
    again = runner.invoke(cli, ["demo", str(tmp_path / "out")])
    assert again.exit_code == 1
    assert "demo tender workspace is already here" in again.stderr
