"""Writing an evaluator workbook (.xlsx) with XlsxWriter.

Sheets: Instructions; Declarations (conflict of interest per bidder); one sheet per bidder
with a block per allocated criterion (question, evidence expected, scale descriptors, a
score drop-down and a rationale cell); and a very hidden, protected metadata sheet holding
the signed payload. Every cell read back is a workbook-level defined name. Input cells are
unlocked and shaded; everything else is protected (no password: a deterrent, the HMAC is
the control). All text is written with `write_string`, so a bidder called `=HYPERLINK(...)`
stays text; text starting with = + - @ also gets Excel's quote prefix so that re-editing
the cell keeps it text. The same payload gives the same bytes (the file's created time is
the issue time).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from tenderkit.scoring.entries import CONFLICT, DECLARATION_CHOICES, NO_CONFLICT, format_score
from tenderkit.templates.excel.evaluator_layout import (
    BIDDER_WIDTHS,
    COL_LABEL,
    COL_SCORE,
    COL_TEXT,
    DECL_FIRST_ROW,
    DECL_WIDTHS,
    DECLARATIONS_SHEET,
    FROZEN_ROWS,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    RATIONALE_LIMIT,
    BlockRows,
    block_rows,
    criterion_block,
    declaration_rows,
    page_breaks,
    rationale_height,
    readable_moment,
    score_hint,
)
from tenderkit.templates.excel.evaluator_payload import IssuedCriterion, IssuedPair, IssuedWorkbook
from tenderkit.templates.excel.names import column_letter
from tenderkit.templates.excel.xlsx import (
    CHARS_PER_WIDTH,
    FORMULA_STARTS,
    LINE_POINTS,
    PROTECTION,
    Styles,
    collector_paused,
    fit_row,
    new_workbook,
    row_height,
    signed_metadata_sheet,
    write_lines,
    write_text,
)

INPUT_FILL = "#FFF2CC"
HEADER_FILL = "#D9E1F2"
BLOCK_FILL = "#EDEDED"
LIST_SOURCE_LIMIT = 255  # Excel's limit for an inline drop-down list
INSTRUCTIONS_WIDTH = 70
#: Bidder sheets print at this scale: their 127 character widths then fit across A4
#: landscape within the default margins in LibreOffice (which measures columns wider than
#: Excel does, and spills the text column onto a second page at 90%).
BIDDER_PRINT_SCALE = 80

_PROTECTION = PROTECTION


class _Styles(Styles):
    """The evaluator workbook's cell formats."""

    def __init__(self, book: xlsxwriter.Workbook) -> None:
        base = {"font_name": "Arial", "font_size": 10, "valign": "top", "text_wrap": True}
        specs: dict[str, dict[str, Any]] = {
            "title": {**base, "bold": True, "font_size": 14, "text_wrap": False},
            "subtitle": {**base, "italic": True},
            "text": base,
            "label": {**base, "bold": True},
            "heading": {**base, "bold": True, "bg_color": HEADER_FILL, "border": 1},
            "block": {**base, "bg_color": BLOCK_FILL, "border": 1, "border_color": "#BFBFBF"},
            "block_label": {
                **base,
                "bold": True,
                "bg_color": BLOCK_FILL,
                "border": 1,
                "border_color": "#BFBFBF",
            },
            "score_point": {
                **base,
                "align": "center",
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
            "input_score": {
                **base,
                "locked": False,
                "bg_color": INPUT_FILL,
                "border": 2,
                "border_color": "#BF9000",
                "align": "center",
                "bold": True,
                "font_size": 12,
            },
            "hint": {**base, "italic": True, "font_color": "#595959"},
        }
        super().__init__(book, specs)


_text = write_text


def _banner(
    ws: Worksheet, styles: _Styles, row: int, widths: Sequence[float], value: str, style: str
) -> None:
    """Text across the sheet's columns (merged), in a row tall enough for it."""
    ws.merge_range(row, 0, row, len(widths) - 1, "", styles.get(style))
    _text(ws, styles, row, 0, value, style)
    if style == "title":
        ws.set_row(row, 20)
    else:
        fit_row(ws, row, [(value, sum(widths))])


def _plain_number(value: float) -> int | float:
    return int(value) if value.is_integer() else value


#: The rationale cell takes at most RATIONALE_LIMIT characters, all of which print.
_RATIONALE_VALIDATION: dict[str, Any] = {
    "validate": "length",
    "criteria": "<=",
    "value": RATIONALE_LIMIT,
    "input_title": "Rationale",
    "input_message": (
        "What in the bid's evidence earns the score, in up to "
        f"{RATIONALE_LIMIT:,} characters (all of them print)."
    ),
    "error_title": "Rationale too long",
    "error_message": (
        f"A rationale holds up to {RATIONALE_LIMIT:,} characters, so that it prints whole. "
        "Shorten it."
    ),
    "error_type": "stop",
}
_RATIONALE_HEIGHT = rationale_height(
    RATIONALE_LIMIT,
    BIDDER_WIDTHS[COL_TEXT],
    chars_per_width=CHARS_PER_WIDTH,
    line_points=LINE_POINTS,
)


def _score_validation(criterion: IssuedCriterion) -> dict[str, Any]:
    scale = criterion.scale
    values = [format_score(s) for s in scale.allowed]
    if scale.kind == "named":
        prompt = ", ".join(f"{format_score(p.score)} {p.label}" for p in scale.points)
    else:
        prompt = f"{values[0]} to {values[-1]}" + (" in half points" if scale.half_points else "")
    common: dict[str, Any] = {
        "input_title": f"Score for {criterion.id}"[:32],
        "input_message": prompt[:255],
        "error_title": "Not a score on this scale"[:32],
        "error_type": "stop",
    }
    listed = ",".join(values)
    if len(listed) <= LIST_SOURCE_LIMIT:
        return {
            **common,
            "validate": "list",
            "source": values,
            "error_message": f"Choose one of: {', '.join(values)}"[:255],
        }
    # Too many steps for an inline list: bound the range here; collection checks the step.
    return {
        **common,
        "validate": "decimal",
        "criteria": "between",
        "minimum": _plain_number(scale.minimum),
        "maximum": _plain_number(scale.maximum),
        "error_message": f"Enter a score from {values[0]} to {values[-1]}."[:255],
    }


def _instructions(book: xlsxwriter.Workbook, styles: _Styles, issue: IssuedWorkbook) -> None:
    ws = book.add_worksheet(INSTRUCTIONS_SHEET)
    ws.set_column(0, 0, INSTRUCTIONS_WIDTH)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    criteria = "; ".join(f"{c.id} {c.title}" for c in issue.criteria)
    bidders = "; ".join(f"{b.id} {b.name}" for b in issue.bidders)
    lines: list[tuple[str, str]] = [
        (f"Evaluation workbook: {issue.tender_title}", "title"),
        (f"Tender reference {issue.tender_reference}", "subtitle"),
        (f"Evaluator: {issue.evaluator_name} ({issue.evaluator_id})", "text"),
        (f"Rubric: {issue.rubric_id} version {issue.rubric_version}", "text"),
        (f"Issued: {readable_moment(issue.issued_at)}", "text"),
        ("", "text"),
        ("How to complete this workbook", "label"),
        (
            f"1. On the {DECLARATIONS_SHEET} sheet, choose {NO_CONFLICT!r} or {CONFLICT!r} for every "
            "bidder before you score. Your scores for a bidder count only after you have declared. "
            "If you declare a conflict, your scores for that bidder are set aside: tell the "
            "procurement lead straight away.",
            "text",
        ),
        (
            "2. On each bidder's sheet, read the question, the evidence expected and the scale, then "
            "choose your score from the drop-down in the shaded cell. Score on your own: scores are "
            "discussed only at moderation.",
            "text",
        ),
        (
            "3. Write a rationale for every score in the shaded cell below it: what in the bid's "
            f"evidence earns that score, in up to {RATIONALE_LIMIT:,} characters (the cell prints "
            "whole). A score without a rationale does not count.",
            "text",
        ),
        (
            "4. Only the shaded cells can be changed. Do not rename, copy or re-create them: answers "
            "are read back by the cells' names, and the questions and scale are checked against what "
            "was issued to you.",
            "text",
        ),
        (
            "5. Save the workbook as .xlsx and return it to the procurement lead. If you send a "
            "corrected copy, say which file it replaces.",
            "text",
        ),
        ("", "text"),
        (f"Bidders: {bidders}", "text"),
        (f"Criteria you score for every bidder: {criteria}", "text"),
    ]
    write_lines(ws, styles, lines, INSTRUCTIONS_WIDTH)
    ws.protect("", _PROTECTION)
    ws.activate()


def _declarations(book: xlsxwriter.Workbook, styles: _Styles, issue: IssuedWorkbook) -> None:
    ws = book.add_worksheet(DECLARATIONS_SHEET)
    for col, width in enumerate(DECL_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    _banner(ws, styles, 0, DECL_WIDTHS, "Conflict of interest declarations", "title")
    _banner(
        ws,
        styles,
        1,
        DECL_WIDTHS,
        f"For each bidder choose {NO_CONFLICT!r} or {CONFLICT!r}. A bidder's scores count only "
        f"after this is completed; {CONFLICT!r} sets your scores for that bidder aside.",
        "text",
    )
    for col, head in enumerate(("Bidder", "Name", "Your declaration")):
        _text(ws, styles, DECL_FIRST_ROW - 1, col, head, "heading")
    grid = declaration_rows([(b.id, b.name) for b in issue.bidders])
    for offset, (values, bidder) in enumerate(zip(grid, issue.bidders, strict=True)):
        row = DECL_FIRST_ROW + offset
        for col, value in enumerate(values):
            _text(ws, styles, row, col, value, "block")
        fit_row(ws, row, [(v, DECL_WIDTHS[c]) for c, v in enumerate(values)])
        ws.write_blank(row, 2, None, styles.get("input"))
        ws.data_validation(
            row,
            2,
            row,
            2,
            {
                "validate": "list",
                "source": list(DECLARATION_CHOICES),
                "input_title": "Declaration",
                "input_message": f"{NO_CONFLICT} or {CONFLICT} for {bidder.id}"[:255],
                "error_title": "Choose from the list",
                "error_message": f"Choose {NO_CONFLICT!r} or {CONFLICT!r}.",
            },
        )
        book.define_name(bidder.declaration.name, "=" + bidder.declaration.target)
    book.define_name(issue.declarations_text.name, "=" + issue.declarations_text.target)
    ws.freeze_panes(DECL_FIRST_ROW, 0)
    ws.protect("", _PROTECTION)


@dataclass(frozen=True)
class _BlockRow:
    """One row of a criterion block, ready to write: (column, text, format) cells and height."""

    offset: int
    cells: tuple[tuple[int, str, Format], ...]
    height: float


@dataclass(frozen=True)
class _BidderPlan:
    """What every bidder sheet of a workbook shares, worked out once per workbook: the
    criterion blocks' cells, formats and row heights, their rows, the score validations.

    A workbook carries the same blocks for every bidder; styling and measuring them for each
    sheet again made issuing cost several times what writing the cells costs.
    """

    blocks: tuple[tuple[IssuedCriterion, BlockRows, tuple[_BlockRow, ...], dict[str, Any]], ...]
    breaks: tuple[int, ...]


def _cell_format(styles: _Styles, value: str, style: str) -> Format:
    return styles.get(style, quote=value.startswith(FORMULA_STARTS))


def _block_plan(styles: _Styles, criterion: IssuedCriterion) -> tuple[_BlockRow, ...]:
    rows: list[_BlockRow] = []
    for offset, values in enumerate(criterion_block(criterion)):
        header = offset == 0 or values[0] == "Scale"
        cells: list[tuple[int, str, Format]] = []
        for col, value in enumerate(values):
            style = "heading" if header else "block_label" if col == COL_LABEL else "block"
            if col == COL_SCORE and not header:
                style = "score_point"
            cells.append((col, value, _cell_format(styles, value, style)))
        height = row_height([(v, BIDDER_WIDTHS[c]) for c, v in enumerate(values)])
        rows.append(_BlockRow(offset, tuple(cells), height))
    return tuple(rows)


def _bidder_plan(styles: _Styles, issue: IssuedWorkbook) -> _BidderPlan:
    blocks = block_rows(issue.criteria)
    return _BidderPlan(
        blocks=tuple(
            (criterion, rows, _block_plan(styles, criterion), _score_validation(criterion))
            for criterion, rows in zip(issue.criteria, blocks, strict=True)
        ),
        breaks=tuple(page_breaks(blocks)),
    )


def _bidder_sheet(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    issue: IssuedWorkbook,
    bidder_index: int,
    pairs: Mapping[str, IssuedPair],
    plan: _BidderPlan,
) -> None:
    """One bidder's sheet; pairs maps each criterion id to this bidder's names."""
    bidder = issue.bidders[bidder_index]
    ws = book.add_worksheet(bidder.sheet)
    for col, width in enumerate(BIDDER_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_landscape()
    ws.set_paper(9)
    # Scaled, not fitted to the page width: spreadsheet programs ignore manual page breaks
    # on a sheet fitted to pages, and each criterion starts a printed page of its own.
    ws.set_print_scale(BIDDER_PRINT_SCALE)
    ws.set_h_pagebreaks(list(plan.breaks))
    ws.repeat_rows(0, FROZEN_ROWS - 1)
    _banner(ws, styles, 0, BIDDER_WIDTHS, f"{bidder.id}: {bidder.name}", "title")
    _banner(
        ws,
        styles,
        1,
        BIDDER_WIDTHS,
        f"{issue.tender_title} ({issue.tender_reference}) · evaluator {issue.evaluator_name} "
        f"({issue.evaluator_id})",
        "subtitle",
    )
    _banner(
        ws,
        styles,
        2,
        BIDDER_WIDTHS,
        "Complete the shaded cells: a score from the drop-down and a rationale for each criterion. "
        f"Declare any conflict of interest for {bidder.id} on the {DECLARATIONS_SHEET} sheet first.",
        "hint",
    )
    ws.freeze_panes(FROZEN_ROWS, 0)
    label, text = styles.get("label"), styles.get("text")
    input_score, input_text = styles.get("input_score"), styles.get("input")
    rationale_rows: list[int] = []
    for criterion, rows, block, validation in plan.blocks:
        pair = pairs[criterion.id]
        for line in block:
            row = rows.first + line.offset
            for col, value, cell_format in line.cells:
                if value:
                    ws.write_string(row, col, value, cell_format)
                else:
                    ws.write_blank(row, col, None, cell_format)
            ws.set_row(row, line.height)
        ws.write_string(rows.score, COL_LABEL, "Your score", label)
        ws.write_blank(rows.score, COL_SCORE, None, input_score)
        _text(ws, styles, rows.score, COL_TEXT, score_hint(criterion), "hint")
        ws.data_validation(rows.score, COL_SCORE, rows.score, COL_SCORE, validation)
        ws.write_string(rows.rationale, COL_LABEL, "Rationale", label)
        ws.write_blank(rows.rationale, COL_SCORE, None, text)
        ws.write_blank(rows.rationale, COL_TEXT, None, input_text)
        rationale_rows.append(rows.rationale)
        ws.set_row(rows.rationale, _RATIONALE_HEIGHT)
        book.define_name(pair.score.name, "=" + pair.score.target)
        book.define_name(pair.rationale.name, "=" + pair.rationale.target)
        book.define_name(pair.text.name, "=" + pair.text.target)
    # One length rule over every rationale cell of the sheet, not one per criterion: the
    # same rule, in one entry of the file instead of fifteen.
    if rationale_rows:
        letter = column_letter(COL_TEXT)
        rule = {
            **_RATIONALE_VALIDATION,
            "multi_range": " ".join(f"{letter}{r + 1}" for r in rationale_rows),
        }
        first = rationale_rows[0]
        ws.data_validation(first, COL_TEXT, first, COL_TEXT, rule)
    ws.protect("", _PROTECTION)


def _metadata(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    issue: IssuedWorkbook,
    signature: str,
    canonical: str,
) -> None:
    summary = [
        ("format", issue.format),
        ("tender reference", issue.tender_reference),
        ("evaluator", issue.evaluator_id),
        ("rubric", f"{issue.rubric_id}@{issue.rubric_version}"),
        ("rubric hash", issue.rubric_hash),
        ("issued at", issue.issued_at),
    ]
    signed_metadata_sheet(book, styles, META_SHEET, summary, canonical, signature)


def write_evaluator_workbook(
    issue: IssuedWorkbook, signature: str, canonical: str | None = None
) -> bytes:
    """The .xlsx bytes of the workbook for issue, carrying signature (see module docstring).

    canonical is `issue.canonical()` when the caller already has it (it signed it): the
    payload of a large tender takes a noticeable time to serialise.
    """
    with collector_paused():
        buffer = io.BytesIO()
        book = new_workbook(
            buffer,
            title=f"{issue.tender_reference} evaluation workbook: {issue.evaluator_id}",
            subject=issue.tender_title,
            comments="Issued by tenderkit. Complete the shaded cells and return to the procurement lead.",
            created=dt.datetime.fromisoformat(issue.issued_at),
        )
        styles = _Styles(book)
        _instructions(book, styles, issue)
        _declarations(book, styles, issue)
        # Grouped once: looking each bidder's pairs up in the whole allocation would make
        # issuing grow with the square of the number of bidders.
        pairs: dict[str, dict[str, IssuedPair]] = {b.id: {} for b in issue.bidders}
        for pair in issue.allocation:
            pairs[pair.bidder][pair.criterion] = pair
        plan = _bidder_plan(styles, issue)
        for index, bidder in enumerate(issue.bidders):
            _bidder_sheet(book, styles, issue, index, pairs[bidder.id], plan)
        _metadata(book, styles, issue, signature, canonical or issue.canonical())
        book.close()
        return buffer.getvalue()
