"""Checking a workspace's audit log against the files it should account for.

A hash chain shows any edit, deletion or reordering of its lines, but not lines cut from
its end, nor a log emptied or deleted. The workspace itself holds witnesses: each workbook
in issued/ must match the last `workbook-issued` (or, in a contract workspace,
`return-issued`) entry for it, out/collected.json the last `collection` entry,
out/results.json and out/comparison.xlsx the last `comparison` entry, moderation.xlsx the
signature of its last `moderation-issued` entry, tender.lock a `rubric-pinned` entry, each
assessment summary in out/summaries/ the last `summaries-written` entry,
out/evaluation-report.docx the last `report-written` entry, and in a contract workspace
contract.lock a `contract-pinned` entry and out/monitoring.json the last `monitoring` entry.
A log cut before any of
those no longer accounts for them. A head hash recorded with the tender papers
(`tender audit verify DIR --head sha256:...`) must still be a line of the log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenderkit.auditlog import ChainStatus, line_hash, verify_chain
from tenderkit.errors import IntegrityError, Location
from tenderkit.hashing import file_sha256
from tenderkit.workspace.commit import PENDING, workspace_step
from tenderkit.workspace.contract import ContractWorkspace, read_contract_pin
from tenderkit.workspace.folder import Workspace, read_secret
from tenderkit.workspace.moderation import signed_payload
from tenderkit.workspace.tender import read_pin


@dataclass(frozen=True)
class TrailStatus:
    """A verified log that accounts for the workspace's files."""

    chain: ChainStatus
    files_checked: int


def _entries(path: Path) -> list[tuple[str, dict[str, Any]]]:
    """(line hash, entry) for each line of a log whose chain is already verified."""
    if not path.exists():
        return []
    lines = path.read_bytes().split(b"\n")[:-1]
    return [(line_hash(line), json.loads(line)) for line in lines]


def _last(entries: list[tuple[str, dict[str, Any]]], event: str, **match: str) -> dict[str, Any]:
    found = [
        e
        for _, e in entries
        if e.get("event") == event and all(e.get(k) == v for k, v in match.items())
    ]
    return found[-1] if found else {}


def last_event(workspace: Workspace, event: str, **match: str) -> dict[str, Any]:
    """The log's last entry for event (with the given fields), {} if none; chain verified first."""
    verify_chain(workspace.audit_log)
    return _last(_entries(workspace.audit_log), event, **match)


def verify_trail(workspace: Workspace, head: str | None = None) -> TrailStatus:
    """Verify the chain, then that it still accounts for the workspace's files (module doc).

    A step that was interrupted (out/.pending/ left behind) is first completed or undone
    under the workspace lock, as the next step would; IntegrityError names the first file
    (or the log line) that shows a problem.
    """
    if (workspace.out_dir / PENDING).exists():
        with workspace_step(workspace):
            pass
    return _verify_trail(workspace, head)


def _verify_trail(workspace: Workspace, head: str | None = None) -> TrailStatus:
    """Verify the chain, then that it still accounts for the workspace's files (module doc).

    IntegrityError names the first file (or the log line) that shows a problem.
    """
    log = workspace.audit_log
    chain = verify_chain(log)
    entries = _entries(log)
    label = workspace.label(log)
    if head is not None and head not in {h for h, _ in entries}:
        raise IntegrityError(
            f"the recorded head {head} is not a line of the log: entries up to it were cut or "
            "changed",
            Location(file=log),
        )
    checked = 0
    pin = read_pin(workspace)
    if pin is not None:
        checked += 1
        if not _last(entries, "rubric-pinned", hash=pin.hash):
            raise IntegrityError(
                f"the rubric pin ({pin.hash}) is not recorded in {label}: the log was cut, "
                "emptied or replaced",
                Location(file=workspace.lock_file),
            )
    witnesses = sorted(workspace.issued_dir.glob("*.xlsx")) if workspace.issued_dir.is_dir() else []
    for path in witnesses:
        checked += 1
        file = workspace.label(path)
        recorded = (
            _last(entries, "workbook-issued", file=file)
            or _last(entries, "return-issued", file=file)
        ).get("sha256")
        _check_recorded(path, recorded, "issued", label, workspace)
    if workspace.collected_json.is_file():
        checked += 1
        recorded = _last(entries, "collection").get("sha256")
        _check_recorded(workspace.collected_json, recorded, "collection", label, workspace)
    comparison = _last(entries, "comparison")
    for path, field in (
        (workspace.results_json, "results_sha256"),
        (workspace.comparison_xlsx, "comparison_sha256"),
    ):
        if path.is_file():
            checked += 1
            _check_recorded(path, comparison.get(field), "comparison", label, workspace)
    checked += _check_moderation(workspace, entries, label)
    checked += _check_decision_records(workspace, entries, label)
    contract = ContractWorkspace(workspace.root)
    if contract.lock_file.is_file():
        checked += 1
        pinned = read_contract_pin(contract)
        if not _last(entries, "contract-pinned", hash=pinned):
            raise IntegrityError(
                f"the contract pin ({pinned}) is not recorded in {label}: the log was cut, "
                "emptied or replaced",
                Location(file=contract.lock_file),
            )
    if contract.monitoring_json.is_file():
        checked += 1
        recorded = _last(entries, "monitoring").get("sha256")
        _check_recorded(contract.monitoring_json, recorded, "monitoring", label, workspace)
    return TrailStatus(chain, checked)


def _check_moderation(
    workspace: Workspace, entries: list[tuple[str, dict[str, Any]]], log_label: str
) -> int:
    """moderation.xlsx (and any it superseded) must carry a signature the log recorded.

    The moderator completes the workbook in place, so its bytes differ from the ones the
    log hashed at issue; what must not change is the signed payload, so the HMAC in the
    file is checked against the log's `moderation-issued` entry (the last one for the
    current file, any one for a superseded file) and against the workspace secret.
    """
    current = workspace.moderation_xlsx
    files = [p for p in [current] if p.is_file()] + workspace.superseded_moderations()
    if not files:
        return 0
    secret = read_secret(workspace)
    issued = [e for _, e in entries if e.get("event") == "moderation-issued"]
    for path in files:
        label = workspace.label(path)
        signature = signed_payload(path, label, secret)
        if path == current:
            last = _last(entries, "moderation-issued", file=label)
            recorded = {last["hmac_sha256"]} if last else set()
        else:
            recorded = {str(e.get("hmac_sha256")) for e in issued}
        if not recorded:
            raise IntegrityError(
                f"no issue of this file is recorded in {log_label}: the log's last entries were "
                "cut, or the log was emptied or replaced",
                Location(file=label),
            )
        if signature not in recorded:
            which = "the last issue" if path == current else "any issue"
            raise IntegrityError(
                f"its signed payload (hmac {signature}) is not the one {log_label} recorded for "
                f"{which} of the moderation workbook: it was replaced by another workbook, or "
                "the log's last entries were cut",
                Location(file=label),
            )
    return len(files)


def _check_decision_records(
    workspace: Workspace, entries: list[tuple[str, dict[str, Any]]], label: str
) -> int:
    """Each summary must be in the last `summaries-written` entry, the report in the last
    `report-written` one, each with the hash it has now."""
    checked = 0
    summaries = (
        sorted(workspace.summaries_dir.glob("*.docx")) if workspace.summaries_dir.is_dir() else []
    )
    if summaries:
        files = _last(entries, "summaries-written").get("files") or []
        recorded = {str(f.get("file")): str(f.get("sha256")) for f in files if isinstance(f, dict)}
        for path in summaries:
            checked += 1
            _check_recorded(path, recorded.get(workspace.label(path)), "summary", label, workspace)
    report = workspace.evaluation_report
    if report.is_file():
        checked += 1
        found = _last(entries, "report-written", file=workspace.label(report)).get("sha256")
        _check_recorded(report, found, "report", label, workspace)
    return checked


def _check_recorded(
    path: Path, recorded: str | None, what: str, log_label: str, workspace: Workspace
) -> None:
    if recorded is None:
        raise IntegrityError(
            f"no {what} of this file is recorded in {log_label}: the log's last entries were "
            "cut, or the log was emptied or replaced",
            Location(file=workspace.label(path)),
        )
    actual = file_sha256(path.read_bytes())
    if actual != recorded:
        raise IntegrityError(
            f"the file (sha256 {actual}) is not the one {log_label} last recorded "
            f"(sha256 {recorded}): it was changed afterwards, or the log's last entries were cut",
            Location(file=workspace.label(path)),
        )
