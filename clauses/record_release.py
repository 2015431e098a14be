"""`tender clauses release`: record the library as it stands as a release.

The release takes library.yaml's release number. A library that does not pass its lint
is not released (so a changed library needs its new number first); recording the same
release twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from tenderkit.clauses.changes.release import ClauseRelease
from tenderkit.clauses.changes.since_release import changes_since, released_changes
from tenderkit.clauses.library import LIBRARY_FILE, Library
from tenderkit.clauses.lint import check_library
from tenderkit.clauses.releases import (
    ReleaseRecord,
    current_release,
    load_releases,
    releases_path,
    same_content,
    save_releases,
)
from tenderkit.errors import InputError, Location
from tenderkit.findings import blocking, refusal


@dataclass(frozen=True)
class RecordedRelease:
    """What recording a release did."""

    record: ReleaseRecord
    path: Path
    previous: str | None  # the release before this one, if any
    changes: tuple[ClauseRelease, ...]  # since the previous release
    already_recorded: bool


def record_release(library: Library, date: dt.date) -> RecordedRelease:
    """Append the library as it stands to its releases file, numbered as library.yaml says.

    Raises InputError with the first lint finding when the library does not pass its lint.
    """
    findings = blocking(check_library(library))
    if findings:
        raise refusal(findings, "tender clauses lint")
    history = load_releases(library).history
    record = current_release(library, date)
    last = history.last
    changes = tuple(released_changes(changes_since(library, last))) if last else ()
    path = releases_path(library)
    previous = last.release if last else None
    if last is not None and last.release == record.release:
        if same_content(last, record):
            return RecordedRelease(last, path, previous, (), already_recorded=True)
        raise InputError(
            f"release {record.release} is already recorded with other clause versions",
            Location(library.root / LIBRARY_FILE, path="release"),
            hint="give the library a new release number in library.yaml",
        )
    save_releases(library, history.model_copy(update={"releases": [*history.releases, record]}))
    return RecordedRelease(record, path, previous, changes, already_recorded=False)
