"""What an evaluator may type, as the returned file stores it, is judged and reported exactly."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tests.support.evaluation import assert_problem, fill, named_cell


def collect_e1(root: Path, runner: CliRunner, **values: object) -> Result:
    """Collect after E1's return is replaced by one with values set by defined name."""
    fill(root / "issued" / "E1.xlsx", root / "returns" / "E1.xlsx", values=values)
    return runner.invoke(cli, ["collect", str(root)])


def test_a_score_cell_formatted_as_a_duration_is_not_called_a_formula(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """4 in a cell formatted [h]:mm:ss is read as a duration: not a number, not a formula."""
    path = returned_workspace / "returns" / "E1.xlsx"
    fill(returned_workspace / "issued" / "E1.xlsx", path)
    book = openpyxl.load_workbook(path)
    cell = named_cell(book, "S.B1.CV1")
    cell.number_format = "[h]:mm:ss"
    book.save(path)
    result = runner.invoke(cli, ["collect", str(returned_workspace)])
    line = assert_problem(result, "score-not-a-number", "returns/E1.xlsx", "S.B1.CV1")
    assert "a duration" in line


def test_a_rationale_of_false_is_not_a_rationale(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """A truth value in the rationale cell is reported, not collected as the text 'False'."""
    result = collect_e1(returned_workspace, runner, **{"R.B1.CV1": False})
    line = assert_problem(result, "rationale-missing", "returns/E1.xlsx", "R.B1.CV1")
    assert "the truth value FALSE" in line
    scores = json.loads((returned_workspace / "out" / "collected.json").read_text())["scores"]
    assert "False" not in {s["rationale"] for s in scores}


def test_an_error_value_in_a_declaration_is_named_as_such(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """#N/A in a declaration is an invalid declaration holding an error, not a missing one."""
    result = collect_e1(returned_workspace, runner, **{"COI.B1": "#N/A"})
    line = assert_problem(result, "declaration-invalid", "returns/E1.xlsx", "COI.B1")
    assert "holds the error #N/A" in line


def test_a_declaration_typed_in_lower_case_with_spaces_counts(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """'no conflict' with trailing or no-break spaces is the evaluator's clear choice."""
    result = collect_e1(
        returned_workspace, runner, **{"COI.B1": "no conflict   ", "COI.B2": "No\u00a0Conflict"}
    )
    assert result.exit_code == 0, result.output


def test_a_score_typed_as_decimal_text_counts(returned_workspace: Path, runner: CliRunner) -> None:
    """'4.0' typed into a text cell is the score 4."""
    result = collect_e1(returned_workspace, runner, **{"S.B1.CV1": "4.0"})
    assert result.exit_code == 0, result.output
    scores = json.loads((returned_workspace / "out" / "collected.json").read_text())["scores"]
    assert (scores[0]["criterion"], scores[0]["evaluator"], scores[0]["score"]) == ("CV1", "E1", 4)


def test_a_decimal_comma_is_not_guessed(returned_workspace: Path, runner: CliRunner) -> None:
    """'4,5' could be 4.5 or 45; it is reported as not a number rather than guessed."""
    result = collect_e1(returned_workspace, runner, **{"S.B1.CV1": "4,5"})
    line = assert_problem(result, "score-not-a-number", "returns/E1.xlsx", "S.B1.CV1")
    assert "holds text '4,5'" in line
