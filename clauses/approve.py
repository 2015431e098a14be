"""Approving a clause version: set its status, supersede older ones, record its hash.

The steps every approval shares (checking a version already approved against the lock,
stamping the approval record into a YAML file without losing its comments) are public
here so rubric approval (`tenderkit.rubrics.approve`) takes the same path.
"""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
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
            set_field(edit.root["versions"][i], "status", Status.SUPERSEDED.value)
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
    set_field(node, "status", Status.APPROVED.value)
    if effective:
        set_field(node, "effective", effective, after="status")
    elif node.get("effective") is None:
        set_field(node, "effective", dt.date.today(), after="status")
    if approver:
        set_field(node, "approver", approver, after="effective")
    if not node.get("approver"):
        raise InputError(
            f"{key} needs an approver to be approved", where, hint="pass --approver NAME"
        )


def set_field(node: Any, key: str, value: Any, *, after: str | None = None) -> None:
    """Set `key` in a round-trip YAML mapping, changing no other line.

    An end-of-line comment keeps its distance from the value (ruamel keeps its column,
    which a longer value would run into); a new key goes right after `after`, where a
    reader looks for it, instead of at the end of the mapping.
    """
    if key in node:
        old = node[key]
        node[key] = value
        comment = getattr(node, "ca", None) and node.ca.items.get(key)
        token = comment[2] if comment and len(comment) > 2 else None
        if token is not None and hasattr(token, "column"):
            token.column = max(0, token.column + len(str(value)) - len(str(old)))
        return
    if after is not None and after in node and hasattr(node, "insert"):
        node.insert(list(node).index(after) + 1, key, value)
        return
    node[key] = value


_KEY = re.compile(r"^( *)(?:- )?[^\s#][^:#]*:\s*(?:#.*)?$")
_ITEM = re.compile(r"^( *)- ")


def file_indentation(text: str) -> tuple[int, int]:
    """How a YAML file indents: spaces per mapping level, and a list dash's offset under its
    key (`key:` then `  - item` is offset 2; `- item` level with the key is offset 0).

    Read from the first nested mapping and the first block list; 2 and 2 when absent.
    """
    mapping: int | None = None
    offset: int | None = None
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    for line, following in itertools.pairwise(lines):
        key = _KEY.match(line)
        if key is None or line.lstrip().startswith("- "):
            continue
        depth = len(key.group(1))
        item = _ITEM.match(following)
        if item is not None and offset is None:
            offset = len(item.group(1)) - depth
        elif item is None and mapping is None:
            deeper = len(following) - len(following.lstrip(" "))
            if deeper > depth:
                mapping = deeper - depth
        if mapping is not None and offset is not None:
            break
    return (mapping or 2, 2 if offset is None or offset < 0 else offset)


@dataclass
class YamlEdit:
    """A YAML file loaded for editing in place: comments, order and quoting survive."""

    yaml: YAML
    root: Any

    @classmethod
    def open(cls, path: Path) -> YamlEdit:
        text = path.read_text(encoding="utf-8")
        yaml = YAML(typ="rt")
        yaml.width = 4096
        yaml.preserve_quotes = True
        # Written back with the file's own indentation, so that an approval changes only
        # the lines it means to (status, approver, effective) and a reviewer's diff is those.
        mapping, offset = file_indentation(text)
        yaml.indent(mapping=mapping, sequence=mapping + offset, offset=offset)
        return cls(yaml, yaml.load(text))

    def text(self) -> str:
        buffer = io.StringIO()
        self.yaml.dump(self.root, buffer)
        return buffer.getvalue()
