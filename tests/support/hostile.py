"""Damaged and hostile returns built in code: each function takes a valid return's bytes
and gives them back altered the way a broken disk, a careless edit or an attacker would."""

from __future__ import annotations

import io
import random
import re
import struct
import warnings
import zipfile
from collections.abc import Mapping, Sequence
from pathlib import Path

import openpyxl
from openpyxl.worksheet.formula import ArrayFormula

from tenderkit.rubrics.model import rubric_hash
from tenderkit.scoring.tender import TenderConfig, covered_bidders
from tenderkit.signing import sign
from tenderkit.templates.excel.evaluator_issue import build_issue
from tenderkit.templates.excel.evaluator_payload import IssuedWorkbook
from tenderkit.templates.excel.evaluator_workbook import write_evaluator_workbook
from tenderkit.templates.opc.archive import ZipLimits
from tenderkit.workspace.returns import Expectations
from tests.support.evaluation import fill, named_cell, rewrite_members, small_rubric_model, tender

WORKBOOK = "xl/workbook.xml"


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {m.filename: archive.read(m) for m in archive.infolist()}


def zipped(parts: list[tuple[str, bytes]]) -> bytes:
    """An archive of exactly these members, in order (two of one name included)."""
    out = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about a duplicate name; that is the point
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, body in parts:
                archive.writestr(name, body)
    return out.getvalue()


def with_values(data: bytes, values: Mapping[str, object]) -> bytes:
    """The return with named cells set (openpyxl, by defined name); ArrayFormula allowed."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    for name, value in values.items():
        cell = named_cell(book, name)
        if isinstance(value, ArrayFormula):
            value = ArrayFormula(cell.coordinate, value.text)
        cell.value = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def defined_names(data: bytes) -> list[str]:
    xml = members(data)[WORKBOOK].decode("utf-8")
    return re.findall(r'<definedName[^>]*name="([^"]+)"', xml)


def edit_workbook_xml(data: bytes, edit: object) -> bytes:
    assert callable(edit)
    return rewrite_members(data, {WORKBOOK: lambda xml: edit(xml.decode("utf-8")).encode("utf-8")})


def _name_element(xml: str, name: str) -> re.Match[str]:
    match = re.search(rf'<definedName[^>]*name="{re.escape(name)}"[^>]*>[^<]*</definedName>', xml)
    assert match is not None, name
    return match


def delete_name(data: bytes, name: str) -> bytes:
    return edit_workbook_xml(data, lambda xml: xml.replace(_name_element(xml, name).group(0), ""))


def rename_name(data: bytes, name: str, new: str) -> bytes:
    def edit(xml: str) -> str:
        element = _name_element(xml, name).group(0)
        return xml.replace(element, element.replace(f'name="{name}"', f'name="{new}"'))

    return edit_workbook_xml(data, edit)


def duplicate_name(data: bytes, name: str, target: str | None = None) -> bytes:
    """A second definition of name (pointing at target, or where the first points)."""

    def edit(xml: str) -> str:
        element = _name_element(xml, name).group(0)
        copy = element if target is None else re.sub(r">[^<]*<", f">{target}<", element)
        return xml.replace(element, element + copy)

    return edit_workbook_xml(data, edit)


def repoint_name(data: bytes, name: str, target: str) -> bytes:
    def edit(xml: str) -> str:
        element = _name_element(xml, name).group(0)
        return xml.replace(element, re.sub(r">[^<]*<", lambda _: f">{target}<", element))

    return edit_workbook_xml(data, edit)


def target_of(data: bytes, name: str) -> str:
    xml = members(data)[WORKBOOK].decode("utf-8")
    return re.sub(r"^<[^>]*>|<[^>]*>$", "", _name_element(xml, name).group(0))


def sheet_elements(data: bytes) -> list[str]:
    return re.findall(r"<sheet [^>]*/>", members(data)[WORKBOOK].decode("utf-8"))


def delete_sheet(data: bytes, index: int) -> bytes:
    element = sheet_elements(data)[index]
    return edit_workbook_xml(data, lambda xml: xml.replace(element, ""))


def hide_sheet(data: bytes, index: int) -> bytes:
    element = sheet_elements(data)[index]
    hidden = re.sub(r' state="[^"]*"', "", element).replace("<sheet ", '<sheet state="hidden" ')
    return edit_workbook_xml(data, lambda xml: xml.replace(element, hidden))


def drop_member(data: bytes, name: str) -> bytes:
    return zipped([(n, b) for n, b in members(data).items() if n != name])


def alter_metadata(data: bytes, old: str, new: str) -> bytes:
    """The signed payload with text old replaced by new (in shared strings or inline)."""
    parts = members(data)
    changed = {
        n: b.replace(old.encode(), new.encode())
        for n, b in parts.items()
        if n.endswith(".xml") and old.encode() in b and n != WORKBOOK
    }
    assert changed, old
    return zipped([(n, changed.get(n, b)) for n, b in parts.items()])


def flip_bit(data: bytes, offset: int, bit: int) -> bytes:
    out = bytearray(data)
    out[offset % len(out)] ^= 1 << (bit % 8)
    return bytes(out)


def local_headers(data: bytes) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(b"PK\x03\x04"), data)]


def blank_local_name(data: bytes, index: int) -> bytes:
    """The local file header's name overwritten with zero bytes; the directory unchanged."""
    start = local_headers(data)[index % len(local_headers(data))]
    (length,) = struct.unpack_from("<H", data, start + 26)
    out = bytearray(data)
    out[start + 30 : start + 30 + length] = bytes(length)
    return bytes(out)


def set_local_method(data: bytes, index: int, method: int) -> bytes:
    """The local header's compression method (offset 8) changed; 99 is AES encryption."""
    start = local_headers(data)[index % len(local_headers(data))]
    out = bytearray(data)
    struct.pack_into("<H", out, start + 8, method)
    return bytes(out)


def set_encrypted_flag(data: bytes, index: int) -> bytes:
    """The encryption bit set in one central-directory entry."""
    entries = [m.start() for m in re.finditer(re.escape(b"PK\x01\x02"), data)]
    start = entries[index % len(entries)]
    out = bytearray(data)
    (flags,) = struct.unpack_from("<H", out, start + 8)
    struct.pack_into("<H", out, start + 8, flags | 1)
    return bytes(out)


def add_member(data: bytes, name: str, body: bytes) -> bytes:
    return zipped([*members(data).items(), (name, body)])


def duplicate_member(data: bytes, name: str, body: bytes | None = None) -> bytes:
    parts = members(data)
    return zipped([*parts.items(), (name, parts[name] if body is None else body)])


DOCTYPE = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'


def with_dtd(data: bytes, name: str, encoding: str = "utf-8") -> bytes:
    """member name with a DTD after its declaration, written in encoding (utf-16-le has no
    byte-order mark; 'utf-16' has one)."""
    parts = members(data)
    text = parts[name].decode("utf-8")
    body = text.split("?>", 1)[-1] if text.startswith("<?xml") else text
    label = "UTF-16" if encoding.startswith("utf-16") else "UTF-8"
    xml = f'<?xml version="1.0" encoding="{label}"?>{DOCTYPE}{body}'
    return zipped([(n, xml.encode(encoding) if n == name else b) for n, b in parts.items()])


def many_defined_names(data: bytes, count: int) -> bytes:
    """count extra workbook-level names (not tenderkit's) pointing at one cell."""
    extra = "".join(
        f"<definedName name=\"extra{i}\">'Bidder B1'!$A$1</definedName>" for i in range(count)
    )
    return edit_workbook_xml(
        data, lambda xml: xml.replace("</definedNames>", extra + "</definedNames>")
    )


def sheet_member(data: bytes, sheet_index: int = 1) -> str:
    names = sorted(n for n in members(data) if n.startswith("xl/worksheets/sheet"))
    return names[sheet_index % len(names)]


def edit_member(data: bytes, name: str, edit: object) -> bytes:
    assert callable(edit)
    return rewrite_members(data, {name: lambda xml: edit(xml.decode("utf-8")).encode("utf-8")})


def duplicate_first_row(data: bytes, member: str) -> bytes:
    def edit(xml: str) -> str:
        match = re.search(r"<row [^>]*>.*?</row>|<row [^>]*/>", xml, re.S)
        assert match is not None
        return xml.replace(match.group(0), match.group(0) * 2, 1)

    return edit_member(data, member, edit)


def duplicate_first_cell(data: bytes, member: str) -> bytes:
    def edit(xml: str) -> str:
        match = re.search(r"<c [^>]*/>|<c [^>]*>.*?</c>", xml, re.S)
        assert match is not None
        return xml.replace(match.group(0), match.group(0) * 2, 1)

    return edit_member(data, member, edit)


def extra_rows(data: bytes, member: str, count: int, cells_per_row: int = 0) -> bytes:
    """count empty (or filled) rows after the sheet's last row."""

    def edit(xml: str) -> str:
        numbers = [int(n) for n in re.findall(r'<row r="([0-9]+)"', xml)] or [0]
        first = max(numbers) + 1
        rows = "".join(
            f'<row r="{r}">'
            + "".join(f'<c r="{_column(c)}{r}"><v>1</v></c>' for c in range(1, cells_per_row + 1))
            + "</row>"
            for r in range(first, first + count)
        )
        return xml.replace("</sheetData>", rows + "</sheetData>")

    return edit_member(data, member, edit)


def _column(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def many_styles(data: bytes, count: int) -> bytes:
    def edit(xml: str) -> str:
        # Attribute values that differ, so the part does not compress like a zip bomb.
        noise = random.Random(count)
        extra = "".join(
            f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="{noise.randrange(60_000)}"/>'
            for _ in range(count)
        )
        return re.sub(r"(<cellXfs[^>]*>)", lambda m: m.group(1) + extra, xml, count=1)

    return edit_member(data, "xl/styles.xml", edit)


def nested_payload(count: int) -> str:
    """A JSON payload of count empty lists: a few bytes each, far more once parsed."""
    return "[" + ",".join(["[]"] * count) + "]"


def file_size_claim(data: bytes, index: int, size: int) -> bytes:
    """One central-directory entry claiming an unpacked size of size bytes."""
    entries = [m.start() for m in re.finditer(re.escape(b"PK\x01\x02"), data)]
    start = entries[index % len(entries)]
    out = bytearray(data)
    struct.pack_into("<I", out, start + 24, size)
    return bytes(out)


# --- a valid return to damage, and what reading one must match --------------------------

SECRET = b"s" * 32
_RUBRIC = small_rubric_model()
_CONFIG = TenderConfig.model_validate(tender())


def expected_issue(
    evaluator_id: str, issued_at: str, bidders: Sequence[str] | None = None
) -> IssuedWorkbook | None:
    evaluator = _CONFIG.evaluator(evaluator_id)
    if evaluator is None:
        return None
    covered = None if bidders is None else covered_bidders(_CONFIG, evaluator, bidders)
    return build_issue(_CONFIG, _RUBRIC, rubric_hash(_RUBRIC), evaluator, issued_at, {}, covered)


def expectations(limits: ZipLimits | None = None) -> Expectations:
    return Expectations(_CONFIG.reference, SECRET, expected_issue, limits or ZipLimits())


def valid_return(folder: Path, evaluator: str = "E2") -> bytes:
    """evaluator's workbook, issued with SECRET and completed (score 3 everywhere)."""
    issue = expected_issue(evaluator, "2027-03-01T09:00:00Z")
    assert issue is not None
    issued = folder / f"issued-{evaluator}.xlsx"
    issued.write_bytes(write_evaluator_workbook(issue, sign(issue.canonical(), SECRET)))
    return fill(issued, folder / f"{evaluator}.xlsx").read_bytes()


def with_payload(data: bytes, payload: str, chunk: int = 30_000) -> bytes:
    """The return with its metadata payload replaced by payload (signature left as it was),
    spread over as many metadata rows as it needs and the metadata name widened to them."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    meta = book["tenderkit"]
    rows = [(str(r[0].value), r[1].value) for r in meta.iter_rows(max_col=2) if r[0].value]
    signature = next(v for k, v in rows if k == "hmac-sha256")
    pieces = [payload[i : i + chunk] for i in range(0, len(payload), chunk)] or [""]
    meta.delete_rows(1, meta.max_row)
    meta.append(["hmac-sha256", signature])
    for i, piece in enumerate(pieces, start=1):
        meta.append([f"payload {i}/{len(pieces)}", piece])
    book.defined_names["TK.META"].attr_text = f"tenderkit!$A$1:$B${len(pieces) + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def stored(data: bytes) -> bytes:
    """The same members, stored without compression (so no ratio limit applies)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, body in members(data).items():
            archive.writestr(name, body)
    return out.getvalue()
