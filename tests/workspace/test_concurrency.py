"""Two runs on one workspace, and runs killed midway, leave valid outputs and a valid log."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tenderkit.auditlog import verify_chain
from tenderkit.hashing import file_sha256
from tenderkit.workspace import commit as commit_module
from tenderkit.workspace import events
from tenderkit.workspace.audit import verify_trail
from tenderkit.workspace.commit import PENDING, commit, recover, workspace_step
from tenderkit.workspace.folder import Workspace
from tests.support.evaluation import NOW, fill_returns, issue, make_small_workspace

TENDER = [sys.executable, "-c", "from tenderkit.cli.app import main; main()"]


@pytest.fixture
def returned(tmp_path: Path) -> Path:
    root = make_small_workspace(tmp_path / "tender")
    issue(root)
    fill_returns(root)
    return root


def tender(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [*TENDER, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=os.environ.copy()
    )


def last_collection(root: Path) -> dict[str, object]:
    lines = (root / "out" / "audit.log").read_text("utf-8").splitlines()
    entries = [json.loads(line) for line in lines]
    return [e for e in entries if e["event"] == "collection"][-1]


def assert_consistent(root: Path) -> None:
    """The log verifies and accounts for collected.json; nothing is left pending."""
    verify_trail(Workspace(root))
    assert not (root / "out" / PENDING).exists()
    data = (root / "out" / "collected.json").read_bytes()
    assert last_collection(root)["sha256"] == file_sha256(data)


def test_two_collects_at_once_both_finish_one_after_the_other(returned: Path) -> None:
    """The second run waits for the workspace lock; both are recorded, in turn."""
    before = verify_chain(returned / "out" / "audit.log").entries
    runs = [tender("collect", str(returned)) for _ in range(2)]
    results = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], results
    assert_consistent(returned)
    lines = (returned / "out" / "audit.log").read_text("utf-8").splitlines()[before:]
    kinds = [json.loads(line)["event"] for line in lines]
    # Each run appends its own block (return-read ... collection), never interleaved.
    assert kinds.count("collection") == 2
    first_end = kinds.index("collection")
    assert "collection" not in kinds[:first_end] and kinds[first_end + 1] == "return-read"


@pytest.mark.parametrize("delay", [0.05, 0.2, 0.4, 0.6, 0.9])
def test_a_collect_killed_midway_leaves_a_valid_workspace(returned: Path, delay: float) -> None:
    """Killed at any moment, beside another run: the outputs and the log stay valid."""
    tender("collect", str(returned)).communicate(timeout=300)  # a previous good collection
    victim = tender("collect", str(returned))
    other = tender("collect", str(returned))
    time.sleep(delay)
    victim.send_signal(signal.SIGKILL)
    victim.communicate(timeout=60)
    other.communicate(timeout=300)
    assert other.returncode == 0
    assert_consistent(returned)


def _one_step(root: Path, data: bytes) -> None:
    workspace = Workspace(root)
    with workspace_step(workspace):
        commit(
            workspace,
            [(workspace.collected_json, data)],
            [
                events.CollectionWritten(
                    complete=True,
                    scores_accepted=0,
                    problems=0,
                    collected_json="out/collected.json",
                    sha256=file_sha256(data),
                )
            ],
            NOW,
        )


def test_a_step_interrupted_before_its_log_entry_is_undone(
    returned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Outputs staged but not yet recorded are discarded: the previous outputs stay."""
    tender("collect", str(returned)).communicate(timeout=300)
    old = (returned / "out" / "collected.json").read_bytes()
    real = commit_module.fsio.write_bytes

    def dies_at_the_log(target: Path | str, data: bytes) -> None:
        if Path(target).name == "audit.log":
            raise KeyboardInterrupt  # the process stops here
        real(target, data)

    monkeypatch.setattr(commit_module.fsio, "write_bytes", dies_at_the_log)
    with pytest.raises(KeyboardInterrupt):
        _one_step(returned, b"{}\n")
    monkeypatch.undo()
    assert (returned / "out" / PENDING).exists()
    assert recover(Workspace(returned)) == "undone"
    assert (returned / "out" / "collected.json").read_bytes() == old
    assert_consistent(returned)


def test_a_step_interrupted_after_its_log_entry_is_completed(
    returned: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once the log records a step, the next command (or audit verify) puts its outputs in place."""
    tender("collect", str(returned)).communicate(timeout=300)
    workspace = Workspace(returned)
    monkeypatch.setattr(
        commit_module, "_roll_forward", lambda *args: (_ for _ in ()).throw(KeyboardInterrupt)
    )
    new = b'{"format": "changed"}\n'
    with pytest.raises(KeyboardInterrupt):
        _one_step(returned, new)
    monkeypatch.undo()
    assert (returned / "out" / "collected.json").read_bytes() != new
    verify_trail(workspace)  # completes the step first, as the next command would
    assert (returned / "out" / "collected.json").read_bytes() == new
    assert not (returned / "out" / PENDING).exists()
