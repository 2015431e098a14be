"""LibreOffice opens the assessment summaries and the evaluation report and renders their figures."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tenderkit.templates.word.decision_content import points
from tests.support.libreoffice import convert_all, pdf_pages, pdf_text
from tests.support.results import example_with_results

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = example_with_results(tmp_path_factory.mktemp("records") / "tender")
    runner = CliRunner()
    assert (
        runner.invoke(cli, ["summaries", str(root), "--notice-date", "2026-12-21"]).exit_code == 0
    )
    assert runner.invoke(cli, ["report", str(root)]).exit_code == 0
    return root


@pytest.fixture(scope="module")
def pdfs(written: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """B2's summary and the report as LibreOffice prints them (one start for both)."""
    sources = [
        written / "out" / "summaries" / "B2.docx",
        written / "out" / "evaluation-report.docx",
    ]
    converted = convert_all(sources, "pdf", tmp_path_factory.mktemp("records-pdf"))
    return {source.name: pdf for source, pdf in zip(sources, converted, strict=True)}


def squeezed(text: str) -> str:
    return " ".join(text.split())


def test_libreoffice_renders_the_unsuccessful_bidders_summary(
    written: Path, pdfs: dict[str, Path]
) -> None:
    """B2's summary as a PDF shows its total, the winner's, and the Christmas standstill dates."""
    pdf = pdfs["B2.docx"]
    text = squeezed(pdf_text(pdf))
    bids = {
        b["id"]: b for b in json.loads((written / "out" / "results.json").read_text())["bidders"]
    }
    assert "Assessment summary" in text
    assert f"Total {points(bids['B2']['total'])} {points(bids['B1']['total'])}" in text
    assert "Tuesday 5 January 2027" in text and "Wednesday 6 January 2027" in text
    assert pdf_pages(pdf) >= 2


def test_libreoffice_renders_the_report_with_its_charts(
    written: Path, pdfs: dict[str, Path]
) -> None:
    """The report converts, with the ranking table's totals and both charts' titles."""
    pdf = pdfs["evaluation-report.docx"]
    text = squeezed(pdf_text(pdf))
    bids = json.loads((written / "out" / "results.json").read_text())["bidders"]
    assert "Evaluation report" in text
    for bid in bids:
        assert points(bid["quality"]) in text
    assert "Sensitivity of the result" in text and "Inputs and their hashes" in text
    exe = shutil.which("pdfimages")
    assert exe is not None, "poppler-utils (pdfimages) is required for these tests"
    listed = subprocess.run([exe, "-list", str(pdf)], capture_output=True, text=True, check=True)
    rows = [line.split() for line in listed.stdout.splitlines()[2:]]
    assert [r[2] for r in rows].count("image") == 2  # the two charts (each with its alpha mask)
