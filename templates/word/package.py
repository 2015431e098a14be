"""Reading a Word package (.docx) people hand to tenderkit: checked, then parsed safely.

The archive is held to `opc.archive.DOCUMENT_LIMITS` before anything is decompressed, and
every XML part is parsed with defusedxml (no entity expansion, no external references), so
a damaged or hostile document is refused in one line before python-docx sees it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from tenderkit.errors import InputError, Location
from tenderkit.templates.opc.archive import DOCUMENT_LIMITS, HostileFile, check_members

MAX_FILE_BYTES = DOCUMENT_LIMITS.max_file_bytes
MAX_MEMBERS = DOCUMENT_LIMITS.max_members

CONTENT_TYPES = "[Content_Types].xml"
ROOT_RELS = "_rels/.rels"
MAIN_DOCUMENT_TYPE = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
)
OFFICE_DOCUMENT_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
PKG_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"


@dataclass(frozen=True)
class WordPackage:
    """The parts of a checked .docx, by zip member name (no leading slash)."""

    path: Path
    parts: dict[str, bytes]
    main: str  # member name of the main document part, normally word/document.xml
    trees: dict[str, Element] = field(default_factory=dict)  # every XML part, parsed once

    def xml(self, name: str) -> Element | None:
        """The parsed part, or None when the package does not have it."""
        if name in self.trees:
            return self.trees[name]
        data = self.parts.get(name)
        return None if data is None else parse_xml(data, self.path, name)

    def related(self, source: str, rel_type: str) -> list[str]:
        """Member names of the parts `source` relates to with `rel_type`."""
        folder, _, base = source.rpartition("/")
        rels = self.xml(f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels")
        if rels is None:
            return []
        out = []
        for rel in rels.iter(f"{{{PKG_RELS_NS}}}Relationship"):
            if rel.get("Type") == rel_type and rel.get("TargetMode") != "External":
                out.append(_join(folder, rel.get("Target", "")))
        return out

    def package_related(self, rel_type: str) -> list[str]:
        """Member names of the parts the package root relates to with `rel_type`."""
        return self.related("", rel_type) if ROOT_RELS in self.parts else []


def _join(folder: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in folder.split("/") if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def parse_xml(data: bytes, file: Path, part: str) -> Element:
    """Parse one XML part safely; a malformed or hostile part raises InputError."""
    try:
        root: Element = SafeET.fromstring(data)
    except DefusedXmlException as exc:
        raise InputError(
            f"{part}: refused unsafe XML ({type(exc).__name__})", Location(file)
        ) from None
    except SafeET.ParseError as exc:
        raise InputError(f"{part}: not well-formed XML ({exc})", Location(file)) from None
    return root


def read_word_package(path: Path | str) -> WordPackage:
    """Open a .docx after checking it is a plausible Word package; InputError otherwise."""
    path = Path(path)
    where = Location(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise InputError("file not found", where) from None
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", where) from None
    if not path.is_file():
        raise InputError("is not a file", where)
    if size > MAX_FILE_BYTES:
        raise InputError(f"file is {size} bytes; refusing a document over {MAX_FILE_BYTES}", where)
    try:
        with zipfile.ZipFile(path) as archive:
            members = _check_members(archive, where)
            parts = {m.filename: archive.read(m) for m in members}
    except zipfile.BadZipFile:
        raise InputError(
            "not a Word document (.docx): the file is not a zip archive", where
        ) from None
    except (OSError, RuntimeError, NotImplementedError, zipfile.LargeZipFile) as exc:
        raise InputError(f"cannot read the archive: {exc}", where) from None
    # Every XML part is parsed here, safely, so that a malformed or hostile part is
    # refused in one line before python-docx (which parses with lxml) ever sees it.
    trees = {name: parse_xml(data, path, name) for name, data in parts.items() if _is_xml(name)}
    package = WordPackage(path, parts, _main_part(path, parts), trees)
    _check_relationships(package)
    return package


def _is_xml(name: str) -> bool:
    return name.endswith((".xml", ".rels"))


def _check_relationships(package: WordPackage) -> None:
    """Every part a relationship names must be in the package (python-docx fails otherwise)."""
    for rels in sorted(n for n in package.trees if n.endswith(".rels")):
        folder = rels.removesuffix(".rels").replace("_rels/", "")
        source_folder = folder.rpartition("/")[0]
        for rel in package.trees[rels].iter(f"{{{PKG_RELS_NS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = _join(source_folder, rel.get("Target", ""))
            if target not in package.parts:
                raise InputError(
                    f"not a Word document (.docx): {rels} refers to {target}, which is missing",
                    Location(package.path),
                )


def _check_members(archive: zipfile.ZipFile, where: Location) -> list[zipfile.ZipInfo]:
    try:
        check_members(archive.infolist(), DOCUMENT_LIMITS)
    except HostileFile as exc:
        raise InputError(str(exc), where) from None
    return [m for m in archive.infolist() if not m.is_dir()]


def _main_part(path: Path, parts: dict[str, bytes]) -> str:
    where = Location(path)
    if CONTENT_TYPES not in parts or ROOT_RELS not in parts:
        raise InputError("not a Word document (.docx): no Office package structure", where)
    rels = parse_xml(parts[ROOT_RELS], path, ROOT_RELS)
    targets = [
        _join("", r.get("Target", ""))
        for r in rels.iter(f"{{{PKG_RELS_NS}}}Relationship")
        if r.get("Type") == OFFICE_DOCUMENT_REL
    ]
    if not targets or targets[0] not in parts:
        raise InputError("not a Word document (.docx): no main document part", where)
    types = parse_xml(parts[CONTENT_TYPES], path, CONTENT_TYPES)
    declared = {
        o.get("PartName", "").lstrip("/"): o.get("ContentType")
        for o in types.iter(f"{{{CT_NS}}}Override")
    }
    if declared.get(targets[0]) != MAIN_DOCUMENT_TYPE:
        raise InputError(
            f"not a Word document (.docx): the main part is {declared.get(targets[0])!r}", where
        )
    return targets[0]
