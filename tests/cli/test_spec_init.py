"""`tender spec init`: a commented starting manifest that builds as it is, and is never overwritten."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tenderkit.clauses.manifest import load_manifest
from tenderkit.cli.app import cli
from tests.support.cli import assert_one_error_line


def test_init_writes_a_commented_manifest_that_validates_and_builds(
    runner: CliRunner, tmp_path: Path
) -> None:
    """The starter explains its fields in comments, names a schema that exists, and builds."""
    manifest = tmp_path / "spec-manifest.yaml"
    result = runner.invoke(cli, ["spec", "init", str(manifest)])
    assert result.exit_code == 0, result.output
    assert f"wrote {manifest}" in result.stdout
    text = manifest.read_text(encoding="utf-8")
    first, *rest = text.splitlines()
    assert first.startswith("# yaml-language-server: $schema=file://")
    schema = Path(first.split("$schema=file://", 1)[1])
    assert schema.name == "manifest.schema.json" and schema.is_file()
    assert sum(line.lstrip().startswith("#") for line in rest) >= 15
    loaded = load_manifest(manifest)
    assert loaded.manifest.rubric == "workplace-compassion@2"
    out = tmp_path / "spec.docx"
    built = runner.invoke(
        cli, ["spec", "build", str(manifest), "-o", str(out), "--no-page-numbers"]
    )
    assert built.exit_code == 0, built.output
    assert out.is_file()


def test_init_never_replaces_an_existing_manifest(runner: CliRunner, tmp_path: Path) -> None:
    """A second init on the same file is one error line; the file is untouched."""
    manifest = tmp_path / "m.yaml"
    manifest.write_text("title: mine\n", encoding="utf-8")
    result = runner.invoke(cli, ["spec", "init", str(manifest)])
    assert_one_error_line(result, "m.yaml already exists")
    assert manifest.read_text(encoding="utf-8") == "title: mine\n"
