"""A defined name counts only as a plain reference to cells of one sheet."""

from __future__ import annotations

import pytest

from tenderkit.templates.excel.named_cells import MAX_COLUMN, Span, parse_reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("'Bidder B1'!$B$15", Span("Bidder B1", 15, 2, 15, 2)),
        ("Declarations!$C$5", Span("Declarations", 5, 3, 5, 3)),
        ("'Bidder B1'!B15", Span("Bidder B1", 15, 2, 15, 2)),
        ("'Bidder B1'!$A$5:$C$14", Span("Bidder B1", 5, 1, 14, 3)),
        ("'Bidder B1'!$C$14:$A$5", Span("Bidder B1", 5, 1, 14, 3)),
        ("'O''Brien'!$b$2", Span("O'Brien", 2, 2, 2, 2)),
    ],
)
def test_plain_references_are_read_as_written_by_excel_and_libreoffice(
    text: str, expected: Span
) -> None:
    """Quoted or bare sheet names, with or without `$`, one cell or a rectangle."""
    assert parse_reference(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "#REF!",
        "'Bidder B1'!#REF!",
        "'Bidder B1'!$B$15+0",
        "SUM('Bidder B1'!$B$15)",
        "'Bidder B1'!$B$15,'Bidder B1'!$B$16",
        "'Bidder B1'!$B:$B",
        "'Bidder B1'!$15:$15",
        "[1]Sheet1!$A$1",
        "'Bidder B1'!$XFD$1048576",
        "'Bidder B1'!$A$0",
        "'Bidder B1'!$A$1:$A$20000",
        "='Bidder B1'!$B$15",
        "",
    ],
)
def test_anything_else_is_no_usable_cell(text: str) -> None:
    """Formulas, unions, whole rows or columns, deleted, external or implausible targets."""
    assert parse_reference(text) is None


def test_the_last_readable_column_is_the_limit() -> None:
    """A cell moved as far as column IV is still read; one column further is not."""
    assert parse_reference("S!$IV$3") == Span("S", 3, MAX_COLUMN, 3, MAX_COLUMN)
    assert parse_reference("S!$IW$3") is None


def test_a_name_on_a_chart_sheet_points_at_no_cell() -> None:
    """A chart sheet holds no cells: a name moved onto one reads as no usable cell (the
    return's name check then says so), not as a workbook that cannot be read."""
    import io

    import xlsxwriter

    from tenderkit.templates.excel.evaluator_return import open_return
    from tenderkit.templates.opc.archive import ZipLimits

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.add_worksheet("S").write_number(0, 0, 1)
    chart = book.add_chart({"type": "bar"})
    chart.add_series({"values": "=S!$A$1:$A$1"})
    book.add_chartsheet("C").set_chart(chart)
    book.define_name("Score", "=C!$B$1")
    book.define_name("Kept", "=S!$A$1")
    book.close()
    with open_return(buffer.getvalue(), ZipLimits()) as cells:
        assert cells.span("Score") is None
        kept = cells.span("Kept")
        assert kept is not None
        cells.load([kept])
        assert cells.entry(kept).value == 1
