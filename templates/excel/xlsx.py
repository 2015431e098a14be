"""What every workbook tenderkit writes shares: the XlsxWriter options, cell formats, text
written as text, and the hidden, protected sheet that carries the signed payload.

Evaluator, moderation and provider-return workbooks are all read back and checked against
what was issued, so they are written the same way: no string ever becomes a formula,
number or link, and the payload sits in a veryHidden sheet under one defined name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import gc
import io
import math
import re
import textwrap
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_layout import metadata_rows
from tenderkit.templates.excel.names import range_ref

#: Strings stay strings: a rationale starting with "=" or a number-like id is text.
WORKBOOK_OPTIONS: Mapping[str, bool] = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}

#: Text a spreadsheet would read as a formula unless quote-prefixed.
FORMULA_STARTS = ("=", "+", "-", "@")

#: Sheet protection for every locked sheet: people may resize and select, not edit.
PROTECTION: Mapping[str, bool] = {
    "format_columns": True,
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while a workbook is built and written.

    XlsxWriter keeps every cell of a workbook as a live object until it is closed; with
    hundreds of thousands of them, the collector's repeated full passes over objects that
    are all still in use cost a tenth or more of writing the workbook. Reference counting
    still frees what is dropped; anything cyclic is collected once the collector resumes.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def new_workbook(
    buffer: io.BytesIO, *, title: str, subject: str, comments: str, created: dt.datetime
) -> xlsxwriter.Workbook:
    """An XlsxWriter workbook writing into buffer with WORKBOOK_OPTIONS, its document
    properties set: tenderkit as author, and created (a time with a zone is stored in UTC,
    as the file format has none; the same moment gives the same bytes)."""
    book = xlsxwriter.Workbook(buffer, dict(WORKBOOK_OPTIONS))
    if created.tzinfo is not None:
        created = created.astimezone(dt.UTC).replace(tzinfo=None)
    book.set_properties(
        {
            "title": title,
            "subject": subject,
            "author": "tenderkit",
            "comments": comments,
            "created": created,
        }
    )
    return book


class Styles:
    """Named cell formats, with a quote-prefixed twin of each made on demand."""

    def __init__(self, book: xlsxwriter.Workbook, specs: Mapping[str, Mapping[str, Any]]) -> None:
        self._book = book
        self._specs: dict[str, dict[str, Any]] = {k: dict(v) for k, v in specs.items()}
        self._made: dict[tuple[str, bool], Format] = {}

    def define(self, name: str, spec: Mapping[str, Any]) -> None:
        """Add a format (another workbook kind's numeric cells, say)."""
        self._specs[name] = dict(spec)

    def get(self, name: str, quote: bool = False) -> Format:
        key = (name, quote)
        if key not in self._made:
            spec = dict(self._specs[name])
            if quote:
                spec["quote_prefix"] = True
            self._made[key] = self._book.add_format(spec)
        return self._made[key]


#: One line of 10 pt Arial, in points.
LINE_POINTS = 13.0
#: 10 pt Arial characters per unit of Excel column width.
CHARS_PER_WIDTH = 1.1


#: Whitespace textwrap treats otherwise than one plain space between words: tabs and other
#: whitespace, doubled spaces, and spaces that start or end the text.
_NOT_PLAIN = re.compile(r"[^\S ]|  |^ | $")
#: textwrap's own rule for where a hyphenated word may break ("staff-" | "led").
_WORD_PIECES = textwrap.TextWrapper.wordsep_re


def _plain_lines(part: str, per_line: int) -> int | None:
    """The lines textwrap wraps part to, when part is words separated by single spaces and
    no piece of a word is longer than a line; None for any other text.

    textwrap breaks a line between words (dropping the space) or after a hyphen inside a
    word, wherever the next piece no longer fits. For such text that is the count below,
    and this is several times faster than wrapping.
    """
    if _NOT_PLAIN.search(part):
        return None
    lines, used = 0, 0
    for word in part.split(" "):
        if "-" in word:
            first, *rest = [piece for piece in _WORD_PIECES.split(word) if piece]
        else:
            first, rest = word, []
        length = len(first)
        if length > per_line:
            return None
        if not lines:
            lines, used = 1, length
        elif used + 1 + length <= per_line:
            used += 1 + length
        else:
            lines, used = lines + 1, length
        for piece in rest:  # after a hyphen: no space before it
            length = len(piece)
            if length > per_line:
                return None
            if used + length <= per_line:
                used += length
            else:
                lines, used = lines + 1, length
    return lines


@functools.lru_cache(maxsize=4096)
def wrapped_lines(text: str, width: float) -> int:
    """How many lines text wraps to in a column this wide (each newline starts a line):
    `textwrap.wrap`'s count, worked out directly for plain single-spaced words.

    Cached: the same criterion texts recur on every bidder's sheet and row.
    """
    per_line = max(8, int(width * CHARS_PER_WIDTH))
    total = 0
    for part in text.split("\n"):
        plain = _plain_lines(part, per_line) if part else 1
        total += max(1, len(textwrap.wrap(part, per_line))) if plain is None else plain
    return total


def row_height(cells: Sequence[tuple[str, float]], minimum: float = 0) -> float:
    """A row height (points) tall enough for the wrapped text of cells ((text, column
    width) pairs).

    Spreadsheet programs do not all re-measure wrapped text when they open a file, so the
    height is estimated here; people can still resize rows.
    """
    lines = max((wrapped_lines(text, width) for text, width in cells if text), default=1)
    return max(minimum, math.ceil(lines * LINE_POINTS + 3))


def fit_row(
    ws: Worksheet, row: int, cells: Sequence[tuple[str, float]], minimum: float = 0
) -> None:
    """Set a row tall enough for its wrapped text (see `row_height`)."""
    ws.set_row(row, row_height(cells, minimum))


def write_lines(
    ws: Worksheet, styles: Styles, lines: Sequence[tuple[str, str]], width: float
) -> None:
    """Lines of (text, style) down column A, as an instructions sheet has them: the title
    row 20 pt high, a line longer than the column as tall as it wraps."""
    for row, (value, style) in enumerate(lines):
        write_text(ws, styles, row, 0, value, style)
        if style == "title":
            ws.set_row(row, 20)
        elif len(value) > width:
            fit_row(ws, row, [(value, width)])


def write_text(ws: Worksheet, styles: Styles, row: int, col: int, value: str, style: str) -> None:
    """Write text as text: never a formula, number or link, whatever it starts with."""
    if value == "":
        ws.write_blank(row, col, None, styles.get(style))
    else:
        ws.write_string(row, col, value, styles.get(style, quote=value.startswith(FORMULA_STARTS)))


def signed_metadata_sheet(
    book: xlsxwriter.Workbook,
    styles: Styles,
    sheet: str,
    summary: Sequence[tuple[str, str]],
    canonical: str,
    signature: str,
    *,
    compress: bool = False,
) -> None:
    """The veryHidden, protected sheet holding the summary, the payload and its signature,
    named META_NAME (styles needs `label` and `text`); compress stores the payload
    compressed (`metadata_rows`)."""
    ws = book.add_worksheet(sheet)
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 80)
    rows = metadata_rows(list(summary), canonical, signature, compress=compress)
    for row, (key, value) in enumerate(rows):
        write_text(ws, styles, row, 0, key, "label")
        write_text(ws, styles, row, 1, value, "text")
    book.define_name(META_NAME, "=" + range_ref(sheet, (0, 0), (len(rows) - 1, 1)))
    ws.protect("", dict(PROTECTION))
    ws.very_hidden()
