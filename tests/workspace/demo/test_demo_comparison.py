"""`tender demo` takes its workspace through the comparison, on prices labelled synthetic."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenderkit.hashing import file_sha256
from tenderkit.templates.excel.names import excel_name
from tenderkit.workspace.audit import verify_trail
from tenderkit.workspace.demo.comparison import SYNTHETIC_PRICES
from tenderkit.workspace.folder import Workspace
from tests.conftest import DemoRun
from tests.support.comparison import named_values


@pytest.fixture(scope="module")
def demo_root(demo_run: DemoRun) -> Path:
    for name in ("prices.csv", "out/results.json", "out/comparison.xlsx"):
        assert f"wrote {demo_run.out / 'evaluation' / name}" in demo_run.output
    return demo_run.out / "evaluation"


@pytest.fixture(scope="module")
def document(demo_root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((demo_root / "out" / "results.json").read_text("utf-8"))
    return data


def test_the_demo_prices_say_they_are_synthetic(demo_root: Path) -> None:
    first = (demo_root / "prices.csv").read_text("utf-8").splitlines()[0]
    assert first.startswith(f"# {SYNTHETIC_PRICES}: not real bids")


def test_the_demo_decides_an_award_over_every_bid(
    demo_root: Path, document: dict[str, Any]
) -> None:
    assert document["format"] == "tenderkit-results/1"
    assert document["reference"] == "DEMO-2027-001"
    assert {b["id"] for b in document["bidders"]} == {"B1", "B2", "B3"}
    ranked = [b for b in document["bidders"] if b["rank"] is not None]
    assert ranked and document["winner"] in {b["id"] for b in ranked}
    assert [i["file"] for i in document["inputs"]][-1] == "prices.csv"


def test_the_demo_workbook_carries_the_results_figures(
    demo_root: Path, document: dict[str, Any]
) -> None:
    cached = named_values(demo_root / "out" / "comparison.xlsx")
    for bid in document["bidders"]:
        if bid["total"] is not None:
            assert cached[excel_name("Total", bid["id"])] == bid["total"]


def test_the_demo_audit_trail_accounts_for_the_comparison(demo_root: Path) -> None:
    workspace = Workspace(demo_root)
    verify_trail(workspace)
    lines = workspace.audit_log.read_text("utf-8").splitlines()
    # The demo goes on to the decision records; the comparison is the last entry before them.
    entry = [json.loads(line) for line in lines if '"event":"comparison"' in line][-1]
    assert entry["event"] == "comparison"
    assert entry["results_sha256"] == file_sha256(workspace.results_json.read_bytes())
