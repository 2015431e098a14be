"""`tender demo` writes a clause redline and a release report from the bundled library."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from support.tracked import resolve, revision_ids
from tenderkit.cli.app import cli


def test_the_demo_writes_a_redline_and_a_release_report(runner: CliRunner, tmp_path: Path) -> None:
    """The redline resolves to the clause's latest version; the report names its release."""
    result = runner.invoke(cli, ["demo", str(tmp_path)])
    assert result.exit_code == 0, result.output
    redline = tmp_path / "redline-WC-CV-001-1.0.0-to-2.0.0.docx"
    assert f"wrote {redline}" in result.stdout
    assert revision_ids(redline)
    accepted = [p.text for p in resolve(redline, "accept")]
    assert any(t.startswith("The Provider must have a statement") for t in accepted)
    report = (tmp_path / "library-report.md").read_text()
    assert "- WC-CV-001@2.0.0" in report
    assert "bundled library as of" in report
    assert revision_ids(tmp_path / "library-redline.docx")
