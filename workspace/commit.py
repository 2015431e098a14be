"""One step at a time on a workspace, and each step's outputs and audit entries together.

Two commands run on one workspace at once (two people on a shared drive, a double click)
must not interleave, and a run killed midway must leave the previous outputs and a log that
verifies. So every step that writes:
- holds the workspace lock (`.workspace-lock` in the workspace folder, through the
  `filelock` library, which works on Windows and POSIX) while it runs; a second run waits
  for it, up to `LOCK_WAIT_SECONDS`, then is refused with a clear message;
- commits its outputs with `commit`: each output is first written under `out/.pending/`,
  with a manifest naming its target, its hash and the hash the audit log will have once
  the step's entries are appended; then the log is replaced (atomically) — the commit
  point; then the pending files are renamed into place.
`recover`, run at the start of every step under the lock, finishes a commit the log already
records (the log's hash is the manifest's) and discards any other pending outputs, so a kill
at any moment leaves either the old state or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout

from tenderkit import fsio
from tenderkit.auditlog import ChainStatus, appended
from tenderkit.errors import InputError, Location
from tenderkit.hashing import file_sha256
from tenderkit.workspace import events
from tenderkit.workspace.folder import Workspace

LOCK_NAME = ".workspace-lock"
PENDING = ".pending"
MANIFEST = "commit.json"
#: How long a step waits for another to finish with the workspace.
LOCK_WAIT_SECONDS = 120.0


def lock_path(workspace: Workspace) -> Path:
    return workspace.root / LOCK_NAME


@contextlib.contextmanager
def workspace_step(workspace: Workspace, wait: float = LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the workspace lock for one step, after completing or undoing an interrupted one."""
    lock = FileLock(str(lock_path(workspace)))
    try:
        lock.acquire(timeout=wait)
    except Timeout:
        raise InputError(
            f"another tender command has been using this workspace for over {wait:g} s; "
            "wait for it to finish, then run this one again",
            Location(file=lock_path(workspace)),
        ) from None
    try:
        recover(workspace)
        yield
    finally:
        lock.release()


def _pending(workspace: Workspace) -> Path:
    return workspace.out_dir / PENDING


def commit(
    workspace: Workspace,
    outputs: Sequence[tuple[Path, bytes]],
    trail: Sequence[events.Event],
    now: dt.datetime,
) -> ChainStatus:
    """Write outputs and append the trail to the audit log as one step (module docstring)."""
    log = workspace.audit_log
    existing = log.read_bytes() if log.exists() else b""
    new_log, status = appended(existing, log, [e.audit_event() for e in trail], now)
    pending = _pending(workspace)
    shutil.rmtree(pending, ignore_errors=True)
    pending.mkdir(parents=True, exist_ok=True)
    entries = []
    for index, (target, data) in enumerate(outputs):
        staged = pending / f"{index}.out"
        fsio.write_bytes(staged, data)
        entries.append(
            {"target": workspace.label(target), "file": staged.name, "sha256": file_sha256(data)}
        )
    manifest = {"log_sha256": file_sha256(new_log), "outputs": entries}
    fsio.write_text(pending / MANIFEST, json.dumps(manifest, indent=2) + "\n")
    fsio.write_bytes(log, new_log)  # the commit point
    _roll_forward(workspace, manifest)
    return status


def recover(workspace: Workspace) -> str | None:
    """Finish or undo a step that was interrupted; what was done ("completed", "undone")."""
    pending = _pending(workspace)
    if not pending.exists():
        return None
    try:
        manifest = json.loads((pending / MANIFEST).read_text(encoding="utf-8"))
        log = workspace.audit_log
        committed = log.exists() and file_sha256(log.read_bytes()) == manifest["log_sha256"]
    except (OSError, ValueError, KeyError, TypeError):
        committed = False  # killed before the manifest was complete: nothing was committed
    if committed:
        _roll_forward(workspace, manifest)
        return "completed"
    shutil.rmtree(pending, ignore_errors=True)
    return "undone"


def _roll_forward(workspace: Workspace, manifest: Mapping[str, Any]) -> None:
    pending = _pending(workspace)
    outputs = manifest["outputs"]
    assert isinstance(outputs, list)
    for entry in outputs:
        staged = pending / str(entry["file"])
        if staged.exists():  # else already moved by an earlier, interrupted roll-forward
            # Targets are relative to the workspace, so a moved workspace still recovers.
            os.replace(staged, workspace.root / str(entry["target"]))
    shutil.rmtree(pending, ignore_errors=True)
