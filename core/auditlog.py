"""The tender audit log: JSON lines, append-only, each entry chained to the one before.

Every entry is one line of canonical JSON carrying `seq` (1, 2, ...), `at` (UTC time),
`event` and its own fields, and `prev`: the `sha256:` of the previous line's exact bytes
(`null` for the first). Editing, deleting or reordering any line breaks the chain at the
next one, which `verify_chain` reports with its line number. A chain cannot show that lines
were cut from the end: keep the head hash `verify_chain` prints with the tender's papers.

Appending re-verifies the existing log and refuses to extend a broken one, then rewrites
the file atomically (existing bytes unchanged, new lines after them).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tenderkit import fsio
from tenderkit.errors import IntegrityError, Location
from tenderkit.hashing import canonical_json

RESERVED = ("seq", "at", "event", "prev")


@dataclass(frozen=True)
class AuditEvent:
    """Something that happened: an event name and its JSON-able details."""

    event: str
    details: Mapping[str, Any]


@dataclass(frozen=True)
class ChainStatus:
    """A verified log: how many entries it holds and the hash of its last line."""

    entries: int
    head: str | None


def line_hash(line: bytes) -> str:
    return "sha256:" + hashlib.sha256(line).hexdigest()


def _timestamp(at: dt.datetime) -> str:
    if at.tzinfo is None:
        raise ValueError("audit times must be timezone-aware")
    return at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _lines(data: bytes) -> list[bytes]:
    return data.split(b"\n")[:-1] if data.endswith(b"\n") else data.split(b"\n")


def verify_bytes(data: bytes, file: Path | str) -> ChainStatus:
    """Check the chain of a log's bytes; IntegrityError names the first line that breaks it."""
    if not data:
        return ChainStatus(0, None)
    if not data.endswith(b"\n"):
        raise IntegrityError(
            "the last entry is incomplete (no final newline); the log was cut or edited",
            Location(file=file, line=len(_lines(data))),
        )
    previous: str | None = None
    lines = _lines(data)
    for number, line in enumerate(lines, start=1):
        where = Location(file=file, line=number)
        try:
            entry = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise IntegrityError("entry is not a JSON object; the log was edited", where) from None
        if not isinstance(entry, dict):
            raise IntegrityError("entry is not a JSON object; the log was edited", where)
        if entry.get("seq") != number:
            raise IntegrityError(
                f"entry has seq {entry.get('seq')!r}, expected {number}; entries were removed, "
                "inserted or reordered",
                where,
            )
        if entry.get("prev") != previous:
            raise IntegrityError(
                "entry does not carry the hash of the line before it; the log was edited", where
            )
        previous = line_hash(line)
    return ChainStatus(len(lines), previous)


def verify_chain(path: Path) -> ChainStatus:
    """Verify the audit log at path (a missing log is an empty, valid chain)."""
    if not path.exists():
        return ChainStatus(0, None)
    return verify_bytes(path.read_bytes(), path)


def append_events(path: Path, events: Sequence[AuditEvent], at: dt.datetime) -> ChainStatus:
    """Append events (all stamped `at`) to the log, after checking the chain so far."""
    existing = path.read_bytes() if path.exists() else b""
    new, status = appended(existing, path, events, at)
    fsio.write_bytes(path, new)
    return status


def appended(
    existing: bytes, path: Path, events: Sequence[AuditEvent], at: dt.datetime
) -> tuple[bytes, ChainStatus]:
    """The log's bytes with events appended (all stamped `at`), after checking the chain so
    far; path only names the log in messages. Nothing is written."""
    status = verify_bytes(existing, path)
    previous, seq = status.head, status.entries
    new = bytearray(existing)
    stamp = _timestamp(at)
    for item in events:
        clash = sorted(set(item.details) & set(RESERVED))
        if clash:
            raise ValueError(f"audit details may not use reserved keys {clash}")
        seq += 1
        entry = {**item.details, "seq": seq, "at": stamp, "event": item.event, "prev": previous}
        line = canonical_json(entry).encode("utf-8")
        new += line + b"\n"
        previous = line_hash(line)
    return bytes(new), ChainStatus(seq, previous)
