"""A real client recalculates the comparison workbook and renders its charts: LibreOffice."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

import pytest
from defusedxml import ElementTree

from tenderkit.templates.excel.names import excel_name
from tests.support.comparison import (
    built,
    expected_figures,
    named_values,
    three_bids,
    with_cached_value,
)
from tests.support.libreoffice import convert, pdf_pages, pdf_text, recalculate

pytestmark = pytest.mark.libreoffice

XLSX = "xlsx:Calc MS Excel 2007 XML"
#: The first bid's total on the Summary sheet (the first sheet).
FIRST_TOTAL = ("xl/worksheets/sheet1.xml", "H11")
WRONG = "999"
CHART = "urn:oasis:names:tc:opendocument:xmlns:chart:1.0"

CASES = {
    "lowest-over-bid, a bid excluded": {},
    "linear-penalty, a bid flagged": {"formula": "linear-penalty", "thresholds": "flag"},
    "price per quality point": {"formula": "price-per-quality-point", "quality": 100, "price": 0},
    "quality only": {"quality": 100, "price": 0, "prices": {}},
}


def wrong_copy(tmp_path: Path, options: dict[str, Any]) -> tuple[dict[str, Any], Path]:
    """The workbook with its first total's cached value deliberately wrong (a test-only copy)."""
    document, data = built(three_bids(**options))
    path = tmp_path / "comparison.xlsx"
    path.write_bytes(with_cached_value(data, *FIRST_TOTAL, WRONG))
    return document, path


@pytest.mark.parametrize("options", CASES.values(), ids=CASES.keys())
def test_libreoffice_recalculates_every_figure_to_the_results(
    tmp_path: Path, options: dict[str, Any]
) -> None:
    """Recalculated by LibreOffice, every formula equals results.json to 1e-9, and the
    deliberately wrong cached total is replaced by LibreOffice's own figure."""
    document, path = wrong_copy(tmp_path, options)
    first = document["bidders"][0]
    assert named_values(path)[excel_name("Total", first["id"])] == float(WRONG)
    recalculated = named_values(recalculate(path, XLSX, tmp_path / "recalc"))
    expected = expected_figures(document)
    assert excel_name("Total", first["id"]) in expected
    for name, value in expected.items():
        assert recalculated[name] == pytest.approx(value, abs=1e-9), name
    assert recalculated[excel_name("Total", first["id"])] != float(WRONG)


def test_without_the_recalculation_setting_the_cached_value_is_shown(tmp_path: Path) -> None:
    """The control: a plain conversion keeps the wrong cached figure, so the test above
    proves LibreOffice recalculated rather than copied what the file said."""
    document, path = wrong_copy(tmp_path, {})
    kept = named_values(convert(path, XLSX, tmp_path / "plain"))
    assert kept[excel_name("Total", document["bidders"][0]["id"])] == float(WRONG)


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("charts") / "comparison.xlsx"
    path.write_bytes(built(three_bids())[1])
    return path


def test_libreoffice_renders_every_sheet_and_the_charts(workbook: Path, tmp_path: Path) -> None:
    pdf = convert(workbook, "pdf", tmp_path)
    assert pdf_pages(pdf) > 0
    text = pdf_text(pdf)
    assert "Comparison of bids: Community nursing services" in text
    assert "Total points (out of 100)" in text  # the column chart's title
    assert "Quality points per domain" in text
    assert "How robust the decision is" in text
    assert "Audit: what these figures were computed from" in text


def test_the_charts_survive_as_chart_objects(workbook: Path, tmp_path: Path) -> None:
    """Converted to ODS, the workbook holds a bar chart of totals and a radar chart."""
    ods = zipfile.ZipFile(convert(workbook, "ods", tmp_path))
    classes: list[str] = []
    for name in ods.namelist():
        if name.startswith("Object ") and name.endswith("/content.xml"):
            root = ElementTree.fromstring(ods.read(name))
            classes += [c.get(f"{{{CHART}}}class") for c in root.iter(f"{{{CHART}}}chart")]
    assert sorted(classes) == ["chart:bar", "chart:radar"]


def domain_figures(document: dict[str, Any]) -> dict[str, float]:
    """Each bid's points per domain: its criteria's weighted points in results.json, summed."""
    out: dict[str, float] = {}
    for bid in document["bidders"]:
        for criterion in bid["criteria"]:
            name = excel_name("Domain", bid["id"], criterion["domain"])
            out[name] = out.get(name, 0.0) + criterion["weighted"]
    return out


def test_the_domain_sums_recalculate_to_the_criteria_in_the_results(tmp_path: Path) -> None:
    document, path = wrong_copy(tmp_path, {})
    recalculated = named_values(recalculate(path, XLSX, tmp_path / "recalc"))
    expected = domain_figures(document)
    assert len(expected) == 6  # three bids, two domains
    for name, value in expected.items():
        assert recalculated[name] == pytest.approx(value, abs=1e-9), name
