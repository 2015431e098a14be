"""`tender demo` builds, scores (synthetically) and collects an example tender."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from ruamel.yaml import YAML

import tenderkit.cli.demo_cmd as demo_module
from tenderkit.cli.app import cli
from tenderkit.rubrics.library import resolve_rubric
from tenderkit.workspace.demo.evaluation import (
    CONFLICTS,
    DEMO_TENDER,
    SYNTHETIC,
    evaluation_workspace,
)
from tenderkit.workspace.demo.journey import STEPS
from tenderkit.workspace.init import init_workspace
from tests.conftest import DemoRun
from tests.support.evaluation import NOW, expected_pairs


def demo(runner: CliRunner, out: Path) -> Result:
    return runner.invoke(cli, ["demo", str(out)])


def assert_refused(result: Result, *parts: str) -> str:
    """Exit 1 with exactly one error line containing every part, and no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    assert all(p in lines[0] for p in parts), lines[0]
    return lines[0]


def contents(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def demo_out(demo_run: DemoRun) -> Path:
    """The shared demo run's OUT, for the tests that only read what it made."""
    return demo_run.out


@pytest.fixture
def evaluation_step_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """`tender demo` with only the step that replaces (or refuses to replace) the evaluation
    folder, for the refusals: the steps before it write other files and are the shared
    run's to check."""
    assert evaluation_workspace in STEPS and demo_module.STEPS is STEPS
    monkeypatch.setattr(demo_module, "STEPS", [evaluation_workspace])


def earlier_demo(demo_run: DemoRun, out: Path) -> Path:
    """OUT as a first `tender demo OUT` leaves it: the shared run's folder, copied whole."""
    shutil.copytree(demo_run.out, out, symlinks=True)
    return out


def test_the_demo_collects_a_complete_synthetic_evaluation(demo_out: Path) -> None:
    """Three bidders, three evaluators (one by domain, one conflict), all labelled synthetic."""
    body = YAML(typ="safe").load(DEMO_TENDER)
    rubric = resolve_rubric(body["rubric"]).rubric
    allocated = expected_pairs(rubric, body)
    # E3 is limited to some domains, so scores fewer criteria than the others.
    assert 0 < len(allocated["E3"]) < len(allocated["E1"])
    expected = sorted(
        (bidder, criterion, evaluator)
        for evaluator, pairs in allocated.items()
        for bidder, criterion in pairs
        if (evaluator, bidder) not in CONFLICTS
    )
    data = json.loads((demo_out / "evaluation" / "out" / "collected.json").read_text())
    assert data["complete"] is True
    assert sorted((s["bidder"], s["criterion"], s["evaluator"]) for s in data["scores"]) == expected
    assert {s["bidder"] for s in data["scores"]} == {"B1", "B2", "B3"}
    assert all(s["rationale"].startswith(SYNTHETIC) for s in data["scores"])
    assert [(a["evaluator"], a["bidder"]) for a in data["set_aside"]] == sorted(CONFLICTS)


def test_running_the_demo_again_rebuilds_its_workspace(
    demo_run: DemoRun, demo_rerun: DemoRun
) -> None:
    """A second run into the same OUT replaces its own demo workspace with a fresh one."""
    out = demo_rerun.out
    root = out / "evaluation"
    assert f"wrote {root / 'out' / 'collected.json'}" in demo_rerun.output
    # The same report as the first run, with its files in this OUT.
    assert demo_rerun.output == demo_run.output.replace(str(demo_run.out), str(out))
    # A fresh workspace: a new signing secret, one workspace-created entry in its audit log.
    first_secret = (demo_run.out / "evaluation" / ".tender-secret").read_bytes()
    assert (root / ".tender-secret").read_bytes() != first_secret
    log = (root / "out" / "audit.log").read_text().splitlines()
    assert [json.loads(line)["event"] for line in log].count("workspace-created") == 1
    assert json.loads((root / "out" / "collected.json").read_text())["complete"] is True
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in demo_run.out.iterdir())


def test_the_demo_will_not_replace_a_workspace_it_did_not_make(
    tmp_path: Path, runner: CliRunner, evaluation_step_only: None
) -> None:
    """A real tender workspace where the demo would go is refused and left exactly as it was."""
    root = tmp_path / "out" / "evaluation"
    init_workspace(root, NOW)
    before = contents(root)
    assert_refused(demo(runner, tmp_path / "out"), str(root), "not made by `tender demo`")
    assert contents(root) == before
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.startswith(".")]


def test_the_demo_will_not_delete_a_file_it_did_not_make(
    demo_run: DemoRun, tmp_path: Path, runner: CliRunner, evaluation_step_only: None
) -> None:
    """A file added to the demo workspace (here a return) stops the rebuild and is named."""
    out = earlier_demo(demo_run, tmp_path / "out")
    added = out / "evaluation" / "returns" / "my-return.xlsx"
    added.write_bytes(b"the lead's own file")
    before = contents(out / "evaluation")
    assert_refused(demo(runner, out), str(added), "will not delete it")
    assert contents(out / "evaluation") == before


def test_the_demo_will_not_replace_its_workspace_once_the_tender_is_edited(
    demo_run: DemoRun, tmp_path: Path, runner: CliRunner, evaluation_step_only: None
) -> None:
    """An edited demo tender.yaml may now be real work, so the demo leaves the folder alone."""
    out = earlier_demo(demo_run, tmp_path / "out")
    tender = out / "evaluation" / "tender.yaml"
    tender.write_text(tender.read_text().replace("DEMO-2027-001", "ICB-2027-014"))
    before = contents(out / "evaluation")
    assert_refused(demo(runner, out), str(tender), "changed after `tender demo` wrote it")
    assert contents(out / "evaluation") == before
