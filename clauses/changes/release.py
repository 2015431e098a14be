"""What changed between two states of a clause library: the release report's content.

For every clause: whether it was added, removed, withdrawn or changed; which versions
were newly approved; every version whose status changed; any approved version whose
content changed in place (an integrity problem the lock should have caught); and the
diff between the version each state would use (its latest approved one), classified.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from tenderkit.clauses.changes.clause_diff import ClauseDiff, FieldChange, diff_clause
from tenderkit.clauses.changes.severity import (
    Classification,
    ClassifiedChange,
    Severity,
    classify,
)
from tenderkit.clauses.library import Library
from tenderkit.clauses.model import LOCKED_STATUSES, Clause, ClauseVersion, Status, version_hash
from tenderkit.clauses.resolve import ResolvedClause
from tenderkit.version_choice import choose_version

ClauseChangeKind = Literal["added", "removed", "withdrawn", "changed", "lifecycle"]


@dataclass(frozen=True)
class StatusChange:
    """One version's status in the old and the new state (None: not in that state)."""

    version: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class ClauseRelease:
    """Everything that changed for one clause between the two states."""

    clause_id: str
    title: str
    kind: ClauseChangeKind
    old_current: str | None
    new_current: str | None
    newly_approved: tuple[str, ...]
    status_changes: tuple[StatusChange, ...]
    edited_in_place: tuple[str, ...]
    diff: ClauseDiff | None
    classification: Classification

    @property
    def severity(self) -> Severity:
        return self.classification.severity


@dataclass(frozen=True)
class LibraryState:
    """One side of a report: a loaded library and how to name it."""

    library: Library
    label: str


@dataclass(frozen=True)
class ReleaseReport:
    name: str
    old_label: str
    new_label: str
    old_release: str
    new_release: str
    clauses: tuple[ClauseRelease, ...]

    @property
    def severity(self) -> Severity:
        return max((c.severity for c in self.clauses), default=Severity.NONE)

    def of_kind(self, kind: ClauseChangeKind) -> list[ClauseRelease]:
        return [c for c in self.clauses if c.kind == kind]

    @property
    def newly_approved(self) -> list[str]:
        return [f"{c.clause_id}@{v}" for c in self.clauses for v in c.newly_approved]


def current_version(clause: Clause) -> ClauseVersion | None:
    """The version a reference without a range picks: the latest approved one."""
    return choose_version(
        clause.versions, None, version=lambda v: v.semver, status=lambda v: v.status
    ).picked


def _status_changes(old: Clause | None, new: Clause | None) -> list[StatusChange]:
    before = {v.version: v.status.value for v in old.versions} if old else {}
    after = {v.version: v.status.value for v in new.versions} if new else {}
    order = [*after, *(v for v in before if v not in after)]
    return [
        StatusChange(v, before.get(v), after.get(v)) for v in order if before.get(v) != after.get(v)
    ]


def _newly_approved(old: Clause | None, new: Clause) -> list[str]:
    before = {v.version: v.status for v in old.versions} if old else {}
    return [
        v.version
        for v in new.versions
        if v.status in (Status.APPROVED, Status.SUPERSEDED)
        and before.get(v.version) in (None, Status.DRAFT)
    ]


def _edited_in_place(old: Clause, new: Clause) -> list[str]:
    out = []
    for v in new.versions:
        was = old.version(v.version)
        if was is None or was.status not in LOCKED_STATUSES or v.status not in LOCKED_STATUSES:
            continue
        if version_hash(old, was) != version_hash(new, v):
            out.append(v.version)
    return out


def compare_clause(old: Clause | None, new: Clause | None) -> ClauseRelease | None:
    """One clause across the two states; None when nothing about it changed."""
    either = new or old
    assert either is not None
    a = current_version(old) if old else None
    b = current_version(new) if new else None
    statuses = _status_changes(old, new)
    approved = _newly_approved(old, new) if new else []
    edited = _edited_in_place(old, new) if old and new else []
    left = ResolvedClause(old, a) if old and a else None
    right = ResolvedClause(new, b) if new and b else None
    diff = diff_clause(left, right) if left or right else None
    extra: list[ClassifiedChange] = []
    kind: ClauseChangeKind
    if old is None:
        kind = "added"
    elif new is None:
        kind = "removed"
    elif a is not None and b is None:
        kind = "withdrawn"
        change = FieldChange("status", "clause-withdrawn", "no approved version remains")
        extra.append(ClassifiedChange(change, Severity.BREAKING, change.summary))
    elif (diff is not None and not diff.identical) or (a is None) != (b is None):
        kind = "changed"
    elif statuses or edited:
        kind = "lifecycle"
    else:
        return None
    for version in edited:
        summary = f"{either.id}@{version} was approved and its content changed since"
        change = FieldChange("clause", "approved-version-edited", summary)
        extra.append(ClassifiedChange(change, Severity.BREAKING, summary))
    found = classify(diff, left, right).changes if diff is not None else ()
    if kind == "withdrawn":
        found = ()  # the text did not change; losing the clause is the change
    return ClauseRelease(
        clause_id=either.id,
        title=(new or old or either).title,
        kind=kind,
        old_current=a.version if a else None,
        new_current=b.version if b else None,
        newly_approved=tuple(approved),
        status_changes=tuple(statuses),
        edited_in_place=tuple(edited),
        diff=diff if kind != "withdrawn" else None,
        classification=Classification((*extra, *found)),
    )


def compare_libraries(old: LibraryState, new: LibraryState) -> ReleaseReport:
    """Every clause that changed between two states, in the new library's order."""
    before, after = old.library.clauses, new.library.clauses
    order = [*after, *(cid for cid in before if cid not in after)]
    clauses = []
    for clause_id in order:
        found = compare_clause(before.get(clause_id), after.get(clause_id))
        if found is not None:
            clauses.append(found)
    return ReleaseReport(
        name=new.library.meta.name,
        old_label=old.label,
        new_label=new.label,
        old_release=old.library.meta.release,
        new_release=new.library.meta.release,
        clauses=tuple(clauses),
    )
