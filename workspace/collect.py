"""Collecting returns in a workspace: the pipeline run, out/ and the audit log written.

Which returns count is `workspace.returns` (each file) and `scoring.collection` (across
them); this module checks the workspace is ready, writes collected.json and the report,
and records what was read. Times come from the caller, so runs can be reproduced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from tenderkit.auditlog import verify_chain
from tenderkit.errors import Location, NotFoundError
from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import Collection, RefusedReturn, ReturnedScores, collect
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace import events
from tenderkit.workspace.collection_report import collected_json, report_markdown
from tenderkit.workspace.commit import commit, workspace_step
from tenderkit.workspace.folder import read_secret
from tenderkit.workspace.issue import expectations
from tenderkit.workspace.returns import find_returns, read_returns
from tenderkit.workspace.tender import OpenTender, check_pin, read_pin

Progress = Callable[[Sequence[Path]], AbstractContextManager[Iterable[Path]]]


@dataclass(frozen=True)
class CollectOutcome:
    collection: Collection
    written: tuple[Path, ...]


def _no_progress(items: Sequence[Path]) -> AbstractContextManager[Iterable[Path]]:
    return nullcontext(items)


def _collect_returns(
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
    files, notes = find_returns(workspace.returns_dir, workspace.label)
    expect = expectations(tender, secret, limits or ZipLimits())
    returned: list[ReturnedScores] = []
    refused: list[RefusedReturn] = []
    with progress(files) as items:
        for result in read_returns(items, workspace.label, expect):
            if isinstance(result, RefusedReturn):
                refused.append(result)
            else:
                returned.append(result)
    collection = collect(tender.plan(), returned, refused, notes)
    context = tender.context()
    json_text = collected_json(collection, context)
    report_text = report_markdown(collection, context)
    trail: list[events.Event] = [
        events.ReturnRead(r.file, r.sha256, r.evaluator, r.status) for r in collection.returns
    ]
    trail += [
        events.ScoresSetAside(
            w.file, w.evaluator, w.bidder, "bidder withdrew", w.withdrawn, w.scores_entered
        )
        for w in collection.withdrawn
    ]
    trail += [events.Problem.of(f) for f in collection.problems]
    trail.append(
        events.CollectionWritten(
            complete=collection.complete,
            scores_accepted=len(collection.scores),
            problems=len(collection.problems),
            collected_json=workspace.label(workspace.collected_json),
            sha256=file_sha256(json_text.encode("utf-8")),
        )
    )
    commit(
        workspace,
        [
            (workspace.collected_json, json_text.encode("utf-8")),
            (workspace.collection_report, report_text.encode("utf-8")),
        ],
        trail,
        now,
    )
    return CollectOutcome(
        collection, (workspace.collected_json, workspace.collection_report, workspace.audit_log)
    )


def collect_returns(
    tender: OpenTender,
    now: dt.datetime,
    progress: Progress = _no_progress,
    limits: ZipLimits | None = None,
) -> CollectOutcome:
    """Read every .xlsx in returns/, decide what counts, write out/ and the audit log.

    Holds the workspace lock; out/ and the log change together or not at all
    (`workspace.commit`).
    """
    with workspace_step(tender.workspace):
        return _collect_returns(tender, now, progress, limits)
