"""`tender spec build --pdf`: the PDF a lead publishes, and a clear error where it cannot be made."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tenderkit.templates.word import pdf as pdf_module
from tests.conftest import LibraryFactory
from tests.support.cli import assert_one_error_line
from tests.support.libreoffice import pdf_text
from tests.support.specs import spec_clauses, write_manifest


@pytest.mark.libreoffice
def test_pdf_is_written_beside_the_docx_tagged_and_with_page_numbers(
    runner: CliRunner, make_library: LibraryFactory, tmp_path: Path
) -> None:
    """`--pdf` writes spec.pdf: a tagged PDF whose contents lists pages."""
    library = make_library(*spec_clauses())
    out = tmp_path / "spec.docx"
    args = ["spec", "build", str(write_manifest(tmp_path / "m.yaml")), "-o", str(out)]
    result = runner.invoke(cli, [*args, "--library", str(library), "--pdf"])
    assert result.exit_code == 0, result.output
    pdf = tmp_path / "spec.pdf"
    assert f"wrote {pdf}" in result.stdout and result.stderr == ""
    assert b"/StructTreeRoot" in pdf.read_bytes() and b"/MarkInfo" in pdf.read_bytes()
    assert re.search(r"1\.1\s+Staff-owned values\.{3,}\s*\d+\s*$", pdf_text(pdf), re.M)


def test_pdf_without_libreoffice_is_one_error_and_writes_nothing(
    runner: CliRunner, make_library: LibraryFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No soffice on PATH: exit 1, one line saying what to install, no .docx either."""
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    library = make_library(*spec_clauses())
    out = tmp_path / "spec.docx"
    args = ["spec", "build", str(write_manifest(tmp_path / "m.yaml")), "-o", str(out)]
    result = runner.invoke(cli, [*args, "--library", str(library), "--pdf"])
    assert_one_error_line(result, "cannot write the PDF", "LibreOffice", "apt-get install")
    assert not out.exists()


def test_without_libreoffice_the_docx_is_built_and_the_missing_numbers_explained(
    runner: CliRunner, make_library: LibraryFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --pdf the build goes on; a warning says the contents has no page numbers."""
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    library = make_library(*spec_clauses())
    out = tmp_path / "spec.docx"
    args = ["spec", "build", str(write_manifest(tmp_path / "m.yaml")), "-o", str(out)]
    result = runner.invoke(cli, [*args, "--library", str(library)])
    assert result.exit_code == 0, result.output
    assert out.is_file()
    assert "warning: the contents page has no page numbers" in result.stderr
