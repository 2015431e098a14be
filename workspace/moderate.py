"""Issuing the moderation workbook: `tender moderate DIR`.

Moderation starts from `out/collected.json`, and only the one `tender collect` wrote: its
SHA-256 must be the one the audit log's last `collection` entry recorded, so a hand-edited
file is refused. Collection must be complete (every expected score accepted) unless the
caller allows an incomplete one, which the audit log records. `moderation.xlsx` is written
at the workspace root, where the moderator completes it in place; an existing one is never
overwritten: a reissue first keeps it beside the new one as
`moderation-superseded-<UTC time>.xlsx`. Times come from the caller, so runs reproduce.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic_core

from tenderkit import fsio
from tenderkit.auditlog import verify_chain
from tenderkit.errors import InputError, IntegrityError, Location, NotFoundError
from tenderkit.hashing import file_sha256
from tenderkit.signing import sign
from tenderkit.templates.excel.evaluator_issue import format_issued_at
from tenderkit.templates.excel.moderation_issue import CollectedScore, build_moderation
from tenderkit.templates.excel.moderation_payload import ModerationWorkbook
from tenderkit.templates.excel.moderation_workbook import write_moderation_workbook
from tenderkit.templates.excel.xlsx import collector_paused
from tenderkit.workspace import events
from tenderkit.workspace.audit import last_event
from tenderkit.workspace.collection_report import FORMAT as COLLECTED_FORMAT
from tenderkit.workspace.commit import workspace_step
from tenderkit.workspace.folder import Workspace, read_secret
from tenderkit.workspace.tender import OpenTender, check_pin


@dataclass(frozen=True)
class CollectedFile:
    """`out/collected.json` as `tender collect` wrote it (its hash checked against the log)."""

    sha256: str
    complete: bool
    scores: tuple[CollectedScore, ...]
    problems: tuple[str, ...]  # one line each, as the collection report gives them


@dataclass(frozen=True)
class ModerationIssued:
    path: Path
    superseded: Path | None
    workbook: ModerationWorkbook
    sha256: str
    signature: str


def _problem_line(problem: Any) -> str:
    if not isinstance(problem, dict):
        return str(problem)
    where = Location(
        file=problem.get("file"),
        sheet=problem.get("sheet"),
        cell=problem.get("cell"),
        path=problem.get("name"),
    )
    text = f"[{problem.get('rule')}] {problem.get('message')}"
    return f"{where}: {text}" if str(where) else text


def read_collected(workspace: Workspace, reference: str, rubric_hash: str) -> CollectedFile:
    """collected.json, refused unless it is the file the audit log last recorded."""
    path = workspace.collected_json
    label = workspace.label(path)
    if not path.is_file():
        raise NotFoundError(
            "no collected scores yet",
            Location(file=label),
            hint=f"run `tender collect {workspace.root}` first",
        )
    data = path.read_bytes()
    sha256 = file_sha256(data)
    recorded = last_event(workspace, "collection").get("sha256")
    if recorded is None:
        raise IntegrityError(
            f"no collection is recorded in {workspace.label(workspace.audit_log)}, so this file "
            "cannot be shown to be the one `tender collect` wrote",
            Location(file=label),
            hint=f"run `tender collect {workspace.root}` again",
        )
    if sha256 != recorded:
        raise IntegrityError(
            f"the file (sha256 {sha256}) is not the one `tender collect` last wrote (sha256 "
            f"{recorded}): it was edited by hand; moderation starts only from collected scores",
            Location(file=label),
            hint=f"run `tender collect {workspace.root}` again",
        )
    try:
        # pydantic-core's parser (jiter): tens of megabytes at national scale, parsed about
        # twice as fast as the json module; invalid JSON raises ValueError all the same.
        body = pydantic_core.from_json(data.decode("utf-8"))
        if body.get("format") != COLLECTED_FORMAT:
            raise ValueError(body.get("format"))
        if body["tender"]["reference"] != reference or body["rubric"]["hash"] != rubric_hash:
            raise IntegrityError(
                f"collected for tender {body['tender']['reference']} with rubric hash "
                f"{body['rubric']['hash']}, not this tender's ({reference}, {rubric_hash})",
                Location(file=label),
                hint=f"run `tender collect {workspace.root}` again",
            )
        # evaluator, bidder, criterion, score, rationale
        scores = tuple(
            [
                CollectedScore(
                    str(s["evaluator"]),
                    str(s["bidder"]),
                    str(s["criterion"]),
                    float(s["score"]),
                    str(s["rationale"]),
                )
                for s in body["scores"]
            ]
        )
        problems = tuple(_problem_line(p) for p in body.get("problems", []))
        complete = body["complete"] is True
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise InputError(
            f"not a {COLLECTED_FORMAT} file this version can read", Location(file=label)
        ) from None
    return CollectedFile(sha256, complete, scores, problems)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _keep_superseded(workspace: Workspace, now: dt.datetime) -> Path:
    target = workspace.superseded_moderation(_stamp(now))
    counter = 2
    while target.exists():  # two reissues within a second keep both earlier files
        target = workspace.superseded_moderation(f"{_stamp(now)}-{counter}")
        counter += 1
    fsio.write_bytes(target, workspace.moderation_xlsx.read_bytes())
    return target


def _issue_moderation(
    tender: OpenTender,
    issued_at: dt.datetime,
    now: dt.datetime,
    *,
    allow_incomplete: bool = False,
    reissue: bool = False,
) -> ModerationIssued:
    """Write DIR/moderation.xlsx from the collected scores (see the module docstring)."""
    workspace = tender.workspace
    target = workspace.moderation_xlsx
    label = workspace.label(target)
    if target.exists() and not reissue:
        raise InputError(
            "the moderation workbook was already issued and may hold the panel's consensus; it "
            "is never overwritten",
            Location(file=label),
            hint="use --reissue to issue a fresh one and keep this one beside it under a dated name",
        )
    check_pin(tender)
    verify_chain(workspace.audit_log)  # a broken log cannot record the issue: refuse first
    secret = read_secret(workspace)
    # Tens of thousands of scores, rows and cells, all live until the workbook is written.
    with collector_paused():
        collected = read_collected(workspace, tender.config.reference, tender.rubric_hash)
        if not collected.complete and not allow_incomplete:
            listed = "\n".join(f"  {line}" for line in collected.problems)
            raise InputError(
                f"collection is incomplete ({len(collected.problems)} problem(s)); moderation needs "
                f"every expected score:\n{listed}",
                Location(file=workspace.label(workspace.collected_json)),
                hint="resolve them and collect again, or use --allow-incomplete to moderate knowingly",
            )
        workbook = build_moderation(
            tender.config,
            tender.rubric,
            tender.rubric_hash,
            collected.scores,
            collected_sha256=collected.sha256,
            issued_at=format_issued_at(issued_at),
            domain_titles=tender.domain_titles,
            allow_incomplete=not collected.complete,
        )
        canonical = workbook.canonical()
        signature = sign(canonical, secret)
        data = write_moderation_workbook(workbook, signature, canonical)
    superseded = _keep_superseded(workspace, now) if target.exists() else None
    fsio.write_bytes(target, data)
    sha256 = file_sha256(data)
    events.record(
        workspace.audit_log,
        [
            events.ModerationIssued(
                file=label,
                sha256=sha256,
                hmac_sha256=signature,
                issued_at=workbook.issued_at,
                collected_json=workspace.label(workspace.collected_json),
                collected_sha256=collected.sha256,
                complete=collected.complete,
                allow_incomplete=not collected.complete,
                superseded=None if superseded is None else workspace.label(superseded),
            )
        ],
        now,
    )
    return ModerationIssued(target, superseded, workbook, sha256, signature)


def issue_moderation(
    tender: OpenTender,
    issued_at: dt.datetime,
    now: dt.datetime,
    *,
    allow_incomplete: bool = False,
    reissue: bool = False,
) -> ModerationIssued:
    """Write DIR/moderation.xlsx from the collected scores (see the module docstring),
    holding the workspace lock."""
    with workspace_step(tender.workspace):
        return _issue_moderation(
            tender, issued_at, now, allow_incomplete=allow_incomplete, reissue=reissue
        )
