"""Every event a workspace records in its audit log, typed, in one place.

Each step builds these and `record` appends them to `out/audit.log` (a hash chain, see
`tenderkit.auditlog`). `tender audit verify` reads them back by their `event` names, so
the names and fields here are the log's format: add fields, never rename them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from tenderkit.auditlog import AuditEvent, ChainStatus, append_events
from tenderkit.findings import Finding


@dataclass(frozen=True)
class Event:
    """An audit-log event: its name, and its fields as the entry's details (in order)."""

    name: ClassVar[str]

    def audit_event(self) -> AuditEvent:
        details = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        return AuditEvent(self.name, details)


@dataclass(frozen=True)
class WorkspaceCreated(Event):
    name: ClassVar[str] = "workspace-created"
    tender_file: str
    sha256: str


@dataclass(frozen=True)
class RubricPinned(Event):
    name: ClassVar[str] = "rubric-pinned"
    rubric: str
    hash: str


@dataclass(frozen=True)
class WorkbookIssued(Event):
    name: ClassVar[str] = "workbook-issued"
    evaluator: str
    file: str
    sha256: str
    issued_at: str
    hmac_sha256: str
    rubric_hash: str
    #: The one bidder a supplementary workbook covers (a bidder added after issue).
    supplementary_for: str | None = None


@dataclass(frozen=True)
class ScoresSetAside(Event):
    """A return's scores for a bidder who withdrew: read, recorded, never counted."""

    name: ClassVar[str] = "scores-set-aside"
    file: str
    evaluator: str
    bidder: str
    reason: str
    withdrawn: str
    scores_entered: int


@dataclass(frozen=True)
class ReturnRead(Event):
    name: ClassVar[str] = "return-read"
    file: str
    sha256: str | None
    evaluator: str | None
    status: str


@dataclass(frozen=True)
class Problem(Event):
    name: ClassVar[str] = "problem"
    file: str | None
    sheet: str | None
    cell: str | None
    name_: str | None  # the defined name; written as "name"
    rule: str
    message: str

    @classmethod
    def of(cls, finding: Finding) -> Problem:
        where = finding.location
        return cls(
            file=str(where.file) if where.file is not None else None,
            sheet=where.sheet,
            cell=where.cell,
            name_=where.path,
            rule=finding.rule,
            message=finding.message,
        )

    def audit_event(self) -> AuditEvent:
        details: dict[str, Any] = {
            "file": self.file,
            "sheet": self.sheet,
            "cell": self.cell,
            "name": self.name_,
            "rule": self.rule,
            "message": self.message,
        }
        return AuditEvent(self.name, details)


@dataclass(frozen=True)
class CollectionWritten(Event):
    name: ClassVar[str] = "collection"
    complete: bool
    scores_accepted: int
    problems: int
    collected_json: str
    sha256: str


@dataclass(frozen=True)
class ModerationIssued(Event):
    """moderation.xlsx written; `hmac_sha256` is what `tender audit verify` checks later,
    since the moderator edits the file in place and its hash then changes."""

    name: ClassVar[str] = "moderation-issued"
    file: str
    sha256: str
    hmac_sha256: str
    issued_at: str
    collected_json: str
    collected_sha256: str
    complete: bool
    allow_incomplete: bool
    superseded: str | None  # where a reissue kept the workbook it replaced


@dataclass(frozen=True)
class ModerationRead(Event):
    """A completed moderation workbook read back and accepted (by `tender compare`)."""

    name: ClassVar[str] = "moderation-read"
    file: str
    sha256: str
    hmac_sha256: str
    consensus_scores: int
    note_warnings: int


@dataclass(frozen=True)
class ComparisonWritten(Event):
    """out/results.json and out/comparison.xlsx written by `tender compare`, with the files
    (name and SHA-256) they were computed from."""

    name: ClassVar[str] = "comparison"
    winner: str | None
    basis: str
    results_json: str
    results_sha256: str
    comparison_xlsx: str
    comparison_sha256: str
    inputs: list[dict[str, str]]


@dataclass(frozen=True)
class SummariesWritten(Event):
    """The assessment summaries written from one result; `files` holds bidder, file, sha256."""

    name: ClassVar[str] = "summaries-written"
    notice_date: str
    results_sha256: str
    files: list[dict[str, str]]


@dataclass(frozen=True)
class ReportWritten(Event):
    name: ClassVar[str] = "report-written"
    file: str
    sha256: str
    results_sha256: str


def record(log: Path, events: Sequence[Event], now: dt.datetime) -> ChainStatus:
    """Append the events to the workspace's audit log, all stamped now."""
    return append_events(log, [e.audit_event() for e in events], now)


@dataclass(frozen=True)
class ContractPinned(Event):
    name: ClassVar[str] = "contract-pinned"
    contract_file: str
    hash: str
    sha256: str
    manifest_hash: str


@dataclass(frozen=True)
class ReturnIssued(Event):
    name: ClassVar[str] = "return-issued"
    period: str
    file: str
    sha256: str
    issued_at: str
    hmac_sha256: str
    contract_hash: str


@dataclass(frozen=True)
class PeriodReturnRead(Event):
    name: ClassVar[str] = "period-return-read"
    file: str
    sha256: str | None
    period: str | None
    status: str


@dataclass(frozen=True)
class MonitoringWritten(Event):
    name: ClassVar[str] = "monitoring"
    clean: bool
    periods: int
    problems: int
    monitoring_json: str
    sha256: str
