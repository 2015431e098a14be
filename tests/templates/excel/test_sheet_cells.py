"""`sheet_cells.read_cells` reads what openpyxl's read-only worksheet reads, cell for cell.

The oracle is openpyxl itself: `iter_rows` over the same rectangle, as `NamedCells.load` read
cells before it used `read_cells`. Generated worksheets mix every kind of cell (numbers,
dates and durations by style, shared and inline strings, rich text, booleans, errors, ISO
dates, formulae of each kind, shared formulae translated from their master), cells and rows
with and without references, rows out of order, odd children and values that make openpyxl
raise; the two readings must agree on every value and type, or both raise.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from itertools import islice
from typing import Any

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from tenderkit.templates.excel.sheet_cells import (
    AmbiguousRow,
    SheetContext,
    _column,
    read_cells,
)

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STRINGS = ["alpha", "beta", "gamma <&>", " spaced "]


def _skeleton() -> bytes:
    """A workbook with shared strings and a date and a duration format among its styles."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = book.add_worksheet("S")
    for row, text in enumerate(STRINGS):
        ws.write_string(row, 0, text)
    ws.write_number(0, 1, 46000, book.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_number(1, 1, 1.5, book.add_format({"num_format": "[h]:mm:ss"}))
    ws.write_number(2, 1, 3, book.add_format({"num_format": "0.00"}))
    book.close()
    return buffer.getvalue()


SKELETON = _skeleton()


def _styles() -> tuple[int, int, int]:
    book = openpyxl.load_workbook(io.BytesIO(SKELETON), read_only=True)
    try:
        timedelta = min(book._timedelta_formats)
        date = min(set(book._date_formats) - set(book._timedelta_formats))
        plain = max(set(range(4)) - set(book._date_formats))
        return date, timedelta, plain
    finally:
        book.close()


DATE, DURATION, PLAIN = _styles()


def _with_sheet(sheet_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(SKELETON)) as source, zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = sheet_xml.encode("utf-8")
            target.writestr(item, data)
    return out.getvalue()


def _comparable(value: Any) -> Any:
    if isinstance(value, ArrayFormula):
        return ("array", value.ref, value.text)
    if isinstance(value, DataTableFormula):
        return ("table", sorted((k, v) for k, v in dict(value).items()))
    return (type(value).__name__, value)


def _filled(found: dict[tuple[int, int], Any], wanted: dict[int, set[int]]) -> dict[Any, Any]:
    """Every wanted position, a missing one as the empty cell `NamedCells` takes it for."""
    empty = (("NoneType", None), "n")
    return {(r, c): found.get((r, c), empty) for r, cols in wanted.items() for c in cols}


def _oracle(data: bytes, wanted: dict[int, set[int]]) -> dict[tuple[int, int], Any]:
    """What `NamedCells.load` read through openpyxl's `iter_rows`."""
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        first, last = min(wanted), max(wanted)
        lo = min(min(c) for c in wanted.values())
        hi = max(max(c) for c in wanted.values())
        lines = book["S"].iter_rows(min_row=first, max_row=last, min_col=lo, max_col=hi)
        found: dict[tuple[int, int], Any] = {}
        for number, line in enumerate(islice(lines, last - first + 1), start=first):
            for col in wanted.get(number, ()):
                if col - lo < len(line):
                    cell = line[col - lo]
                    found[(number, col)] = (_comparable(cell.value), cell.data_type)
        return _filled(found, wanted)
    finally:
        book.close()


def _ours(data: bytes, wanted: dict[int, set[int]]) -> dict[tuple[int, int], Any]:
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        ws = book["S"]
        context = SheetContext(
            ws._shared_strings, book._date_formats, book._timedelta_formats, book.epoch
        )
        with book._archive.open(ws._worksheet_path) as source:
            cells = read_cells(source, wanted, context)
        found = {key: (_comparable(value), data_type) for key, (value, data_type) in cells.items()}
        return _filled(found, wanted)
    finally:
        book.close()


def _reading(read: Any, data: bytes, wanted: dict[int, set[int]]) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            return read(data, wanted)
        except Exception as exc:  # both readers must refuse the same sheets
            return ("raised", type(exc).__name__)


def _sheet(rows: str) -> str:
    return f'<worksheet xmlns="{MAIN}"><sheetData>{rows}</sheetData></worksheet>'


VALUES = st.sampled_from(["4", "4.5", "1e3", "-2", " 7 ", "0", "46000.25", "abc", ""])
CELL_BODIES = st.one_of(
    st.builds(
        lambda v, s: (f' s="{s}"', f"<v>{v}</v>"),
        VALUES,
        st.sampled_from([DATE, DURATION, PLAIN, 0]),
    ),
    st.builds(lambda i: (' t="s"', f"<v>{i}</v>"), st.integers(0, len(STRINGS))),
    st.just((' t="str"', "<v>typed =text</v>")),
    st.sampled_from([(' t="b"', "<v>0</v>"), (' t="b"', "<v>1</v>"), (' t="b"', "<v>x</v>")]),
    st.just((' t="e"', "<v>#DIV/0!</v>")),
    st.sampled_from([(' t="d"', "<v>2027-03-01T09:00:00</v>"), (' t="d"', "<v>2027-03-01</v>")]),
    st.sampled_from(
        [
            (' t="inlineStr"', "<is><t>plain</t></is>"),
            (' t="inlineStr"', '<is><t xml:space="preserve"> kept </t></is>'),
            (' t="inlineStr"', "<is><r><t>rich </t></r><r><rPr><b/></rPr><t>text</t></r></is>"),
            (' t="inlineStr"', "<is><t>first</t><t>second</t></is>"),
            (' t="inlineStr"', "<is></is>"),
            (' t="inlineStr"', "<is><t/></is>"),
            (' t="inlineStr"', ""),
            (' t="inlineStr"', "<v>ignored</v>"),
        ]
    ),
    st.sampled_from(
        [
            ("", "<f>1+1</f><v>2</v>"),
            ("", "<f/><v>3</v>"),
            ("", "<v>5</v><f>A1*2</f>"),
            (' t="str"', '<f t="array" ref="B2">SUM(A1:A3)</f><v>x</v>'),
            ("", '<f t="shared" ref="B1:B9" si="0">A1*2</f><v>2</v>'),
            ("", '<f t="shared" si="0"/><v>4</v>'),
            ("", '<f t="shared" si="7"/>'),
            ("", '<f t="dataTable" ref="C1:C3" dt2D="0" dtr="0" r1="A1"/>'),
        ]
    ),
    st.sampled_from(
        [
            (' t="zz"', "<v>unknown type</v>"),
            ("", "<v>1<x/>2</v>"),
            ("", "<v>1<!-- a comment -->2</v>"),
            ("", "<v>&#52;&#50;</v>"),
            ("", "<v></v>"),
            ("", "<v>8</v><v>9</v>"),
            (' s="x"', "<v>1</v>"),
        ]
    ),
)


@st.composite
def sheets(draw: st.DrawFn) -> str:
    rows = []
    number = 0
    for _ in range(draw(st.integers(1, 6))):
        number += draw(st.integers(-1, 2))  # now and then a row out of order or repeated
        numbered = draw(st.booleans())
        row_attr = f' r="{max(number, 1)}"' if numbered else ""
        cells = []
        column = 0
        for _ in range(draw(st.integers(0, 4))):
            column += draw(st.integers(1, 2))
            attrs, body = draw(CELL_BODIES)
            tag = draw(st.sampled_from(["c"] * 14 + ["foo", "col"]))
            if draw(st.booleans()):
                attrs += f' r="{"ABCDEFGHIJ"[column - 1]}{max(number, 1)}"'
            cells.append(f"<{tag}{attrs}>{body}</{tag}>")
        if draw(st.integers(0, 5)) == 0:  # the schema's closing extension list
            cells.append('<extLst><ext uri="{00000000-0000-0000-0000-000000000000}"/></extLst>')
        rows.append(f"<row{row_attr}>{''.join(cells)}</row>")
    return _sheet("".join(rows))


WANTED = st.dictionaries(
    st.integers(1, 8), st.sets(st.integers(1, 10), min_size=1, max_size=4), min_size=1, max_size=5
)


@settings(
    max_examples=400,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(sheet=sheets(), wanted=WANTED)
def test_reads_what_openpyxl_reads(sheet: str, wanted: dict[int, set[int]]) -> None:
    """Equal readings, except that a row holding anything but cells is refused (openpyxl
    would take it for a cell: see `test_a_row_holding_more_than_cells_is_refused`)."""
    data = _with_sheet(sheet)
    ours = _reading(_ours, data, wanted)
    foreign = re.search(r"<(foo|col)\b", sheet) is not None
    if ours == ("raised", "AmbiguousRow"):
        assert foreign, sheet
        return
    plain = _with_sheet(re.sub(r"<extLst>.*?</extLst>", "", sheet))
    if foreign and isinstance(ours, tuple):
        # Refused by a cell before the foreign element: openpyxl refuses such a sheet too,
        # though perhaps over the element itself (a `col` without its bounds).
        assert _reading(_oracle, plain, wanted)[0] == "raised", sheet
        return
    # A row's closing extLst holds no cell: openpyxl builds it (and may refuse what it
    # holds), sheet_cells reads past it. The cells are compared without it.
    assert ours == _reading(_oracle, plain, wanted), sheet


def test_every_kind_of_cell_is_read_as_openpyxl_reads_it() -> None:
    """One sheet holding each kind at once, checked value by value (not only equal to the
    oracle), so a change in both readers would show here."""
    rows = (
        f'<row r="1"><c r="A1"><v>4</v></c><c r="B1" s="{DATE}"><v>46000</v></c>'
        f'<c r="C1" t="s"><v>2</v></c><c r="D1" t="b"><v>1</v></c><c r="E1" t="e"><v>#N/A</v></c></row>'
        '<row r="2"><c r="A2" t="inlineStr"><is><r><t>rich </t></r><r><t>text</t></r></is></c>'
        '<c r="B2"><f t="shared" ref="B2:B3" si="0">A2*2</f><v>0</v></c><c r="C2" t="str"><v>=4</v></c></row>'
        '<row r="3"><c r="B3"><f t="shared" si="0"/><v>0</v></c><c r="C3"><f>SUM(1,2)</f></c></row>'
    )
    data = _with_sheet(_sheet(rows))
    wanted = {1: {1, 2, 3, 4, 5}, 2: {1, 2, 3}, 3: {2, 3}}
    ours = _ours(data, wanted)
    assert ours == _oracle(data, wanted)
    assert ours[(1, 1)] == (("int", 4), "n")
    assert ours[(1, 2)][1] == "d" and ours[(1, 2)][0][0] == "datetime"
    assert ours[(1, 3)] == (("str", STRINGS[2]), "s")
    assert ours[(1, 4)] == (("bool", True), "b")
    assert ours[(1, 5)] == (("str", "#N/A"), "e")
    assert ours[(2, 1)] == (("str", "rich text"), "s")
    assert ours[(2, 2)] == (("str", "=A2*2"), "f")
    assert ours[(2, 3)] == (("str", "=4"), "s")  # typed text that looks like a formula
    assert ours[(3, 2)] == (("str", "=A3*2"), "f")  # shared formula translated to its cell
    assert ours[(3, 3)] == (("str", "=SUM(1,2)"), "f")


def test_reading_stops_after_the_last_wanted_row() -> None:
    """What follows the last wanted row is never parsed, as with openpyxl's `iter_rows`:
    a value there that would make the reader raise is not reached."""
    rows = '<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>99</v></c></row>'
    data = _with_sheet(_sheet(rows))
    assert _ours(data, {1: {1}}) == {(1, 1): (("int", 1), "n")}
    assert _reading(_ours, data, {2: {1}}) == ("raised", "IndexError")


def test_a_row_inside_a_row_is_refused() -> None:
    rows = '<row r="1"><c r="A1"><v>1</v><row r="2"/></c></row>'
    data = _with_sheet(_sheet(rows))
    with pytest.raises(AmbiguousRow, match="row inside row 1"):
        _ours(data, {1: {1}})


@pytest.mark.parametrize(
    ("child", "message"),
    [
        ('<col min="1" max="1"><v>5</v></col>', "a col element inside row 1"),
        ("<foo><v>5</v></foo>", "a foo element inside row 1"),
        ("<extLst/><c><v>5</v></c>", "a c element after the extension list of row 1"),
    ],
)
def test_a_row_holding_more_than_cells_is_refused(child: str, message: str) -> None:
    """openpyxl takes any child of a row for a cell: the `col` here would read as a score of
    5 in B1, which Excel never shows. Such a row is refused, through `open_return` as a
    hostile file naming the part."""
    from tenderkit.templates.excel.evaluator_return import ReturnRefused, open_return
    from tenderkit.templates.excel.named_cells import parse_reference
    from tenderkit.templates.opc.archive import ZipLimits

    data = _with_sheet(_sheet(f'<row r="1"><c r="A1"><v>1</v></c>{child}</row>'))
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    try:  # what openpyxl made of the row: no refusal, whatever it read into B1
        next(book["S"].iter_rows(min_row=1, max_row=1, min_col=1, max_col=2))
    finally:
        book.close()
    span = parse_reference("S!$B$1")
    assert span is not None
    with pytest.raises(ReturnRefused) as refused, open_return(data, ZipLimits()) as cells:
        cells.load([span])
    assert refused.value.rule == "hostile-file"
    assert message in refused.value.message and "sheet1.xml" in refused.value.message


def test_a_closing_extension_list_in_a_row_is_read_past() -> None:
    rows = '<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><extLst><ext uri="x"/></extLst></row>'
    data = _with_sheet(_sheet(rows))
    wanted = {1: {1, 2, 3}}
    assert _reading(_ours, data, wanted) == _reading(_oracle, data, wanted)
    assert _ours(data, wanted)[(1, 2)] == (("int", 2), "n")


@settings(max_examples=500, derandomize=True)
@given(
    st.one_of(
        st.from_regex(r"\A[A-Za-z]{1,4}[0-9]{1,8}\Z"),
        st.text(alphabet="AZaz019$:é ", max_size=8),
    )
)
def test_a_cells_column_is_read_as_openpyxl_reads_it(coordinate: str) -> None:
    """The quick pattern for plain references gives openpyxl's column, or openpyxl's error,
    for every reference, plain or not."""
    try:
        expected: object = coordinate_to_tuple(coordinate)[1]
    except Exception as exc:
        expected = type(exc)
    try:
        got: object = _column(coordinate)
    except Exception as exc:
        got = type(exc)
    assert got == expected
