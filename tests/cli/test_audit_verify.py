"""`tender audit verify` shows edits, deletions, reorderings and cuts; a broken log stops writes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.support.evaluation import fill


def verify(runner: CliRunner, root: Path, *extra: str) -> Result:
    return runner.invoke(cli, ["audit", "verify", str(root), *extra])


def refused(result: Result, *parts: str) -> str:
    """Exit 1 with one error line holding every part, and no traceback."""
    assert result.exit_code == 1, result.output
    assert isinstance(result.exception, SystemExit)
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("error: ") and all(p in line for p in parts), line
    return line


def collected(runner: CliRunner, root: Path) -> list[bytes]:
    """Collect, then return the log's lines (with their newlines)."""
    runner.invoke(cli, ["collect", str(root)])
    return (root / "out" / "audit.log").read_bytes().splitlines(keepends=True)


def head_of(result: Result) -> str:
    return result.stdout.split("head ")[1].split()[0]


def test_an_intact_log_accounts_for_the_workspace_files(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Two issued workbooks, collected.json and the pin are all found in the log."""
    collected(runner, returned_workspace)
    result = verify(runner, returned_workspace)
    assert result.exit_code == 0, result.output
    assert "chain intact; head sha256:" in result.stdout
    assert "(4 workspace file(s) accounted for)" in result.stdout


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("delete", "expected 3"),
        ("swap", "expected 3"),
        ("edit", "the log was edited"),
    ],
)
def test_deleted_reordered_or_edited_lines_are_found(
    returned_workspace: Path, runner: CliRunner, change: str, expected: str
) -> None:
    """Removing the third line, swapping the third and fourth or editing one breaks the chain."""
    lines = collected(runner, returned_workspace)
    if change == "delete":
        del lines[2]
    elif change == "swap":
        lines[2], lines[3] = lines[3], lines[2]
    else:
        lines[2] = lines[2].replace(b'"E1"', b'"E9"')
    (returned_workspace / "out" / "audit.log").write_bytes(b"".join(lines))
    refused(verify(runner, returned_workspace), "out/audit.log:", expected)


def test_entries_cut_from_the_end_are_found_by_the_files_they_recorded(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Cutting the collection's entries leaves collected.json unaccounted for."""
    lines = collected(runner, returned_workspace)
    reads = [i for i, line in enumerate(lines) if b'"event":"return-read"' in line]
    (returned_workspace / "out" / "audit.log").write_bytes(b"".join(lines[: reads[0]]))
    refused(verify(runner, returned_workspace), "out/collected.json:", "no collection")


def test_an_emptied_log_is_not_taken_for_a_new_workspace(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """An empty log beside a pinned rubric and issued workbooks is reported, not 'no entries'."""
    (returned_workspace / "out" / "audit.log").write_bytes(b"")
    refused(verify(runner, returned_workspace), "tender.lock:", "not recorded")


def test_a_replaced_issued_workbook_is_found(returned_workspace: Path, runner: CliRunner) -> None:
    """An issued workbook swapped for another file no longer matches its recorded hash."""
    issued = returned_workspace / "issued" / "E2.xlsx"
    fill(issued, issued, score=5)
    refused(verify(runner, returned_workspace), "issued/E2.xlsx:", "not the one")


def test_a_recorded_head_shows_a_cut_the_files_cannot(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """With the head recorded after a second collection, cutting that collection is found."""
    collected(runner, returned_workspace)
    first = (returned_workspace / "out" / "audit.log").read_bytes()
    lines = collected(runner, returned_workspace)
    head = head_of(verify(runner, returned_workspace))
    assert verify(runner, returned_workspace, "--head", head).exit_code == 0
    # The second collection wrote the same collected.json, so the files alone cannot tell.
    (returned_workspace / "out" / "audit.log").write_bytes(first)
    assert len(lines) > len(first.splitlines())
    assert verify(runner, returned_workspace).exit_code == 0
    refused(verify(runner, returned_workspace, "--head", head), "recorded head", "cut")


def test_a_broken_log_stops_issue_and_collect_before_they_write(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Nothing is issued or collected unrecorded: the log is checked before any file is written."""
    log = returned_workspace / "out" / "audit.log"
    lines = log.read_bytes().splitlines(keepends=True)
    entry = json.loads(lines[0])
    entry["tender_file"] = "other.yaml"
    lines[0] = json.dumps(entry, separators=(",", ":"), sort_keys=True).encode() + b"\n"
    log.write_bytes(b"".join(lines))
    (returned_workspace / "issued" / "E2.xlsx").unlink()
    refused(runner.invoke(cli, ["workbooks", "issue", str(returned_workspace)]), "audit.log:2")
    assert not (returned_workspace / "issued" / "E2.xlsx").exists()
    refused(runner.invoke(cli, ["collect", str(returned_workspace)]), "audit.log:2")
    assert not (returned_workspace / "out" / "collected.json").exists()
