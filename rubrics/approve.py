"""Approving a rubric version: check it, stamp it, supersede older ones, record its hash.

Rubrics are approved as clauses are (`tenderkit.clauses.approve` holds the shared steps),
with one addition: a draft that `tender rubric lint` would fault is refused, because an
approved rubric can never be corrected, only replaced by a new version.
"""

from __future__ import annotations

import datetime as dt

from tenderkit import fsio
from tenderkit.clauses.approve import (
    Approval,
    YamlEdit,
    confirm_recorded,
    set_field,
    stamp_approval,
)
from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Status
from tenderkit.errors import InputError
from tenderkit.findings import blocking, refusal
from tenderkit.rubrics.checks import check_rubric
from tenderkit.rubrics.library import RubricLibrary
from tenderkit.rubrics.model import Rubric, rubric_hash
from tenderkit.yamlio import parse_yaml


def approve_rubric(
    library: RubricLibrary,
    clause_library: Library,
    rubric_id: str,
    version: str,
    *,
    approver: str | None = None,
    effective: dt.date | None = None,
) -> Approval:
    """Approve `rubric_id@version` in the library on disk and record its hash in the lock.

    A draft becomes approved (approver and effective date from the arguments or the
    file) once it passes every check against the clause library; older approved versions
    of the rubric become superseded. A version already approved but missing from the lock
    has its hash recorded as it stands; one whose content changed is refused.
    """
    target = library.get(rubric_id, version)
    rubric = target.rubric
    key = rubric.ref
    if rubric.status is Status.WITHDRAWN:
        raise InputError(
            f"{key} is withdrawn; a withdrawn version cannot be approved again",
            target.location("status"),
        )
    if rubric.status is not Status.DRAFT:
        return confirm_recorded(library.lock, key, rubric_hash(rubric))
    problems = blocking(check_rubric(target, clause_library))
    if problems:
        raise refusal(problems, f"tender rubric lint {target.file}")

    edit = YamlEdit.open(target.file)
    stamp_approval(
        edit.root,
        key,
        approver=approver,
        effective=effective,
        where=target.location("approver"),
    )
    text = edit.text()
    digest = rubric_hash(parse_yaml(text, target.file).validate(Rubric))
    fsio.write_text(target.file, text)
    superseded = []
    for older in library.versions_of(rubric_id):
        if older.rubric.status is Status.APPROVED and older.rubric.semver < rubric.semver:
            # Status is outside the hashed content, so the older lock entry stays valid.
            older_edit = YamlEdit.open(older.file)
            set_field(older_edit.root, "status", Status.SUPERSEDED.value)
            fsio.write_text(older.file, older_edit.text())
            superseded.append(older.rubric.ref)
    library.lock.record(key, digest)
    library.lock.save()
    return Approval(key, digest, tuple(superseded), already_recorded=False)
