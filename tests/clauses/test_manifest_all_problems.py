"""A manifest with several mistakes reports every one of them in one run, each with its line."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderkit.clauses.manifest import load_manifest
from tenderkit.cli.app import cli
from tenderkit.errors import InputErrors

BAD = """\
title: T
reference: R
commisioner: C
author: A
version: 0.3
status: draft
date: 2027-01-01
regime: procurement-act-2023
rubric: workplace-compassion@1
clauses:
  - {id: WC-CV-001, domain: culture-values}
  - {id: bad id}
"""


def test_every_schema_problem_is_reported_with_its_line_and_yaml_path(tmp_path: Path) -> None:
    """Misspelt key, missing field, unquoted version and two bad entries: five problems, in order."""
    manifest = tmp_path / "m.yaml"
    manifest.write_text(BAD, encoding="utf-8")
    with pytest.raises(InputErrors) as caught:
        load_manifest(manifest)
    found = [(e.location.line, e.location.path) for e in caught.value.errors if e.location]
    assert found == [
        (1, "commissioner"),
        (3, "commisioner"),
        (5, "version"),
        (11, "clauses[0]"),
        (12, "clauses[1].id"),
    ]


def test_the_command_line_prints_a_count_then_one_line_per_problem(
    runner: CliRunner, tmp_path: Path
) -> None:
    """Exit 1, no traceback; each problem on its own line naming file:line: path."""
    manifest = tmp_path / "m.yaml"
    manifest.write_text(BAD, encoding="utf-8")
    result = runner.invoke(cli, ["spec", "build", str(manifest), "-o", str(tmp_path / "s.docx")])
    assert result.exit_code == 1 and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"error: 5 problems in {manifest} with the manifest:"
    assert lines[1].startswith(f"  {manifest}:1: commissioner: required field")
    assert (
        lines[3]
        == f'  {manifest}:5: version: write the version in quotes (e.g. "0.3") so it is kept as text'
    )
    assert len(lines) == 6
