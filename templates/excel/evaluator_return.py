"""Reading a returned evaluator workbook, step by step, for the collection pipeline.

The steps that need the .xlsx format live here; the decisions between them (is it ours,
authentic, for this set-up) are made once, in `tenderkit.workspace.returns`:
- `open_return`: the archive checked (`opc.archive`) and pre-scanned (`part_scan`), then
  openpyxl in read-only mode, never writing; `NamedCells` reads the cells themselves with
  `sheet_cells`, openpyxl's cell rules on expat;
- `stored_payload`: the signed metadata as stored, not yet trusted;
- `read_entries`: once the payload is authentic, the protected text and where each name
  points (`return_checks`), then the declarations, scores and rationales as plain values
  for `scoring.collection` to judge.
Everything is found through workbook-level defined names, never by position
(`named_cells`). A failure raises `ReturnRefused` with the rule, message and place.

openpyxl's reading stays the rule although python-calamine reads the same cells some 30
times faster than openpyxl itself: calamine (0.9) gives a formula cell's cached value, so a score entered as `=4`
reads as 4.0 like a typed 4, shows an error cell (`#DIV/0!`) as an empty one, and exposes
no defined names, so the formula, error and name checks could not be kept.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from defusedxml import DefusedXmlException
from openpyxl import load_workbook

from tenderkit.scoring.collection import Place, Reading, ReturnedScores
from tenderkit.scoring.entries import Entry
from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_layout import payload_from_rows
from tenderkit.templates.excel.evaluator_payload import IssuedWorkbook
from tenderkit.templates.excel.named_cells import NamedCells
from tenderkit.templates.excel.part_scan import AmbiguousPart, PartLimits, scan_parts
from tenderkit.templates.excel.return_checks import (
    Tampered,
    check_foreign_names,
    check_names,
    check_text,
)
from tenderkit.templates.opc.archive import HostileFile, ZipLimits, check_archive


class ReturnRefused(Exception):
    """The file as a whole cannot count: rule, message and, where known, place and evaluator."""

    def __init__(
        self, rule: str, message: str, place: Place | None = None, evaluator: str | None = None
    ):
        super().__init__(message)
        self.rule, self.message, self.place, self.evaluator = rule, message, place, evaluator


@contextmanager
def open_return(
    data: bytes, limits: ZipLimits, parts: PartLimits | None = None
) -> Iterator[NamedCells]:
    """The workbook's named cells, after the archive checks; ReturnRefused otherwise.

    Reading is lazy, so a failure while the caller reads cells is explained here too.
    """
    try:
        check_archive(data, limits)
        scan_parts(data, parts or PartLimits())
    except AmbiguousPart as exc:
        place = Place(exc.name) if exc.name else None
        raise ReturnRefused(exc.rule, str(exc), place) from None
    except HostileFile as exc:
        raise ReturnRefused(exc.rule, str(exc)) from None
    try:
        with warnings.catch_warnings():
            # Real returns carry extensions openpyxl does not model; they are not our concern.
            warnings.simplefilter("ignore")
            workbook = load_workbook(
                io.BytesIO(data), read_only=True, data_only=False, keep_links=False
            )
            try:
                yield NamedCells(workbook)
            finally:
                workbook.close()
    except ReturnRefused:
        raise
    except HostileFile as exc:  # found while reading the cells (`sheet_cells`)
        raise ReturnRefused(exc.rule, str(exc)) from None
    except Exception as exc:
        raise ReturnRefused(*_explain_parse_failure(exc)) from None


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
    return "not-a-workbook", f"cannot be read as an .xlsx workbook ({stable_detail(exc)})"


_ADDRESS = re.compile(r"\s*at 0x[0-9a-fA-F]+|0x[0-9a-fA-F]{6,}")


def stable_detail(exc: BaseException) -> str:
    """What went wrong, as text that is the same on every run: the first line of the
    message, without memory addresses, cut short; the exception's kind if it has none."""
    lines = str(exc).splitlines()
    text = _ADDRESS.sub("", lines[0]).strip() if lines else ""
    if not text or not text.isprintable():
        return type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def stored_payload(book: NamedCells) -> tuple[str, str]:
    """(canonical JSON, signature) from the hidden metadata sheet, as stored (not verified)."""
    meta = book.span(META_NAME)
    if meta is None or meta.max_col - meta.min_col != 1:
        raise ReturnRefused(
            "not-ours",
            f"not a tenderkit evaluator workbook (it has no {META_NAME} metadata); was the right file returned?",
        )
    book.load([meta])
    rows = [(str(k or ""), str(v or "")) for k, v in book.values(meta)]
    stored = payload_from_rows(rows)
    if stored is None:
        raise ReturnRefused(
            "not-ours",
            "the tenderkit metadata is incomplete; it is not a workbook issued by tenderkit",
        )
    return stored


def read_entries(
    book: NamedCells,
    issued: IssuedWorkbook,
    *,
    file: str,
    sha256: str,
    notes: tuple[str, ...] = (),
) -> ReturnedScores:
    """What the evaluator entered, after checking the workbook is still what was issued."""
    spans = {name: book.span(name) for name in issued.names()}
    book.load(s for s in spans.values() if s is not None)  # one pass per sheet for everything
    try:
        check_foreign_names(book.names(), issued)
        check_text(book, issued, spans)
        check_names(issued, spans)
    except Tampered as exc:
        raise ReturnRefused("tampered", exc.message, exc.place, issued.evaluator_id) from None
    declarations: dict[str, Reading] = {}
    scores: dict[tuple[str, str], Reading] = {}
    rationales: dict[tuple[str, str], Reading] = {}

    def reading(name: str) -> Reading:
        span = spans[name]
        # Each value is a single cell: a name now pointing at a range is treated as broken.
        if span is None or not span.is_cell:
            return Reading(Entry(present=False), Place(name))
        return Reading(book.entry(span), Place(name, span.sheet, span.first_cell()))

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
