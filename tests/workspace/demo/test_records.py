"""The demo's decision-record step writes the summaries and the report, the same bytes each run."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

from tenderkit.templates.word.audit import audit
from tenderkit.workspace.audit import verify_trail
from tenderkit.workspace.demo.evaluation import DEMO_FOLDER, evaluation_workspace
from tenderkit.workspace.demo.journey import STEPS
from tenderkit.workspace.demo.records import decision_records
from tenderkit.workspace.folder import Workspace
from tests.conftest import DemoRun
from tests.support.results import (
    example_with_results,
)


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
    # issued/ (2), collected.json, tender.lock, moderation.xlsx, results.json,
    # comparison.xlsx, the three summaries and the report.
    assert verify_trail(Workspace(root)).files_checked == 11


def test_the_demo_workspace_gets_its_records_with_the_declared_conflict(
    demo_run: DemoRun, tmp_path: Path
) -> None:
    """On the demo tender (bundled rubric, E3's conflict for B3) the report records the conflict."""
    # The evaluation workspace as the demo's own step left it (moderated and compared),
    # copied from the shared run.
    assert evaluation_workspace in STEPS
    root = Path(shutil.copytree(demo_run.out / DEMO_FOLDER, tmp_path / DEMO_FOLDER, symlinks=True))
    written = decision_records(tmp_path)
    assert len(written) == 4 and all(audit(p) == [] for p in written)
    report = docx.Document(str(root / "out" / "evaluation-report.docx"))
    cells = [c.text for t in report.tables for row in t.rows for c in row.cells]
    assert "conflict declared for B3; those scores set aside" in cells
    text = "\n".join(p.text for p in report.paragraphs)
    assert "E3 declared a conflict of interest for B3" in text
