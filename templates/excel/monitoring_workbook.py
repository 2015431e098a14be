"""Writing a provider return workbook (.xlsx) with XlsxWriter.

Sheets: Instructions; Return (one block per clause due in the period: its definition,
baseline and target, protected, then the shaded input cells); Case studies (qualitative
evidence: what staff think has changed and how the change came about); and a very hidden,
protected metadata sheet with the signed payload, as in evaluator workbooks. Every cell
read back is a workbook-level defined name. Value cells carry data validation from the
definition (a percentage from 0 to 100, whole numbers for counts); collection checks the
same rules again, since validation is easily pasted over. All text is written as text.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter

from tenderkit.templates.excel.monitoring_layout import (
    COL_LABEL,
    COL_VALUE,
    HEADER_ROWS,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    WIDTHS,
    InputRow,
    block_grid,
    block_places,
    case_rows,
    unit_text,
)
from tenderkit.templates.excel.monitoring_payload import CASE_SHEET, RETURN_SHEET, IssuedReturn
from tenderkit.templates.excel.xlsx import (
    LINE_POINTS,
    PROTECTION,
    Styles,
    new_workbook,
    row_height,
    signed_metadata_sheet,
    write_text,
)

INPUT_FILL = "#FFF2CC"
BLOCK_FILL = "#EDEDED"
_PROTECTION = PROTECTION
#: The instructions sheet's one column.
INSTRUCTIONS_WIDTH = 110


class _Styles(Styles):
    """The return workbook's cell formats."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "top", "text_wrap": True}
        specs: dict[str, dict[str, Any]] = {
            "title": {**base, "bold": True, "font_size": 14, "text_wrap": False},
            "text": base,
            "label": {**base, "bold": True},
            "block": {**base, "bg_color": BLOCK_FILL, "border": 1, "border_color": "#BFBFBF"},
            "block_label": {
                **base,
                "bold": True,
                "bg_color": BLOCK_FILL,
                "border": 1,
                "border_color": "#BFBFBF",
            },
            "input": {
                **base,
                "locked": False,
                "bg_color": INPUT_FILL,
                "border": 2,
                "border_color": "#BF9000",
            },
        }
        super().__init__(book, specs)


_text = write_text


def _instructions(book: xlsxwriter.Workbook, styles: _Styles, issue: IssuedReturn) -> None:
    ws = book.add_worksheet(INSTRUCTIONS_SHEET)
    ws.set_column(0, 0, INSTRUCTIONS_WIDTH)
    lines = [
        f"Contract monitoring return for {issue.period} ({issue.first_day} to {issue.last_day})",
        f"{issue.contract_title} · contract {issue.contract_reference} · provider {issue.provider}",
        f"Return this workbook to the commissioner by {issue.deadline}.",
        "",
        "On the Return sheet, each clause due this period shows its definition, data source, "
        "baseline and target. Type each value, numerator and denominator in the shaded cells, "
        "as numbers. Leave a value blank for a group smaller than the clause's minimum group "
        "size: give the denominator, and the result is recorded as suppressed.",
        "Write in the commentary cells the action taken where a measure is off track, and the "
        "account each reporting clause asks for.",
        "On the Case studies sheet, describe what staff think has changed in the working "
        "environment and how the change came about.",
        "Only the shaded cells are read back; you may insert rows or move things around, but "
        "do not change the protected text: the workbook is signed and checked on return.",
    ]
    for row, line in enumerate(lines):
        _text(ws, styles, row, 0, line, "title" if row == 0 else "text")
        if row > 2:
            ws.set_row(row, row_height([(line, INSTRUCTIONS_WIDTH)]))
    ws.protect("", _PROTECTION)
    ws.activate()


def _validation(row: InputRow) -> dict[str, Any] | None:
    m = row.measure
    if m is None:
        return None
    if row.kind == "value":
        return {
            "validate": "decimal",
            "criteria": "between",
            "minimum": m.minimum,
            "maximum": m.maximum,
            "input_title": "Value",
            "input_message": unit_text(m)[:255],
            "error_title": "Outside the definition",
            "error_message": unit_text(m)[:255],
        }
    whole = m.numerator_whole if row.kind == "numerator" else m.denominator_whole
    return {
        "validate": "integer" if whole else "decimal",
        "criteria": ">=",
        "value": 0,
        "input_title": row.label,
        "input_message": "A whole number (a count)." if whole else "A number, 0 or more.",
        "error_title": "Not a valid count" if whole else "Not a valid number",
        "error_message": "A whole number, 0 or more." if whole else "A number, 0 or more.",
    }


def _return_sheet(book: xlsxwriter.Workbook, styles: _Styles, issue: IssuedReturn) -> None:
    ws = book.add_worksheet(RETURN_SHEET)
    ws.set_column(COL_LABEL, COL_LABEL, WIDTHS[COL_LABEL])
    ws.set_column(COL_VALUE, COL_VALUE, WIDTHS[COL_VALUE])
    _text(ws, styles, 0, 0, f"Contract monitoring return: {issue.period}", "title")
    _text(
        ws,
        styles,
        1,
        0,
        f"{issue.provider} · {issue.contract_reference} · {issue.first_day} to {issue.last_day}"
        f" · due by {issue.deadline}",
        "text",
    )
    _text(ws, styles, 2, 0, "Complete the shaded cells.", "text")
    ws.freeze_panes(HEADER_ROWS - 1, 0)
    for block, place in zip(issue.blocks, block_places(issue), strict=True):
        grid = block_grid(block)
        for offset, (label, text) in enumerate(grid):
            row = place.first + offset
            _text(ws, styles, row, COL_LABEL, label, "block_label")
            _text(ws, styles, row, COL_VALUE, text, "block")
            ws.set_row(row, row_height([(text, WIDTHS[COL_VALUE])]))
        for item in place.inputs:
            _text(ws, styles, item.row, COL_LABEL, item.label, "label")
            ws.write_blank(item.row, COL_VALUE, None, styles.get("input"))
            check = _validation(item)
            if check is not None:
                ws.data_validation(item.row, COL_VALUE, item.row, COL_VALUE, check)
            if item.kind == "commentary":
                ws.set_row(item.row, LINE_POINTS * 6)
    for block in issue.blocks:
        book.define_name(block.block_text.name, "=" + block.block_text.target)
        book.define_name(block.commentary.name, "=" + block.commentary.target)
        for m in block.measures:
            for cell in (m.value, m.numerator, m.denominator):
                if cell is not None:
                    book.define_name(cell.name, "=" + cell.target)
    ws.protect("", _PROTECTION)


def _case_sheet(book: xlsxwriter.Workbook, styles: _Styles, issue: IssuedReturn) -> None:
    ws = book.add_worksheet(CASE_SHEET)
    ws.set_column(COL_LABEL, COL_LABEL, WIDTHS[COL_LABEL])
    ws.set_column(COL_VALUE, COL_VALUE, WIDTHS[COL_VALUE])
    _text(ws, styles, 0, 0, f"Case studies: {issue.period}", "title")
    _text(
        ws,
        styles,
        1,
        0,
        "What staff think has changed in the working environment, and how this change came "
        "about (guide section 4.5). Name no individual.",
        "text",
    )
    for i, case in enumerate(issue.case_studies):
        title_row, account_row = case_rows(i)
        _text(ws, styles, title_row, COL_LABEL, f"Case study {i + 1}: title", "label")
        ws.write_blank(title_row, COL_VALUE, None, styles.get("input"))
        _text(ws, styles, account_row, COL_LABEL, "What changed, and how", "label")
        ws.write_blank(account_row, COL_VALUE, None, styles.get("input"))
        ws.set_row(account_row, LINE_POINTS * 8)
        book.define_name(case.title.name, "=" + case.title.target)
        book.define_name(case.account.name, "=" + case.account.target)
    ws.protect("", _PROTECTION)


def _metadata(
    book: xlsxwriter.Workbook, styles: _Styles, issue: IssuedReturn, signature: str
) -> None:
    summary = [
        ("format", issue.format),
        ("contract reference", issue.contract_reference),
        ("provider", issue.provider),
        ("period", issue.period),
        ("contract hash", issue.contract_hash),
        ("issued at", issue.issued_at),
    ]
    signed_metadata_sheet(book, styles, META_SHEET, summary, issue.canonical(), signature)


def write_monitoring_workbook(issue: IssuedReturn, signature: str) -> bytes:
    """The .xlsx bytes of the return workbook for issue, carrying signature."""
    buffer = io.BytesIO()
    book = new_workbook(
        buffer,
        title=f"{issue.contract_reference} monitoring return {issue.period}",
        subject=issue.contract_title,
        comments="Issued by tenderkit. Complete the shaded cells and return to the commissioner.",
        created=dt.datetime.fromisoformat(issue.issued_at),
    )
    styles = _Styles(book)
    _instructions(book, styles, issue)
    _return_sheet(book, styles, issue)
    _case_sheet(book, styles, issue)
    _metadata(book, styles, issue, signature)
    book.close()
    return buffer.getvalue()
