"""LibreOffice opens the monitoring dashboard and report and renders their charts and text."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import DemoRun
from tests.support.libreoffice import convert_all, pdf_text

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def outputs(demo_run: DemoRun) -> Path:
    """The monitoring outputs of the shared `tender demo` run (its contract-monitoring step)."""
    return demo_run.out / "monitoring" / "out"


@pytest.fixture(scope="module")
def pdfs(outputs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The dashboard and the report as LibreOffice prints them (one start for both)."""
    sources = [outputs / "dashboard.xlsx", outputs / "monitoring-report.docx"]
    converted = convert_all(sources, "pdf", tmp_path_factory.mktemp("monitoring-pdf"))
    return {source.name: pdf for source, pdf in zip(sources, converted, strict=True)}


def test_libreoffice_renders_a_trend_chart_per_measure_in_the_dashboard(
    pdfs: dict[str, Path],
) -> None:
    text = " ".join(pdf_text(pdfs["dashboard.xlsx"]).split())
    assert "Contract monitoring: Workplace compassion requirements" in text
    # Each of the 12 charts draws the legend of its three lines (a chart cut by a page
    # break may draw it twice).
    assert text.count("Value Target Baseline") >= 12
    assert "Staff turnover (%)" in text


def test_libreoffice_renders_the_report_with_the_latest_position_and_provenance(
    pdfs: dict[str, Path],
) -> None:
    text = " ".join(pdf_text(pdfs["monitoring-report.docx"]).split())
    assert "Contract monitoring report" in text
    assert "Measures reported for 2027-Q4: met 6, not met 5." in text
    assert "Staff turnover (WC-PP-009@2.0.0): not met in the last 4 period(s) reported." in text
    assert "Suppressed (group too small to report)" in text
    assert "SYNTHETIC DEMO RETURN" in text
    assert "ICB-2027-014/SPEC/01" in text
