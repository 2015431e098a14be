"""Reading a returned provider workbook: signed metadata, protected text, named input cells.

Like an evaluator return (`evaluator_return`), and through the same archive checks and
read-only opening: the signed payload as stored (`stored_return_payload`), then, once the
workspace has shown it authentic, `read_period_return` checks that each clause block's
protected text is as issued and that no input name was re-pointed (at the protected text,
at another input cell, or added), and reads the values as plain `Reading`s for
`scoring.monitoring` to judge. A failure raises `ReturnRefused` with the rule and place.
"""

from __future__ import annotations

from tenderkit.scoring.collection import Place, Reading
from tenderkit.scoring.entries import Entry
from tenderkit.scoring.monitoring import MeasureReading, PeriodReturn
from tenderkit.templates.excel.evaluator_issue import META_NAME
from tenderkit.templates.excel.evaluator_layout import normalise_grid, payload_from_rows
from tenderkit.templates.excel.evaluator_return import ReturnRefused
from tenderkit.templates.excel.monitoring_layout import block_grid
from tenderkit.templates.excel.monitoring_payload import IssuedReturn
from tenderkit.templates.excel.named_cells import NamedCells, Span

#: Prefixes of the names a return is read by; any other name with one was not issued.
PREFIXES = ("K.", "KN.", "KD.", "KC.", "KT.", "CS.", "CST.")


def stored_return_payload(book: NamedCells) -> tuple[str, str]:
    """(canonical JSON, signature) from the hidden metadata sheet, not yet verified."""
    meta = book.span(META_NAME)
    if meta is None or meta.max_col - meta.min_col != 1:
        raise ReturnRefused(
            "not-ours",
            f"not a tenderkit monitoring return (it has no {META_NAME} metadata); was the right file returned?",
        )
    book.load([meta])
    rows = [(str(k or ""), str(v or "")) for k, v in book.values(meta)]
    stored = payload_from_rows(rows)
    if stored is None:
        raise ReturnRefused("not-ours", "the tenderkit metadata is incomplete")
    return stored


def _at(name: str, span: Span) -> Place:
    return Place(name, span.sheet, span.first_cell())


def _inside(cell: Span, block: Span) -> bool:
    return (
        cell.sheet == block.sheet
        and block.min_row <= cell.min_row <= block.max_row
        and block.min_col <= cell.min_col <= block.max_col
    )


def _check(book: NamedCells, issued: IssuedReturn, spans: dict[str, Span | None]) -> None:
    issued_names = {n.casefold() for n in issued.names()}
    for name in book.names():
        if name.upper().startswith(PREFIXES) and name.casefold() not in issued_names:
            raise ReturnRefused(
                "tampered", f"defined name {name} was not issued in this workbook", Place(name)
            )
    blocks: list[tuple[str, Span]] = []
    for block in issued.blocks:
        name = block.block_text.name
        span = spans[name]
        want = block_grid(block)
        if span is None:
            raise ReturnRefused(
                "tampered", f"the protected text of {block.clause} is missing", Place(name)
            )
        got = normalise_grid(book.values(span))
        if got != want:
            row = next(
                (i for i, (g, w) in enumerate(zip(got, want, strict=False)) if g != w),
                min(len(got), len(want)),
            )
            raise ReturnRefused(
                "tampered",
                f"the protected text of {block.clause} differs from what was issued "
                f"(row {row + 1} of its block); re-issue the period if the contract changed",
                Place(name, span.sheet, f"A{span.min_row + row}"),
            )
        blocks.append((name, span))
    seen: dict[tuple[str, int, int], str] = {}
    for name, span in spans.items():
        if span is None or name.startswith("KT."):
            continue
        key = (span.sheet, span.min_row, span.min_col)
        if key in seen:
            raise ReturnRefused(
                "tampered",
                f"{name} and {seen[key]} point at the same cell",
                _at(name, span),
            )
        seen[key] = name
        for block_name, protected in blocks:
            if _inside(span, protected):
                raise ReturnRefused(
                    "tampered",
                    f"{name} points into the protected text of {block_name}",
                    _at(name, span),
                )


def read_period_return(
    book: NamedCells, issued: IssuedReturn, *, file: str, sha256: str
) -> PeriodReturn:
    """What the provider entered, after checking the workbook is still what was issued."""
    spans = {name: book.span(name) for name in issued.names()}
    book.load(s for s in spans.values() if s is not None)
    _check(book, issued, spans)

    def reading(name: str) -> Reading:
        span = spans[name]
        if span is None or not span.is_cell:
            return Reading(Entry(present=False), Place(name))
        return Reading(book.entry(span), _at(name, span))

    measures: dict[str, MeasureReading] = {}
    commentary: dict[str, Reading] = {}
    for block in issued.blocks:
        commentary[block.clause] = reading(block.commentary.name)
        for m in block.measures:
            measures[m.key] = MeasureReading(
                value=reading(m.value.name),
                numerator=reading(m.numerator.name) if m.numerator else None,
                denominator=reading(m.denominator.name) if m.denominator else None,
            )
    cases = [(reading(c.title.name), reading(c.account.name)) for c in issued.case_studies]
    return PeriodReturn(
        file=file,
        sha256=sha256,
        period=issued.period,
        measures=measures,
        commentary=commentary,
        case_studies=cases,
    )
