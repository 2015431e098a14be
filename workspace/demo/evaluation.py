"""The evaluation part of `tender demo`: a workspace issued, scored, collected, moderated and
compared.

Three bidders and three evaluators (one limited to two domains, and one declaring a
conflict of interest for a bidder). Every score is synthetic and labelled so in its
rationale, and so is every consensus and note in moderation.xlsx (`demo.moderation`) and
every price in prices.csv (`demo.comparison`); nothing here is a real evaluation. Times
are fixed so the run reads the same every time (the workspace secret is random, so
signatures and file hashes differ).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from tenderkit import fsio
from tenderkit.errors import IntegrityError
from tenderkit.scoring.entries import CONFLICT, NO_CONFLICT, format_score
from tenderkit.templates.excel.evaluator_issue import format_issued_at
from tenderkit.templates.excel.workbook_fill import fill_named_cells
from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.demo.comparison import compare_demo
from tenderkit.workspace.demo.folder import replace_demo_folder
from tenderkit.workspace.demo.moderation import moderate_demo
from tenderkit.workspace.demo.records import write_decision_records
from tenderkit.workspace.folder import TENDER_FILE
from tenderkit.workspace.init import init_workspace
from tenderkit.workspace.issue import issue_workbooks
from tenderkit.workspace.tender import OpenTender, open_tender

DEMO_FOLDER = "evaluation"
ISSUED_AT = dt.datetime(2027, 3, 1, 9, 0, tzinfo=dt.UTC)
COLLECTED_AT = dt.datetime(2027, 3, 15, 17, 0, tzinfo=dt.UTC)
SYNTHETIC = "SYNTHETIC DEMO SCORE"

DEMO_TENDER = """\
# A demonstration tender made by `tender demo`. Every score in returns/ is synthetic.
title: Community nursing services (demonstration)
reference: DEMO-2027-001
regime: procurement-act-2023
rubric: workplace-compassion@2.0.0
weights: {quality: 60, price: 40}
price: {formula: lowest-over-bid}
tie_break: higher-quality
thresholds: exclude
moderation: {spread_threshold: 2}
bidders:
  - {id: B1, name: Northfield Community Care Ltd}
  - {id: B2, name: Riverside Health Partnership CIC}
  - {id: B3, name: Example Nursing Services Ltd}
evaluators:
  - {id: E1, name: Demo Evaluator One}
  - {id: E2, name: Demo Evaluator Two}
  - {id: E3, name: Demo Evaluator Three, domains: [culture-values, leadership-management]}
"""

#: The demo's one declared conflict: E3 for B3 (E1 and E2 still score B3 on everything).
CONFLICTS = {("E3", "B3")}


def synthetic_score(allowed: list[float], evaluator: str, bidder: str, criterion: str) -> float:
    """A repeatable made-up score in the upper part of the scale."""
    digest = hashlib.sha256(f"{evaluator}/{bidder}/{criterion}".encode()).digest()
    upper = allowed[len(allowed) // 3 :]
    return upper[digest[0] % len(upper)]


def _play_evaluator(tender: OpenTender, evaluator: str) -> bytes:
    workspace = tender.workspace
    issued = tender.expected_issue(evaluator, _issued_stamp())
    assert issued is not None
    values: dict[str, str | int | float | None] = {}
    for bidder in issued.bidders:
        conflict = (evaluator, bidder.id) in CONFLICTS
        values[bidder.declaration.name] = CONFLICT if conflict else NO_CONFLICT
    for pair in issued.allocation:
        if (evaluator, pair.bidder) in CONFLICTS:
            continue
        score = synthetic_score(
            issued.criterion(pair.criterion).scale.allowed, evaluator, pair.bidder, pair.criterion
        )
        values[pair.score.name] = int(score) if score.is_integer() else score
        values[pair.rationale.name] = (
            f"{SYNTHETIC}: not a real evaluation. {pair.criterion} for {pair.bidder} given "
            f"{format_score(score)} by {evaluator} to demonstrate collection."
        )
    return fill_named_cells(workspace.issued_workbook(evaluator).read_bytes(), values)


def _issued_stamp() -> str:
    return format_issued_at(ISSUED_AT)


def evaluation_workspace(out: Path) -> list[Path]:
    """A demo tender workspace in OUT/evaluation: issued, synthetically scored and collected.

    A re-run replaces an earlier demo workspace there; any other folder is left alone.
    """
    return replace_demo_folder(out / DEMO_FOLDER, _build_workspace, guarded=[TENDER_FILE])


def _build_workspace(root: Path) -> list[Path]:
    init_workspace(root, ISSUED_AT, tender_text=DEMO_TENDER)
    tender = open_tender(root)
    issued = issue_workbooks(tender, ISSUED_AT, ISSUED_AT)
    returns: list[Path] = []
    for outcome in issued:
        target = tender.workspace.returns_dir / outcome.path.name
        fsio.write_bytes(target, _play_evaluator(tender, outcome.evaluator))
        returns.append(target)
    result = collect_returns(tender, COLLECTED_AT)
    if not result.collection.complete:
        first = result.collection.problems[0]
        raise IntegrityError(f"the demo collection is incomplete: {first}")
    moderated = moderate_demo(tender)
    compared = compare_demo(tender)
    records = write_decision_records(root)
    return [
        tender.workspace.tender_file,
        *(o.path for o in issued),
        *returns,
        *result.written,
        *moderated,
        *compared,
        *records,
    ]
