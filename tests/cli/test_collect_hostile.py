"""Damaged returns beside valid ones: each named and set aside, every valid return kept."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from openpyxl.worksheet.formula import ArrayFormula

from tenderkit.cli.app import cli
from tests.support import hostile as h
from tests.support.evaluation import expected_pairs, small_rubric_model, small_tender

E1_SCORES = len(expected_pairs(small_rubric_model(), small_tender())["E1"])


def collect(runner: CliRunner, root: Path) -> Result:
    return runner.invoke(cli, ["collect", str(root)])


def collected(root: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((root / "out" / "collected.json").read_text("utf-8"))
    return data


def e1_scores(root: Path) -> int:
    return sum(1 for s in collected(root)["scores"] if s["evaluator"] == "E1")


def test_a_header_disagreeing_with_the_directory_is_reported_and_the_rest_collected(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """The defect that lost every valid return: now one finding, and E1 still counts."""
    e2 = returned_workspace / "returns" / "E2.xlsx"
    e2.write_bytes(h.blank_local_name(e2.read_bytes(), 1))
    result = collect(runner, returned_workspace)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "returns/E2.xlsx" in result.stdout and "[not-a-workbook]" in result.stdout
    assert e1_scores(returned_workspace) == E1_SCORES


def test_a_file_name_that_is_not_utf8_is_named_with_its_bytes_escaped(
    returned_workspace: Path, runner: CliRunner
) -> None:
    folder = os.fsencode(returned_workspace / "returns")
    odd = os.path.join(folder, b"E2-\xff.xlsx")
    with open(odd, "wb") as handle:
        handle.write(b"not a workbook")
    result = collect(runner, returned_workspace)
    assert "Traceback" not in result.output
    assert "returns/E2-\\xff.xlsx" in result.stdout
    assert any(
        p["file"] == "returns/E2-\\xff.xlsx" for p in collected(returned_workspace)["problems"]
    )
    assert e1_scores(returned_workspace) == E1_SCORES


def test_a_hidden_return_is_noted_not_skipped(returned_workspace: Path, runner: CliRunner) -> None:
    (returned_workspace / "returns" / "E2.xlsx").rename(returned_workspace / "returns" / ".E1.xlsx")
    collect(runner, returned_workspace)
    notes = collected(returned_workspace)["notes"]
    hidden = [n for n in notes if n["file"] == "returns/.E1.xlsx"]
    assert hidden and "hidden file" in hidden[0]["message"]


def test_two_identical_copies_with_an_array_formula_count_once(
    returned_workspace: Path, runner: CliRunner
) -> None:
    """The message quotes the formula's text, so identical copies stay identical."""
    e1 = returned_workspace / "returns" / "E1.xlsx"
    data = h.with_values(e1.read_bytes(), {"S.B1.CV1": ArrayFormula("A1", "=MAX(3)")})
    e1.write_bytes(data)
    (returned_workspace / "returns" / "E1-copy.xlsx").write_bytes(data)
    result = collect(runner, returned_workspace)
    assert "returned-twice" not in result.stdout
    line = next(x for x in result.stdout.splitlines() if "[score-formula]" in x)
    assert "{=MAX(3)}" in line and "0x" not in line
    first = collected(returned_workspace)["problems"]
    collect(runner, returned_workspace)
    assert collected(returned_workspace)["problems"] == first


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: h.blank_local_name(d, 2),
        lambda d: d[: len(d) // 3],
        lambda d: h.flip_bit(d, len(d) // 2, 3),
        lambda d: h.with_dtd(d, "xl/styles.xml", "utf-16-le"),
    ],
)
def test_workbooks_issue_over_a_damaged_issued_workbook_keeps_it_stale_with_a_reason(
    issued_workspace: Path, runner: CliRunner, damage: Any
) -> None:
    target = issued_workspace / "issued" / "E2.xlsx"
    target.write_bytes(damage(target.read_bytes()))
    result = runner.invoke(cli, ["workbooks", "issue", str(issued_workspace)])
    assert "Traceback" not in result.output, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    warning = next(x for x in result.output.splitlines() if x.startswith("warning: issued/E2.xlsx"))
    assert any(word in warning for word in ("member", "workbook", "damaged"))
