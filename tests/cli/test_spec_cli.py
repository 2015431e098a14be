"""`tender spec build / inspect / audit` through the command line, good input and bad."""

from __future__ import annotations

import datetime as dt
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from click.testing import CliRunner, Result

from tenderkit.cli.app import cli
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.reference_doc import bundled_reference_doc
from tests.conftest import LibraryFactory
from tests.support.cli import assert_one_error_line
from tests.support.specs import spec_clauses, write_manifest


@pytest.fixture
def library(make_library: LibraryFactory) -> Path:
    return make_library(*spec_clauses())


def build(runner: CliRunner, library: Path, manifest: Path, out: Path, *extra: str) -> Result:
    args = ["spec", "build", str(manifest), "-o", str(out), "--library", str(library), *extra]
    return runner.invoke(cli, args)


def test_build_writes_the_specification_and_reports_it(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """A good manifest gives exit 0, the .docx and a one-line summary."""
    out = tmp_path / "out" / "spec.docx"
    out.parent.mkdir()
    result = build(runner, library, write_manifest(tmp_path / "m.yaml"), out)
    assert result.exit_code == 0, result.output
    assert out.is_file() and zipfile.is_zipfile(out)
    assert f"wrote {out}: 4 clause(s) in 2 section(s)" in result.stdout
    assert result.stderr == ""
    assert audit(out) == []


def test_build_warns_when_a_house_reference_document_is_not_accessible(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """The output is audited after writing; findings from a house template become warnings."""
    house = tmp_path / "house.docx"
    docx.Document().save(str(house))
    out = tmp_path / "spec.docx"
    result = build(
        runner, library, write_manifest(tmp_path / "m.yaml"), out, "--reference-doc", str(house)
    )
    assert result.exit_code == 0, result.output
    warnings = result.stderr.strip().splitlines()
    assert [w.split("[")[1].split("]")[0] for w in warnings] == ["body-font", "body-size"]
    assert all(w.startswith(f"warning: {out}: ") for w in warnings)


def test_build_prints_warnings_but_succeeds(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """A global value no clause declares is a warning on stderr naming its line; the build goes on."""
    manifest = write_manifest(
        tmp_path / "m.yaml", parameters={"service_name": "S", "target": 4, "colour": "blue"}
    )
    result = build(runner, library, manifest, tmp_path / "spec.docx")
    assert result.exit_code == 0, result.output
    assert re.search(
        r"^warning: .*m\.yaml:\d+: parameters\.colour: \[parameter-unused\]", result.stderr
    )


BAD_MANIFESTS: list[tuple[str, dict[str, Any], str]] = [
    ("unknown clause", {"clauses": ["WC-XX-404"]}, "clauses[0]: unknown clause 'WC-XX-404'"),
    (
        "unknown version",
        {"clauses": ["WC-CV-001@7.0.0"]},
        "clauses[0]: WC-CV-001 has no version 7.0.0",
    ),
    ("draft", {"clauses": ["WC-CV-003@1.0.0"]}, "clauses[0]: WC-CV-003@1.0.0 is a draft"),
    ("withdrawn", {"clauses": ["WC-LM-001@1.1.0"]}, "clauses[0]: WC-LM-001@1.1.0 is withdrawn"),
    (
        "missing parameter",
        {"clauses": ["WC-CV-002"], "parameters": {}},
        "clauses[0]: WC-CV-002@1.0.0: parameter 'service_name' is required",
    ),
    (
        "wrong type",
        {"parameters": {"service_name": "S", "target": "high"}},
        "parameters.target: WC-LM-002@1.0.0: parameter 'target': expected a number",
    ),
    (
        "out of bounds",
        {"clauses": [{"id": "WC-CV-001", "parameters": {"months": 24}}]},
        "clauses[0].parameters.months: WC-CV-001@2.0.0: parameter 'months': 24 is above the maximum 12",
    ),
    ("unknown rubric", {"rubric": "no-such-rubric@1"}, "rubric: unknown rubric 'no-such-rubric'"),
    ("malformed yaml", {"title": "a: b: c"}, ""),
    ("title too long for Word", {"title": "T" * 300}, "title: String should have at most 255"),
    ("control character", {"title": "Spec\x07"}, "title: text contains the character U+0007"),
    ("no such date", {"date": "DATE"}, "date: invalid YAML: '2027-02-30' is not a valid date"),
    ("weight given as true", {"weights": {"quality": True, "price": 99}}, "weights.quality"),
]


@pytest.mark.parametrize(
    ("case", "overrides", "message"), BAD_MANIFESTS, ids=[c[0] for c in BAD_MANIFESTS]
)
def test_bad_manifests_fail_with_one_line_naming_the_place(
    runner: CliRunner,
    library: Path,
    tmp_path: Path,
    case: str,
    overrides: dict[str, Any],
    message: str,
) -> None:
    """Exit 1, one `error:` line naming the manifest, its line and path, and no output file."""
    manifest = write_manifest(tmp_path / "m.yaml", **overrides)
    if case == "malformed yaml":
        manifest.write_text(manifest.read_text() + "clauses: [unclosed\n")
    if case == "no such date":  # written unquoted, so YAML reads it as a date
        manifest.write_text(manifest.read_text().replace("date: DATE", "date: 2027-02-30"))
    out = tmp_path / "spec.docx"
    line = assert_one_error_line(build(runner, library, manifest, out), message)
    assert re.match(rf"error: {re.escape(str(manifest))}:\d+: ", line), line
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".spec.docx")] == []


def test_a_failed_build_leaves_an_earlier_output_untouched(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """The output is replaced only when the new file is complete."""
    out = tmp_path / "spec.docx"
    out.write_bytes(b"earlier version")
    manifest = write_manifest(tmp_path / "m.yaml", clauses=["WC-XX-404"])
    assert_one_error_line(build(runner, library, manifest, out))
    assert out.read_bytes() == b"earlier version"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"plain text, not a document", "not a zip archive"),
        (None, "file not found"),
        ("zip", "no Office package structure"),
    ],
    ids=["not-a-zip", "missing", "zip-without-word"],
)
def test_an_unreadable_reference_document_fails_with_one_line(
    runner: CliRunner, library: Path, tmp_path: Path, content: bytes | str | None, message: str
) -> None:
    """A bad --reference-doc is named in one error line; nothing is written."""
    reference = tmp_path / "house.docx"
    if content == "zip":
        with zipfile.ZipFile(reference, "w") as archive:
            archive.writestr("readme.txt", "hello")
    elif isinstance(content, bytes):
        reference.write_bytes(content)
    out = tmp_path / "spec.docx"
    result = build(
        runner, library, write_manifest(tmp_path / "m.yaml"), out, "--reference-doc", str(reference)
    )
    assert_one_error_line(result, f"error: {reference}: ", message)
    assert not out.exists()


def test_build_refuses_to_overwrite_its_manifest(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """`-o` pointing at an input file is refused: no input is ever modified."""
    manifest = write_manifest(tmp_path / "m.yaml")
    before = manifest.read_bytes()
    assert_one_error_line(build(runner, library, manifest, manifest), "overwrite an input")
    assert manifest.read_bytes() == before


def test_inspect_reads_the_provenance_back(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """`spec inspect --json` gives clauses as id@version, the rubric with its hash and the manifest hash."""
    out = tmp_path / "spec.docx"
    assert build(runner, library, write_manifest(tmp_path / "m.yaml"), out).exit_code == 0
    result = runner.invoke(cli, ["spec", "inspect", str(out), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["clauses"] == [
        "WC-CV-001@2.0.0",
        "WC-CV-002@1.0.0",
        "WC-LM-001@1.0.0",
        "WC-LM-002@1.0.0",
    ]
    assert re.fullmatch(r"test-rubric@1\.0\.0@sha256:[0-9a-f]{64}", data["rubric"])
    assert re.fullmatch(r"sha256:[0-9a-f]{64}", data["manifest_hash"])
    assert data["tool_version"] and data["reference"] == "ICB-2027-014/SPEC/01"
    text = runner.invoke(cli, ["spec", "inspect", str(out)])
    assert text.exit_code == 0 and "  WC-LM-002@1.0.0" in text.stdout


def test_inspect_refuses_a_document_without_provenance(runner: CliRunner, tmp_path: Path) -> None:
    """A .docx tenderkit did not build is reported as such in one line."""
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    assert_one_error_line(
        runner.invoke(cli, ["spec", "inspect", str(plain)]), "not a tenderkit specification"
    )


def test_audit_passes_a_built_spec_and_lists_findings_for_another(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """`spec audit` exits 0 on a generated spec, and 1 with one line per finding otherwise."""
    out = tmp_path / "spec.docx"
    assert build(runner, library, write_manifest(tmp_path / "m.yaml"), out).exit_code == 0
    clean = runner.invoke(cli, ["spec", "audit", str(out)])
    assert clean.exit_code == 0 and "no accessibility findings" in clean.stdout
    plain = tmp_path / "plain.docx"
    docx.Document().save(str(plain))
    result = runner.invoke(cli, ["spec", "audit", str(plain)])
    assert result.exit_code == 1
    findings = result.stdout.strip().splitlines()
    assert len(findings) == 5 and all(line.startswith(str(plain)) for line in findings)
    assert result.stderr.strip() == f"error: 5 accessibility finding(s) in {plain}"


def rewritten_reference(
    path: Path, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()
) -> Path:
    """The bundled reference document with some parts replaced or left out."""
    with zipfile.ZipFile(bundled_reference_doc()) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            if item.filename not in drop:
                target.writestr(item, (replace or {}).get(item.filename, source.read(item)))
    return path


@pytest.mark.parametrize(
    ("replace", "drop", "message"),
    [
        ({"word/styles.xml": b"<not xml"}, (), "word/styles.xml: not well-formed XML"),
        (
            {"word/styles.xml": b'<!DOCTYPE s [<!ENTITY a "aa">]><s>&a;</s>'},
            (),
            "word/styles.xml: refused unsafe XML",
        ),
        (
            None,
            ("word/styles.xml",),
            "word/_rels/document.xml.rels refers to word/styles.xml, which is missing",
        ),
    ],
    ids=["malformed-styles", "entity-in-styles", "styles-listed-but-missing"],
)
def test_a_damaged_reference_document_is_one_error_line(
    runner: CliRunner,
    library: Path,
    tmp_path: Path,
    replace: dict[str, bytes] | None,
    drop: tuple[str, ...],
    message: str,
) -> None:
    """A reference .docx with a broken part is refused before python-docx parses it."""
    reference = rewritten_reference(tmp_path / "house.docx", replace, drop)
    out = tmp_path / "spec.docx"
    result = build(
        runner, library, write_manifest(tmp_path / "m.yaml"), out, "--reference-doc", str(reference)
    )
    assert_one_error_line(result, f"error: {reference}: ", message)
    assert not out.exists()


def test_a_document_date_beyond_the_zip_format_still_builds(
    runner: CliRunner, library: Path, tmp_path: Path
) -> None:
    """A manifest dated after 2107 (the zip format's last year) builds; properties keep the date."""
    manifest = write_manifest(tmp_path / "m.yaml", date="2200-01-15")
    manifest.write_text(manifest.read_text().replace("'2200-01-15'", "2200-01-15"))
    out = tmp_path / "spec.docx"
    result = build(runner, library, manifest, out)
    assert result.exit_code == 0, result.output
    assert docx.Document(str(out)).core_properties.created == dt.datetime(
        2200, 1, 15, tzinfo=dt.UTC
    )
