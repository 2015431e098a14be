"""Issuing evaluator workbooks from a workspace: the rubric pinned, each workbook signed.

What is issued is decided by `templates.excel.evaluator_issue` (through
`OpenTender.expected_issue`); this module writes the files and the audit log. Times come
from the caller, so runs can be reproduced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from tenderkit import fsio
from tenderkit.auditlog import verify_chain
from tenderkit.errors import InputError, Location, NotFoundError
from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import RefusedReturn
from tenderkit.scoring.tender import Evaluator, allocated_bidders
from tenderkit.signing import sign
from tenderkit.templates.excel.evaluator_issue import format_issued_at
from tenderkit.templates.excel.evaluator_payload import IssuedWorkbook
from tenderkit.templates.excel.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.excel.xlsx import collector_paused
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace import events
from tenderkit.workspace.commit import workspace_step
from tenderkit.workspace.folder import create_secret, read_secret
from tenderkit.workspace.returns import Expectations, read_one
from tenderkit.workspace.tender import OpenTender, RubricPin, check_pin, read_pin, write_pin


def expectations(tender: OpenTender, secret: bytes, limits: ZipLimits) -> Expectations:
    """What a workbook read back from this workspace must match."""
    return Expectations(tender.config.reference, secret, tender.expected_issue, limits)


@dataclass(frozen=True)
class IssueOutcome:
    """What happened to one workbook: `bidder` is set for a supplementary workbook."""

    evaluator: str
    path: Path
    action: Literal["issued", "kept", "kept-stale", "skipped"]
    detail: str = ""
    bidder: str | None = None


@dataclass(frozen=True)
class _Kept:
    outcome: IssueOutcome
    bidders: tuple[str, ...] | None  # those it covers; None when it cannot be read as ours


def _check_evaluators(tender: OpenTender, only: Sequence[str]) -> None:
    unknown = [e for e in only if tender.config.evaluator(e) is None]
    if unknown:
        known = ", ".join(e.id for e in tender.config.evaluators)
        raise InputError(f"no evaluator {', '.join(unknown)} in tender.yaml (known: {known})")


def _signing_secret(tender: OpenTender) -> tuple[RubricPin | None, bytes]:
    """The pin (None before the first issue) and the secret, after the checks every issue
    makes before anything is written: the rubric as pinned, the audit log unbroken."""
    workspace = tender.workspace
    pin = check_pin(tender)
    # A broken log cannot record this issue: refuse before anything is written, not after.
    verify_chain(workspace.audit_log)
    if not workspace.secret_file.exists() and pin is None:
        create_secret(workspace)  # a workspace made by hand: nothing has been signed yet
    return pin, read_secret(workspace)


def _write(
    tender: OpenTender,
    secret: bytes,
    target: Path,
    issue: IssuedWorkbook,
    supplementary_for: str | None = None,
) -> events.WorkbookIssued:
    with collector_paused():  # the workbook's cells are many and all live until it closes
        canonical = issue.canonical()
        signature = sign(canonical, secret)
        data = write_evaluator_workbook(issue, signature, canonical)
    fsio.write_bytes(target, data)
    return events.WorkbookIssued(
        evaluator=issue.evaluator_id,
        file=tender.workspace.label(target),
        sha256=file_sha256(data),
        issued_at=issue.issued_at,
        hmac_sha256=signature,
        rubric_hash=tender.rubric_hash,
        supplementary_for=supplementary_for,
    )


def _late_bidders(tender: OpenTender, evaluator: Evaluator, covered: Sequence[str]) -> list[str]:
    """Bidders allocated to evaluator that neither their workbook nor a supplementary one
    covers: bidders added to tender.yaml after the workbook was issued."""
    workspace = tender.workspace
    return [
        b.id
        for b in allocated_bidders(tender.config, evaluator)
        if b.id not in covered and not workspace.supplementary_workbook(evaluator.id, b.id).exists()
    ]


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
    tender.yaml is reported as `kept-stale`. A bidder added after a kept workbook was
    issued is refused before anything is written: the lead issues a supplementary workbook
    for them (`issue_supplements`) rather than replace workbooks evaluators may be filling.
    """
    workspace = tender.workspace
    _check_evaluators(tender, only)
    pin, secret = _signing_secret(tender)
    chosen = [e for e in tender.config.evaluators if not only or e.id in only]
    kept: dict[str, IssueOutcome] = {}
    late: dict[str, list[str]] = {}
    for evaluator in chosen:
        target = workspace.issued_workbook(evaluator.id)
        if target.exists() and not reissue:
            found = _kept(tender, secret, target, evaluator.id)
            kept[evaluator.id] = found.outcome
            if found.bidders is not None:
                missing = _late_bidders(tender, evaluator, found.bidders)
                if missing:
                    late[evaluator.id] = missing
    if late:
        bidders = sorted({b for ids in late.values() for b in ids}, key=_order(tender))
        options = " ".join(f"--bidder {b}" for b in bidders)
        raise InputError(
            f"{_listed('bidder', bidders)} {'was' if len(bidders) == 1 else 'were'} added to "
            f"tender.yaml after workbooks were issued to {', '.join(late)}; a plain issue does "
            "not replace workbooks evaluators may be completing",
            hint=f"issue supplementary workbooks with `tender workbooks issue {workspace.root} "
            f"{options}`; --reissue would replace every workbook instead",
        )
    trail: list[events.Event] = []
    if pin is None:
        pin = write_pin(tender)
        trail.append(events.RubricPinned(f"{pin.id}@{pin.version}", pin.hash))
    stamp = format_issued_at(issued_at)
    outcomes: list[IssueOutcome] = []
    for evaluator in chosen:
        if evaluator.id in kept:
            outcomes.append(kept[evaluator.id])
            continue
        target = workspace.issued_workbook(evaluator.id)
        if not allocated_bidders(tender.config, evaluator):
            outcomes.append(
                IssueOutcome(
                    evaluator.id, target, "skipped", "every bidder allocated to them withdrew"
                )
            )
            continue
        with collector_paused():  # the payload is large and all live
            issue = tender.expected_issue(evaluator.id, stamp)
        assert issue is not None
        trail.append(_write(tender, secret, target, issue))
        outcomes.append(IssueOutcome(evaluator.id, target, "issued"))
    if trail:
        events.record(workspace.audit_log, trail, now)
    return outcomes


def _order(tender: OpenTender) -> Callable[[str], int]:
    ids = [b.id for b in tender.config.bidders]
    return ids.index


def _listed(kind: str, ids: Sequence[str]) -> str:
    return f"{kind} {ids[0]}" if len(ids) == 1 else f"{kind}s {', '.join(ids)}"


def _kept(tender: OpenTender, secret: bytes, target: Path, evaluator: str) -> _Kept:
    """An issued workbook already there, read back through the collection pipeline: a
    damaged or outdated one is reported as `kept-stale` with the reason, never raised."""
    limits = ZipLimits()
    label = tender.workspace.label(target)
    read = read_one(target, label, expectations(tender, secret, limits))
    if isinstance(read, RefusedReturn):
        return _Kept(IssueOutcome(evaluator, target, "kept-stale", read.message), None)
    return _Kept(IssueOutcome(evaluator, target, "kept"), read.bidders)


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


def _check_late_bidders(tender: OpenTender, bidders: Sequence[str]) -> None:
    config = tender.config
    unknown = [b for b in bidders if config.bidder(b) is None]
    if unknown:
        known = ", ".join(b.id for b in config.bidders)
        raise InputError(f"no {_listed('bidder', unknown)} in tender.yaml (known: {known})")
    for bidder_id in bidders:
        bidder = config.bidder(bidder_id)
        if bidder is not None and bidder.is_withdrawn:
            raise InputError(
                f"bidder {bidder_id} withdrew on {bidder.withdrawn}; no workbook is issued for "
                "a withdrawn bidder",
                tender.document.location(("bidders", config.bidders.index(bidder), "status")),
            )


def _issue_supplements(
    tender: OpenTender,
    bidders: Sequence[str],
    issued_at: dt.datetime,
    now: dt.datetime,
    only: Sequence[str] = (),
    reissue: bool = False,
) -> list[IssueOutcome]:
    """Write issued/<evaluator>.<bidder>.xlsx, covering that bidder alone, for each
    evaluator allocated the bidder whose workbook was issued without them.

    Refused for a bidder not in tender.yaml, one who withdrew, before any workbook was
    issued, and for a bidder every allocated evaluator's workbook already covers. An
    evaluator with no workbook yet is skipped (a plain issue gives them every bidder).
    """
    workspace = tender.workspace
    _check_evaluators(tender, only)
    _check_late_bidders(tender, bidders)
    if read_pin(workspace) is None:
        raise NotFoundError(
            "no workbooks have been issued from this workspace yet; the first issue covers "
            "every bidder, so there is nothing to supplement",
            Location(file=workspace.lock_file),
            hint=f"run `tender workbooks issue {workspace.root}` without --bidder",
        )
    _, secret = _signing_secret(tender)
    stamp = format_issued_at(issued_at)
    covered: dict[str, _Kept] = {}
    outcomes: list[IssueOutcome] = []
    pending: list[tuple[Evaluator, str, Path]] = []
    for bidder_id in bidders:
        already: list[str] = []
        for evaluator in tender.config.evaluators:
            if only and evaluator.id not in only:
                continue
            if bidder_id not in [b.id for b in allocated_bidders(tender.config, evaluator)]:
                continue
            main = workspace.issued_workbook(evaluator.id)
            if not main.exists():
                outcomes.append(
                    IssueOutcome(
                        evaluator.id,
                        main,
                        "skipped",
                        "no workbook issued yet; a plain issue gives them every bidder, "
                        f"{bidder_id} included",
                        bidder_id,
                    )
                )
                continue
            if evaluator.id not in covered:
                covered[evaluator.id] = _kept(tender, secret, main, evaluator.id)
            found = covered[evaluator.id]
            if found.bidders is None:
                outcomes.append(
                    IssueOutcome(
                        evaluator.id,
                        main,
                        "skipped",
                        f"their workbook cannot be checked ({found.outcome.detail}); "
                        "reissue it to include every bidder",
                        bidder_id,
                    )
                )
                continue
            if bidder_id in found.bidders:
                already.append(evaluator.id)
                continue
            target = workspace.supplementary_workbook(evaluator.id, bidder_id)
            if target.exists() and not reissue:
                kept = _kept(tender, secret, target, evaluator.id).outcome
                outcomes.append(
                    IssueOutcome(kept.evaluator, target, kept.action, kept.detail, bidder_id)
                )
                continue
            pending.append((evaluator, bidder_id, target))
        if (
            already
            and not any(p[1] == bidder_id for p in pending)
            and not any(o.bidder == bidder_id for o in outcomes)
        ):
            raise InputError(
                f"bidder {bidder_id} is already in the workbooks issued to {', '.join(already)}; "
                "a supplementary workbook is for a bidder added after issue",
                hint="use --reissue without --bidder to replace whole workbooks",
            )
    trail: list[events.Event] = []
    for evaluator, bidder_id, target in pending:
        issue = tender.expected_issue(evaluator.id, stamp, [bidder_id])
        assert issue is not None
        trail.append(_write(tender, secret, target, issue, supplementary_for=bidder_id))
        outcomes.append(IssueOutcome(evaluator.id, target, "issued", bidder=bidder_id))
    if trail:
        events.record(workspace.audit_log, trail, now)
    return outcomes


def issue_supplements(
    tender: OpenTender,
    bidders: Sequence[str],
    issued_at: dt.datetime,
    now: dt.datetime,
    only: Sequence[str] = (),
    reissue: bool = False,
) -> list[IssueOutcome]:
    """Supplementary workbooks for bidders added after issue, holding the workspace lock
    (see `_issue_supplements` for the rules)."""
    with workspace_step(tender.workspace):
        return _issue_supplements(tender, bidders, issued_at, now, only, reissue)
