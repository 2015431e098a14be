"""`tender demo OUT`: the main job on the bundled library."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tenderkit.clauses.library import Library
from tenderkit.cli.app import cli
from tests.conftest import DemoRun


def test_demo_writes_a_clause_catalogue(demo_run: DemoRun, bundled: Library):
    """`tender demo OUT` writes a Markdown catalogue of every bundled clause into OUT."""
    catalogue = demo_run.out / "clause-catalogue.md"
    assert f"wrote {catalogue}" in demo_run.stdout.splitlines()
    text = catalogue.read_text(encoding="utf-8")
    assert text.startswith(f"# {bundled.meta.name}\n")
    missing = [clause_id for clause_id in bundled.clauses if f"### {clause_id} " not in text]
    assert missing == []
    for domain in bundled.taxonomy.domains:
        assert f"## {domain.title}" in text


def test_demo_into_an_existing_folder_replaces_the_catalogue(demo_rerun: DemoRun):
    """Running the demo twice into the same folder succeeds and leaves no temporary files."""
    names = [p.name for p in demo_rerun.out.rglob("*")]
    assert "clause-catalogue.md" in names
    # Nothing is left under a temporary name by atomic writes or by the rebuilt workspace;
    # the only hidden files are the three a tender workspace keeps, in the tender and the
    # contract workspace.
    assert not [n for n in names if n.endswith((".tmp", ".old"))]
    assert sorted(n for n in names if n.startswith(".")) == [
        ".gitignore",
        ".gitignore",
        ".tender-secret",
        ".tender-secret",
        ".workspace-lock",
        ".workspace-lock",
    ]


def test_demo_onto_a_file_is_a_usage_error(runner: CliRunner, tmp_path: Path):
    """OUT must be a folder: an existing file exits 2."""
    target = tmp_path / "file.md"
    target.write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["demo", str(target)], prog_name="tender")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_demo_without_out_is_a_usage_error(runner: CliRunner):
    """OUT is required."""
    result = runner.invoke(cli, ["demo"], prog_name="tender")
    assert result.exit_code == 2
    assert "Missing argument 'OUT'" in result.stderr
