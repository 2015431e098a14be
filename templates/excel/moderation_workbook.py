"""Writing the moderation workbook (.xlsx) with XlsxWriter.

Sheets: Instructions (the moderator's rules); Moderation (one row per bidder × criterion:
every evaluator's score and rationale, the core's mean, min, max and spread, a filterable
flag column, and the two input cells, consensus score with the criterion's scale as a
drop-down and moderation note); Criteria (each criterion's question, evidence and scale
descriptors, to moderate against); and a very hidden, protected metadata sheet with the
signed payload. Conventions are the evaluator workbook's: text written as text, input
cells unlocked and shaded, everything else protected, every cell read back a
workbook-level defined name, the same payload gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from tenderkit.scoring.entries import format_score
from tenderkit.templates.excel.evaluator_layout import criterion_block
from tenderkit.templates.excel.evaluator_workbook import (
    INSTRUCTIONS_WIDTH,
    _score_validation,
    _Styles,
    _text,
)
from tenderkit.templates.excel.moderation_layout import (
    CRITERIA_SHEET,
    CRITERIA_WIDTHS,
    FIRST_ROW,
    FLAGGED,
    FROZEN_COLS,
    HEADER_ROW,
    INSTRUCTIONS_SHEET,
    META_SHEET,
    MODERATION_SHEET,
    Cell,
    consensus_col,
    criteria_rows,
    flag_col,
    header_row,
    last_col,
    locked_cells,
    note_col,
    rationale_cells,
    rationale_col,
    stats_col,
)
from tenderkit.templates.excel.moderation_payload import ModerationWorkbook
from tenderkit.templates.excel.names import column_letter
from tenderkit.templates.excel.xlsx import (
    FORMULA_STARTS,
    collector_paused,
    fit_row,
    new_workbook,
    signed_metadata_sheet,
    write_lines,
)

FLAG_FILL = "#F8CBAD"
SCORE_WIDTH = 9
RATIONALE_WIDTH = 45
NOTE_WIDTH = 50

#: Moderators may filter by the flag column; sorting would reorder rows under locked cells.
_PROTECTION = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
    "autofilter": True,
}


def _styles(book: xlsxwriter.Workbook) -> _Styles:
    styles = _Styles(book)
    block = {"border": 1, "border_color": "#BFBFBF", "bg_color": "#EDEDED"}
    base = {"font_name": "Arial", "font_size": 10, "valign": "top", "text_wrap": True}
    styles.define("number", {**base, **block, "align": "center"})
    styles.define("stat", {**base, **block, "align": "center", "num_format": "0.00"})
    styles.define("flag", {**base, **block, "align": "center", "bold": True})
    return styles


def _cell(ws: Worksheet, styles: _Styles, row: int, col: int, value: Cell, style: str) -> None:
    if value is None:
        ws.write_blank(row, col, None, styles.get(style))
    elif isinstance(value, str):
        _text(ws, styles, row, col, value, style)
    else:
        ws.write_number(row, col, value, styles.get(style))


def _instructions(book: xlsxwriter.Workbook, styles: _Styles, issue: ModerationWorkbook) -> None:
    ws = book.add_worksheet(INSTRUCTIONS_SHEET)
    ws.set_column(0, 0, INSTRUCTIONS_WIDTH)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    threshold = format_score(issue.spread_threshold)
    lines: list[tuple[str, str]] = [
        (f"Moderation workbook: {issue.tender_title}", "title"),
        (f"Tender reference {issue.tender_reference}", "subtitle"),
        (f"Rubric: {issue.rubric_id} version {issue.rubric_version}", "text"),
        (f"Issued: {issue.issued_at} from collected.json sha256 {issue.collected_sha256}", "text"),
        ("", "text"),
        ("How to record the panel's consensus", "label"),
        (
            f"1. The {MODERATION_SHEET} sheet has one row per bidder and criterion, with every "
            "evaluator's score and rationale, and the mean, lowest and highest score and the "
            "spread between them. These are locked: they are the evaluators' independent record.",
            "text",
        ),
        (
            f"2. A row is flagged when its spread reaches {threshold} points. Filter the Flagged "
            "column to see them; discuss every flagged row before agreeing its score.",
            "text",
        ),
        (
            "3. For every row, choose the panel's consensus score from the drop-down in the shaded "
            "Consensus score cell. Every row needs one; cells start empty.",
            "text",
        ),
        (
            "4. Write a moderation note in the shaded cell beside it. A note is required when the row "
            "is flagged or when the consensus differs from the mean rounded to the scale's step; "
            "write one for every row where the panel discussed the score.",
            "text",
        ),
        (
            f"5. Judge each bid against the criterion's question and descriptors (on the "
            f"{CRITERIA_SHEET} sheet), never against other bids. Say what evidence earns the score "
            "and which descriptor it meets. Do not write 'better than', 'the strongest bid', another "
            "bidder's name, or only 'agreed' or 'as discussed': such notes are flagged when the "
            "workbook is read back, and records like them have had awards set aside.",
            "text",
        ),
        (
            "6. Only the shaded cells can be changed. Do not rename, copy or re-create them: the "
            "consensus is read back by the cells' names, and the evaluators' scores, rationales and "
            "questions are checked against what was issued.",
            "text",
        ),
        (
            "7. Save the workbook as .xlsx in place (moderation.xlsx in the tender folder) and tell "
            "the procurement lead it is complete.",
            "text",
        ),
        ("", "text"),
        (
            "A blank evaluator score means that evaluator was not allocated the criterion or declared "
            "a conflict of interest for the bidder (see the collection report).",
            "text",
        ),
    ]
    if issue.allow_incomplete:
        lines.append(
            (
                "This workbook was issued before collection was complete: rows without scores show "
                "no mean; the note for them must say how the panel reached its score.",
                "label",
            )
        )
    write_lines(ws, styles, lines, INSTRUCTIONS_WIDTH)
    ws.protect("", _PROTECTION)
    ws.activate()


def _moderation(book: xlsxwriter.Workbook, styles: _Styles, issue: ModerationWorkbook) -> None:
    ws = book.add_worksheet(MODERATION_SHEET)
    evaluators = [e.id for e in issue.evaluators]
    n = len(evaluators)
    widths = [10, 10, 28, *([SCORE_WIDTH] * n), 8, 7, 7, 8, 9, 12, NOTE_WIDTH]
    widths += [RATIONALE_WIDTH] * n
    for col, width in enumerate(widths):
        ws.set_column(col, col, width)
    ws.set_landscape()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    ws.repeat_rows(HEADER_ROW, HEADER_ROW)
    _text(ws, styles, 0, 0, f"Moderation: {issue.tender_title} ({issue.tender_reference})", "title")
    ws.set_row(0, 20)
    _text(
        ws,
        styles,
        1,
        0,
        f"Rows whose spread reaches {format_score(issue.spread_threshold)} are flagged. "
        "Enter a consensus score for every row and a note where required (see Instructions).",
        "subtitle",
    )
    for col, head in enumerate(header_row(evaluators)):
        _text(ws, styles, HEADER_ROW, col, head, "heading")
    ws.set_row(HEADER_ROW, 28)
    # Worked out once, not per row: a row's formats follow its column, and its score
    # validation its criterion.
    locked_styles = ["block" if col < FROZEN_COLS else "number" for col in range(flag_col(n) + 1)]
    for col in range(stats_col(n), flag_col(n)):
        locked_styles[col] = "stat"
    locked_styles[flag_col(n)] = "flag"
    locked_formats = [styles.get(style) for style in locked_styles]
    criteria = {c.id: c for c in issue.criteria}
    validations = {c.id: _score_validation(c) for c in issue.criteria}
    consensus, note = consensus_col(n), note_col(n)
    input_score, input_text, block = (
        styles.get("input_score"),
        styles.get("input"),
        styles.get("block"),
    )
    first_rationale = rationale_col(n, 0)
    validated: dict[str, list[int]] = {}  # criterion -> rows of its consensus cells
    for index, line in enumerate(issue.lines):
        row = FIRST_ROW + index
        criterion = criteria[line.criterion]
        locked = locked_cells(line, criterion, evaluators)
        for col, value in enumerate(locked):
            if isinstance(value, float):
                ws.write_number(row, col, value, locked_formats[col])
            else:
                _cell(ws, styles, row, col, value, locked_styles[col])
        ws.write_blank(row, consensus, None, input_score)
        validated.setdefault(line.criterion, []).append(row)
        ws.write_blank(row, note, None, input_text)
        rationales = rationale_cells(line, evaluators)
        for col, text in enumerate(rationales, start=first_rationale):
            # `write_text` inlined: 12 rationales a row, thousands of rows.
            if not isinstance(text, str) or not text:
                ws.write_blank(row, col, None, block)
            else:
                quoted = text.startswith(FORMULA_STARTS)
                ws.write_string(
                    row, col, text, styles.get("block", quote=True) if quoted else block
                )
        cells = [(t, float(RATIONALE_WIDTH)) for t in rationales if isinstance(t, str) and t]
        fit_row(ws, row, [*cells, (criterion.title, 28.0)], minimum=48)
        for named in (line.text, line.rationales, line.consensus, line.note):
            book.define_name(named.name, "=" + named.target)
    # One validation per criterion over all its consensus cells, not one per row: the
    # same rule on every cell, without thousands of near-identical entries in the file.
    letter = column_letter(consensus)
    for criterion_id, rows in validated.items():
        sqref = " ".join(f"{letter}{r + 1}" for r in rows)
        rule = {**validations[criterion_id], "multi_range": sqref}
        ws.data_validation(rows[0], consensus, rows[0], consensus, rule)
    last_row = FIRST_ROW + len(issue.lines) - 1
    flag = column_letter(flag_col(n))
    ws.conditional_format(
        FIRST_ROW,
        0,
        last_row,
        flag_col(n),
        {
            "type": "formula",
            "criteria": f'=${flag}{FIRST_ROW + 1}="{FLAGGED}"',
            "format": book.add_format({"bg_color": FLAG_FILL}),
        },
    )
    ws.autofilter(HEADER_ROW, 0, last_row, last_col(n))
    ws.freeze_panes(FIRST_ROW, FROZEN_COLS)
    ws.protect("", _PROTECTION)


def _criteria(book: xlsxwriter.Workbook, styles: _Styles, issue: ModerationWorkbook) -> None:
    ws = book.add_worksheet(CRITERIA_SHEET)
    for col, width in enumerate(CRITERIA_WIDTHS):
        ws.set_column(col, col, width)
    ws.set_portrait()
    ws.set_paper(9)
    ws.fit_to_pages(1, 0)
    _text(ws, styles, 0, 0, "The criteria, questions and scale descriptors", "title")
    ws.set_row(0, 20)
    _text(
        ws,
        styles,
        1,
        0,
        "Agree each consensus score against these descriptors, never against other bids.",
        "subtitle",
    )
    for criterion, (first, _), named in zip(
        issue.criteria, criteria_rows(issue.criteria), issue.criteria_text, strict=True
    ):
        for offset, values in enumerate(criterion_block(criterion)):
            header = offset == 0 or values[0] == "Scale"
            for col, value in enumerate(values):
                style = "heading" if header else "block_label" if col == 0 else "block"
                if col == 1 and not header:
                    style = "score_point"
                _text(ws, styles, first + offset, col, value, style)
            fit_row(ws, first + offset, [(v, CRITERIA_WIDTHS[c]) for c, v in enumerate(values)])
        book.define_name(named.name, "=" + named.target)
    ws.freeze_panes(2, 0)
    ws.protect("", _PROTECTION)


def _metadata(
    book: xlsxwriter.Workbook,
    styles: _Styles,
    issue: ModerationWorkbook,
    signature: str,
    canonical: str,
) -> None:
    summary = [
        ("format", issue.format),
        ("tender reference", issue.tender_reference),
        ("rubric", f"{issue.rubric_id}@{issue.rubric_version}"),
        ("rubric hash", issue.rubric_hash),
        ("collected.json sha256", issue.collected_sha256),
        ("issued at", issue.issued_at),
    ]
    # Compressed: the payload repeats every rationale, the bulk of the file at scale.
    signed_metadata_sheet(book, styles, META_SHEET, summary, canonical, signature, compress=True)


def write_moderation_workbook(
    issue: ModerationWorkbook, signature: str, canonical: str | None = None
) -> bytes:
    """The .xlsx bytes of the moderation workbook for issue, carrying signature.

    canonical is `issue.canonical()` when the caller already has it (it signed it).
    """
    with collector_paused():
        buffer = io.BytesIO()
        book = new_workbook(
            buffer,
            title=f"{issue.tender_reference} moderation workbook",
            subject=issue.tender_title,
            comments="Issued by tenderkit. The moderator completes the shaded cells in place.",
            created=dt.datetime.fromisoformat(issue.issued_at),
        )
        styles = _styles(book)
        _instructions(book, styles, issue)
        _moderation(book, styles, issue)
        _criteria(book, styles, issue)
        _metadata(book, styles, issue, signature, canonical or issue.canonical())
        book.close()
        return buffer.getvalue()
