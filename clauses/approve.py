"""Approving a clause version: set its status, supersede older ones, record its hash."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from ruamel.yaml import YAML

from tenderkit import fsio
from tenderkit.clauses.library import Library
from tenderkit.clauses.model import Clause, Status, version_hash
from tenderkit.errors import InputError, IntegrityError, NotFoundError
from tenderkit.yamlio import parse_yaml


@dataclass(frozen=True)
class Approval:
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
    recorded = library.lock.approved.get(key)
    if target.status is Status.WITHDRAWN:
        raise InputError(f"{key} is withdrawn; a withdrawn version cannot be approved again")
    if target.status is not Status.DRAFT:
        digest = version_hash(clause, target)
        if recorded is not None and recorded != digest:
            raise IntegrityError(
                f"{key} was approved and its content has changed since; "
                "publish the change as a new version"
            )
        if recorded is None:
            library.lock.record(key, digest)
            library.lock.save()
        return Approval(key, digest, (), already_recorded=recorded is not None)

    doc = library.document(clause_id)
    yaml = YAML(typ="rt")
    yaml.width = 4096
    yaml.preserve_quotes = True
    root = yaml.load(doc.file.read_text(encoding="utf-8"))
    index = clause.versions.index(target)
    node = root["versions"][index]
    node["status"] = Status.APPROVED.value
    if approver:
        node["approver"] = approver
    if effective:
        node["effective"] = effective
    elif node.get("effective") is None:
        node["effective"] = dt.date.today()
    if not node.get("approver"):
        raise InputError(
            f"{key} needs an approver to be approved",
            library.version_location(clause, target, "approver"),
            hint="pass --approver NAME",
        )
    superseded = []
    for i, older in enumerate(clause.versions):
        if older.status is Status.APPROVED and older.semver < target.semver:
            root["versions"][i]["status"] = Status.SUPERSEDED.value
            superseded.append(f"{clause_id}@{older.version}")
    buffer = io.StringIO()
    yaml.dump(root, buffer)
    text = buffer.getvalue()
    updated = parse_yaml(text, doc.file).validate(Clause)
    digest = version_hash(updated, updated.versions[index])
    fsio.write_text(doc.file, text)
    library.lock.record(key, digest)
    library.lock.save()
    return Approval(key, digest, tuple(superseded), already_recorded=False)
