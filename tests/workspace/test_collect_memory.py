"""Collecting streams the returns: one workbook is open at a time, and only its scores and
findings are kept, so memory does not grow with the number of returns."""

from __future__ import annotations

import shutil
import tracemalloc
from pathlib import Path

from tenderkit.workspace.collect import collect_returns
from tenderkit.workspace.tender import open_tender
from tests.support.evaluation import NOW, fill_returns, issue, make_small_workspace, small_tender

EVALUATORS = 12


def _peak_while_collecting(root: Path) -> int:
    """Bytes allocated by Python at the peak of one collect, above what was held before it.

    tracemalloc counts allocations, not time, so a busy machine does not change it.
    """
    tender = open_tender(root)
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        collect_returns(tender, NOW)
        return tracemalloc.get_traced_memory()[1] - before
    finally:
        tracemalloc.stop()


def test_collect_peak_memory_does_not_grow_with_the_number_of_returns(tmp_path: Path) -> None:
    """Twelve returns peak within half again of two: holding each return's workbook (or
    leaving its parser's garbage for later) would add about one workbook per return."""
    evaluators = [{"id": f"E{n}", "name": f"Evaluator {n}"} for n in range(1, EVALUATORS + 1)]
    root = make_small_workspace(tmp_path / "tender", small_tender(evaluators=evaluators))
    issue(root)
    returns = fill_returns(root)
    set_aside = tmp_path / "set-aside"
    set_aside.mkdir()
    for path in returns[2:]:
        shutil.move(path, set_aside / path.name)
    collect_returns(open_tender(root), NOW)  # the modules collecting needs, imported first
    two = _peak_while_collecting(root)
    for path in set_aside.iterdir():
        shutil.move(path, root / "returns" / path.name)
    twelve = _peak_while_collecting(root)
    collected = collect_returns(open_tender(root), NOW).collection
    assert collected.complete and len(collected.returns) == EVALUATORS
    assert twelve < 1.5 * two, f"peak {twelve:,} B for {EVALUATORS} returns, {two:,} B for 2"
