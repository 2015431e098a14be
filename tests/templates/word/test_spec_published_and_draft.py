"""What bidders see in a published specification, what reviewers see in a draft, and which
criteria the evaluation appendix publishes."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from tenderkit.cli.app import cli
from tenderkit.templates.word.spec_docx import render_specification
from tenderkit.templates.word.specification import Specification
from tenderkit.workspace.specification import prepare_specification
from tests.support.builders import write_library
from tests.support.cli import assert_one_error_line
from tests.support.specs import spec_clauses, write_manifest


def _parts(data: bytes) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {n: archive.read(n).decode() for n in archive.namelist() if n.endswith(".xml")}


def _text(xml: str) -> str:
    return " ".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", xml))


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_library(tmp_path_factory.mktemp("published") / "lib", *spec_clauses())


@pytest.fixture(scope="module")
def spec(library: Path) -> Specification:
    return prepare_specification(write_manifest(library.parent / "m.yaml"), library_dir=library)


def test_a_published_specification_shows_no_drafting_machinery(spec: Specification) -> None:
    """No "Set by" column, no parameter sources, no tool name or version in the body."""
    body = _text(_parts(render_specification(spec))["word/document.xml"])
    assert "Set by" not in body and "clause default" not in body
    assert "tenderkit" not in body.lower()
    assert "DRAFT" not in "".join(_parts(render_specification(spec)).values())


def test_a_draft_build_is_watermarked_and_shows_where_each_value_comes_from(
    spec: Specification,
) -> None:
    """Every header carries the DRAFT watermark; parameter tables gain the "Set by" column."""
    parts = _parts(render_specification(spec, draft=True))
    body = _text(parts["word/document.xml"])
    assert "Set by" in body and "this specification" in body
    assert "Draft for review, not for publication" in body
    headers = [xml for name, xml in parts.items() if name.startswith("word/header")]
    assert headers and all('string="DRAFT"' in xml for xml in headers)


def test_a_criterion_whose_clauses_are_all_left_out_is_not_published_and_is_reported(
    library: Path,
) -> None:
    """With only WC-CV-001 in the spec, LM1 (which assesses WC-LM-001) is dropped and warned of."""
    manifest = write_manifest(library.parent / "one.yaml", clauses=["WC-CV-001"])
    spec = prepare_specification(manifest, library_dir=library)
    assert [r.criterion.id for r in spec.assessed_criteria()] == ["CV1", "CV2", "LM2"]
    [finding] = [w for w in spec.warnings if w.rule == "criterion-unassessed"]
    assert finding.location.file == manifest and finding.location.path == "rubric"
    assert "LM1" in finding.message and "WC-LM-001" in finding.message
    body = _text(_parts(render_specification(spec))["word/document.xml"])
    assert "LM1 Criterion LM1" not in body and "not in this specification" not in body
    assert "CV1 Criterion CV1" in body and "are not asked" in body


def test_strict_refuses_a_build_with_warnings_in_one_line(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """`--strict` makes the unassessed criterion an error; without it the build warns and succeeds."""
    manifest = write_manifest(
        tmp_path / "m.yaml", clauses=["WC-CV-001"], parameters={"service_name": "S"}
    )
    args = [
        "spec",
        "build",
        str(manifest),
        "-o",
        str(tmp_path / "s.docx"),
        "--library",
        str(library),
    ]
    lenient = runner.invoke(cli, [*args, "--no-page-numbers"])
    assert lenient.exit_code == 0, lenient.output
    assert "[criterion-unassessed] criterion LM1" in lenient.stderr
    strict = runner.invoke(cli, [*args, "--no-page-numbers", "--strict"])
    assert_one_error_line(strict, "m.yaml:", "rubric", "criterion LM1", "--strict")


def test_inspect_shows_each_clause_version_with_its_content_hash(
    runner: CliRunner, spec: Specification, tmp_path: Path
) -> None:
    """`tender spec inspect` lists id@version and sha256 hash per clause, as the properties carry."""
    out = tmp_path / "s.docx"
    out.write_bytes(render_specification(spec))
    result = runner.invoke(cli, ["spec", "inspect", str(out)])
    assert result.exit_code == 0, result.output
    for clause in spec.assembly.clauses():
        assert re.search(rf"^\s+{re.escape(clause.ref)}\s+{clause.hash}$", result.stdout, re.M)
    as_json = runner.invoke(cli, ["spec", "inspect", str(out), "--json"])
    assert '"clause_hashes"' in as_json.stdout
