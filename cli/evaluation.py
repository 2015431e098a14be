"""Issuing evaluator workbooks and collecting returns in a workspace: the imperative shell.

The decisions live elsewhere (what is issued: `templates.evaluator_issue`; what a return
holds: `templates.evaluator_return`; which scores count: `scoring.collection`); this
module reads and writes the workspace's files, pins the rubric and keeps the audit log.
Times come from the caller, so runs can be reproduced.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from tenderkit import fsio
from tenderkit.auditlog import AuditEvent, append_events, verify_chain
from tenderkit.cli.workspace import (
    OpenTender,
    check_pin,
    create_secret,
    read_pin,
    read_secret,
    write_pin,
)
from tenderkit.errors import InputError, Location, NotFoundError
from tenderkit.findings import Finding
from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import Collection, RefusedReturn, ReturnedScores, collect
from tenderkit.templates.collection_report import collected_json, report_markdown
from tenderkit.templates.excel.evaluator_issue import format_issued_at
from tenderkit.templates.excel.evaluator_payload import sign
from tenderkit.templates.excel.evaluator_return import Expectations, read_return
from tenderkit.templates.excel.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.opc.archive import ZipLimits

Progress = Callable[[Sequence[Path]], AbstractContextManager[Iterable[Path]]]


@dataclass(frozen=True)
class IssueOutcome:
    evaluator: str
    path: Path
    action: Literal["issued", "kept", "kept-stale"]
    detail: str = ""


def _expectations(tender: OpenTender, secret: bytes, limits: ZipLimits) -> Expectations:
    return Expectations(tender.config.reference, secret, tender.expected_issue, limits)


def issue_workbooks(
    tender: OpenTender,
    issued_at: dt.datetime,
    now: dt.datetime,
    only: Sequence[str] = (),
    reissue: bool = False,
) -> list[IssueOutcome]:
    """Write issued/<evaluator>.xlsx for each evaluator (or those in only).

    Pins the rubric on the first issue and refuses a rubric that differs from the pin.
    An existing workbook is kept unless reissue is set; a kept one that no longer matches
    tender.yaml is reported as `kept-stale`.
    """
    workspace = tender.workspace
    unknown = [e for e in only if tender.config.evaluator(e) is None]
    if unknown:
        known = ", ".join(e.id for e in tender.config.evaluators)
        raise InputError(f"no evaluator {', '.join(unknown)} in tender.yaml (known: {known})")
    pin = check_pin(tender)
    # A broken log cannot record this issue: refuse before anything is written, not after.
    verify_chain(workspace.audit_log)
    if not workspace.secret_file.exists() and pin is None:
        create_secret(workspace)  # a workspace made by hand: nothing has been signed yet
    secret = read_secret(workspace)
    events: list[AuditEvent] = []
    if pin is None:
        pin = write_pin(tender)
        events.append(
            AuditEvent("rubric-pinned", {"rubric": f"{pin.id}@{pin.version}", "hash": pin.hash})
        )
    stamp = format_issued_at(issued_at)
    outcomes: list[IssueOutcome] = []
    for evaluator in tender.config.evaluators:
        if only and evaluator.id not in only:
            continue
        target = workspace.issued_workbook(evaluator.id)
        if target.exists() and not reissue:
            outcomes.append(_kept(tender, secret, target, evaluator.id))
            continue
        issue = tender.expected_issue(evaluator.id, stamp)
        assert issue is not None
        signature = sign(issue.canonical(), secret)
        data = write_evaluator_workbook(issue, signature)
        fsio.write_bytes(target, data)
        outcomes.append(IssueOutcome(evaluator.id, target, "issued"))
        events.append(
            AuditEvent(
                "workbook-issued",
                {
                    "evaluator": evaluator.id,
                    "file": workspace.label(target),
                    "sha256": file_sha256(data),
                    "issued_at": stamp,
                    "hmac_sha256": signature,
                    "rubric_hash": tender.rubric_hash,
                },
            )
        )
    if events:
        append_events(workspace.audit_log, events, now)
    return outcomes


def _kept(tender: OpenTender, secret: bytes, target: Path, evaluator: str) -> IssueOutcome:
    read = read_return(
        tender.workspace.label(target),
        target.read_bytes(),
        _expectations(tender, secret, ZipLimits()),
    )
    if isinstance(read, RefusedReturn):
        return IssueOutcome(evaluator, target, "kept-stale", read.message)
    return IssueOutcome(evaluator, target, "kept")


@dataclass
class CollectOutcome:
    collection: Collection
    written: list[Path] = field(default_factory=list)


def _no_progress(items: Sequence[Path]) -> AbstractContextManager[Iterable[Path]]:
    return nullcontext(items)


def _candidates(
    returns_dir: Path, label: Callable[[Path], str]
) -> tuple[list[Path], list[Finding]]:
    """The .xlsx files to collect, and notes on anything else found in returns/."""
    workbooks: list[Path] = []
    notes: list[Finding] = []
    for path in sorted(returns_dir.iterdir(), key=lambda p: p.name):
        if path.name.startswith("."):
            continue
        where = Location(file=label(path))
        if path.is_dir():
            notes.append(
                Finding(
                    where,
                    "ignored",
                    "a folder; only .xlsx files directly in returns/ are collected",
                )
            )
        elif path.name.startswith("~$"):
            notes.append(
                Finding(where, "ignored", "an Office lock file (is the workbook still open?)")
            )
        elif path.suffix.lower() != ".xlsx":
            notes.append(
                Finding(where, "ignored", "not an .xlsx file; only .xlsx returns are collected")
            )
        elif not path.is_file():
            # Reading a pipe or device would wait or run for ever; a broken link has nothing.
            notes.append(
                Finding(where, "ignored", "not a regular file (a broken link, a pipe or a device)")
            )
        else:
            workbooks.append(path)
    return workbooks, notes


def _read_all(
    tender: OpenTender, expect: Expectations, files: Sequence[Path], progress: Progress
) -> Iterator[tuple[Path, ReturnedScores | RefusedReturn]]:
    limit = expect.limits.max_file_bytes
    with progress(files) as items:
        for path in items:
            label = tender.workspace.label(path)
            try:
                with path.open("rb") as handle:
                    size = os.fstat(handle.fileno()).st_size
                    # Never more than the limit, even from a file whose size stat misstates.
                    data = handle.read(limit + 1) if size <= limit else b""
            except OSError as exc:
                reason = exc.strerror or type(exc).__name__
                yield path, RefusedReturn(label, None, "unreadable", f"cannot be read ({reason})")
                continue
            if size > limit or len(data) > limit:
                yield (
                    path,
                    RefusedReturn(
                        label,
                        None,
                        "hostile-file",
                        f"file is {max(size, len(data)):,} bytes; returns larger than {limit:,} bytes are refused",
                    ),
                )
                continue
            yield path, read_return(label, data, expect)


def collect_returns(
    tender: OpenTender,
    now: dt.datetime,
    progress: Progress = _no_progress,
    limits: ZipLimits | None = None,
) -> CollectOutcome:
    """Read every .xlsx in returns/, decide what counts, write out/ and the audit log."""
    workspace = tender.workspace
    if read_pin(workspace) is None:
        raise NotFoundError(
            "no workbooks have been issued from this workspace yet, so there is nothing to collect",
            Location(file=workspace.lock_file),
            hint=f"run `tender workbooks issue {workspace.root}` first",
        )
    check_pin(tender)
    secret = read_secret(workspace)
    verify_chain(workspace.audit_log)  # before collected.json is written, as for issue
    if not workspace.returns_dir.is_dir():
        raise NotFoundError("the returns folder is missing", Location(file=workspace.returns_dir))
    files, notes = _candidates(workspace.returns_dir, workspace.label)
    expect = _expectations(tender, secret, limits or ZipLimits())
    returned: list[ReturnedScores] = []
    refused: list[RefusedReturn] = []
    for _, result in _read_all(tender, expect, files, progress):
        if isinstance(result, RefusedReturn):
            refused.append(result)
        else:
            returned.append(result)
    collection = collect(tender.plan(), returned, refused)
    collection.notes[:0] = notes
    context = tender.context()
    json_text = collected_json(collection, context)
    fsio.write_text(workspace.collected_json, json_text)
    fsio.write_text(workspace.collection_report, report_markdown(collection, context))
    events = [
        AuditEvent(
            "return-read",
            {"file": r.file, "sha256": r.sha256, "evaluator": r.evaluator, "status": r.status},
        )
        for r in collection.returns
    ]
    events += [
        AuditEvent(
            "problem",
            {
                "file": str(f.location.file) if f.location.file is not None else None,
                "sheet": f.location.sheet,
                "cell": f.location.cell,
                "name": f.location.path,
                "rule": f.rule,
                "message": f.message,
            },
        )
        for f in collection.problems
    ]
    events.append(
        AuditEvent(
            "collection",
            {
                "complete": collection.complete,
                "scores_accepted": len(collection.scores),
                "problems": len(collection.problems),
                "collected_json": workspace.label(workspace.collected_json),
                "sha256": file_sha256(json_text.encode("utf-8")),
            },
        )
    )
    append_events(workspace.audit_log, events, now)
    return CollectOutcome(
        collection, [workspace.collected_json, workspace.collection_report, workspace.audit_log]
    )
