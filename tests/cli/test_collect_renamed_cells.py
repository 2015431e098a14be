"""Returns whose defined names were re-pointed are refused, never read from the wrong cell."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
from click.testing import CliRunner, Result
from openpyxl.workbook.defined_name import DefinedName

from tenderkit.cli.app import cli
from tests.support.evaluation import (
    assert_problem,
    fill,
    named_cell,
    point_name,
    rewrite_members,
)


def collect(runner: CliRunner, root: Path) -> Result:
    return runner.invoke(cli, ["collect", str(root)])


def scores_from(root: Path, evaluator: str) -> list[dict[str, Any]]:
    data = json.loads((root / "out" / "collected.json").read_text())
    return [s for s in data["scores"] if s["evaluator"] == evaluator]


def cell_of(root: Path, name: str) -> tuple[str, str]:
    """(sheet, coordinate) of a named cell in E1's return."""
    cell = named_cell(openpyxl.load_workbook(root / "returns" / "E1.xlsx"), name)
    return cell.parent.title, cell.coordinate


def test_a_score_name_pointed_into_the_scale_table_is_refused(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """S.B1.CV1 re-pointed at the '2' of the printed scale is tampering, not a score of 2."""
    book = openpyxl.load_workbook(returned_workspace / "returns" / "E1.xlsx")
    block = book.defined_names["TXT.B1.CV1"]
    (sheet, ref), *_ = block.destinations
    table = book[sheet][ref.replace("$", "")]
    two = next(c for row in table for c in row if c.value == "2")
    point_name(
        returned_workspace / "returns" / "E1.xlsx",
        "S.B1.CV1",
        f"'{sheet}'!${two.column_letter}${two.row}",
    )
    line = assert_problem(
        collect(runner, returned_workspace),
        "tampered",
        "returns/E1.xlsx",
        "S.B1.CV1",
        f"cell {two.coordinate}",
        "TXT.B1.CV1",
    )
    assert "names were changed" in line
    assert scores_from(returned_workspace, "E1") == []


def test_a_score_name_pointed_at_another_bidders_score_is_refused(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """B2's score cell cannot stand in for B1's: the name left B1's sheet."""
    sheet, cell = cell_of(returned_workspace, "S.B2.CV1")
    point_name(returned_workspace / "returns" / "E1.xlsx", "S.B1.CV1", f"'{sheet}'!{cell}")
    assert_problem(
        collect(runner, returned_workspace),
        "tampered",
        "returns/E1.xlsx",
        "S.B1.CV1",
        "sheet 'Bidder B2'",
        "away from bidder B1's other cells",
    )
    assert scores_from(returned_workspace, "E1") == []


def test_two_names_on_one_cell_are_refused(returned_workspace: Path, runner: CliRunner) -> None:
    """One typed score cannot count for two criteria."""
    sheet, cell = cell_of(returned_workspace, "S.B1.CV2")
    point_name(returned_workspace / "returns" / "E1.xlsx", "S.B1.CV1", f"'{sheet}'!{cell}")
    line = assert_problem(collect(runner, returned_workspace), "tampered", "returns/E1.xlsx", cell)
    assert "S.B1.CV1" in line and "S.B1.CV2" in line


def test_a_name_defined_as_a_formula_is_not_read(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A name whose definition is a formula over a cell, not the cell, reads as no cell."""
    sheet, cell = cell_of(returned_workspace, "S.B1.CV1")
    point_name(returned_workspace / "returns" / "E1.xlsx", "S.B1.CV1", f"'{sheet}'!{cell}+1")
    assert_problem(
        collect(runner, returned_workspace), "name-missing", "returns/E1.xlsx", "S.B1.CV1"
    )


def test_a_name_sent_to_the_last_cell_of_the_sheet_is_reported_not_scanned(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A name at XFD1048576 with a cell there is reported at once, not read by scanning
    every row across 16,384 columns (which took hours)."""
    path = returned_workspace / "returns" / "E1.xlsx"
    point_name(path, "S.B1.CV1", "'Bidder B1'!$XFD$1048576")
    far = b'<row r="1048576"><c r="XFD1048576"><v>4</v></c></row></sheetData>'
    sheet = "xl/worksheets/sheet3.xml"
    path.write_bytes(
        rewrite_members(path.read_bytes(), {sheet: lambda xml: xml.replace(b"</sheetData>", far)})
    )
    assert_problem(
        collect(runner, returned_workspace), "name-missing", "returns/E1.xlsx", "S.B1.CV1"
    )


def test_metadata_copied_from_another_evaluators_workbook_is_refused(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """E1's workbook carrying E2's signed metadata is not accepted as E2's return."""
    returns = returned_workspace / "returns"
    donor = openpyxl.load_workbook(returns / "E2.xlsx")
    rows = [(r[0].value, r[1].value) for r in donor["tenderkit"].iter_rows()]
    book = openpyxl.load_workbook(returns / "E1.xlsx")
    meta = book["tenderkit"]
    meta.delete_rows(1, meta.max_row)
    for row in rows:
        meta.append(row)
    book.defined_names["TK.META"].attr_text = f"'tenderkit'!$A$1:$B${len(rows)}"
    book.save(returns / "E1.xlsx")
    (returns / "E2.xlsx").unlink()
    line = assert_problem(collect(runner, returned_workspace), "tampered", "returns/E1.xlsx")
    assert "not issued to E2" in line
    assert scores_from(returned_workspace, "E2") == []


def test_a_return_for_another_tender_is_not_attributed_to_an_evaluator_here(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Another tender's E1 is not this tender's E1: the file is not listed against E1."""
    (returned_workspace / "returns" / "E1.xlsx").unlink()
    book = openpyxl.load_workbook(returned_workspace / "issued" / "E1.xlsx")
    meta = book["tenderkit"]
    for row in meta.iter_rows():
        if str(row[0].value).startswith("payload 1/"):
            row[1].value = str(row[1].value).replace("ICB-2027-014", "ICB-2099-001")
    other = returned_workspace / "returns" / "other.xlsx"
    book.save(other)
    fill(other, other)
    result = collect(runner, returned_workspace)
    assert_problem(result, "wrong-tender", "returns/other.xlsx")
    no_return = next(line for line in result.stdout.splitlines() if "[no-return]" in line)
    assert "other.xlsx" not in no_return
    data = json.loads((returned_workspace / "out" / "collected.json").read_text())
    assert [r["evaluator"] for r in data["returns"] if r["file"] == "returns/other.xlsx"] == [None]


def test_names_an_evaluator_adds_for_their_own_use_are_left_alone(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """Names that cannot be tenderkit's (S.notes, Totals) do not make a return tampered."""
    path = returned_workspace / "returns" / "E1.xlsx"
    book = openpyxl.load_workbook(path)
    for name in ("S.notes", "Totals"):
        book.defined_names[name] = DefinedName(name, attr_text="'Bidder B1'!$E$1")
    book.save(path)
    result = collect(runner, returned_workspace)
    assert result.exit_code == 0, result.output
