"""The record of a clause library's releases: what each release contained.

`releases.yaml` in the library folder lists the releases oldest first. Each names its
release number, its date and, for every clause it contained, the version a tender would
have used then (its latest approved one; for a withdrawn clause, its withdrawal) with its
status and content hash. Approved versions never change, so the current library holds
everything needed to rebuild the library as it was released (`library_at_release`), and
`tender clauses lint` compares the library with its last release.

Release numbers are numbers separated by dots. With `release_numbers: sequence` (the
default: calendar releases such as 2027.1, or a plain counter) a changed library only
needs a higher number; with `release_numbers: semantic` (MAJOR.MINOR.PATCH) the number
must rise by as much as the changes need, as a clause version's does.

The file is written by `tender clauses release`, always in the same layout, so recording
a release adds lines to it and changes none.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tenderkit import fsio
from tenderkit.clauses.library import RELEASE_NUMBER, RELEASES_FILE, Library, ReleaseNumber
from tenderkit.clauses.model import Clause, ClauseVersion, Status, version_hash
from tenderkit.version_choice import choose_version
from tenderkit.yamlio import YamlDocument, load_yaml

RELEASES_FORMAT: Literal[1] = 1

_IN_FORCE = (Status.APPROVED, Status.SUPERSEDED)


class ReleasedClause(BaseModel):
    """One clause as a release contained it: its latest version in effect then."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: str = Field(pattern=r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$")
    status: Literal["approved", "withdrawn"]
    hash: str = Field(pattern=r"^sha256:[0-9a-f]{64}$")


class ReleaseRecord(BaseModel):
    """One release of the library."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    release: ReleaseNumber
    date: dt.date
    clauses: dict[str, ReleasedClause]


class ReleaseHistory(BaseModel):
    """`releases.yaml`: every release of the library, oldest first."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    format: Literal[1]
    releases: list[ReleaseRecord] = Field(default_factory=list)

    @property
    def last(self) -> ReleaseRecord | None:
        return self.releases[-1] if self.releases else None


@dataclasses.dataclass(frozen=True)
class LoadedHistory:
    """A releases file as read: the records and the document to locate them in."""

    history: ReleaseHistory
    document: YamlDocument | None  # None when the library has no releases file yet


def release_key(number: str) -> tuple[int, ...]:
    """The release number as numbers to compare (2027.1 > 2026.11; 1.10 > 1.9)."""
    if not re.match(RELEASE_NUMBER, number):
        raise ValueError(f"{number!r} is not a release number (numbers separated by dots)")
    return tuple(int(part) for part in number.split("."))


def releases_path(library: Library) -> Path:
    return library.root / RELEASES_FILE


def load_releases(library: Library) -> LoadedHistory:
    """Read the library's releases file; a library without one has no release yet.

    Raises InputError (with file, line and YAML path) for a file that does not validate.
    """
    path = releases_path(library)
    if not path.exists():
        return LoadedHistory(ReleaseHistory(format=RELEASES_FORMAT), None)
    document = load_yaml(path)
    return LoadedHistory(document.validate(ReleaseHistory), document)


def latest_in_effect(clause: Clause) -> ClauseVersion | None:
    """The version a release records for a clause: the one a tender would use (its latest
    approved), else, for a withdrawn clause, its last version that is not a draft."""
    picked = choose_version(
        clause.versions, None, version=lambda v: v.semver, status=lambda v: v.status
    ).picked
    if picked is not None:
        return picked
    kept = [v for v in clause.versions if v.status is not Status.DRAFT]
    return max(kept, key=lambda v: v.semver) if kept else None


def current_release(library: Library, date: dt.date) -> ReleaseRecord:
    """The library as it stands, as a release numbered as library.yaml says."""
    clauses: dict[str, ReleasedClause] = {}
    for clause_id, clause in library.clauses.items():
        version = latest_in_effect(clause)
        if version is None:
            continue  # drafts only: not yet part of any release
        status: Literal["approved", "withdrawn"] = (
            "withdrawn" if version.status is Status.WITHDRAWN else "approved"
        )
        clauses[clause_id] = ReleasedClause(
            version=version.version, status=status, hash=version_hash(clause, version)
        )
    return ReleaseRecord(release=library.meta.release, date=date, clauses=clauses)


def clause_at_release(clause: Clause, entry: ReleasedClause) -> Clause | None:
    """The clause as a release contained it; None if the library lost the recorded version.

    The versions up to the recorded one are kept (drafts left out), the recorded one with
    its recorded status, earlier approved ones superseded, withdrawn ones withdrawn.
    """
    recorded = clause.version(entry.version)
    if recorded is None:
        return None
    restored: list[ClauseVersion] = []
    for v in clause.versions:
        if v.status is Status.DRAFT or v.semver > recorded.semver:
            continue
        if v is recorded:
            v = v.model_copy(update={"status": Status(entry.status)})
        elif v.status in _IN_FORCE:
            v = v.model_copy(update={"status": Status.SUPERSEDED})
        restored.append(v)
    return clause.model_copy(update={"versions": restored})


def library_at_release(library: Library, record: ReleaseRecord) -> Library:
    """The library as it was released in record (clauses it lost are left out)."""
    clauses: dict[str, Clause] = {}
    for clause_id, clause in library.clauses.items():
        entry = record.clauses.get(clause_id)
        past = clause_at_release(clause, entry) if entry is not None else None
        if past is not None:
            clauses[clause_id] = past
    meta = library.meta.model_copy(update={"release": record.release})
    documents = {k: v for k, v in library.documents.items() if k in clauses}
    return dataclasses.replace(library, meta=meta, clauses=clauses, documents=documents)


def release_before(history: ReleaseHistory, number: str) -> ReleaseRecord | None:
    """The last recorded release numbered below number (the one a new release follows)."""
    earlier = [r for r in history.releases if release_key(r.release) < release_key(number)]
    return earlier[-1] if earlier else None


def same_content(a: ReleaseRecord, b: ReleaseRecord) -> bool:
    """Whether two releases contain the same clause versions with the same content."""
    return a.clauses == b.clauses


_HEADER = """\
# Releases of this clause library, oldest first. Each records, for every clause it
# contained, the version a tender would have used, its status and content hash.
# Written by `tender clauses release`; `tender clauses lint` checks that the release
# number in library.yaml moves when the library changes after the last release.
"""


def render_releases(history: ReleaseHistory) -> str:
    """The releases file's text, in the one layout the tool writes."""
    lines = [_HEADER.rstrip("\n"), f"format: {history.format}", "releases:"]
    for record in history.releases:
        lines += [
            f'- release: "{record.release}"',
            f"  date: {record.date.isoformat()}",
            "  clauses:",
        ]
        lines += [
            f"    {clause_id}: {{version: {entry.version}, status: {entry.status}, "
            f'hash: "{entry.hash}"}}'
            for clause_id, entry in sorted(record.clauses.items())
        ]
    if not history.releases:
        lines[-1] = "releases: []"
    return "\n".join(lines) + "\n"


def save_releases(library: Library, history: ReleaseHistory) -> Path:
    path = releases_path(library)
    fsio.write_text(path, render_releases(history))
    return path
