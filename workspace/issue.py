"""Issuing evaluator workbooks from a workspace: the rubric pinned, each workbook signed.

What is issued is decided by `templates.excel.evaluator_issue` (through
`OpenTender.expected_issue`); this module writes the files and the audit log. Times come
from the caller, so runs can be reproduced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tenderkit import fsio
from tenderkit.auditlog import verify_chain
from tenderkit.errors import InputError
from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import RefusedReturn
from tenderkit.signing import sign
from tenderkit.templates.excel.evaluator_issue import format_issued_at
from tenderkit.templates.excel.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.excel.xlsx import collector_paused
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace import events
from tenderkit.workspace.commit import workspace_step
from tenderkit.workspace.folder import create_secret, read_secret
from tenderkit.workspace.returns import Expectations, read_one
from tenderkit.workspace.tender import OpenTender, check_pin, write_pin


def expectations(tender: OpenTender, secret: bytes, limits: ZipLimits) -> Expectations:
    """What a workbook read back from this workspace must match."""
    return Expectations(tender.config.reference, secret, tender.expected_issue, limits)


@dataclass(frozen=True)
class IssueOutcome:
    evaluator: str
    path: Path
    action: Literal["issued", "kept", "kept-stale"]
    detail: str = ""


def _issue_workbooks(
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
    trail: list[events.Event] = []
    if pin is None:
        pin = write_pin(tender)
        trail.append(events.RubricPinned(f"{pin.id}@{pin.version}", pin.hash))
    stamp = format_issued_at(issued_at)
    outcomes: list[IssueOutcome] = []
    for evaluator in tender.config.evaluators:
        if only and evaluator.id not in only:
            continue
        target = workspace.issued_workbook(evaluator.id)
        if target.exists() and not reissue:
            outcomes.append(_kept(tender, secret, target, evaluator.id))
            continue
        with collector_paused():  # the payload and the workbook are large and all live
            issue = tender.expected_issue(evaluator.id, stamp)
            assert issue is not None
            canonical = issue.canonical()
            signature = sign(canonical, secret)
            data = write_evaluator_workbook(issue, signature, canonical)
        fsio.write_bytes(target, data)
        outcomes.append(IssueOutcome(evaluator.id, target, "issued"))
        trail.append(
            events.WorkbookIssued(
                evaluator=evaluator.id,
                file=workspace.label(target),
                sha256=file_sha256(data),
                issued_at=stamp,
                hmac_sha256=signature,
                rubric_hash=tender.rubric_hash,
            )
        )
    if trail:
        events.record(workspace.audit_log, trail, now)
    return outcomes


def _kept(tender: OpenTender, secret: bytes, target: Path, evaluator: str) -> IssueOutcome:
    """An issued workbook already there, read back through the collection pipeline: a
    damaged or outdated one is reported as `kept-stale` with the reason, never raised."""
    limits = ZipLimits()
    label = tender.workspace.label(target)
    read = read_one(target, label, expectations(tender, secret, limits))
    if isinstance(read, RefusedReturn):
        return IssueOutcome(evaluator, target, "kept-stale", read.message)
    return IssueOutcome(evaluator, target, "kept")


def issue_workbooks(
    tender: OpenTender,
    issued_at: dt.datetime,
    now: dt.datetime,
    only: Sequence[str] = (),
    reissue: bool = False,
) -> list[IssueOutcome]:
    """Write issued/<evaluator>.xlsx for each evaluator (or those in only), holding the
    workspace lock (see `_issue_workbooks` for the rules)."""
    with workspace_step(tender.workspace):
        return _issue_workbooks(tender, issued_at, now, only, reissue)
