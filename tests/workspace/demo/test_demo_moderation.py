"""`tender demo` takes its workspace through moderation: a synthetic consensus that reads back."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tenderkit.workspace.audit import verify_trail
from tenderkit.workspace.demo.moderation import SYNTHETIC_CONSENSUS
from tenderkit.workspace.moderation import ModerationRecord, read_moderation
from tenderkit.workspace.tender import open_tender
from tests.conftest import DemoRun


@pytest.fixture(scope="module")
def demo_root(demo_run: DemoRun) -> Path:
    assert f"wrote {demo_run.out / 'evaluation' / 'moderation.xlsx'}" in demo_run.output
    return demo_run.out / "evaluation"


@pytest.fixture(scope="module")
def record(demo_root: Path) -> ModerationRecord:
    return read_moderation(open_tender(demo_root))


def test_every_row_has_a_consensus_and_a_note_labelled_synthetic(
    demo_root: Path, record: ModerationRecord
) -> None:
    tender = open_tender(demo_root)
    pairs = {(b.id, c.id) for b in tender.config.bidders for _, c in tender.rubric.criteria()}
    assert set(record.consensus) == pairs and set(record.notes) == pairs
    assert all(
        note.startswith(f"{SYNTHETIC_CONSENSUS}: not a real moderation")
        for note in record.notes.values()
    )


def test_flagged_rows_move_off_the_rounded_mean_and_say_why(record: ModerationRecord) -> None:
    flagged = [r for r in record.rows if r.flagged]
    assert flagged, "the demo's synthetic scores give at least one flagged row"
    for row in record.rows:
        moved = record.consensus[(row.bidder, row.criterion)] != float(row.rounded_mean)
        assert moved == (row.flagged and row.rounded_mean > 0)
    assert all("spread widely" in record.notes[(r.bidder, r.criterion)] for r in flagged)


def test_the_demo_notes_pass_the_note_lint(record: ModerationRecord) -> None:
    assert [str(w) for w in record.warnings] == []


def test_the_demo_audit_log_accounts_for_the_moderation_workbook(
    demo_root: Path, tmp_path: Path
) -> None:
    """Completed in place, the workbook still matches the log; without it one file fewer is checked."""
    with_it = verify_trail(open_tender(demo_root).workspace).files_checked
    copy = Path(shutil.copytree(demo_root, tmp_path / "evaluation"))
    (copy / "moderation.xlsx").unlink()
    assert verify_trail(open_tender(copy).workspace).files_checked == with_it - 1
