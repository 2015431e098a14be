"""A clause library as it stood on an earlier date, rebuilt from its version records.

Each version records when it took effect, so the library on a date keeps the versions
effective on or before it and restores their statuses as they were then: the latest of
them approved, the earlier approved ones superseded. Drafts (never in effect) are left
out. Withdrawal dates are not recorded, so a withdrawn version stays withdrawn.

This lets a release report compare two states of a library without git history, as the
installed package (which has none) does in `tender demo`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Clause, ClauseVersion, Status

_IN_FORCE = (Status.APPROVED, Status.SUPERSEDED)


def clause_as_of(clause: Clause, date: dt.date) -> Clause | None:
    """The clause with the versions in effect by date and their statuses then; None if none."""
    kept = [
        v
        for v in clause.versions
        if v.status is not Status.DRAFT and v.effective is not None and v.effective <= date
    ]
    if not kept:
        return None
    in_force = [v for v in kept if v.status in _IN_FORCE]
    latest = max(in_force, key=lambda v: v.semver) if in_force else None
    restored: list[ClauseVersion] = []
    for v in kept:
        if v.status in _IN_FORCE:
            status = Status.APPROVED if v is latest else Status.SUPERSEDED
            v = v.model_copy(update={"status": status})
        restored.append(v)
    return clause.model_copy(update={"versions": restored})


def library_as_of(library: Library, date: dt.date) -> Library:
    """The library as it stood on date (see the module docstring for what is restored)."""
    clauses: dict[str, Clause] = {}
    for clause_id, clause in library.clauses.items():
        past = clause_as_of(clause, date)
        if past is not None:
            clauses[clause_id] = past
    meta = library.meta.model_copy(
        update={"release": f"{library.meta.release} as of {date.isoformat()}"}
    )
    documents = {k: v for k, v in library.documents.items() if k in clauses}
    return dataclasses.replace(library, meta=meta, clauses=clauses, documents=documents)


def effective_dates(library: Library) -> list[dt.date]:
    """Every distinct date on which some approved version took effect, oldest first."""
    return sorted(
        {
            v.effective
            for c in library.clauses.values()
            for v in c.versions
            if v.effective is not None and v.status is not Status.DRAFT
        }
    )
