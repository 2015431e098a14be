"""Reading a returned workbook's cells by workbook-level defined name, in bounded time.

A name counts only when its definition is a plain reference to one sheet (`'Bidder B1'!$B$15`
or `Declarations!$C$5:$C$6`): a formula such as `'Bidder B1'!$B$15+0`, several areas, a
whole row or column, a deleted (`#REF!`) or external target, or a cell beyond column
`MAX_COLUMN` or a rectangle larger than `MAX_SPAN_CELLS` reads as no usable cell at all.

Cells are fetched in one pass per sheet, picking the wanted positions out of each row, so
the work grows with the rows the file holds, never with rows × columns a hostile name could
span (a name pointing at XFD1048576 must not make collection scan 17 billion cells).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from openpyxl.utils.cell import column_index_from_string, get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from tenderkit.scoring.entries import Entry
from tenderkit.templates.excel.sheet_cells import SheetContext, read_cells
from tenderkit.templates.opc.archive import shown_name

#: A name pointing at more cells than any block tenderkit issues is treated as broken.
MAX_SPAN_CELLS = 10_000
#: Issued cells sit in columns A–C; one moved beyond IV (Excel 2003's last column) is not read.
MAX_COLUMN = 256
MAX_ROW = 1_048_576

_CELL = r"\$?(?P<{c}>[A-Za-z]{{1,3}})\$?(?P<{r}>[0-9]{{1,7}})"
_REFERENCE = re.compile(
    r"^(?:'(?P<quoted>(?:[^']|'')+)'|(?P<plain>[^'!\s\[\]]+))!"
    + _CELL.format(c="c1", r="r1")
    + r"(?::"
    + _CELL.format(c="c2", r="r2")
    + r")?$"
)
#: What a read-only openpyxl cell value can be that is not a formula object.
_PLAIN = (str, int, float, bool, dt.datetime, dt.date, dt.time, dt.timedelta)


@dataclass(frozen=True)
class Span:
    """Where a defined name points: a sheet and a 1-based rectangle."""

    sheet: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    @property
    def is_cell(self) -> bool:
        return self.min_row == self.max_row and self.min_col == self.max_col

    def cells(self) -> list[tuple[int, int]]:
        return [
            (r, c)
            for r in range(self.min_row, self.max_row + 1)
            for c in range(self.min_col, self.max_col + 1)
        ]

    def first_cell(self) -> str:
        return f"{get_column_letter(self.min_col)}{self.min_row}"


def parse_reference(text: str) -> Span | None:
    """The rectangle a defined name's text refers to, or None unless it is a plain reference."""
    match = _REFERENCE.match(text.strip())
    if match is None:
        return None
    sheet = match["plain"] or match["quoted"].replace("''", "'")
    first = (int(match["r1"]), column_index_from_string(match["c1"].upper()))
    last = (
        (int(match["r2"]), column_index_from_string(match["c2"].upper())) if match["r2"] else first
    )
    min_row, max_row = sorted((first[0], last[0]))
    min_col, max_col = sorted((first[1], last[1]))
    if min_row < 1 or max_row > MAX_ROW or min_col < 1 or max_col > MAX_COLUMN:
        return None
    if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_SPAN_CELLS:
        return None
    return Span(sheet, min_row, min_col, max_row, max_col)


def formula_text(value: object) -> str:
    """A formula as the evaluator would see it: array formulas in braces, a data table
    named as one; never an object's repr, which differs between runs."""
    if isinstance(value, str):
        return value
    if isinstance(value, ArrayFormula):
        text = value.text if isinstance(value.text, str) else ""
        return "{" + text + "}"
    if isinstance(value, DataTableFormula):
        return "a data table (What-If analysis)"
    return f"a formula of a kind tenderkit does not read ({type(value).__name__})"


class NamedCells:
    """A workbook opened read-only by openpyxl, read through its workbook-level names."""

    def __init__(self, workbook: Any) -> None:
        self._wb = workbook
        # openpyxl builds `sheetnames` as a new list on every call; a return has one sheet
        # per bidder and one name per cell, so looking it up per name grew as their product.
        # Worksheets only: a name pointing at a chart sheet points at no cell.
        self._sheets = frozenset(ws.title for ws in workbook.worksheets)
        self._cells: dict[tuple[str, int, int], tuple[Any, str]] = {}

    def names(self) -> list[str]:
        """Every workbook-level defined name (sheet-level names are not ours)."""
        return list(self._wb.defined_names)

    def span(self, name: str) -> Span | None:
        """Where name points, or None if it is missing or not a plain reference in this book."""
        defined = self._wb.defined_names.get(name)
        text = getattr(defined, "attr_text", None)
        if not isinstance(text, str):
            return None
        span = parse_reference(text)
        if span is None or span.sheet not in self._sheets:
            return None
        return span

    def load(self, spans: Iterable[Span]) -> None:
        """Read every cell of spans: one pass over each sheet, taking cells by position.

        The sheet's XML is read by `sheet_cells.read_cells`, openpyxl's cell reading on
        expat, which stops after the last wanted row: validation, formatting and page
        set-up, all after the cells, are never parsed.
        """
        wanted: dict[str, dict[int, set[int]]] = {}
        for span in spans:
            rows = wanted.setdefault(span.sheet, {})
            for r, c in span.cells():
                rows.setdefault(r, set()).add(c)
        wb = self._wb
        for sheet, rows in wanted.items():
            # openpyxl's read-only worksheet keeps these; its own parser is given the same.
            worksheet = wb[sheet]
            context = SheetContext(
                shared_strings=worksheet._shared_strings,
                date_formats=wb._date_formats,
                timedelta_formats=wb._timedelta_formats,
                epoch=wb.epoch,
            )
            path = worksheet._worksheet_path
            with wb._archive.open(path) as source:
                found = read_cells(source, rows, context, shown_name(path))
            for (row, col), cell in found.items():
                self._cells[(sheet, row, col)] = cell

    def entry(self, span: Span) -> Entry:
        """The value of span's first cell as an `Entry` (formula and error told apart)."""
        value, data_type = self._cells.get((span.sheet, span.min_row, span.min_col), (None, "n"))
        if data_type == "f" or (value is not None and not isinstance(value, _PLAIN)):
            return Entry(value=formula_text(value), formula=True)
        if data_type == "e":
            return Entry(value=None, error=str(value))
        return Entry(value=value)

    def values(self, span: Span) -> list[list[object]]:
        """The span's values row by row; a formula object as its text (`formula_text`)."""
        return [
            [
                _plain(self._cells.get((span.sheet, r, c), (None, "n"))[0])
                for c in range(span.min_col, span.max_col + 1)
            ]
            for r in range(span.min_row, span.max_row + 1)
        ]


def _plain(value: object) -> object:
    return value if value is None or isinstance(value, _PLAIN) else formula_text(value)
