"""The values of chosen cells of one worksheet, read with expat as openpyxl would read them.

`NamedCells` reads every cell a return's defined names point at, and the protected text
beside them, so collecting a 300-bidder return reads some 160,000 cells. openpyxl's
read-only worksheet parser builds an element tree per row and runs its cell logic in Python
for each cell, at about ten times the cost of expat alone; this reader walks the same XML
with expat, keeps only the wanted positions and stops after the last wanted row, as
openpyxl's `iter_rows` does.

The reading is openpyxl's own (`openpyxl.worksheet._reader.WorkSheetParser.parse_cell`):
a row's position from its `r` or one after the last, a cell's from its `r` or one after the
last in its row. A
cell's value is its first `v` child's text (none if empty), cast as openpyxl casts it:
numbers by `_cast_number`, to a date when its style has a date format, shared strings by
index, booleans, ISO dates, `str` cells as strings, errors kept as their text with type
`e`. A cell with an `f` child is a formula (type `f`) whatever its value, read by the same
openpyxl classes (array and data-table formulae, shared formulae translated from their
master cell). An inline string (`is`) is read by openpyxl's `Text`. Whatever openpyxl
would raise on a value (a shared-string index past the table, a style id that is not a
number), this raises too, from the same functions.

Where openpyxl and Excel would read a row differently, the row is refused
(`AmbiguousRow`): a row inside another row, which openpyxl reads in an order of its own, and
any child of a row but its cells (`c`) and a closing extension list (`extLst`): openpyxl
takes every child of a row for a cell, so `<col><v>5</v></col>` in a row would read as a
score that Excel never shows.

What openpyxl would also build but no value depends on (column widths, sheet views, page
set-up, merged ranges, all outside the cells) is not read, so a part that openpyxl could not
build there, and refused the file for, is now read for its cells. The caller runs
`part_scan.scan_parts` first, which has refused DTDs, malformed XML and rows or cells out of
order.
"""

from __future__ import annotations

import datetime as dt
import re
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from xml.etree.ElementTree import Element, TreeBuilder
from xml.parsers import expat

from openpyxl.cell.text import Text
from openpyxl.formula.translate import Translator
from openpyxl.utils.cell import column_index_from_string, coordinate_to_tuple
from openpyxl.utils.datetime import from_excel, from_ISO8601
from openpyxl.worksheet._reader import _cast_number
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula
from openpyxl.xml.constants import SHEET_MAIN_NS

from tenderkit.templates.opc.archive import HostileFile, shown_name

_CHUNK = 64 * 1024
# Element names as expat gives them with namespace_separator=" ".
_ROW = f"{SHEET_MAIN_NS} row"
_VALUE = f"{SHEET_MAIN_NS} v"
_FORMULA = f"{SHEET_MAIN_NS} f"
_INLINE = f"{SHEET_MAIN_NS} is"
_CELL = f"{SHEET_MAIN_NS} c"
_ROW_EXTENSIONS = f"{SHEET_MAIN_NS} extLst"

#: (value, data type) of a cell, as openpyxl's read-only cell has them.
CellValue = tuple[Any, str]


@dataclass(frozen=True)
class SheetContext:
    """What openpyxl's worksheet parser takes from its workbook."""

    shared_strings: Sequence[str]
    date_formats: frozenset[int] | set[int]
    timedelta_formats: frozenset[int] | set[int]
    epoch: dt.datetime


class AmbiguousRow(HostileFile):
    """A row holding something other than cells: another row, or an element openpyxl would
    take for a cell where Excel takes none."""


class _Done(Exception):
    """Raised from a handler once the last wanted row has been read."""


_ET_NAMES: dict[str, str] = {}


def _et_name(name: str) -> str:
    """expat's "namespace local" as ElementTree's "{namespace}local"."""
    known = _ET_NAMES.get(name)
    if known is None:
        namespace, space, local = name.rpartition(" ")
        known = f"{{{namespace}}}{local}" if space else name
        if len(_ET_NAMES) < 1024:  # a hostile file's many names are not all kept
            _ET_NAMES[name] = known
    return known


def _et_attrs(attrs: Mapping[str, str]) -> dict[str, str]:
    return {_et_name(k): v for k, v in attrs.items()} if attrs else {}


#: A reference of column letters then digits: the form every writer uses.
_PLAIN_REFERENCE = re.compile(r"([A-Za-z]{1,3})[0-9]+\Z")


def _column(coordinate: str) -> int:
    """`coordinate_to_tuple(coordinate)[1]`: its column, read by one pattern for a plain
    reference and by openpyxl's own loop (and its errors) for anything else."""
    plain = _PLAIN_REFERENCE.match(coordinate)
    if plain is None:
        column: int = coordinate_to_tuple(coordinate)[1]
    else:
        column = column_index_from_string(plain[1])
    return column


@dataclass(slots=True)
class _Cell:
    attrs: dict[str, str]
    depth: int
    value: str | None = None
    value_seen: bool = False
    formula: Element | None = None
    inline: Element | None = None
    ignored: bool = False  # a row's extLst: skipped, and nothing of it is kept


@dataclass(slots=True)
class _Reader:
    """expat handlers mirroring openpyxl's `WorkSheetParser.parse_row` and `parse_cell`."""

    wanted: Mapping[int, set[int]]
    last_row: int
    context: SheetContext
    member: str
    cells: dict[tuple[int, int], CellValue] = field(default_factory=dict)
    depth: int = 0
    row_depth: int = -1
    row_counter: int = 0
    # openpyxl's `_cells_by_row` yields rows in order from the first wanted one: a row
    # numbered below `next_row` is parsed but not kept, and the first row past the last
    # wanted one is parsed whole before reading stops.
    next_row: int = 1
    keep_row: bool = False
    row_extended: bool = False  # the open row's extLst has been seen: nothing may follow
    col_counter: int = 0
    cell: _Cell | None = None
    # Character data goes to `text` while a v or f element is open and none of its children
    # has started: ElementTree's `.text`, the text before the first child.
    text: list[str] | None = None
    text_tag: str = ""
    builder: TreeBuilder | None = None
    builder_depth: int = -1
    shared_formulae: dict[str | None, Translator] = field(default_factory=dict)

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        depth = self.depth
        if self.text is not None:  # a child of v or f: the text before it is all there is
            self._store_text()
        if tag == _ROW:
            self._row(attrs, depth)
        elif self.builder is not None:
            self.builder.start(_et_name(tag), _et_attrs(attrs))
        elif self.cell is not None:
            if depth == self.cell.depth + 1 and not self.cell.ignored:
                self._cell_child(self.cell, tag, attrs, depth)
        elif self.row_depth >= 0 and depth == self.row_depth + 1:
            self._row_child(tag, attrs, depth)

    def _row_child(self, tag: str, attrs: dict[str, str], depth: int) -> None:
        """A cell; a row's extension list, last; anything else is refused.

        openpyxl takes every child of a row for a cell (one named like a sheet-level element
        it reads, such as `col`, as an empty cell), where Excel reads only `c` elements; the
        schema allows one `extLst` after the cells, which moves no cell.
        """
        if self.row_extended or (tag != _CELL and tag != _ROW_EXTENSIONS):
            name = shown_name(tag.rpartition(" ")[2])  # a hostile file's name, made printable
            where = "after the extension list of" if self.row_extended else "inside"
            raise AmbiguousRow(
                f"member {self.member} has a {name} element {where} row {self.row_counter} "
                "where only cells belong; programs differ on how they read it, so it is "
                "refused",
                "hostile-file",
            )
        if tag == _ROW_EXTENSIONS:
            self.row_extended = True
            self.cell = _Cell(attrs, depth, ignored=True)
        else:
            self.cell = _Cell(attrs, depth)

    def _row(self, attrs: dict[str, str], depth: int) -> None:
        if self.row_depth >= 0:
            raise AmbiguousRow(
                f"member {self.member} has a row inside row {self.row_counter}; programs "
                "differ on how they read it, so it is refused",
                "hostile-file",
            )
        given = attrs.get("r")
        if given is not None:
            try:
                self.row_counter = int(given)
            except ValueError:
                number = float(given)
                if not number.is_integer():
                    raise ValueError(f"{given} is not a valid row number") from None
                self.row_counter = int(number)
        else:
            self.row_counter += 1
        self.keep_row = self.next_row <= self.row_counter <= self.last_row
        if self.keep_row:
            self.next_row = self.row_counter + 1
        self.col_counter = 0
        self.row_depth = depth
        self.row_extended = False

    def _cell_child(self, cell: _Cell, tag: str, attrs: dict[str, str], depth: int) -> None:
        if tag == _VALUE and not cell.value_seen:
            cell.value_seen = True
            self.text, self.text_tag = [], tag
        elif tag == _FORMULA and cell.formula is None:
            cell.formula = Element(_et_name(tag), _et_attrs(attrs))
            self.text, self.text_tag = [], tag
        elif tag == _INLINE and cell.inline is None:
            self.builder = TreeBuilder()
            self.builder_depth = depth
            self.builder.start(_et_name(tag), _et_attrs(attrs))

    def _store_text(self) -> None:
        """The open v or f element's text is complete: keep it on the cell."""
        text, cell = self.text, self.cell
        self.text = None
        assert text is not None and cell is not None  # text is captured inside a cell only
        joined = "".join(text) if text else None
        if self.text_tag == _FORMULA:
            assert cell.formula is not None
            cell.formula.text = joined
        else:
            cell.value = joined

    def data(self, text: str) -> None:
        if self.builder is not None:
            self.builder.data(text)
        elif self.text is not None:
            self.text.append(text)

    def end(self, tag: str) -> None:
        depth = self.depth
        self.depth -= 1
        if self.text is not None:  # the v or f element itself ends
            self._store_text()
        if self.builder is not None:
            self.builder.end(_et_name(tag))
            if depth == self.builder_depth:
                assert self.cell is not None
                self.cell.inline = self.builder.close()
                self.builder, self.builder_depth = None, -1
            return
        cell = self.cell
        if cell is not None and depth == cell.depth:
            self.cell = None
            if not cell.ignored:
                self._finish(cell)
        elif depth == self.row_depth:
            self.row_depth = -1
            row = self.row_counter
            if row > self.last_row or (self.keep_row and row == self.last_row):
                raise _Done

    def _finish(self, cell: _Cell) -> None:
        """`WorkSheetParser.parse_cell`, step for step."""
        attrs = cell.attrs
        data_type = attrs.get("t", "n")
        coordinate = attrs.get("r")
        style: str | int = attrs.get("s", 0)
        if style:
            style = int(style)
        value: Any = None if data_type == "inlineStr" else (cell.value or None)
        if coordinate:
            # The row in the reference is not used: the cell is filed under its row element.
            column = _column(coordinate)
            self.col_counter = column
        else:
            self.col_counter += 1
            column = self.col_counter
        context = self.context
        if cell.formula is not None:
            data_type = "f"
            value = self._formula(cell.formula, coordinate)
        elif value is not None:
            if data_type == "n":
                value = _cast_number(value)
                if style in context.date_formats:
                    data_type = "d"
                    try:
                        value = from_excel(
                            value, context.epoch, timedelta=style in context.timedelta_formats
                        )
                    except (OverflowError, ValueError):
                        warnings.warn(
                            f"Cell {coordinate} is marked as a date but the serial value {value} "
                            "is outside the limits for dates. The cell will be treated as an "
                            "error.",
                            stacklevel=1,
                        )
                        data_type, value = "e", "#VALUE!"
            elif data_type == "s":
                value = context.shared_strings[int(value)]
            elif data_type == "b":
                value = bool(int(value))
            elif data_type == "str":
                data_type = "s"
            elif data_type == "d":
                value = from_ISO8601(value)
        elif data_type == "inlineStr" and cell.inline is not None:
            data_type = "s"
            value = _inline_text(cell.inline)
        if self.keep_row and column in self.wanted.get(self.row_counter, ()):
            self.cells[(self.row_counter, column)] = (value, data_type)

    def _formula(self, formula: Element, coordinate: str | None) -> Any:
        """`WorkSheetParser.parse_formula`."""
        kind = formula.get("t")
        value: Any = "=" + formula.text if formula.text is not None else "="
        if kind == "array":
            return ArrayFormula(ref=formula.get("ref"), text=value)
        if kind == "shared":
            index = formula.get("si")
            if index in self.shared_formulae:
                return self.shared_formulae[index].translate_formula(coordinate)
            if value != "=":
                self.shared_formulae[index] = Translator(value, coordinate)
            return value
        if kind == "dataTable":
            return DataTableFormula(**formula.attrib)
        return value

    def refuse_dtd(self, *_: object) -> None:
        raise HostileFile(
            f"member {self.member} declares a DTD (XML entities: a possible XML bomb); "
            "refused unread"
        )


_TEXT = f"{{{SHEET_MAIN_NS}}}t"


def _inline_text(inline: Element) -> str:
    """`Text.from_tree(inline).content`: for the usual `<is><t>text</t></is>` without building
    the rich-text objects (a `t`'s text, before any child; its attributes are not read)."""
    if not inline.attrib and len(inline) == 1 and inline[0].tag == _TEXT:
        return inline[0].text or ""
    content: str = Text.from_tree(inline).content
    return content


def read_cells(
    source: IO[bytes],
    wanted: Mapping[int, set[int]],
    context: SheetContext,
    member: str = "worksheet",
) -> dict[tuple[int, int], CellValue]:
    """(value, data type) of every wanted cell present in the worksheet XML at source.

    wanted maps a row number to the columns wanted in it (1-based); a wanted cell the sheet
    does not hold is left out, as openpyxl gives an empty cell (None, "n") for it.
    """
    last_row = max(wanted, default=0)
    reader = _Reader(wanted, last_row, context, member, next_row=min(wanted, default=1))
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.data
    parser.StartDoctypeDeclHandler = reader.refuse_dtd
    parser.EntityDeclHandler = reader.refuse_dtd
    if last_row < 1:
        return reader.cells
    try:
        while chunk := source.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except _Done:
        pass
    return reader.cells
