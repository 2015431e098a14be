"""`tender moderate DIR` issues the moderation workbook; `tender audit verify` accounts for it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.support.cli import assert_one_error_line
from tests.support.evaluation import fill
from tests.support.moderation import collected_workspace, edit_moderation_payload, fill_moderation

ISSUED = "2027-03-16T09:00:00Z"


@pytest.fixture(scope="module")
def collected_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return collected_workspace(tmp_path_factory.mktemp("collected") / "tender")


@pytest.fixture
def root(collected_template: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(collected_template, tmp_path / "tender"))


def moderate(root: Path, *options: str) -> Result:
    return CliRunner().invoke(cli, ["moderate", str(root), "--issued-at", ISSUED, *options])


def verify(root: Path) -> Result:
    return CliRunner().invoke(cli, ["audit", "verify", str(root)])


def test_moderate_writes_the_workbook_and_says_what_the_moderator_does(root: Path) -> None:
    result = moderate(root)
    assert result.exit_code == 0, result.output
    assert "issued moderation.xlsx: 14 row(s), 1 flagged for discussion" in result.stdout
    assert "consensus score for every row" in result.stdout
    assert (root / "moderation.xlsx").is_file()


def test_a_second_moderate_is_refused_and_reissue_keeps_the_first(root: Path) -> None:
    moderate(root)
    fill_moderation(root / "moderation.xlsx")
    completed = (root / "moderation.xlsx").read_bytes()
    assert_one_error_line(moderate(root), "moderation.xlsx", "never overwritten", "--reissue")
    result = moderate(root, "--reissue")
    assert result.exit_code == 0, result.output
    (kept,) = root.glob("moderation-superseded-*.xlsx")
    assert f"kept the previous workbook as {kept.name}" in result.stdout
    assert kept.read_bytes() == completed


def test_an_incomplete_collection_is_refused_unless_allowed(root: Path) -> None:
    fill(root / "issued" / "E2.xlsx", root / "returns" / "E2.xlsx", values={"S.B1.CV2": 9})
    CliRunner().invoke(cli, ["collect", str(root)])
    result = moderate(root)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "collection is incomplete (1 problem(s))" in result.stderr
    assert "sheet 'Bidder B1'" in result.stderr and "S.B1.CV2" in result.stderr
    allowed = moderate(root, "--allow-incomplete")
    assert allowed.exit_code == 0, allowed.output
    assert "collection is incomplete; moderating anyway" in allowed.stderr


def test_a_hand_edited_collected_json_is_refused(root: Path) -> None:
    collected = root / "out" / "collected.json"
    collected.write_text(collected.read_text().replace("survey evidence", "strong survey evidence"))
    assert_one_error_line(moderate(root), "out/collected.json", "edited by hand")


def test_audit_verify_accepts_a_moderation_workbook_completed_in_place(root: Path) -> None:
    """The moderator's edits change the file's hash but not its signed payload."""
    moderate(root)
    fill_moderation(root / "moderation.xlsx")
    result = verify(root)
    assert result.exit_code == 0, result.output
    assert "(5 workspace file(s) accounted for)" in result.stdout
    moderate(root, "--reissue")
    assert "(6 workspace file(s) accounted for)" in verify(root).stdout


def test_audit_verify_refuses_a_moderation_workbook_the_log_does_not_know(
    root: Path, tmp_path: Path
) -> None:
    """A workbook issued by another copy of the workspace (same secret) is not this issue."""
    twin = Path(shutil.copytree(root, tmp_path / "twin"))
    moderate(root)
    assert moderate(twin, "--issued-at", "2027-03-17T09:00:00Z").exit_code == 0
    shutil.copy(twin / "moderation.xlsx", root / "moderation.xlsx")
    assert_one_error_line(verify(root), "moderation.xlsx", "is not the one", "recorded")


def test_audit_verify_refuses_an_edited_signed_payload(root: Path) -> None:
    moderate(root)
    path = root / "moderation.xlsx"
    edit_moderation_payload(path, '"score":1.0', '"score":2.0')
    assert_one_error_line(verify(root), "moderation.xlsx", "signature")
