"""Same inputs, same bytes: issued workbooks and collected.json do not depend on the run."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path


def tender(root: Path, seed: int, *args: str) -> None:
    """Run the CLI in a fresh interpreter with its own hash seed (set and dict orders differ)."""
    env = {**os.environ, "PYTHONHASHSEED": str(seed)}
    code = "from tenderkit.cli.app import main; main()"
    subprocess.run(
        [sys.executable, "-c", code, *args], env=env, check=True, capture_output=True, cwd=root
    )


def digests(*paths: Path) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_reissuing_at_the_same_time_gives_byte_identical_workbooks(
    returned_workspace: Path,
) -> None:
    """--reissue with the same --issued-at, in another process, rewrites the same bytes."""
    issued = sorted((returned_workspace / "issued").glob("*.xlsx"))
    before = digests(*issued)
    for seed in (1, 2):
        args = ["workbooks", "issue", ".", "--reissue", "--issued-at", "2027-03-01T09:00:00Z"]
        tender(returned_workspace, seed, *args)
        assert digests(*issued) == before


def test_collecting_in_another_process_gives_the_same_outputs(returned_workspace: Path) -> None:
    """collected.json and the report are the same bytes whatever the process's hash seed."""
    out = returned_workspace / "out"
    results = []
    for seed in (3, 4):
        tender(returned_workspace, seed, "collect", ".")
        results.append(digests(out / "collected.json", out / "collection-report.md"))
    assert results[0] == results[1]
