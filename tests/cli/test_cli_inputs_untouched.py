"""No command writes its output over one of its own input files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tests.support.builders import write_library, write_yaml
from tests.support.cli import assert_one_error_line
from tests.support.rubrics import approved, write_clause_library
from tests.support.specs import RUBRIC_FILE, spec_clauses, write_manifest


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """A folder with a clause library, a manifest, its rubric file and a parameters file."""
    write_library(tmp_path / "lib", *spec_clauses())
    write_manifest(tmp_path / "m.yaml")
    write_yaml(tmp_path / "params.yaml", {"service_name": "S"})
    return tmp_path


CASES = [
    ("spec build", ["spec", "build", "m.yaml", "--library", "lib"], "lib/culture-values/WC-CV-001.yaml"),
    ("spec build", ["spec", "build", "m.yaml", "--library", "lib"], "lib/clauses.lock"),
    ("spec build", ["spec", "build", "m.yaml", "--library", "lib"], "lib/taxonomy.yaml"),
    ("spec build", ["spec", "build", "m.yaml", "--library", "lib"], RUBRIC_FILE),
    ("clauses diff", ["clauses", "diff", "WC-CV-001", "1.0.0", "2.0.0", "--library", "lib"], "lib/library.yaml"),
    (
        "clauses diff",
        ["clauses", "diff", "WC-CV-001", "1.0.0", "2.0.0", "--library", "lib", "--params", "params.yaml"],
        "params.yaml",
    ),
    ("library diff", ["library", "diff", "lib", "lib"], "lib/culture-values/WC-CV-001.yaml"),
    (
        "export-ocds",
        ["rubric", "export-ocds", RUBRIC_FILE, "--library", "lib", "--quality-weight", "60", "--price-weight", "40"],
        RUBRIC_FILE,
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "args", "victim"), CASES, ids=[f"{c[0]}: {c[2]}" for c in CASES])
def test_an_output_over_an_input_file_is_refused(
    runner: CliRunner,
    inputs: Path,
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    args: list[str],
    victim: str,
) -> None:
    """-o naming a file the command reads is one error line, and the file keeps its bytes."""
    monkeypatch.chdir(inputs)
    before = (inputs / victim).read_bytes()
    result = runner.invoke(cli, [*args, "-o", victim])
    assert_one_error_line(result, victim, "the output would overwrite an input file")
    assert (inputs / victim).read_bytes() == before


def test_export_ocds_refuses_to_replace_a_rubric_in_its_library(
    runner: CliRunner, tmp_path: Path
) -> None:
    """With --rubrics, every rubric file and the lock of that library are inputs."""
    rubrics = tmp_path / "rubrics"
    write_yaml(rubrics / "r-1.0.0.yaml", approved(status="draft"))
    clauses = write_clause_library(tmp_path / "clauses")
    victim = rubrics / "r-1.0.0.yaml"
    before = victim.read_bytes()
    args = ["rubric", "export-ocds", "--rubrics", str(rubrics), "--library", str(clauses)]
    rubric_id = approved()["id"]
    result = runner.invoke(
        cli,
        [*args, f"{rubric_id}@1.0.0", "--allow-drafts", "--quality-weight", "60",
         "--price-weight", "40", "-o", str(victim)],
    )  # fmt: skip
    assert_one_error_line(result, "the output would overwrite an input file")
    assert victim.read_bytes() == before
