"""Where things go in a moderation workbook, and the exact text of every locked row.

Pure functions shared by the writer and the reader. The Moderation sheet has one row per
bidder × criterion:

    Bidder | Criterion | Title | <score per evaluator> | Mean | Min | Max | Spread | Flagged
    | Consensus score | Moderation note | <rationale per evaluator>

The locked cells before the inputs are one defined name (`TXT.<bidder>.<criterion>`), the
rationales another (`RAT.<bidder>.<criterion>`); the reader rebuilds both grids from the
signed payload and compares them with the file, wherever the moderator moved the row.
The Criteria sheet holds each criterion's question, evidence and scale descriptors (the
evaluator workbook's block, `TXT.<criterion>`). Rows and columns are 0-based.
"""

from __future__ import annotations

from collections.abc import Sequence

from tenderkit.scoring.entries import format_score
from tenderkit.templates.excel.evaluator_layout import criterion_block
from tenderkit.templates.excel.evaluator_payload import IssuedCriterion
from tenderkit.templates.excel.moderation_payload import ModerationLine

INSTRUCTIONS_SHEET = "Instructions"
MODERATION_SHEET = "Moderation"
CRITERIA_SHEET = "Criteria"
META_SHEET = "tenderkit"

CONSENSUS, NOTE, TEXT, RATIONALES = "C", "N", "TXT", "RAT"
FLAGGED, NOT_FLAGGED = "yes", "no"

#: Moderation sheet: title, tender line, guidance, then the header row; data from row 4.
HEADER_ROW = 3
FIRST_ROW = 4
FROZEN_COLS = 3
STAT_HEADINGS = ("Mean", "Min", "Max", "Spread", "Flagged")

#: Criteria sheet: blocks of three columns (label, score, text) from row 3.
CRITERIA_FIRST_ROW = 3
CRITERIA_WIDTHS = (20, 12, 95)

Cell = str | float | None


def score_col(evaluator_index: int) -> int:
    return FROZEN_COLS + evaluator_index


def stats_col(evaluators: int) -> int:
    """The Mean column; Min, Max, Spread and Flagged follow it."""
    return FROZEN_COLS + evaluators


def flag_col(evaluators: int) -> int:
    return stats_col(evaluators) + len(STAT_HEADINGS) - 1


def consensus_col(evaluators: int) -> int:
    return flag_col(evaluators) + 1


def note_col(evaluators: int) -> int:
    return consensus_col(evaluators) + 1


def rationale_col(evaluators: int, evaluator_index: int) -> int:
    return note_col(evaluators) + 1 + evaluator_index


def last_col(evaluators: int) -> int:
    return rationale_col(evaluators, evaluators - 1)


def header_row(evaluators: Sequence[str]) -> list[str]:
    """The column headings of the Moderation sheet (evaluator ids in order)."""
    return [
        "Bidder",
        "Criterion",
        "Title",
        *(f"{e} score" for e in evaluators),
        *STAT_HEADINGS,
        "Consensus score",
        "Moderation note",
        *(f"{e} rationale" for e in evaluators),
    ]


def _number(value: float | None) -> Cell:
    return None if value is None else value


def locked_cells(
    line: ModerationLine, criterion: IssuedCriterion, evaluators: Sequence[str]
) -> list[Cell]:
    """The locked values of a row before its inputs: ids, title, scores, summary and flag."""
    by_evaluator = {s.evaluator: s.score for s in line.scores}
    return [
        line.bidder,
        line.criterion,
        criterion.title,
        *(by_evaluator.get(e) for e in evaluators),
        _number(line.mean),
        _number(line.minimum),
        _number(line.maximum),
        _number(line.spread),
        FLAGGED if line.flagged else NOT_FLAGGED,
    ]


def rationale_cells(line: ModerationLine, evaluators: Sequence[str]) -> list[Cell]:
    by_evaluator = {s.evaluator: s.rationale for s in line.scores}
    return [by_evaluator.get(e) for e in evaluators]


def criteria_rows(criteria: Sequence[IssuedCriterion]) -> list[tuple[int, int]]:
    """(first, last) row of each criterion's block on the Criteria sheet, one blank row between."""
    out: list[tuple[int, int]] = []
    row = CRITERIA_FIRST_ROW
    for criterion in criteria:
        height = len(criterion_block(criterion))
        out.append((row, row + height - 1))
        row += height + 1
    return out


def normalise(value: object) -> str:
    """A cell value as comparable text: numbers to 12 significant digits, empty as ""."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        return f"{float(value):.12g}"
    return str(value)


def normalise_row(values: Sequence[object]) -> list[str]:
    return [normalise(v) for v in values]


def shown_score(value: float | None) -> str:
    return "" if value is None else format_score(value)
