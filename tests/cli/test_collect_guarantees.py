"""Collection is repeatable, leaves returns untouched, and keeps a verifiable audit log."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tenderkit.auditlog import verify_chain
from tenderkit.cli.app import cli
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import NOW


def digests(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.iterdir())
        if p.is_file()
    }


def test_collecting_twice_gives_the_same_outputs(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Running collect again on the same returns writes the same collected.json and report."""
    runner.invoke(cli, ["collect", str(returned_workspace)])
    first = (returned_workspace / "out" / "collected.json").read_bytes()
    report = (returned_workspace / "out" / "collection-report.md").read_bytes()
    runner.invoke(cli, ["collect", str(returned_workspace)])
    assert (returned_workspace / "out" / "collected.json").read_bytes() == first
    assert (returned_workspace / "out" / "collection-report.md").read_bytes() == report


def test_no_return_is_modified_by_collection(returned_workspace: Path, runner: CliRunner) -> None:
    """Every file in returns/ (and issued/, and tender.yaml) has the same hash after collect."""
    (returned_workspace / "returns" / "junk.xlsx").write_bytes(b"junk")
    watched = [returned_workspace / "returns", returned_workspace / "issued"]
    before = [digests(f) for f in watched] + [digests(returned_workspace)]
    runner.invoke(cli, ["collect", str(returned_workspace)])
    after = [digests(f) for f in watched]
    assert after == before[:2]
    assert digests(returned_workspace)["tender.yaml"] == before[2]["tender.yaml"]


def test_the_audit_log_records_returns_problems_and_the_collection(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Each return's hash, each problem and the collected.json hash are chained into the log."""
    (returned_workspace / "returns" / "junk.xlsx").write_bytes(b"junk")
    runner.invoke(cli, ["collect", str(returned_workspace)])
    log = returned_workspace / "out" / "audit.log"
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    reads = [e for e in entries if e["event"] == "return-read"]
    assert {e["file"] for e in reads} == {"returns/E1.xlsx", "returns/E2.xlsx", "returns/junk.xlsx"}
    e1 = next(e for e in reads if e["file"] == "returns/E1.xlsx")
    assert (
        e1["sha256"]
        == hashlib.sha256((returned_workspace / "returns" / "E1.xlsx").read_bytes()).hexdigest()
    )
    assert [e["rule"] for e in entries if e["event"] == "problem"] == ["not-a-workbook"]
    final = entries[-1]
    assert final["event"] == "collection" and final["complete"] is False
    assert (
        final["sha256"]
        == hashlib.sha256((returned_workspace / "out" / "collected.json").read_bytes()).hexdigest()
    )
    assert verify_chain(log).entries == len(entries)


def test_audit_verify_reports_an_intact_chain_and_a_broken_one(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """`tender audit verify` prints the head hash, and names the line after a tampered entry."""
    ok = runner.invoke(cli, ["audit", "verify", str(returned_workspace)])
    assert ok.exit_code == 0
    assert "entries, chain intact; head sha256:" in ok.stdout
    log = returned_workspace / "out" / "audit.log"
    log.write_text(log.read_text().replace('"evaluator":"E1"', '"evaluator":"E3"', 1))
    broken = runner.invoke(cli, ["audit", "verify", str(returned_workspace)])
    assert broken.exit_code == 1
    assert isinstance(broken.exception, SystemExit)
    assert broken.stderr.startswith("error: ") and "audit.log:" in broken.stderr
    assert "the log was edited" in broken.stderr


def test_an_oversized_return_is_refused_without_reading_it(returned_workspace: Path) -> None:
    """A file over the size limit is refused from its size alone; other returns still count."""
    outcome = collect_returns(
        open_tender(returned_workspace), NOW, limits=ZipLimits(max_file_bytes=15_000)
    )
    refused = [p for p in outcome.collection.problems if p.rule == "hostile-file"]
    assert refused and "larger than 15,000 bytes" in refused[0].message


def test_links_and_pipes_in_returns_are_noted_not_read(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A broken link or a named pipe called .xlsx is noted: no traceback, no endless wait."""
    returns = returned_workspace / "returns"
    (returns / "E3.xlsx").symlink_to(returned_workspace / "nowhere.xlsx")
    os.mkfifo(returns / "pipe.xlsx")
    result = runner.invoke(cli, ["collect", str(returned_workspace)])
    assert result.exit_code == 0, result.output
    for name in ("E3.xlsx", "pipe.xlsx"):
        assert f"note: returns/{name}: [ignored] not a regular file" in result.stdout


def test_a_return_that_cannot_be_read_does_not_stop_the_others(
    returned_workspace: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unreadable file is reported as such; every other return is still collected."""
    real_open = Path.open

    def guarded(path: Path, *args: Any, **kwargs: Any) -> Any:
        if path.name == "E2.xlsx" and path.parent.name == "returns":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    outcome = collect_returns(open_tender(returned_workspace), NOW)
    (problem,) = [p for p in outcome.collection.problems if p.rule == "unreadable"]
    assert str(problem) == "returns/E2.xlsx: [unreadable] cannot be read (Permission denied)"
    assert {s.evaluator for s in outcome.collection.scores} == {"E1"}
