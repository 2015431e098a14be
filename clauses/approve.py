"""Approving a clause version: set its status, supersede older ones, record its hash.

The steps every approval shares (checking a version already approved against the lock,
stamping the approval record into a YAML file without losing its comments) are public
here so rubric approval (`tenderkit.rubrics.approve`) takes the same path.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import MutableMapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from tenderkit import fsio
from tenderkit.clauses.library import Library
from tenderkit.clauses.lint import check_content
from tenderkit.clauses.lock import Lock
from tenderkit.clauses.model import Clause, Status, version_hash
from tenderkit.errors import InputError, IntegrityError, Location, NotFoundError
from tenderkit.findings import blocking
from tenderkit.yamlio import parse_yaml


@dataclass(frozen=True)
class Approval:
    """What an approval did: the key and hash recorded, and what it superseded."""

    key: str
    digest: str
    superseded: tuple[str, ...]
    already_recorded: bool


def approve(
    library: Library,
    clause_id: str,
    version: str,
    *,
    approver: str | None = None,
    effective: dt.date | None = None,
) -> Approval:
    """Approve `clause_id@version` in the library on disk and record its hash in the lock.

    A draft becomes approved (approver and effective date taken from the arguments or the
    file); older approved versions become superseded. A version already approved but not
    yet in the lock (a library written by hand) has its hash recorded as it stands.
    """
    clause = library.get(clause_id)
    target = clause.version(version)
    if target is None:
        raise NotFoundError(
            f"{clause_id} has no version {version}; versions: "
            + ", ".join(v.version for v in clause.versions)
        )
    key = f"{clause_id}@{version}"
    if target.status is Status.WITHDRAWN:
        raise InputError(f"{key} is withdrawn; a withdrawn version cannot be approved again")
    problems = blocking(list(check_content(library, clause, target)))
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(
            f"{key} cannot be approved: [{problems[0].rule}] {problems[0].message}{more}",
            problems[0].location,
        )
    if target.status is not Status.DRAFT:
        return confirm_recorded(library.lock, key, version_hash(clause, target))

    doc = library.document(clause_id)
    edit = YamlEdit.open(doc.file)
    index = next(i for i, v in enumerate(clause.versions) if v is target)
    stamp_approval(
        edit.root["versions"][index],
        key,
        approver=approver,
        effective=effective,
        where=library.version_location(clause, target, "approver"),
    )
    superseded = []
    for i, older in enumerate(clause.versions):
        if older.status is Status.APPROVED and older.semver < target.semver:
            edit.root["versions"][i]["status"] = Status.SUPERSEDED.value
            superseded.append(f"{clause_id}@{older.version}")
    text = edit.text()
    updated = parse_yaml(text, doc.file).validate(Clause)
    digest = version_hash(updated, updated.versions[index])
    fsio.write_text(doc.file, text)
    library.lock.record(key, digest)
    library.lock.save()
    return Approval(key, digest, tuple(superseded), already_recorded=False)


def confirm_recorded(lock: Lock, key: str, digest: str) -> Approval:
    """For content approved already: refuse it if it changed, record its hash if missing."""
    recorded = lock.approved.get(key)
    if recorded is not None and recorded != digest:
        raise IntegrityError(
            f"{key} was approved and its content has changed since; "
            "publish the change as a new version",
            Location(lock.path),
        )
    if recorded is None:
        lock.record(key, digest)
        lock.save()
    return Approval(key, digest, (), already_recorded=recorded is not None)


def stamp_approval(
    node: MutableMapping[str, Any],
    key: str,
    *,
    approver: str | None,
    effective: dt.date | None,
    where: Location,
) -> None:
    """Mark a YAML mapping approved, with its approver and effective date.

    Arguments override what the file says; a missing effective date becomes today (the
    one place a clock enters: the approver asked for the approval to happen now).
    """
    node["status"] = Status.APPROVED.value
    if approver:
        node["approver"] = approver
    if effective:
        node["effective"] = effective
    elif node.get("effective") is None:
        node["effective"] = dt.date.today()
    if not node.get("approver"):
        raise InputError(
            f"{key} needs an approver to be approved", where, hint="pass --approver NAME"
        )


@dataclass
class YamlEdit:
    """A YAML file loaded for editing in place: comments, order and quoting survive."""

    yaml: YAML
    root: Any

    @classmethod
    def open(cls, path: Path) -> YamlEdit:
        yaml = YAML(typ="rt")
        yaml.width = 4096
        yaml.preserve_quotes = True
        return cls(yaml, yaml.load(path.read_text(encoding="utf-8")))

    def text(self) -> str:
        buffer = io.StringIO()
        self.yaml.dump(self.root, buffer)
        return buffer.getvalue()
