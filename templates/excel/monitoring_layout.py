"""Where things go in a provider return workbook, and the exact text of each protected block.

Pure functions shared by the writer and the reader, as for evaluator workbooks: the writer
puts each clause block's text at the rows computed here, and the reader rebuilds the same
grid from the signed payload and compares it with the return, wherever the provider moved
it. Rows and columns are 0-based. The `Return` sheet has, per clause due in the period, its
definition rows (protected, `KT.<clause>`), then an input row for each value, numerator and
denominator (`K.`, `KN.`, `KD.`) and the commentary (`KC.<clause>`); the `Case studies`
sheet has a title and an account cell per case study (`CST.<n>`, `CS.<n>`).
"""

from __future__ import annotations

from dataclasses import dataclass

from tenderkit.scoring.entries import format_score
from tenderkit.templates.excel.evaluator_payload import NamedCell
from tenderkit.templates.excel.monitoring_payload import (
    CASE_SHEET,
    RETURN_SHEET,
    IssuedBlock,
    IssuedMeasure,
    IssuedReturn,
)
from tenderkit.templates.excel.names import cell_ref, range_ref

INSTRUCTIONS_SHEET = "Instructions"
META_SHEET = "tenderkit"
COL_LABEL, COL_VALUE = 0, 1
WIDTHS = (30, 100)
HEADER_ROWS = 4  # title, contract line, instruction, blank
CASE_HEADER_ROWS = 4

Grid = list[list[str]]


def unit_text(m: IssuedMeasure) -> str:
    low, high = format_score(m.minimum), format_score(m.maximum)
    if m.unit == "percent":
        return f"A percentage from {low} to {high}, to one decimal place"
    kind = "A score" if m.unit == "score" else "Points"
    return f"{kind} from {low} to {high}, to one decimal place"


def better_text(m: IssuedMeasure) -> str:
    return "Higher is better" if m.direction == "higher" else "Lower is better"


def block_grid(block: IssuedBlock) -> Grid:
    """The protected definition rows of one clause block, two columns."""
    rows: Grid = [
        ["Clause", f"{block.clause} version {block.version}: {block.title}"],
        ["Requirement", block.text],
    ]
    for m in block.measures:
        rows += [
            ["Measure", f"{m.title} ({better_text(m).lower()})"],
            ["Data source", m.data_source],
        ]
        if m.numerator_label is not None:
            rows.append(["Numerator", m.numerator_label])
        if m.denominator_label is not None:
            rows.append(["Denominator", m.denominator_label])
        rows += [["Unit", unit_text(m)], ["Baseline", m.baseline], ["Target", m.target]]
    return rows


@dataclass(frozen=True)
class InputRow:
    row: int
    label: str
    name: str
    kind: str  # value | numerator | denominator | commentary
    measure: IssuedMeasure | None


@dataclass(frozen=True)
class BlockPlace:
    first: int
    last: int
    inputs: list[InputRow]

    @property
    def after(self) -> int:
        return (self.inputs[-1].row if self.inputs else self.last) + 2


def _inputs(block: IssuedBlock, start: int) -> list[InputRow]:
    rows: list[InputRow] = []
    row = start
    for m in block.measures:
        rows.append(InputRow(row, f"Value: {m.title}", m.value.name, "value", m))
        row += 1
        if m.numerator is not None:
            rows.append(InputRow(row, "Numerator", m.numerator.name, "numerator", m))
            row += 1
        if m.denominator is not None:
            rows.append(InputRow(row, "Denominator", m.denominator.name, "denominator", m))
            row += 1
    label = (
        "Commentary: the account this clause asks for"
        if not block.measures
        else "Commentary: action taken where off track"
    )
    rows.append(InputRow(row, label, block.commentary.name, "commentary", None))
    return rows


def block_places(issue: IssuedReturn) -> list[BlockPlace]:
    out: list[BlockPlace] = []
    row = HEADER_ROWS
    for block in issue.blocks:
        height = len(block_grid(block))
        place = BlockPlace(row, row + height - 1, _inputs(block, row + height))
        out.append(place)
        row = place.after
    return out


def case_rows(index: int) -> tuple[int, int]:
    """(title row, account row) of the index-th case study (0-based)."""
    first = CASE_HEADER_ROWS + index * 3
    return first, first + 1


def place_names(issue: IssuedReturn) -> IssuedReturn:
    """issue with every defined name's target filled in from the layout."""
    blocks = []
    for block, place in zip(issue.blocks, block_places(issue), strict=True):
        targets = {r.name: cell_ref(RETURN_SHEET, r.row, COL_VALUE) for r in place.inputs}

        def at(cell: NamedCell | None, targets: dict[str, str] = targets) -> NamedCell | None:
            return None if cell is None else cell.model_copy(update={"target": targets[cell.name]})

        measures = [
            m.model_copy(
                update={
                    "value": at(m.value),
                    "numerator": at(m.numerator),
                    "denominator": at(m.denominator),
                }
            )
            for m in block.measures
        ]
        blocks.append(
            block.model_copy(
                update={
                    "measures": measures,
                    "commentary": at(block.commentary),
                    "block_text": block.block_text.model_copy(
                        update={
                            "target": range_ref(
                                RETURN_SHEET, (place.first, COL_LABEL), (place.last, COL_VALUE)
                            )
                        }
                    ),
                }
            )
        )
    cases = []
    for i, case in enumerate(issue.case_studies):
        title_row, account_row = case_rows(i)
        cases.append(
            case.model_copy(
                update={
                    "title": case.title.model_copy(
                        update={"target": cell_ref(CASE_SHEET, title_row, COL_VALUE)}
                    ),
                    "account": case.account.model_copy(
                        update={"target": cell_ref(CASE_SHEET, account_row, COL_VALUE)}
                    ),
                }
            )
        )
    return issue.model_copy(update={"blocks": blocks, "case_studies": cases})
