"""Is a return still the workbook that was issued? Protected text, and where its names point.

Evaluators may move, resize and reorder things, so nothing here depends on positions. What
cannot come from filling in the shaded cells, and so marks the workbook as tampered with:
- protected text (question, evidence, scale, bidder list) that differs from what was issued;
- named cells that were not issued to this evaluator (metadata taken from someone else's
  workbook);
- a bidder's names spread over more than one sheet, two bidders (or a bidder and the
  declarations) sharing a sheet, or two names on one cell, e.g. a score name re-pointed at
  a number in the scale table or at another criterion's or bidder's score.
Each check raises `Tampered` naming the first defined name, sheet and cell at fault.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from openpyxl.utils.cell import get_column_letter

from tenderkit.scoring.collection import Place
from tenderkit.templates.excel.evaluator_issue import ISSUED_NAME, META_NAME
from tenderkit.templates.excel.evaluator_layout import (
    Grid,
    criterion_block,
    declaration_rows,
    normalise_grid,
)
from tenderkit.templates.excel.evaluator_payload import IssuedPair, IssuedWorkbook
from tenderkit.templates.excel.named_cells import NamedCells, Span

Spans = Mapping[str, Span | None]


class Tampered(Exception):
    """The return is not the workbook that was issued; message and place say why and where."""

    def __init__(self, message: str, place: Place) -> None:
        super().__init__(message)
        self.message, self.place = message, place


def _at(name: str, span: Span) -> Place:
    return Place(name, span.sheet, span.first_cell())


def _ref(span: Span) -> str:
    return f"sheet {span.sheet!r} cell {span.first_cell()}"


def check_text(book: NamedCells, issued: IssuedWorkbook, spans: Spans) -> None:
    """Tampered if any protected text block is missing or differs from what was issued."""
    checks: list[tuple[str, Grid]] = [
        (issued.declarations_text.name, declaration_rows([(b.id, b.name) for b in issued.bidders]))
    ]
    blocks = {c.id: criterion_block(c) for c in issued.criteria}  # the same on every sheet
    for pair in issued.allocation:
        checks.append((pair.text.name, blocks[pair.criterion]))
    for name, want in checks:
        span = spans[name]
        if span is None:
            raise Tampered(
                "the protected text this name marks was deleted or moved off the sheet",
                Place(name),
            )
        got = normalise_grid(book.values(span))
        if got == want:
            continue
        where, what = _first_difference(span, got, want)
        raise Tampered(
            f"the criterion text, scale or bidder list was changed after issue ({what})",
            Place(name, span.sheet, where),
        )


def _first_difference(span: Span, got: Grid, want: Grid) -> tuple[str, str]:
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


def check_foreign_names(names: Iterable[str], issued: IssuedWorkbook) -> None:
    """Tampered if the workbook carries tenderkit names that were not issued to this evaluator."""
    own = {n.casefold() for n in [*issued.names(), META_NAME]}
    foreign = sorted(n for n in names if ISSUED_NAME.match(n) and n.casefold() not in own)
    if foreign:
        shown = ", ".join(foreign[:3]) + (
            f" and {len(foreign) - 3} more" if len(foreign) > 3 else ""
        )
        raise Tampered(
            f"it has named cells that were not issued to {issued.evaluator_id} ({shown}): "
            "names were added, or its signed metadata was copied from another evaluator's "
            "workbook",
            Place(foreign[0]),
        )


def check_names(issued: IssuedWorkbook, spans: Spans) -> None:
    """Tampered if names were re-pointed: see the module docstring. Text blocks must exist."""
    groups = [
        (
            "the declarations",
            issued.declarations_text.name,
            [b.declaration.name for b in issued.bidders],
        )
    ]
    by_bidder: dict[str, list[IssuedPair]] = {b.id: [] for b in issued.bidders}
    for pair in issued.allocation:  # grouped once, not searched for each bidder
        by_bidder[pair.bidder].append(pair)
    for bidder in issued.bidders:
        pairs = by_bidder[bidder.id]
        if pairs:
            names = [n for p in pairs for n in (p.text.name, p.score.name, p.rationale.name)]
            groups.append((f"bidder {bidder.id}", pairs[0].text.name, names))
    owners: dict[str, str] = {}
    for owner, anchor, names in groups:
        home = spans[anchor]
        assert home is not None  # check_text refused a missing text block
        if home.sheet in owners:
            raise Tampered(
                f"{owner}'s text is now on sheet {home.sheet!r}, which holds "
                f"{owners[home.sheet]}'s cells; the workbook's names were changed",
                _at(anchor, home),
            )
        owners[home.sheet] = owner
        for name in names:
            span = spans[name]
            if span is not None and span.sheet != home.sheet:
                raise Tampered(
                    f"it now points at {_ref(span)}, away from {owner}'s other cells on sheet "
                    f"{home.sheet!r}; the workbook's names were changed",
                    _at(name, span),
                )
    # Text blocks first, so that a value name pointing into one is the name reported.
    texts = [issued.declarations_text.name, *(p.text.name for p in issued.allocation)]
    text_names = set(texts)  # built once: in the comprehension it was rebuilt for every name
    values = [n for n in issued.names() if n not in text_names]
    claimed: dict[tuple[str, int, int], str] = {}
    for name in [*texts, *values]:
        span = spans[name]
        if span is None:
            continue
        for row, col in span.cells():
            other = claimed.setdefault((span.sheet, row, col), name)
            if other != name:
                cell = Span(span.sheet, row, col, row, col)
                raise Tampered(
                    f"it points at {_ref(cell)}, which {other} also marks; one cell cannot hold "
                    "two answers, so the workbook's names were changed",
                    Place(name, span.sheet, cell.first_cell()),
                )
