"""Custom document properties: written, merged, split for Word, read back, shown in fields."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from tenderkit.errors import InputError
from tenderkit.templates.word.package import read_word_package
from tenderkit.templates.word.properties import (
    MAX_VALUE,
    SpecProperties,
    read_custom_properties,
    read_spec_properties,
    write_custom_properties,
)
from tenderkit.templates.word.spec_docx import render_specification
from tenderkit.templates.word.wordml import field_runs, text_run
from tenderkit.workspace.specification import prepare_specification
from tests.support.builders import write_library
from tests.support.specs import spec_clauses, write_manifest


def provenance(clauses: list[str]) -> SpecProperties:
    return SpecProperties(
        reference="R/1",
        document_version="1.0",
        manifest_hash="sha256:" + "a" * 64,
        rubric="r@1.0.0@sha256:" + "b" * 64,
        tool_version="9.9.9",
        library="L (release 1)",
        clauses=clauses,
    )


def test_a_long_clause_list_is_split_into_word_sized_properties(tmp_path: Path) -> None:
    """Forty clause references fit Word's 255-character limit per property and read back in order."""
    refs = [f"WC-CV-{i:03d}@1.{i}.0" for i in range(40)]
    document = docx.Document()
    write_custom_properties(document, provenance(refs).as_properties())
    path = tmp_path / "p.docx"
    document.save(str(path))
    raw = read_custom_properties(read_word_package(path))
    chunks = [v for k, v in raw.items() if k.startswith("tenderkit.clauses.")]
    assert len(chunks) > 1 and all(len(v) <= MAX_VALUE for v in chunks)
    assert read_spec_properties(path).clauses == refs


def test_writing_again_replaces_tenderkits_properties_and_keeps_others(tmp_path: Path) -> None:
    """A second write leaves one set of tenderkit properties and any property of the user."""
    document = docx.Document()
    write_custom_properties(document, [("Classification", "OFFICIAL")])
    write_custom_properties(document, provenance(["A-1@1.0.0"]).as_properties())
    write_custom_properties(document, provenance(["B-2@2.0.0"]).as_properties())
    path = tmp_path / "p.docx"
    document.save(str(path))
    props = read_spec_properties(path)
    assert props.clauses == ["B-2@2.0.0"] and props.other == {"Classification": "OFFICIAL"}


def test_a_tampered_clause_count_is_reported(tmp_path: Path) -> None:
    """If the clause list and its count disagree the file's provenance is not trusted."""
    document = docx.Document()
    props = [
        (n, 5 if n.endswith("clause_count") else v)
        for n, v in provenance(["A-1@1.0.0"]).as_properties()
    ]
    write_custom_properties(document, props)
    path = tmp_path / "p.docx"
    document.save(str(path))
    with pytest.raises(InputError, match="clause_count says 5"):
        read_spec_properties(path)


def test_a_complex_docproperty_field_in_a_house_header_shows_the_reference(tmp_path: Path) -> None:
    """A house template's header field DOCPROPERTY "tenderkit.reference" displays the manifest's reference."""
    house = docx.Document()
    paragraph = house.sections[0].header.paragraphs[0]
    for run in field_runs(
        'DOCPROPERTY "tenderkit.reference" \\* MERGEFORMAT', [text_run("old value")]
    ):
        paragraph._p.append(run)
    reference = tmp_path / "house.docx"
    house.save(str(reference))
    library = write_library(tmp_path / "lib", *spec_clauses())
    spec = prepare_specification(write_manifest(tmp_path / "m.yaml"), library_dir=library)
    built = docx.Document(io.BytesIO(render_specification(spec, reference)))
    assert built.sections[0].header.paragraphs[0].text == "ICB-2027-014/SPEC/01"
