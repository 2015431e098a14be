"""Document properties: the provenance a specification carries inside the file.

python-docx handles the core properties (title, author, dates); the custom properties part
(`docProps/custom.xml`) it lacks is written here, and read back by `tender spec inspect`.
Header and footer fields that show a property (`DOCPROPERTY`, `TITLE`) get their values
written in as the field's cached result, so readers that do not update fields still show
the right reference.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.oxml import serialize_part_xml
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from tenderkit.errors import InputError, Location
from tenderkit.templates.word.package import WordPackage, read_word_package

CUSTOM_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.custom-properties+xml"
CUSTOM_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
#: The format id every user-defined property carries (PID_USER_DEFINED's property set).
USER_DEFINED_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"

PREFIX = "tenderkit."
#: One property per clause version: `tenderkit.clause_hash.WC-CV-001@2.0.0`.
CLAUSE_HASH = f"{PREFIX}clause_hash."
#: Word edits text properties of at most 255 characters; longer lists are split.
MAX_VALUE = 255


@dataclass(frozen=True)
class SpecProperties:
    """What a specification records about how it was made."""

    reference: str
    document_version: str
    manifest_hash: str
    rubric: str  # id@version@hash
    tool_version: str
    library: str
    clauses: list[str]  # id@version, in document order
    other: dict[str, str] = field(default_factory=dict)  # properties not written by tenderkit
    #: Each clause version's content hash, by id@version (empty for older specifications).
    clause_hashes: dict[str, str] = field(default_factory=dict)

    def as_properties(self) -> list[tuple[str, str | int]]:
        """The custom properties to write, in a stable order."""
        out: list[tuple[str, str | int]] = [
            (f"{PREFIX}reference", self.reference),
            (f"{PREFIX}document_version", self.document_version),
            (f"{PREFIX}manifest_hash", self.manifest_hash),
            (f"{PREFIX}rubric", self.rubric),
            (f"{PREFIX}tool_version", self.tool_version),
            (f"{PREFIX}library", self.library),
            (f"{PREFIX}clause_count", len(self.clauses)),
        ]
        for i, chunk in enumerate(_chunks(self.clauses), start=1):
            out.append((f"{PREFIX}clauses.{i}", chunk))
        for ref in self.clauses:
            if ref in self.clause_hashes:
                out.append((f"{CLAUSE_HASH}{ref}", self.clause_hashes[ref]))
        return out

    def as_json(self) -> dict[str, Any]:
        """`tender spec inspect --json`: a documented, stable shape."""
        return {
            "reference": self.reference,
            "document_version": self.document_version,
            "manifest_hash": self.manifest_hash,
            "rubric": self.rubric,
            "tool_version": self.tool_version,
            "library": self.library,
            "clauses": list(self.clauses),
            "clause_hashes": dict(self.clause_hashes),
        }


def _chunks(refs: Sequence[str]) -> list[str]:
    chunks: list[str] = []
    current = ""
    for ref in refs:
        candidate = f"{current}, {ref}" if current else ref
        if len(candidate) > MAX_VALUE and current:
            chunks.append(current)
            current = ref
        else:
            current = candidate
    if current:
        chunks.append(current)
    return chunks


def _property_xml(pid: int, name: str, value: str | int) -> str:
    typed = (
        f"<vt:i4>{value}</vt:i4>"
        if isinstance(value, int)
        else f"<vt:lpwstr>{escape(value)}</vt:lpwstr>"
    )
    return f'<property fmtid="{USER_DEFINED_FMTID}" pid="{pid}" name={quoteattr(name)}>{typed}</property>'


def write_custom_properties(
    document: DocxDocument, properties: Sequence[tuple[str, str | int]]
) -> None:
    """Set tenderkit's custom properties, keeping any others the reference document had."""
    package = document.part.package
    kept: list[Any] = []
    for rid, rel in list(package.rels.items()):
        if rel.reltype == CUSTOM_REL:
            old = parse_xml(rel.target_part.blob)
            kept = [p for p in old if not str(p.get("name", "")).startswith(PREFIX)]
            del package.rels[rid]
    root = parse_xml(
        f'<Properties xmlns="{CUSTOM_NS}" xmlns:vt="{VT_NS}">'
        + "".join(_property_xml(i, n, v) for i, (n, v) in enumerate(properties, start=2))
        + "</Properties>"
    )
    for pid, prop in enumerate(kept, start=len(properties) + 2):
        prop.set("pid", str(pid))
        root.append(prop)
    part = Part(
        PackURI("/docProps/custom.xml"), CUSTOM_CONTENT_TYPE, serialize_part_xml(root), package
    )
    package.relate_to(part, CUSTOM_REL)


def read_custom_properties(package: WordPackage) -> dict[str, str]:
    """Every custom property of a package as text, by name (empty when it has none)."""
    out: dict[str, str] = {}
    for name in package.package_related(CUSTOM_REL):
        root = package.xml(name)
        if root is None:
            continue
        for prop in root.iter(f"{{{CUSTOM_NS}}}property"):
            value = next(iter(prop), None)
            out[prop.get("name", "")] = "" if value is None else (value.text or "")
    return out


def read_spec_properties(path: Any) -> SpecProperties:
    """The provenance recorded in a specification; InputError when it has none."""
    package = read_word_package(path)
    props = read_custom_properties(package)
    where = Location(package.path)
    wanted = ("reference", "manifest_hash", "rubric", "tool_version", "clause_count")
    missing = [name for name in wanted if f"{PREFIX}{name}" not in props]
    if missing:
        raise InputError(
            "not a tenderkit specification: no tenderkit provenance properties "
            f"(missing {', '.join(PREFIX + m for m in missing)})",
            where,
        )
    chunks = sorted(
        (int(k.rsplit(".", 1)[1]), v)
        for k, v in props.items()
        if re.fullmatch(rf"{re.escape(PREFIX)}clauses\.\d+", k)
    )
    clauses = [ref.strip() for _, chunk in chunks for ref in chunk.split(",") if ref.strip()]
    count = props[f"{PREFIX}clause_count"]
    if not count.isdigit() or int(count) != len(clauses):
        raise InputError(
            f"the clause list holds {len(clauses)} entries but clause_count says {count}", where
        )
    return SpecProperties(
        reference=props[f"{PREFIX}reference"],
        document_version=props.get(f"{PREFIX}document_version", ""),
        manifest_hash=props[f"{PREFIX}manifest_hash"],
        rubric=props[f"{PREFIX}rubric"],
        tool_version=props[f"{PREFIX}tool_version"],
        library=props.get(f"{PREFIX}library", ""),
        clauses=clauses,
        other={k: v for k, v in props.items() if not k.startswith(PREFIX)},
        clause_hashes={
            k.removeprefix(CLAUSE_HASH): v for k, v in props.items() if k.startswith(CLAUSE_HASH)
        },
    )


_DOCPROPERTY = re.compile(r'^\s*DOCPROPERTY\s+(?:"([^"]+)"|(\S+))', re.IGNORECASE)
_CORE_FIELD = re.compile(r"^\s*(TITLE|SUBJECT|AUTHOR)\b", re.IGNORECASE)


def _field_value(instruction: str, values: Mapping[str, str]) -> str | None:
    match = _DOCPROPERTY.match(instruction)
    if match:
        return values.get(match.group(1) or match.group(2))
    match = _CORE_FIELD.match(instruction)
    return values.get(match.group(1).upper()) if match else None


def _set_result(runs: Sequence[Any], value: str) -> None:
    texts = [t for r in runs for t in r.iter(qn("w:t"))]
    if not texts:
        return
    texts[0].text = value
    for extra in texts[1:]:
        extra.text = ""


def fill_field_results(document: DocxDocument, values: Mapping[str, str]) -> None:
    """Write property values into the cached results of header and footer fields.

    `values` maps DOCPROPERTY names, and TITLE / SUBJECT / AUTHOR, to text.
    """
    parts = [
        rel.target_part
        for rel in document.part.rels.values()
        if rel.reltype in (RT.HEADER, RT.FOOTER)
    ]
    for part in parts:
        root = part.element
        for simple in root.iter(qn("w:fldSimple")):
            value = _field_value(simple.get(qn("w:instr"), ""), values)
            if value is not None:
                _set_result(simple.findall(qn("w:r")), value)
        for paragraph in root.iter(qn("w:p")):
            _fill_complex(paragraph, values)


def _fill_complex(paragraph: Any, values: Mapping[str, str]) -> None:
    """Complex fields (begin / instrText / separate / result / end) within one paragraph."""
    instruction = ""
    state = "outside"
    result: list[Any] = []
    for run in paragraph.iter(qn("w:r")):
        char = run.find(qn("w:fldChar"))
        kind = char.get(qn("w:fldCharType")) if char is not None else None
        if kind == "begin":
            state, instruction, result = "instruction", "", []
        elif kind == "separate" and state == "instruction":
            state = "result"
        elif kind == "end" and state in ("instruction", "result"):
            value = _field_value(instruction, values)
            if value is not None:
                _set_result(result, value)
            state = "outside"
        elif state == "instruction":
            instruction += "".join(t.text or "" for t in run.iter(qn("w:instrText")))
        elif state == "result":
            result.append(run)
