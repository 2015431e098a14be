"""`tender demo` builds a specification from the bundled example manifest."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tenderkit.clauses.manifest import load_manifest
from tenderkit.cli.app import cli
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.properties import read_spec_properties


def test_demo_builds_an_accessible_specification_from_the_example_manifest(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The demo writes the example manifest and the spec built from it; the spec passes the audit."""
    result = runner.invoke(cli, ["demo", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    manifest = tmp_path / "out" / "spec-manifest.yaml"
    spec = tmp_path / "out" / "service-specification.docx"
    assert f"wrote {manifest}" in result.stdout and f"wrote {spec}" in result.stdout
    props = read_spec_properties(spec)
    assert props.manifest_hash == load_manifest(manifest).hash
    assert "WC-CV-003@2.0.0" in props.clauses and "WC-CV-001@3.0.0" in props.clauses
    assert props.rubric.startswith("workplace-compassion@2.")
    assert audit(spec) == []
