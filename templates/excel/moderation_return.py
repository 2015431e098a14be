"""Reading a completed moderation workbook back: the format steps, no decisions.

- the archive is checked and the workbook opened read-only with
  `evaluator_return.open_return` (the same limits and hostile-file checks as a return);
- `stored_moderation_payload`: the signed metadata as stored, not yet trusted;
- `read_moderation_cells`: once the payload is authentic, every locked row, rationale and
  criterion block compared with what was issued, names checked to be where they belong,
  then the consensus and note cells as plain `Reading`s for the workspace to judge.
Nothing depends on positions: rows may be moved or resized, cells are found by name.
Unlike a collection, which stops at the first sign of tampering, every tampered place is
reported, so the moderator can see everything that has to be restored at once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tenderkit.scoring.collection import Place, Reading
from tenderkit.scoring.entries import Entry
from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_layout import (
    PayloadTooLarge,
    criterion_block,
    normalise_grid,
    payload_from_rows,
)
from tenderkit.templates.excel.evaluator_return import ReturnRefused
from tenderkit.templates.excel.moderation_layout import (
    CONSENSUS,
    NOTE,
    RATIONALES,
    TEXT,
    Cell,
    locked_cells,
    normalise,
    normalise_row,
    rationale_cells,
)
from tenderkit.templates.excel.moderation_payload import ModerationWorkbook
from tenderkit.templates.excel.named_cells import NamedCells, Span
from tenderkit.templates.opc.archive import ZipLimits

Pair = tuple[str, str]

#: The shapes of the names a moderation workbook is issued with (ignoring case).
MODERATION_NAME = re.compile(
    rf"^(?:(?:{CONSENSUS}|{NOTE}|{TEXT}|{RATIONALES})\.\w+\.\w+|{TEXT}\.\w+|TK\.\w+)$",
    re.IGNORECASE | re.ASCII,
)


@dataclass(frozen=True)
class Tampering:
    """One place where the workbook is no longer what was issued."""

    message: str
    place: Place


@dataclass(frozen=True)
class ModerationCells:
    """What the moderator entered, by (bidder, criterion), and every tampered place found."""

    consensus: Mapping[Pair, Reading]
    notes: Mapping[Pair, Reading]
    tampering: tuple[Tampering, ...]


def stored_moderation_payload(book: NamedCells) -> tuple[str, str]:
    """(canonical JSON, signature) from the hidden metadata sheet, as stored (not verified)."""
    meta = book.span(META_NAME)
    if meta is None or meta.max_col - meta.min_col != 1:
        raise ReturnRefused(
            "not-ours",
            f"not a tenderkit moderation workbook (it has no {META_NAME} metadata); "
            "is it the file `tender moderate` wrote?",
        )
    book.load([meta])
    rows = [(str(k or ""), str(v or "")) for k, v in book.values(meta)]
    try:
        # The payload is stored compressed; unpacking stops where an archive would.
        stored = payload_from_rows(rows, unpacked_limit=ZipLimits().max_unpacked_bytes)
    except PayloadTooLarge as exc:
        raise ReturnRefused("hostile-file", f"not read: {exc}", Place(META_NAME)) from None
    if stored is None:
        raise ReturnRefused(
            "not-ours",
            "the tenderkit metadata is incomplete; it is not a workbook tenderkit issued",
        )
    return stored


def _at(name: str, span: Span | None, cell: str | None = None) -> Place:
    if span is None:
        return Place(name)
    return Place(name, span.sheet, cell or span.first_cell())


def _short(text: str) -> str:
    return repr(text if len(text) <= 50 else text[:47] + "...")


def _gone(name: str, what: str) -> Tampering:
    return Tampering(
        f"the locked {what} this name marks was deleted or moved off its sheet", Place(name)
    )


def _difference(
    name: str, span: Span, got: list[list[str]], want: list[list[str]], what: str
) -> Tampering | None:
    """The first difference between the text read back and the text issued, if any."""
    if got == want:
        return None
    if len(got) != len(want) or any(len(g) != len(w) for g, w in zip(got, want, strict=False)):
        return Tampering(
            f"the locked {what} now spans {len(got)} row(s) of {len(got[0]) if got else 0} "
            f"cell(s), issued as {len(want)} of {len(want[0]) if want else 0}",
            _at(name, span),
        )
    for r, (g_row, w_row) in enumerate(zip(got, want, strict=True)):
        for c, (g, w) in enumerate(zip(g_row, w_row, strict=True)):
            if g != w:
                cell = Span(span.sheet, span.min_row + r, span.min_col + c, 0, 0).first_cell()
                return Tampering(
                    f"the locked {what} was changed after issue (reads {_short(g)}, issued as "
                    f"{_short(w)})",
                    _at(name, span, cell),
                )
    return None  # pragma: no cover - equal grids return above


def _compare_block(
    book: NamedCells, name: str, span: Span | None, want: list[list[str]], what: str
) -> Tampering | None:
    """A criterion's text block on the Criteria sheet against its issued text."""
    if span is None:
        return _gone(name, what)
    return _difference(name, span, normalise_grid(book.values(span)), want, what)


#: The types `normalise` renders by value alone (a bool, which equals 1 or 0 but reads as
#: TRUE or FALSE, is not one of them).
_PLAIN_TYPES = frozenset({str, int, float, type(None)})


def _unchanged(got: Sequence[Sequence[object]], issued: Sequence[Cell]) -> bool:
    """Whether the row read back normalises to the issued row (`normalise_row`), decided
    without normalising the values that are simply equal: the quick check for the thousands
    of rows nobody touched.

    Equal strings, numbers and blanks normalise alike; two numbers that differ are compared
    as `normalise` compares them (a mean issued as 3.3333333333333335 reads back as the 16
    digits the file holds). Anything else is left to the full comparison.
    """
    if len(got) != 1 or len(got[0]) != len(issued):
        return False
    for value, want in zip(got[0], issued, strict=True):
        if type(value) not in _PLAIN_TYPES or type(want) not in _PLAIN_TYPES:
            return False
        if value == want:
            continue
        numbers = isinstance(value, int | float) and isinstance(want, int | float)
        if not numbers or normalise(value) != normalise(want):
            return False
    return True


def _compare_row(
    book: NamedCells, name: str, span: Span | None, issued: Sequence[Cell], what: str
) -> Tampering | None:
    """One row's locked cells (scores or rationales) against the values issued."""
    if span is None:
        return _gone(name, what)
    values = book.values(span)
    if _unchanged(values, issued):
        return None
    got = [normalise_row(row) for row in values]
    return _difference(name, span, got, [normalise_row(issued)], what)


def _foreign(names: Iterable[str], issued: ModerationWorkbook) -> list[Tampering]:
    own = {n.casefold() for n in [*issued.names(), META_NAME]}
    foreign = sorted(n for n in names if MODERATION_NAME.match(n) and n.casefold() not in own)
    return [
        Tampering(
            "a named cell that was not issued in this workbook: names were added, or the signed "
            "metadata was copied from another moderation workbook",
            Place(n),
        )
        for n in foreign
    ]


def _placement(issued: ModerationWorkbook, spans: Mapping[str, Span | None]) -> list[Tampering]:
    """Inputs must be single cells on their row's sheet, and no cell may carry two names."""
    out: list[Tampering] = []
    for line in issued.lines:
        home = spans[line.text.name]
        for named in (line.consensus, line.note, line.rationales):
            span = spans[named.name]
            if span is None or home is None:
                continue
            if span.sheet != home.sheet:
                out.append(
                    Tampering(
                        f"it now points at sheet {span.sheet!r}, away from its row on sheet "
                        f"{home.sheet!r}; the workbook's names were changed",
                        _at(named.name, span),
                    )
                )
            elif named is not line.rationales and not span.is_cell:
                out.append(
                    Tampering(
                        "it now points at several cells, not the one it was issued for; the "
                        "workbook's names were changed",
                        _at(named.name, span),
                    )
                )
    claimed: dict[tuple[str, int, int], str] = {}
    for name in issued.names():  # text blocks come before inputs in each row's names
        span = spans[name]
        if span is None:
            continue
        for row, col in span.cells():
            other = claimed.setdefault((span.sheet, row, col), name)
            if other != name:
                cell = Span(span.sheet, row, col, row, col)
                out.append(
                    Tampering(
                        f"it points at a cell {other} also marks; one cell cannot hold two "
                        "things, so the workbook's names were changed",
                        Place(name, span.sheet, cell.first_cell()),
                    )
                )
                break
    return out


def read_moderation_cells(book: NamedCells, issued: ModerationWorkbook) -> ModerationCells:
    """The consensus and note cells, after checking the workbook is still what was issued."""
    spans = {name: book.span(name) for name in issued.names()}
    book.load(s for s in spans.values() if s is not None)
    evaluators = [e.id for e in issued.evaluators]
    found: list[Tampering] = _foreign(book.names(), issued)
    for criterion, named in zip(issued.criteria, issued.criteria_text, strict=True):
        problem = _compare_block(
            book, named.name, spans[named.name], criterion_block(criterion), "criterion text"
        )
        if problem is not None:
            found.append(problem)
    for line in issued.lines:
        criterion = issued.criterion(line.criterion)
        checks = [
            (line.text.name, locked_cells(line, criterion, evaluators), "scores"),
            (line.rationales.name, rationale_cells(line, evaluators), "rationales"),
        ]
        for name, want, what in checks:
            problem = _compare_row(book, name, spans[name], want, what)
            if problem is not None:
                found.append(problem)
    found += _placement(issued, spans)

    def reading(name: str) -> Reading:
        span = spans[name]
        if span is None or not span.is_cell:
            return Reading(Entry(present=False), Place(name))
        return Reading(book.entry(span), Place(name, span.sheet, span.first_cell()))

    consensus = {(ln.bidder, ln.criterion): reading(ln.consensus.name) for ln in issued.lines}
    notes = {(ln.bidder, ln.criterion): reading(ln.note.name) for ln in issued.lines}
    return ModerationCells(consensus, notes, tuple(found))
