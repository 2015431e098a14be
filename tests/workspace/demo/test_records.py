"""The demo's decision-record step writes the summaries and the report, the same bytes each run."""

from __future__ import annotations

from pathlib import Path

from tenderkit.templates.word.audit import audit
from tenderkit.workspace.audit import verify_trail
from tenderkit.workspace.demo.evaluation import DEMO_FOLDER
from tenderkit.workspace.demo.records import decision_records
from tenderkit.workspace.folder import Workspace
from tests.support.results import example_with_results


def test_the_step_writes_a_summary_per_bidder_and_the_report(tmp_path: Path) -> None:
    """Three summaries and the report, accessible, recorded in the log, and repeatable."""
    root = example_with_results(tmp_path / DEMO_FOLDER)
    written = decision_records(tmp_path)
    names = [p.relative_to(root).as_posix() for p in written]
    assert names == [
        "out/summaries/B1.docx",
        "out/summaries/B2.docx",
        "out/summaries/B3.docx",
        "out/evaluation-report.docx",
    ]
    assert all(audit(p) == [] for p in written)
    first = [p.read_bytes() for p in written]
    assert [p.read_bytes() for p in decision_records(tmp_path)] == first
    assert verify_trail(Workspace(root)).files_checked == 8
