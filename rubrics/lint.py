"""`tender rubric lint`, and the strict gate every use of a rubric goes through.

Linting reports every problem (schema, structure, clause library, lock); using a rubric
(`validated_rubric`) refuses one that has any, with the first problem as one line
naming file and place. The lock that applies to a rubric file is the `rubrics.lock` of
the library it was resolved from, or else of the folder the file is in, if it has one:
a loose rubric file in a folder without a lock has no approval to check against (a
tender workspace pins its rubric by hash instead).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from tenderkit.clauses.library import Library, load_library
from tenderkit.clauses.lock import Lock
from tenderkit.clauses.model import LOCKED_STATUSES
from tenderkit.errors import Location
from tenderkit.findings import Finding, blocking, refusal
from tenderkit.rubrics.checks import check_rubric
from tenderkit.rubrics.library import (
    LoadedRubric,
    RubricBase,
    RubricLibrary,
    is_file_reference,
    load_rubric_library,
    lock_path,
    resolve_rubric,
    scan_rubric_file,
    scan_rubric_library,
)
from tenderkit.rubrics.model import rubric_hash

LINT_COMMAND = "tender rubric lint"


def validated_rubric(
    reference: str,
    clause_library: Library | None = None,
    *,
    rubrics: RubricLibrary | None = None,
    base: RubricBase | None = None,
    allow_drafts: bool = False,
) -> LoadedRubric:
    """Resolve a rubric for use, refusing it if `tender rubric lint` would report a problem.

    The authoring rules are the exception (method-fixing wording, word limits agreeing
    with the clauses): they judge a rubric when it is written and approved, and do not
    stop a published rubric being used.

    reference is `ID[@RANGE]` (in `rubrics`, default the bundled library) or a path to a
    rubric file relative to base (default: the current folder); clause_library defaults to
    the bundled one. Raises InputError naming the
    file, line and YAML path of the first problem.
    """
    if rubrics is None and not is_file_reference(reference, base):
        rubrics = load_rubric_library()
    loaded = resolve_rubric(reference, rubrics, base=base, allow_drafts=allow_drafts)
    clauses = clause_library if clause_library is not None else load_library()
    # The authoring rules (lint, approval) are not conditions of use.
    findings = check_rubric(loaded, clauses, authoring=False)
    lock = _lock_for(loaded, rubrics)
    if lock is not None:
        findings += lock_findings(loaded, lock)
    if blocking(findings):
        raise refusal(findings, f"{LINT_COMMAND} {loaded.file}")
    return loaded


def lint_rubric_library(root: Path | str | None, clause_library: Library) -> list[Finding]:
    """Every finding for every rubric file in a library folder (default: the bundled one)."""
    library, findings = scan_rubric_library(root)
    for loaded in library.rubrics:
        findings += check_rubric(loaded, clause_library)
        findings += lock_findings(loaded, library.lock)
    findings += _lock_orphans(library)
    return sorted(findings, key=Finding.sort_key)


def lint_rubric_files(paths: Iterable[Path], clause_library: Library) -> list[Finding]:
    """Every finding for the given rubric files; a folder is linted as a library."""
    findings: list[Finding] = []
    for path in paths:
        if path.is_dir():
            findings += lint_rubric_library(path, clause_library)
            continue
        loaded, problems = scan_rubric_file(path)
        findings += problems
        if loaded is None:
            continue
        findings += check_rubric(loaded, clause_library)
        lock = _lock_for(loaded, None)
        if lock is not None:
            findings += lock_findings(loaded, lock)
    return sorted(findings, key=Finding.sort_key)


def lock_findings(loaded: LoadedRubric, lock: Lock) -> list[Finding]:
    """An approved (or superseded, withdrawn) rubric must match the hash in its lock."""
    return list(_lock_problems(loaded, lock))


def _lock_problems(loaded: LoadedRubric, lock: Lock) -> Iterator[Finding]:
    rubric = loaded.rubric
    key = rubric.ref
    recorded = lock.approved.get(key)
    if rubric.status in LOCKED_STATUSES:
        if recorded is None:
            yield Finding(
                loaded.location("status"),
                "lock-missing",
                f"{key} is {rubric.status} but has no hash in {lock.path}",
            )
        elif recorded != rubric_hash(rubric):
            yield Finding(
                loaded.location("version"),
                "lock-mismatch",
                f"{key} was approved and its content has changed since "
                f"(lock {recorded[:19]}…); publish the change as a new version",
            )
    elif recorded is not None:
        yield Finding(
            loaded.location("status"),
            "lock-mismatch",
            f"{key} is recorded as approved in {lock.path} but is marked {rubric.status}",
        )


def _lock_orphans(library: RubricLibrary) -> Iterator[Finding]:
    present = {r.rubric.ref for r in library.rubrics}
    for key in library.lock.approved:
        if key not in present:
            yield Finding(
                Location(library.lock.path, path=key),
                "lock-orphan",
                f"lock records {key} but no rubric file in {library.root} has that "
                "id and version (a file that failed to load is reported on its own)",
            )


def _lock_for(loaded: LoadedRubric, rubrics: RubricLibrary | None) -> Lock | None:
    if rubrics is not None and any(r is loaded for r in rubrics.rubrics):
        return rubrics.lock
    path = lock_path(loaded.file.parent)
    return Lock.load(path) if path.exists() else None
