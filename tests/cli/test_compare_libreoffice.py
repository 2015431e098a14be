"""The comparison.xlsx `tender compare` writes, recalculated by LibreOffice, is results.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tests.support.comparison import expected_figures, named_values
from tests.support.libreoffice import recalculate
from tests.support.moderation import collected_workspace, fill_moderation, moderate

pytestmark = pytest.mark.libreoffice


def test_every_formula_of_a_real_comparison_recalculates_to_results_json(tmp_path: Path) -> None:
    """Seven criteria with uneven effective weights (15, 10, 12.5, ...), prices with pence."""
    root = collected_workspace(tmp_path / "tender")
    fill_moderation(
        moderate(root), consensus=3, values={"C.B2.CV2": 5, "C.B2.LM1": 1, "C.B1.PP2": 4}
    )
    (root / "prices.csv").write_text("bidder,price\nB1,104999.99\nB2,98765.43\n")
    result = CliRunner().invoke(cli, ["compare", str(root)])
    assert result.exit_code == 0, result.output
    document = json.loads((root / "out" / "results.json").read_text("utf-8"))
    recalculated = named_values(
        recalculate(root / "out" / "comparison.xlsx", "xlsx:Calc MS Excel 2007 XML", tmp_path)
    )
    expected = expected_figures(document)
    assert len(expected) == 2 * (7 + 3)
    for name, value in expected.items():
        assert recalculated[name] == pytest.approx(value, abs=1e-9), name
