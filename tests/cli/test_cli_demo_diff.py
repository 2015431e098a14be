"""`tender demo` writes a clause redline and a release report from the bundled library."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from docx import Document

from tenderkit.cli.app import cli
from tests.support.tracked import resolve, revision_ids


def test_the_demo_writes_a_redline_and_a_release_report(runner: CliRunner, tmp_path: Path) -> None:
    """One clause redline with tracked changes, and the report with its release redline."""
    result = runner.invoke(cli, ["demo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    (redline,) = tmp_path.glob("redline-*-to-*.docx")
    assert f"wrote {redline}" in result.stdout
    assert revision_ids(redline)
    assert resolve(redline, "accept") != resolve(redline, "reject")
    report = (tmp_path / "library-report.md").read_text()
    assert report.startswith("# Release report: ")
    assert "- Old: release 2026.11 (release 2026.11)" in report
    assert "- New: bundled library as shipped (release 2027.1)" in report
    assert "## Newly approved versions" in report
    assert revision_ids(tmp_path / "library-redline.docx")
    title = Document(str(tmp_path / "library-redline.docx")).core_properties.title
    assert title == "Release redline 2026.11 → 2027.1"
