"""`tender demo` writes a clause redline and a release report from the bundled library."""

from __future__ import annotations

from docx import Document

from tests.conftest import DemoRun
from tests.support.tracked import resolve, revision_ids


def test_the_demo_writes_a_redline_and_a_release_report(demo_run: DemoRun) -> None:
    """One clause redline with tracked changes, and the report with its release redline."""
    out = demo_run.out
    (redline,) = out.glob("redline-*-to-*.docx")
    assert f"wrote {redline}" in demo_run.stdout
    assert revision_ids(redline)
    assert resolve(redline, "accept") != resolve(redline, "reject")
    report = (out / "library-report.md").read_text()
    assert report.startswith("# Release report: ")
    assert "- Old: release 2026.11 (release 2026.11)" in report
    assert "- New: bundled library as shipped (release 2027.1)" in report
    assert "## Newly approved versions" in report
    assert revision_ids(out / "library-redline.docx")
    title = Document(str(out / "library-redline.docx")).core_properties.title
    assert title == "Release redline 2026.11 → 2027.1"
