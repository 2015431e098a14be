"""A streaming pass over a returned workbook's XML before openpyxl loads any of it.

openpyxl in read-only mode streams worksheets, but it builds the workbook part (every
defined name), the style sheet (every cell format) and the shared strings whole, and a
worksheet row whole; a file well inside the archive limits could hold millions of each and
take minutes and gigabytes. This pass counts them with expat, never building a tree, and
stops at the first count over `PartLimits`, so what openpyxl later builds is bounded.

It also refuses XML that different programs read differently, rather than choosing one
reading: a defined name given twice (Excel keeps one, openpyxl another), two sheets of one
name, two rows with one row number, two cells with one reference, rows or cells out of
order (openpyxl skips what comes after a higher row; LibreOffice does not), a cell filed
under a row it is not in, and a reference beyond Excel's last row or column. A part that
starts like XML but is not well-formed is refused too, naming the part and its line.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from xml.parsers import expat

from openpyxl.utils.cell import column_index_from_string

from tenderkit.templates.opc.archive import HostileFile, shown_name

#: Excel's own sheet bounds.
MAX_ROW = 1_048_576
MAX_COLUMN = 16_384
_CHUNK = 64 * 1024
_REFERENCE = re.compile(r"^([A-Za-z]{1,3})([0-9]{1,7})$")
#: SpreadsheetML's main namespace, transitional and strict.
_MAIN = frozenset(
    {
        "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        "http://purl.oclc.org/ooxml/spreadsheetml/main",
    }
)
_STYLE_RECORDS = frozenset({"xf", "font", "fill", "border", "numFmt", "dxf", "cellStyle"})
#: Members openpyxl keeps as bytes, and binary parts of a package.
_SKIPPED = ("xl/media/", "xl/embeddings/", "xl/printerSettings/", "customXml/")


@dataclass(frozen=True)
class PartLimits:
    """What an evaluator workbook stays far within (tenderkit issues a few hundred names,
    cells and formats); each count is for the whole workbook."""

    max_defined_names: int = 20_000
    max_style_records: int = 70_000
    max_shared_strings: int = 200_000
    max_rows: int = 100_000
    max_cells: int = 200_000
    max_elements: int = 3_000_000


class AmbiguousPart(HostileFile):
    """XML that programs read differently; `name` or `cell` says where, when known."""

    def __init__(self, message: str, name: str | None = None, cell: str | None = None) -> None:
        super().__init__(message, "hostile-file")
        self.name, self.cell = name, cell


class _Stop(Exception):
    """Raised from an expat handler to end the scan with this refusal."""

    def __init__(self, refusal: HostileFile) -> None:
        super().__init__(str(refusal))
        self.refusal = refusal


@dataclass
class _Counts:
    names: int = 0
    styles: int = 0
    strings: int = 0
    rows: int = 0
    cells: int = 0
    elements: int = 0


def scan_parts(data: bytes, limits: PartLimits = PartLimits()) -> None:
    """Raise HostileFile for a count over limits or ambiguous XML (see module docstring).

    Call it after `opc.archive.check_archive`, which has refused damaged members and DTDs.
    """
    counts = _Counts()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for member in archive.infolist():
            if member.is_dir() or member.filename.startswith(_SKIPPED):
                continue
            with archive.open(member) as stream:
                first = stream.read(_CHUNK)
                if _looks_like_xml(first):
                    _scan(member.filename, first, stream.read, counts, limits)


def _looks_like_xml(head: bytes) -> bool:
    text = head.lstrip(b" \t\r\n")
    return text.startswith((b"<", b"\xef\xbb\xbf<", b"\xff\xfe", b"\xfe\xff")) or (
        len(text) >= 2 and b"<" in text[:2] and 0 in text[:2]
    )


def _scan(
    member: str, first: bytes, read: Callable[[int], bytes], counts: _Counts, limits: PartLimits
) -> None:
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    reader = _PartReader(member, counts, limits, parser)
    parser.StartElementHandler = reader.start
    parser.StartDoctypeDeclHandler = reader.doctype
    parser.EntityDeclHandler = reader.entity
    chunk = first
    try:
        while chunk:
            parser.Parse(chunk, False)
            chunk = read(_CHUNK)
        parser.Parse(b"", True)
    except _Stop as stop:
        raise stop.refusal from None
    except expat.ExpatError as exc:
        raise HostileFile(
            f"not an .xlsx workbook: member {shown_name(member)} is not well-formed XML "
            f"(line {exc.lineno}: {expat.ErrorString(exc.code)})",
            "not-a-workbook",
        ) from None
    finally:
        # The parser holds the reader's handlers and the reader the parser: break the cycle,
        # so each part's parser is freed now, not at some later garbage collection.
        reader.parser = None


def _tags(*local: str) -> frozenset[str]:
    """The names expat gives these elements of the main namespace ("namespace local")."""
    return frozenset(f"{namespace} {name}" for namespace in _MAIN for name in local)


_ROW, _CELL, _DEFINED_NAME, _SHEET, _STRING = (
    _tags(n) for n in ("row", "c", "definedName", "sheet", "si")
)
_STYLE_TAGS = _tags(*_STYLE_RECORDS)


class _PartReader:
    """expat handlers for one part; what they check depends on the part's root element.

    The root element picks the handler for every element after it, so the elements of a
    worksheet (most of a workbook's XML) go straight to the worksheet checks.
    """

    def __init__(
        self, member: str, counts: _Counts, limits: PartLimits, parser: expat.XMLParserType
    ) -> None:
        self.member, self.counts, self.limits = member, counts, limits
        self.parser: expat.XMLParserType | None = parser
        self.names: set[tuple[str, str]] = set()
        self.sheets: set[str] = set()
        self.row = 0
        self.column = 0

    def _refuse(self, message: str, name: str | None = None, cell: str | None = None) -> None:
        raise _Stop(AmbiguousPart(f"member {shown_name(self.member)} {message}", name, cell))

    def _over(self, what: str, limit: int) -> None:
        raise _Stop(
            HostileFile(
                f"member {shown_name(self.member)} takes the workbook past {limit:,} {what}, "
                "far more than an evaluator workbook holds; refused unread"
            )
        )

    def doctype(self, *_: object) -> None:
        raise _Stop(
            HostileFile(
                f"member {shown_name(self.member)} declares a DTD (XML entities: a possible "
                "XML bomb); refused unread"
            )
        )

    def entity(self, *_: object) -> None:
        self.doctype()

    def _element(self) -> None:
        counts = self.counts
        counts.elements += 1
        if counts.elements > self.limits.max_elements:
            self._over("XML elements", self.limits.max_elements)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        """The root element: choose the handler for the rest of the part."""
        self._element()
        namespace, _, local = tag.rpartition(" ")
        # A root outside the main namespace (an extension) is counted, not interpreted.
        root = local if namespace in _MAIN else None
        assert self.parser is not None  # set until the part has been read
        self.parser.StartElementHandler = {
            "workbook": self._workbook,
            "worksheet": self._worksheet,
            "styleSheet": self._styles,
            "sst": self._strings,
        }.get(root or "", self._other)

    def _other(self, tag: str, attrs: dict[str, str]) -> None:
        self._element()

    def _styles(self, tag: str, attrs: dict[str, str]) -> None:
        self._element()
        if tag in _STYLE_TAGS:
            counts = self.counts
            counts.styles += 1
            if counts.styles > self.limits.max_style_records:
                self._over("cell styles and formats", self.limits.max_style_records)

    def _strings(self, tag: str, attrs: dict[str, str]) -> None:
        self._element()
        if tag in _STRING:
            counts = self.counts
            counts.strings += 1
            if counts.strings > self.limits.max_shared_strings:
                self._over("shared strings", self.limits.max_shared_strings)

    def _workbook(self, tag: str, attrs: dict[str, str]) -> None:
        self._element()
        if tag in _DEFINED_NAME:
            self.counts.names += 1
            if self.counts.names > self.limits.max_defined_names:
                self._over("defined names", self.limits.max_defined_names)
            name = attrs.get("name", "")
            key = (name.casefold(), attrs.get("localSheetId", ""))
            if key in self.names:
                self._refuse(
                    f"defines the name {shown_name(name)} twice; programs differ on which "
                    "they use, so it is refused",
                    name=name,
                )
            self.names.add(key)
        elif tag in _SHEET:
            sheet = attrs.get("name", "").casefold()
            if sheet in self.sheets:
                self._refuse(
                    f"has two sheets named {shown_name(attrs.get('name', ''))}; programs differ "
                    "on which they read, so it is refused"
                )
            self.sheets.add(sheet)

    def _worksheet(self, tag: str, attrs: dict[str, str]) -> None:
        counts, limits = self.counts, self.limits
        counts.elements += 1  # `_element`, inlined: this runs for nearly every element
        if counts.elements > limits.max_elements:
            self._over("XML elements", limits.max_elements)
        if tag in _ROW:
            counts.rows += 1
            if counts.rows > limits.max_rows:
                self._over("rows", limits.max_rows)
            given = attrs.get("r")
            number = _number(given) if given is not None else self.row + 1
            if number is None or not 1 <= number <= MAX_ROW:
                self._refuse(f"has a row numbered {shown_name(given or '')}, outside any sheet")
                return
            if number <= self.row:
                twice = "two rows numbered" if number == self.row else "rows out of order at row"
                self._refuse(
                    f"has {twice} {number}; programs differ on which they read, so it is refused",
                    cell=f"A{number}",
                )
            self.row, self.column = number, 0
        elif tag in _CELL:
            counts.cells += 1
            if counts.cells > limits.max_cells:
                self._over("cells", limits.max_cells)
            given = attrs.get("r")
            if given is None:
                row, column = self.row, self.column + 1
            else:
                match = _REFERENCE.match(given)
                if match is None:
                    self._refuse(f"has a cell with the reference {shown_name(given)}")
                    return
                row, column = int(match[2]), column_index_from_string(match[1].upper())
            if not (1 <= column <= MAX_COLUMN and 1 <= row <= MAX_ROW) or row != self.row:
                self._refuse(
                    f"has a cell {shown_name(given or '')} outside its row {self.row}; "
                    "programs differ on where it belongs, so it is refused",
                    cell=given,
                )
            if column <= self.column:
                twice = "two cells" if column == self.column else "cells out of order at"
                self._refuse(
                    f"has {twice} {given}; programs differ on which they read, so it is refused",
                    cell=given,
                )
            self.column = column


def _number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 7 else None
