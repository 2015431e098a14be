"""The comparison workbook: the core's figures, as live formulas with those figures cached."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tenderkit.templates.excel.comparison_workbook import (
    AUDIT,
    CRITERIA,
    DOMAINS,
    HEAT_MAP,
    RADAR_BIDS,
    SENSITIVITY,
    SUMMARY,
    TABLE_HEADER_ROW,
)
from tenderkit.templates.excel.names import excel_name
from tests.scoring.cases import evaluation
from tests.support.comparison import built, expected_figures, named_values, three_bids


@pytest.fixture
def written(tmp_path: Path) -> tuple[dict[str, object], Path]:
    document, data = built(three_bids())
    path = tmp_path / "comparison.xlsx"
    path.write_bytes(data)
    return document, path


def test_the_sheets_come_in_reading_order(written: tuple[dict[str, object], Path]) -> None:
    _, path = written
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [SUMMARY, DOMAINS, CRITERIA, HEAT_MAP, SENSITIVITY, AUDIT]


def test_every_figure_is_cached_with_the_results_value(
    written: tuple[dict[str, object], Path],
) -> None:
    """A reader that does not recalculate sees exactly the numbers in results.json."""
    document, path = written
    cached = named_values(path, data_only=True)
    expected = expected_figures(document)
    assert expected
    for name, value in expected.items():
        assert cached[name] == value, name


def test_totals_and_weighted_scores_are_live_formulas(
    written: tuple[dict[str, object], Path],
) -> None:
    """Each figure is a formula restating the published method, not a typed-in number."""
    _, path = written
    formulas = named_values(path, data_only=False)
    assert formulas[excel_name("Total", "B1")] == "=D11+F11"
    assert formulas[excel_name("Quality", "B1")] == "=SUM('Criteria'!H5:H6)"
    assert formulas[excel_name("PriceScore", "B2")] == "=LowestPrice/E12*PriceWeight"
    assert formulas[excel_name("Weighted", "B1", "Q1")] == "=E5/F5*G5*QualityWeight/100"
    assert formulas["LowestPrice"] == "=MIN(E11,E12)"


def test_an_excluded_bid_has_no_total_and_is_left_out_of_the_lowest_price(
    written: tuple[dict[str, object], Path],
) -> None:
    """B3 fails Q2's threshold: the cheapest bid, but not priced against the others."""
    _, path = written
    book = openpyxl.load_workbook(path)
    ws = book[SUMMARY]
    rows = {ws.cell(r, 2).value: r for r in range(11, 14)}
    b3 = rows["B3"]
    assert ws.cell(b3, 9).value == "excluded"
    assert ws.cell(b3, 8).value is None and ws.cell(b3, 6).value is None
    assert "below the minimum on Q2" in ws.cell(b3, 11).value
    assert excel_name("Total", "B3") not in book.defined_names
    assert named_values(path)["LowestPrice"] == 118400


def test_linear_penalty_is_restated_as_its_formula(tmp_path: Path) -> None:
    document, data = built(three_bids(formula="linear-penalty"))
    path = tmp_path / "c.xlsx"
    path.write_bytes(data)
    formulas = named_values(path, data_only=False)
    assert formulas[excel_name("PriceScore", "B1")] == (
        "=MAX(0,PriceWeight*(1-(E11-LowestPrice)/LowestPrice))"
    )
    cached = named_values(path)
    for name, value in expected_figures(document).items():
        assert cached[name] == value, name


def test_price_per_quality_point_gives_no_price_score(tmp_path: Path) -> None:
    """Under price per quality point the basis is price / quality and the total is quality."""
    document, data = built(three_bids(formula="price-per-quality-point", quality=100, price=0))
    path = tmp_path / "c.xlsx"
    path.write_bytes(data)
    formulas = named_values(path, data_only=False)
    first = document["bidders"][0]["id"]  # type: ignore[index]
    assert formulas[excel_name("PPQP", first)] == "=E11/D11"
    assert formulas[excel_name("Total", first)] == "=D11"
    assert excel_name("PriceScore", first) not in formulas


def test_price_weight_zero_needs_no_prices(tmp_path: Path) -> None:
    """A quality-only award writes no price formulas and says why there is no lowest price."""
    inputs = evaluation({"B1": [4, 3], "B2": [3, 3]}, quality=100, price=0)
    document, data = built(inputs)
    path = tmp_path / "c.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    assert book[SUMMARY]["C7"].value == "not applicable (prices play no part)"
    cached = named_values(path)
    for name, value in expected_figures(document).items():
        assert cached[name] == value, name


def test_text_from_people_is_written_as_text(written: tuple[dict[str, object], Path]) -> None:
    """A moderation note that starts with = stays text, never becomes a formula."""
    _, path = written
    ws = openpyxl.load_workbook(path)[CRITERIA]
    notes = [ws.cell(r, 10).value for r in range(5, 11)]
    assert '=HYPERLINK("http://example.org") evidence of staff values' in notes
    cell = next(ws.cell(r, 10) for r in range(5, 11) if ws.cell(r, 10).value == notes[0])
    assert cell.data_type == "s"


def test_the_charts_and_the_heat_map_are_in_the_file(
    written: tuple[dict[str, object], Path],
) -> None:
    """A column chart of totals, a radar chart of domains and a colour scale on the scores."""
    _, path = written
    archive = zipfile.ZipFile(io.BytesIO(path.read_bytes()))
    charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/")]
    assert any("<c:barChart>" in c for c in charts)
    assert any("<c:radarChart>" in c for c in charts)
    sheets = [archive.read(n).decode() for n in archive.namelist() if "worksheets/sheet" in n]
    assert any("<colorScale>" in s for s in sheets)


def test_the_radar_chart_overlays_only_the_highest_ranked_bids(tmp_path: Path) -> None:
    """With many bids the radar shows the leading ten, in rank order, and says so."""
    scores = {f"B{n}": [n % 6, (n * 2) % 6] for n in range(1, 15)}
    document, data = built(evaluation(scores, prices={b: 100000 + n for n, b in enumerate(scores)}))
    archive = zipfile.ZipFile(io.BytesIO(data))
    (radar,) = [
        text
        for text in (archive.read(n).decode() for n in archive.namelist())
        if "<c:radarChart>" in text
    ]
    assert radar.count("<c:ser>") == RADAR_BIDS
    assert f"the {RADAR_BIDS} highest-ranked of 14 bids" in radar
    rows = [f"$A${TABLE_HEADER_ROW + 2 + i}" for i in range(RADAR_BIDS)]
    assert all(f"<c:f>{DOMAINS}!{row}</c:f>" in radar for row in rows)
    assert f"$A${TABLE_HEADER_ROW + 2 + RADAR_BIDS}<" not in radar
    ranked = [b["id"] for b in document["bidders"]][:RADAR_BIDS]
    book = openpyxl.load_workbook(io.BytesIO(data))
    listed = [book[DOMAINS].cell(TABLE_HEADER_ROW + 2 + i, 1).value for i in range(RADAR_BIDS)]
    assert listed == ranked


def test_the_audit_sheet_lists_inputs_and_the_rubric_hash(
    written: tuple[dict[str, object], Path],
) -> None:
    _, path = written
    ws = openpyxl.load_workbook(path)[AUDIT]
    values = [c for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "sha256:" + "ab" * 32 in values
    assert "tender.yaml" in values and "sha256:" + "01" * 32 in values
    assert "tenderkit 0.1.0" in values


def test_the_sensitivity_sheet_shows_the_closest_flip(
    written: tuple[dict[str, object], Path],
) -> None:
    document, path = written
    flips = document["sensitivity"]["flips"]  # type: ignore[index]
    assert flips
    ws = openpyxl.load_workbook(path)[SENSITIVITY]
    assert ws["B4"].value == document["sensitivity"]["margin"]  # type: ignore[index]
    assert ws["A9"].value == flips[0]["bidder"] and ws["E9"].value == flips[0]["steps"]
    mover = flips[0]["bidder"] if flips[0]["to"] > flips[0]["from"] else document["winner"]  # type: ignore[index]
    assert ws["G9"].value == mover


def test_the_same_results_give_the_same_bytes() -> None:
    assert built(three_bids())[1] == built(three_bids())[1]
