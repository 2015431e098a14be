"""Reading a returned evaluator workbook: is it ours, authentic and unchanged, and what was entered.

`read_return` takes the file's bytes and either refuses the file as a whole (not a
workbook, hostile, not ours, wrong tender, signature mismatch, unknown evaluator, issued
for a different set-up, changed criterion text) or returns the declarations, scores and
rationales as plain values for `scoring.collection` to judge. Everything is found through
workbook-level defined names, never by position. The archive is checked before parsing;
openpyxl reads in read-only mode (through defusedxml) and never writes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from defusedxml import DefusedXmlException
from openpyxl import load_workbook
from openpyxl.utils.cell import get_column_letter, range_boundaries
from pydantic import ValidationError

from tenderkit.hashing import file_sha256
from tenderkit.scoring.collection import Place, Reading, RefusedReturn, ReturnedScores
from tenderkit.scoring.entries import Entry
from tenderkit.templates.evaluator_issue import META_NAME
from tenderkit.templates.evaluator_layout import (
    Grid,
    criterion_block,
    declaration_rows,
    normalise_grid,
    payload_from_rows,
)
from tenderkit.templates.evaluator_payload import (
    IssuedWorkbook,
    differences,
    name_changes,
    signature_matches,
    with_names_of,
)
from tenderkit.templates.safezip import HostileFile, ZipLimits, check_archive

ExpectedIssue = Callable[[str, str], IssuedWorkbook | None]
_PLAIN = (str, int, float, bool, dt.datetime, dt.date, dt.time)
#: A name pointing at more cells than any block we issue is treated as broken, not read.
MAX_SPAN_CELLS = 10_000


@dataclass(frozen=True)
class Expectations:
    """What a return must match: this tender, this workspace's secret, what was issued.

    `expected_issue(evaluator_id, issued_at)` rebuilds the payload the workspace would issue
    to that evaluator at that time, or None if tender.yaml has no such evaluator.
    """

    reference: str
    secret: bytes
    expected_issue: ExpectedIssue
    limits: ZipLimits = field(default_factory=ZipLimits)


class _Refused(Exception):
    def __init__(
        self, rule: str, message: str, place: Place | None = None, evaluator: str | None = None
    ):
        super().__init__(message)
        self.rule, self.message, self.place, self.evaluator = rule, message, place, evaluator


@dataclass(frozen=True)
class _Span:
    """Where a defined name points: a sheet and a 1-based rectangle."""

    sheet: str
    min_row: int
    min_col: int
    max_row: int
    max_col: int

    def cells(self) -> list[tuple[int, int]]:
        return [
            (r, c)
            for r in range(self.min_row, self.max_row + 1)
            for c in range(self.min_col, self.max_col + 1)
        ]

    def first_cell(self) -> str:
        return f"{get_column_letter(self.min_col)}{self.min_row}"


class _Book:
    """A read-only workbook, with named cells fetched one pass per sheet."""

    def __init__(self, workbook: Any) -> None:
        self._wb = workbook
        self._cells: dict[tuple[str, int, int], tuple[Any, str]] = {}

    def span(self, name: str) -> _Span | None:
        defined = self._wb.defined_names.get(name)
        if defined is None:
            return None
        try:
            destinations = list(defined.destinations)
            if len(destinations) != 1:
                return None
            sheet, ref = destinations[0]
            min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        except (ValueError, TypeError, AttributeError):
            return None  # e.g. "#REF!" after the cell was deleted
        if sheet not in self._wb.sheetnames or None in (min_col, min_row, max_col, max_row):
            return None
        if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_SPAN_CELLS:
            return None
        return _Span(sheet, min_row, min_col, max_row, max_col)

    def load(self, spans: Iterable[_Span]) -> None:
        """Read every cell of spans, one pass over each sheet."""
        by_sheet: dict[str, list[_Span]] = {}
        for span in spans:
            by_sheet.setdefault(span.sheet, []).append(span)
        for sheet, items in by_sheet.items():
            wanted = {(r, c) for s in items for r, c in s.cells()}
            min_row = min(s.min_row for s in items)
            max_row = max(s.max_row for s in items)
            max_col = max(s.max_col for s in items)
            worksheet = self._wb[sheet]
            for row in worksheet.iter_rows(
                min_row=min_row, max_row=max_row, min_col=1, max_col=max_col
            ):
                for cell in row:
                    position = (getattr(cell, "row", None), getattr(cell, "column", None))
                    if position in wanted:
                        self._cells[(sheet, position[0], position[1])] = (
                            cell.value,
                            cell.data_type,
                        )

    def entry(self, span: _Span, row: int, col: int) -> Entry:
        value, data_type = self._cells.get((span.sheet, row, col), (None, "n"))
        if data_type == "f" or (value is not None and not isinstance(value, _PLAIN)):
            return Entry(value=str(value), formula=True)
        if data_type == "e":
            return Entry(value=None, error=str(value))
        return Entry(value=value)

    def values(self, span: _Span) -> list[list[object]]:
        return [
            [
                self._cells.get((span.sheet, r, c), (None, "n"))[0]
                for c in range(span.min_col, span.max_col + 1)
            ]
            for r in range(span.min_row, span.max_row + 1)
        ]


def read_return(file: str, data: bytes, expect: Expectations) -> ReturnedScores | RefusedReturn:
    """Read one return (see the module docstring); file is how messages name it."""
    sha256 = file_sha256(data)
    try:
        check_archive(data, expect.limits)
    except HostileFile as exc:
        return RefusedReturn(file, sha256, exc.rule, str(exc))
    try:
        with warnings.catch_warnings():
            # Real returns carry extensions openpyxl does not model; they are not our concern.
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
            try:
                return _read(file, sha256, _Book(workbook), expect)
            finally:
                workbook.close()
    except _Refused as refused:
        return RefusedReturn(
            file, sha256, refused.rule, refused.message, refused.place, refused.evaluator
        )
    except Exception as exc:
        return RefusedReturn(file, sha256, *_explain_parse_failure(exc))


def _explain_parse_failure(exc: BaseException) -> tuple[str, str]:
    # openpyxl wraps parser errors in its own ValueError; look down the chain for defusedxml's.
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, DefusedXmlException):
            return (
                "hostile-file",
                "refused: it declares XML entities or a DTD (a possible XML bomb)",
            )
        cause = cause.__cause__ or cause.__context__
    detail = str(exc).splitlines()[0][:160] if str(exc) else type(exc).__name__
    return "not-a-workbook", f"cannot be read as an .xlsx workbook ({detail})"


def _read(file: str, sha256: str, book: _Book, expect: Expectations) -> ReturnedScores:
    issued = _authentic_payload(book, expect)
    expected = expect.expected_issue(issued.evaluator_id, issued.issued_at)
    changes = name_changes(issued, expected) if expected is not None else []
    notes = tuple(
        f"issued with {c}; names do not affect scoring, the return counts" for c in changes
    )
    spans = {name: book.span(name) for name in issued.names()}
    book.load(s for s in spans.values() if s is not None)  # one pass per sheet for everything
    _check_text(book, issued, spans)
    declarations: dict[str, Reading] = {}
    scores: dict[tuple[str, str], Reading] = {}
    rationales: dict[tuple[str, str], Reading] = {}

    def reading(name: str) -> Reading:
        span = spans[name]
        # Each value is a single cell: a name now pointing at a range is treated as broken.
        if span is None or span.cells() != [(span.min_row, span.min_col)]:
            return Reading(Entry(present=False), Place(name))
        return Reading(
            book.entry(span, span.min_row, span.min_col), Place(name, span.sheet, span.first_cell())
        )

    for bidder in issued.bidders:
        declarations[bidder.id] = reading(bidder.declaration.name)
    for pair in issued.allocation:
        key = (pair.bidder, pair.criterion)
        scores[key] = reading(pair.score.name)
        rationales[key] = reading(pair.rationale.name)
    return ReturnedScores(
        file=file,
        sha256=sha256,
        evaluator=issued.evaluator_id,
        issued_at=issued.issued_at,
        declarations=declarations,
        scores=scores,
        rationales=rationales,
        notes=notes,
    )


def _authentic_payload(book: _Book, expect: Expectations) -> IssuedWorkbook:
    """The signed payload, once it is shown to be ours, this tender's and as issued now."""
    meta = book.span(META_NAME)
    if meta is None or meta.max_col - meta.min_col != 1:
        raise _Refused(
            "not-ours",
            f"not a tenderkit evaluator workbook (it has no {META_NAME} metadata); was the right file returned?",
        )
    book.load([meta])
    rows = [(str(k or ""), str(v or "")) for k, v in book.values(meta)]
    stored = payload_from_rows(rows)
    if stored is None:
        raise _Refused(
            "not-ours",
            "the tenderkit metadata is incomplete; it is not a workbook issued by tenderkit",
        )
    canonical, signature = stored
    try:
        loose = json.loads(canonical)
    except json.JSONDecodeError:
        loose = None
    reference = loose.get("tender_reference") if isinstance(loose, dict) else None
    evaluator = loose.get("evaluator_id") if isinstance(loose, dict) else None
    evaluator = evaluator if isinstance(evaluator, str) else None
    if isinstance(reference, str) and reference != expect.reference:
        raise _Refused(
            "wrong-tender",
            f"issued for tender {reference}, not {expect.reference}; it belongs to another workspace",
            evaluator=evaluator,
        )
    if not signature_matches(canonical, signature, expect.secret):
        raise _Refused(
            "tampered",
            "the signature over what was issued does not match: the hidden metadata was changed, "
            "or the workbook was issued from another copy of this workspace",
            Place(META_NAME),
            evaluator,
        )
    try:
        issued = IssuedWorkbook.model_validate(loose)
    except ValidationError:
        raise _Refused(
            "not-ours", "the signed metadata is in a format this version cannot read"
        ) from None
    expected = expect.expected_issue(issued.evaluator_id, issued.issued_at)
    if expected is None:
        raise _Refused(
            "unknown-evaluator",
            f"issued to evaluator {issued.evaluator_id} ({issued.evaluator_name}), who is not in tender.yaml",
            evaluator=issued.evaluator_id,
        )
    if with_names_of(issued, expected) != expected:
        raise _Refused(
            "issued-for-other-setup",
            f"issued at {issued.issued_at} for a set-up tender.yaml no longer describes "
            f"({'; '.join(differences(issued, expected))}); issue a fresh workbook to {issued.evaluator_id}",
            evaluator=issued.evaluator_id,
        )
    return issued


def _check_text(book: _Book, issued: IssuedWorkbook, spans: Mapping[str, _Span | None]) -> None:
    """Refuse the return if any protected text differs from what was issued."""
    checks: list[tuple[str, Grid]] = [
        (issued.declarations_text.name, declaration_rows([(b.id, b.name) for b in issued.bidders]))
    ]
    for pair in issued.allocation:
        checks.append((pair.text.name, criterion_block(issued.criterion(pair.criterion))))
    for name, want in checks:
        span = spans[name]
        if span is None:
            raise _Refused(
                "tampered",
                "the protected text this name marks was deleted or moved off the sheet",
                Place(name),
                issued.evaluator_id,
            )
        got = normalise_grid(book.values(span))
        if got == want:
            continue
        where, what = _first_difference(span, got, want)
        raise _Refused(
            "tampered",
            f"the criterion text, scale or bidder list was changed after issue ({what})",
            Place(name, span.sheet, where),
            issued.evaluator_id,
        )


def _first_difference(span: _Span, got: Grid, want: Grid) -> tuple[str, str]:
    if len(got) != len(want) or any(len(g) != len(w) for g, w in zip(got, want, strict=False)):
        return span.first_cell(), f"the block now spans {len(got)} rows, issued as {len(want)}"
    for r, (g_row, w_row) in enumerate(zip(got, want, strict=True)):
        for c, (g, w) in enumerate(zip(g_row, w_row, strict=True)):
            if g != w:
                cell = f"{get_column_letter(span.min_col + c)}{span.min_row + r}"
                return cell, f"reads {_short(g)}, issued as {_short(w)}"
    return span.first_cell(), "changed"


def _short(text: str) -> str:
    return repr(text if len(text) <= 50 else text[:47] + "...")
