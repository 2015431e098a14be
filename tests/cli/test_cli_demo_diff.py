"""`tender demo` writes a clause redline and a release report from the bundled library."""

from __future__ import annotations

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
    assert "bundled library as of" in report
    assert "## Newly approved versions" in report
    assert revision_ids(out / "library-redline.docx")
