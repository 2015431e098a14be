"""Contract monitoring steps: issue a period's return workbook, collect the returns.

`issue_period` writes `issued/<period>.xlsx`, signed with the workspace secret.
`collect_monitoring` reads every .xlsx in returns/ through the evaluator returns' checks
(size, archive, signature, the contract and period it was issued for, protected text,
where each name points), judges the values (`scoring.monitoring`), and only when every
file has been read builds monitoring.json, the dashboard and the report, then commits them
with their audit entries (`workspace.commit`), holding the workspace lock. When any return
has a problem nothing in out/ is replaced, so the last good
outputs stay as they were; the problems are returned (and recorded in the audit log) for
the contract manager to put right. Times come from the caller, so runs can be reproduced.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from tenderkit import __version__
from tenderkit.auditlog import verify_chain
from tenderkit.errors import InputError, Location, NotFoundError
from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import Place, RefusedReturn
from tenderkit.scoring.monitoring import Monitoring, PeriodReturn, monitor
from tenderkit.scoring.monitoring_file import MonitoringFile, monitoring_file
from tenderkit.scoring.periods import Period, PeriodError, parse_period
from tenderkit.signing import sign, signature_matches
from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_return import ReturnRefused, open_return
from tenderkit.templates.excel.monitoring_dashboard import write_dashboard
from tenderkit.templates.excel.monitoring_issue import build_return_issue, format_issued_at
from tenderkit.templates.excel.monitoring_payload import IssuedReturn
from tenderkit.templates.excel.monitoring_return import read_period_return, stored_return_payload
from tenderkit.templates.excel.monitoring_workbook import write_monitoring_workbook
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.templates.word.monitoring_report import render_monitoring_report
from tenderkit.workspace import events
from tenderkit.workspace.commit import commit, workspace_step
from tenderkit.workspace.contract import OpenContract
from tenderkit.workspace.folder import read_secret
from tenderkit.workspace.returns import find_returns, read_bounded


def period_of(contract: OpenContract, text: str) -> Period:
    """The period text names in this contract; InputError saying why not."""
    config = contract.config
    try:
        return parse_period(text, config.start, config.reporting.frequency)
    except PeriodError as exc:
        raise InputError(str(exc), Location(path="--period")) from None


def issued_periods(contract: OpenContract) -> list[Period]:
    """The periods with a workbook in issued/, in time order."""
    folder = contract.workspace.issued_dir
    found = []
    for path in sorted(folder.glob("*.xlsx")) if folder.is_dir() else []:
        try:
            found.append(period_of(contract, path.stem))
        except InputError:
            continue
    return sorted(found)


@dataclass(frozen=True)
class IssueOutcome:
    period: Period
    path: Path
    action: Literal["issued", "kept"]


def issue_period(
    contract: OpenContract,
    period_text: str,
    issued_at: dt.datetime,
    now: dt.datetime,
    reissue: bool = False,
) -> IssueOutcome:
    """Write issued/<period>.xlsx; an existing one is kept unless reissue is set.

    Holds the workspace lock; the workbook and its audit entry land together (`commit`).
    """
    period = period_of(contract, period_text)
    with workspace_step(contract.workspace):
        return _issue_period(contract, period, issued_at, now, reissue)


def _issue_period(
    contract: OpenContract,
    period: Period,
    issued_at: dt.datetime,
    now: dt.datetime,
    reissue: bool,
) -> IssueOutcome:
    workspace = contract.workspace
    verify_chain(workspace.audit_log)
    secret = read_secret(workspace)
    target = workspace.issued_return(period.label)
    if target.exists() and not reissue:
        return IssueOutcome(period, target, "kept")
    stamp = format_issued_at(issued_at)
    issue = build_return_issue(contract.config, contract.hash, period, stamp)
    signature = sign(issue.canonical(), secret)
    data = write_monitoring_workbook(issue, signature)
    commit(
        workspace,
        [(target, data)],
        [
            events.ReturnIssued(
                period=period.label,
                file=workspace.label(target),
                sha256=file_sha256(data),
                issued_at=stamp,
                hmac_sha256=signature,
                contract_hash=contract.hash,
            )
        ],
        now,
    )
    return IssueOutcome(period, target, "issued")


# --- collection ----------------------------------------------------------------------


def _authentic(
    contract: OpenContract, canonical: str, signature: str, secret: bytes, issued: set[str]
) -> IssuedReturn:
    config = contract.config
    try:
        loose = json.loads(canonical)
    except json.JSONDecodeError:
        loose = None
    reference = loose.get("contract_reference") if isinstance(loose, dict) else None
    if isinstance(reference, str) and reference != config.reference:
        raise ReturnRefused(
            "wrong-contract",
            f"issued for contract {reference}, not {config.reference}; it belongs to another workspace",
        )
    if not signature_matches(canonical, signature, secret):
        raise ReturnRefused(
            "tampered",
            "the signature over what was issued does not match: the hidden metadata was changed, "
            "or the workbook was issued from another copy of this workspace",
            Place(META_NAME),
        )
    try:
        payload = IssuedReturn.model_validate(loose)
    except ValidationError:
        raise ReturnRefused(
            "not-ours", "the signed metadata is in a format this version cannot read"
        ) from None
    try:
        period = parse_period(payload.period, config.start, config.reporting.frequency)
    except PeriodError as exc:
        raise ReturnRefused("not-issued", str(exc)) from None
    if period.label not in issued:
        raise ReturnRefused(
            "not-issued",
            f"a return for {period.label}, which was not issued from this workspace "
            f"(issued: {', '.join(sorted(issued)) or 'none'})",
        )
    expected = build_return_issue(config, contract.hash, period, payload.issued_at)
    if payload != expected:
        raise ReturnRefused(
            "issued-for-other-contract",
            f"issued at {payload.issued_at} for a contract that contract.yaml no longer "
            f"describes; issue {period.label} again",
        )
    return payload


def read_period_file(
    contract: OpenContract,
    file: str,
    data: bytes,
    secret: bytes,
    issued: set[str],
    limits: ZipLimits,
) -> PeriodReturn | RefusedReturn:
    sha256 = file_sha256(data)
    try:
        with open_return(data, limits) as book:
            payload = _authentic(contract, *stored_return_payload(book), secret, issued)
            return read_period_return(book, payload, file=file, sha256=sha256)
    except ReturnRefused as refused:
        return RefusedReturn(file, sha256, refused.rule, refused.message, refused.place)


@dataclass(frozen=True)
class MonitorOutcome:
    monitoring: Monitoring
    document: MonitoringFile | None
    written: tuple[Path, ...]


def collect_monitoring(
    contract: OpenContract,
    as_of: dt.date,
    now: dt.datetime,
    limits: ZipLimits | None = None,
    reference_doc: Path | None = None,
) -> MonitorOutcome:
    """Read every return, decide every status; write out/ only when no return has a problem.

    Holds the workspace lock; out/ and the audit log change together (`commit`).
    """
    with workspace_step(contract.workspace):
        return _collect_monitoring(contract, as_of, now, limits, reference_doc)


def _collect_monitoring(
    contract: OpenContract,
    as_of: dt.date,
    now: dt.datetime,
    limits: ZipLimits | None,
    reference_doc: Path | None,
) -> MonitorOutcome:
    workspace = contract.workspace
    limits = limits or ZipLimits()
    verify_chain(workspace.audit_log)
    secret = read_secret(workspace)
    if not workspace.returns_dir.is_dir():
        raise NotFoundError("the returns folder is missing", Location(file=workspace.returns_dir))
    periods = issued_periods(contract)
    if not periods:
        raise NotFoundError(
            "no return workbooks have been issued from this workspace yet",
            Location(file=workspace.issued_dir),
            hint=f"run `tender monitor issue {workspace.root} --period PERIOD` first",
        )
    labels = {p.label for p in periods}
    files, notes = find_returns(workspace.returns_dir, workspace.label)
    returned: list[PeriodReturn] = []
    refused: list[RefusedReturn] = []
    for path in files:
        label = workspace.label(path)
        data = read_bounded(path, label, limits.max_file_bytes)
        result = (
            data
            if isinstance(data, RefusedReturn)
            else read_period_file(contract, label, data, secret, labels, limits)
        )
        (refused if isinstance(result, RefusedReturn) else returned).append(result)  # type: ignore[arg-type]
    monitoring = monitor(contract.config, periods, returned, refused, as_of, notes)
    trail: list[events.Event] = [
        events.PeriodReturnRead(r.file, r.sha256, r.period, r.status) for r in monitoring.returns
    ]
    trail += [events.Problem.of(f) for f in monitoring.problems]
    if not monitoring.clean:
        commit(workspace, [], trail, now)  # what was read, and why nothing was written
        return MonitorOutcome(monitoring, None, ())
    document = monitoring_file(monitoring, contract.config, contract.hash, __version__)
    json_text = document.model_dump_json(indent=2) + "\n"
    dashboard = write_dashboard(document)
    report = render_monitoring_report(document, reference_doc)
    trail.append(
        events.MonitoringWritten(
            clean=True,
            periods=len(monitoring.periods),
            problems=0,
            monitoring_json=workspace.label(workspace.monitoring_json),
            sha256=file_sha256(json_text.encode("utf-8")),
        )
    )
    commit(
        workspace,
        [
            (workspace.monitoring_json, json_text.encode("utf-8")),
            (workspace.dashboard, dashboard),
            (workspace.report, report),
        ],
        trail,
        now,
    )
    return MonitorOutcome(
        monitoring,
        document,
        (workspace.monitoring_json, workspace.dashboard, workspace.report, workspace.audit_log),
    )


def render_outputs(text: str, reference_doc: Path | None = None) -> tuple[bytes, bytes]:
    """The dashboard and the report from monitoring.json's text alone."""
    document = MonitoringFile.model_validate_json(text)
    return write_dashboard(document), render_monitoring_report(document, reference_doc)
