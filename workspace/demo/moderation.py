"""The moderation part of `tender demo`: the workbook issued and filled with a synthetic consensus.

The consensus for each row is the evaluators' mean rounded to the scale's step, except that
each flagged row is moved down a step so the demo shows a consensus that departs from the
mean and the note it then needs. Every note is labelled SYNTHETIC DEMO CONSENSUS: nothing
here is a real panel's judgement.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tenderkit import fsio
from tenderkit.scoring.entries import format_score
from tenderkit.templates.excel.moderation_payload import ModerationLine
from tenderkit.templates.excel.workbook_fill import fill_named_cells
from tenderkit.workspace.moderate import issue_moderation
from tenderkit.workspace.tender import OpenTender

MODERATED_AT = dt.datetime(2027, 3, 16, 9, 0, tzinfo=dt.UTC)
SYNTHETIC_CONSENSUS = "SYNTHETIC DEMO CONSENSUS"


def synthetic_consensus(line: ModerationLine, step: float, minimum: float) -> float:
    """The rounded mean, one step lower on a flagged row (never below the scale)."""
    assert line.rounded_mean is not None, "the demo collection is complete"
    if line.flagged:
        return max(minimum, line.rounded_mean - step)
    return line.rounded_mean


def _note(line: ModerationLine, consensus: float) -> str:
    why = (
        "the evaluators' scores spread widely, so the panel discussed the evidence against the "
        "descriptors"
        if line.flagged
        else "the evaluators' scores were close and the panel kept the rounded mean"
    )
    return (
        f"{SYNTHETIC_CONSENSUS}: not a real moderation. For {line.criterion} {why}; "
        f"{format_score(consensus)} is recorded to demonstrate the moderation record."
    )


def moderate_demo(tender: OpenTender) -> list[Path]:
    """Issue moderation.xlsx in the demo workspace and complete it synthetically."""
    issued = issue_moderation(tender, MODERATED_AT, MODERATED_AT)
    scales = {c.id: tender.rubric.scale_for(c) for _, c in tender.rubric.criteria()}
    values: dict[str, str | int | float | None] = {}
    for line in issued.workbook.lines:
        scale = scales[line.criterion]
        consensus = synthetic_consensus(line, scale.step, scale.minimum)
        values[line.consensus.name] = int(consensus) if consensus.is_integer() else consensus
        values[line.note.name] = _note(line, consensus)
    fsio.write_bytes(issued.path, fill_named_cells(issued.path.read_bytes(), values))
    return [issued.path]
