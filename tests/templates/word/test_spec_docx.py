"""The service specification .docx, checked part by part as Word would read it."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import docx
import pytest

from tenderkit.clauses.library import load_library
from tenderkit.clauses.model import version_hash
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.package import WordPackage, read_word_package
from tenderkit.templates.word.properties import (
    CUSTOM_CONTENT_TYPE,
    CUSTOM_REL,
    read_spec_properties,
    write_custom_properties,
)
from tenderkit.templates.word.spec_appendices import short_hash
from tenderkit.templates.word.spec_docx import render_specification, write_specification
from tenderkit.templates.word.specification import Specification
from tenderkit.workspace.specification import prepare_specification
from tests.support.builders import write_library, write_yaml
from tests.support.rubrics import approved
from tests.support.specs import spec_clauses, write_manifest

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"


@pytest.fixture(scope="module")
def library_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_library(tmp_path_factory.mktemp("spec") / "lib", *spec_clauses())


@pytest.fixture(scope="module")
def spec(library_root: Path) -> Specification:
    manifest = write_manifest(library_root.parent / "manifest.yaml")
    return prepare_specification(manifest, library_dir=library_root)


@pytest.fixture(scope="module")
def built(spec: Specification, library_root: Path) -> Path:
    out = library_root.parent / "spec.docx"
    write_specification(spec, out)
    return out


@pytest.fixture(scope="module")
def package(built: Path) -> WordPackage:
    return read_word_package(built)


@pytest.fixture(scope="module")
def body(package: WordPackage) -> Element:
    root = package.xml(package.main)
    assert root is not None
    return root


def audit_bytes(data: bytes, path: Path) -> list[str]:
    """The audit's findings for a rendered specification, as lines."""
    path.write_bytes(data)
    return [str(f) for f in audit(path)]


def text(node: Element) -> str:
    return "".join(t.text or "" for t in node.iter(f"{W}t"))


def val(node: Element | None, path: str) -> str | None:
    found = node.find(path) if node is not None else None
    return None if found is None else found.get(f"{W}val")


def headings(body: Element) -> list[tuple[str, str, Element]]:
    """(style id, text, paragraph) of every Heading 1–3 paragraph, in order."""
    out = []
    for p in body.iter(f"{W}p"):
        style = val(p, f"{W}pPr/{W}pStyle") or ""
        if style in ("Heading1", "Heading2", "Heading3"):
            out.append((style, text(p), p))
    return out


def tables(body: Element) -> list[list[list[str]]]:
    return [
        [[text(tc) for tc in tr.findall(f"{W}tc")] for tr in tbl.findall(f"{W}tr")]
        for tbl in body.iter(f"{W}tbl")
    ]


def table_starting(body: Element, *header: str) -> list[list[str]]:
    found = [t for t in tables(body) if tuple(t[0][: len(header)]) == header]
    assert found, header
    return found[0]


def test_sections_and_clauses_are_real_headings_in_order(body: Element) -> None:
    """Domains are Heading 1, clauses Heading 2, criteria Heading 3, in the manifest's order."""
    listed = [(style, title) for style, title, _ in headings(body)]
    assert listed[:6] == [
        ("Heading1", "Document control"),
        ("Heading1", "Culture and values"),
        ("Heading2", "Staff-owned values"),
        ("Heading2", "Sickness absence reporting"),
        ("Heading1", "Leadership and management"),
        ("Heading2", "Listening leaders"),
    ]
    assert ("Heading1", "Evaluation methodology") in listed
    assert ("Heading3", "CV1 Criterion CV1") in listed
    assert listed[-3:] == [
        ("Heading1", "Provenance"),
        ("Heading2", "Clause versions"),
        ("Heading2", "Evaluation method and manifest"),
    ]


def test_body_headings_take_their_numbering_from_the_heading_styles(body: Element) -> None:
    """Section and clause headings carry no numbering of their own: the style's list numbers them."""
    body_part = [h for h in headings(body) if h[1] in ("Culture and values", "Staff-owned values")]
    for _, _, p in body_part:
        assert p.find(f"{W}pPr/{W}numPr") is None


def test_front_matter_is_unnumbered_and_appendices_use_the_appendix_list(
    body: Element, package: WordPackage
) -> None:
    """Document control switches numbering off; appendix headings name the appendix list and level."""
    numbering = package.xml("word/numbering.xml")
    assert numbering is not None
    names = {
        val(a, f"{W}name"): a.get(f"{W}abstractNumId") for a in numbering.findall(f"{W}abstractNum")
    }
    appendix_num = next(
        n.get(f"{W}numId")
        for n in numbering.findall(f"{W}num")
        if val(n, f"{W}abstractNumId") == names["tenderkit appendices"]
    )
    found = {title: p for _, title, p in headings(body)}
    assert val(found["Document control"], f"{W}pPr/{W}numPr/{W}numId") == "0"
    for title, level in (("Evaluation methodology", "0"), ("Criteria and weights", "1")):
        assert val(found[title], f"{W}pPr/{W}numPr/{W}numId") == appendix_num
        assert val(found[title], f"{W}pPr/{W}numPr/{W}ilvl") == level
    assert val(found["CV1 Criterion CV1"], f"{W}pPr/{W}numPr/{W}ilvl") == "2"


def test_clause_text_has_its_parameters_filled(body: Element) -> None:
    """The clause's own value (3) and the global service name are in the text; no placeholder is."""
    paragraphs = [text(p) for p in body.iter(f"{W}p")]
    assert (
        "The Provider must review the values of Community Nursing Service every 3 months."
        in paragraphs
    )
    assert "Staff engagement must reach at least 3.85." in paragraphs
    assert not [p for p in paragraphs if "{{" in p]


def test_each_clause_has_details_evidence_and_parameter_tables(body: Element) -> None:
    """Obligation, evidence requested and parameter values appear as tables for WC-CV-001."""
    details = table_starting(body, "Clause", "Version", "Kind", "Obligation")
    assert details[1] == ["WC-CV-001", "2.0.0", "Requirement", "must"]
    evidence = table_starting(body, "No.", "Evidence the bidder or provider must supply")
    assert evidence[1:] == [["1", "The values statement."], ["2", "The date of the last review."]]
    parameters = table_starting(body, "Parameter", "Value")
    assert parameters[1:] == [
        ["Name of the commissioned service.", "Community Nursing Service"],
        ["Longest interval between reviews.", "3 months"],
    ]


def test_every_table_repeats_its_header_row_and_has_a_caption(body: Element) -> None:
    """Each table's first row is a tblHeader row and each table has a caption for screen readers."""
    all_tables = list(body.iter(f"{W}tbl"))
    assert len(all_tables) > 10
    for tbl in all_tables:
        first = tbl.find(f"{W}tr")
        assert first is not None and first.find(f"{W}trPr/{W}tblHeader") is not None
        assert val(tbl, f"{W}tblPr/{W}tblCaption")


def test_the_evaluation_appendix_publishes_weights_scale_and_questions(
    body: Element, spec: Specification
) -> None:
    """Criteria rows give effective weights and shares of the total; the scale gives descriptors."""
    criteria = table_starting(body, "Criterion", "Weight within domain", "Effective weight")
    assert criteria[0][3] == "Share of total score"
    rows = {row[0].split()[0]: row[1:] for row in criteria[1:]}
    assert rows["CV1"] == ["70%", "42%", "25.2%", "2 of 5", "500 words"]
    assert rows["LM2"] == ["50%", "20%", "12%", "30 of 60", "none"]
    points = table_starting(body, "Scores", "Steps", "Guidance")
    assert points[1] == ["0 to 60", "whole points", "Marks out of 60."]
    scale = table_starting(body, "Score", "Label", "Descriptor")
    assert [row[1] for row in scale[1:]] == [
        "Unacceptable",
        "Poor",
        "Weak",
        "Satisfactory",
        "Good",
        "Excellent",
    ]
    paragraphs = [text(p) for p in body.iter(f"{W}p")]
    assert any("quality score × 60 / 100 + price score × 40 / 100" in p for p in paragraphs)
    assert any("is excluded from the evaluation whatever its price" in p for p in paragraphs)
    question = spec.method.criteria()[0].criterion.question.split()
    assert any(" ".join(question) in cell for row in tables(body) for cell in row)


def test_the_provenance_appendix_lists_clause_hashes_and_the_manifest_hash(
    body: Element, spec: Specification, library_root: Path
) -> None:
    """Every clause used appears with its version, status and lock-file content hash."""
    library = load_library(library_root)
    rows = table_starting(body, "Section", "Clause", "Version", "Status")[1:]
    expected = [
        [
            c.number,
            c.resolved.clause.id,
            c.resolved.version.version,
            "approved",
            "2025-04-01",
            short_hash(version_hash(library.get(c.resolved.clause.id), c.resolved.version)),
        ]
        for c in spec.assembly.clauses()
    ]
    assert rows == expected
    facts = dict(table_starting(body, "Item", "Value")[1:])
    assert facts["Manifest content hash"] == short_hash(spec.manifest.hash)
    assert facts["Rubric"] == "test-rubric@1.0.0"
    assert facts["Rubric content hash"] == short_hash(spec.method.hash)


def test_custom_properties_record_the_provenance(
    built: Path, package: WordPackage, spec: Specification
) -> None:
    """docProps/custom.xml is related from the package root and reads back as the spec's provenance."""
    assert package.package_related(CUSTOM_REL) == ["docProps/custom.xml"]
    types = package.xml("[Content_Types].xml")
    assert types is not None
    overrides = {o.get("PartName"): o.get("ContentType") for o in types.iter(f"{CT}Override")}
    assert overrides["/docProps/custom.xml"] == CUSTOM_CONTENT_TYPE
    props = read_spec_properties(built)
    assert props.clauses == [c.ref for c in spec.assembly.clauses()]
    assert props.clause_hashes == {c.ref: c.hash for c in spec.assembly.clauses()}
    assert props.rubric == f"test-rubric@1.0.0@{spec.method.hash}"
    assert props.manifest_hash == spec.manifest.hash
    assert props.tool_version == spec.tool_version and props.reference == "ICB-2027-014/SPEC/01"


def test_core_properties_come_from_the_manifest(package: WordPackage) -> None:
    """Title, author, subject and en-GB language are set; the dates are the manifest's date."""
    core = package.xml("docProps/core.xml")
    assert core is not None
    assert core.findtext(f"{DC}title") == "Workplace compassion requirements - community nursing"
    assert core.findtext(f"{DC}creator") == "Head of Commissioning"
    assert (
        core.findtext(f"{DC}subject")
        == "Service specification for NHS Example Integrated Care Board"
    )
    assert core.findtext(f"{DC}language") == "en-GB"
    assert core.findtext(f"{DCTERMS}created") == "2027-01-15T00:00:00Z"
    assert core.findtext(f"{DCTERMS}modified") == "2027-01-15T00:00:00Z"


def test_contents_is_a_toc_field_that_word_refreshes(body: Element, package: WordPackage) -> None:
    """A TOC \\o "1-3" \\h \\z \\u field lists every heading, linked to its bookmark; Word updates it."""
    instructions = " ".join(t.text or "" for t in body.iter(f"{W}instrText"))
    assert 'TOC \\o "1-3" \\h \\z \\u' in instructions
    anchors = [h.get(f"{W}anchor") for h in body.iter(f"{W}hyperlink")]
    bookmarks = {b.get(f"{W}name") for b in body.iter(f"{W}bookmarkStart")}
    assert len(anchors) == len(headings(body)) and set(anchors) == bookmarks
    settings = package.xml("word/settings.xml")
    assert val(settings, f"{W}updateFields") == "true"


def test_the_running_header_shows_the_document_reference(package: WordPackage) -> None:
    """The header's DOCPROPERTY field carries the reference as its displayed value."""
    shown = []
    for name in package.parts:
        if name.startswith("word/header"):
            root = package.xml(name)
            assert root is not None
            shown.append(text(root))
    assert "ICB-2027-014/SPEC/01" + "Version 0.3" in shown  # the tabs between are not text


def test_the_generated_specification_passes_the_accessibility_audit(built: Path) -> None:
    """audit() finds nothing to fix in a generated specification."""
    assert audit(built) == []


def test_the_same_inputs_give_the_same_bytes(spec: Specification, built: Path) -> None:
    """Rendering again gives an identical file, zip dates included."""
    assert render_specification(spec) == built.read_bytes()


def test_drafts_are_announced_on_the_cover(library_root: Path) -> None:
    """A specification that uses a draft clause says so, naming it, before anything else."""
    manifest = write_manifest(
        library_root.parent / "draft.yaml", allow_drafts=True, clauses=["WC-CV-003@1.0.0"]
    )
    data = render_specification(prepare_specification(manifest, library_dir=library_root))
    document = docx.Document(io.BytesIO(data))
    cover = " ".join(p.text for p in document.paragraphs[:10])
    assert "Draft clauses:" in cover and "WC-CV-003@1.0.0" in cover
    assert audit_bytes(data, library_root.parent / "draft.docx") == []


@pytest.mark.parametrize(
    ("weights", "expected"),
    [
        (None, "How the quality score is combined with price is set out in the tender documents."),
        ({"quality": 100}, "The contract is awarded on quality alone: price carries no weight."),
    ],
)
def test_the_method_says_how_quality_meets_price(
    library_root: Path, weights: dict[str, Any] | None, expected: str
) -> None:
    """Without a split the appendix defers to the tender documents; at 100% it is quality alone."""
    manifest = write_manifest(library_root.parent / "w.yaml", weights=weights)
    data = render_specification(prepare_specification(manifest, library_dir=library_root))
    assert expected in [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert audit_bytes(data, library_root.parent / "weights.docx") == []


def test_guidance_can_be_left_out(library_root: Path) -> None:
    """`include_guidance: false` drops guidance and illustrative examples."""
    manifest = write_manifest(library_root.parent / "g.yaml", include_guidance=False)
    data = render_specification(prepare_specification(manifest, library_dir=library_root))
    paragraphs = [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]
    assert not [p for p in paragraphs if p.startswith(("Guidance", "Illustrative example"))]
    assert audit_bytes(data, library_root.parent / "guidance.docx") == []


def test_a_users_reference_document_keeps_its_properties_and_gains_numbering(
    spec: Specification, tmp_path: Path
) -> None:
    """A plain .docx as reference: its own custom property survives, headings are still numbered."""
    plain = docx.Document()
    write_custom_properties(plain, [("Classification", "OFFICIAL")])
    reference = tmp_path / "house.docx"
    plain.save(str(reference))
    out = tmp_path / "spec.docx"
    out.write_bytes(render_specification(spec, reference))
    props = read_spec_properties(out)
    assert props.other == {"Classification": "OFFICIAL"}
    assert props.clauses == [c.ref for c in spec.assembly.clauses()]
    package = read_word_package(out)
    styles = package.xml("word/styles.xml")
    heading1 = styles.find(f"{W}style[@{W}styleId='Heading1']") if styles is not None else None
    assert val(heading1, f"{W}pPr/{W}numPr/{W}numId") not in (None, "0")
    assert styles is not None and styles.find(f"{W}style[@{W}styleId='TenderkitTable']") is not None
    # python-docx's template sets body text in Cambria 11pt: the audit says so.
    assert [f.rule for f in audit(out)] == ["body-font", "body-size"]


def test_the_appendix_publishes_anchors_threshold_reasons_psr_criteria_and_the_best_fit_rule(
    library_root: Path,
) -> None:
    """What a 3 and a 5 look like, why the minimum, the PSR key criteria and the best-fit rule."""
    data = approved(best_fit="Choose the score whose description best fits the evidence.")
    data["domains"][0]["criteria"][0].update(
        anchors={3: "Most staff groups say so.", 5: "Every staff group says so."},
        threshold_reason="Below Weak there is neither past work nor a plan.",
        psr_criteria=["quality-and-innovation", "social-value"],
    )
    folder = library_root.parent / "anchored"
    write_yaml(folder / "anchored.yaml", data)
    manifest = write_manifest(folder / "m.yaml", rubric="anchored.yaml")
    rendered = render_specification(prepare_specification(manifest, library_dir=library_root))
    document = docx.Document(io.BytesIO(rendered))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Mixed evidence: the best-fit rule" in paragraphs
    assert "Choose the score whose description best fits the evidence." in paragraphs
    rows = {
        row.cells[0].text: row.cells[1].text
        for table in document.tables
        for row in table.rows
        if len(row.cells) == 2
    }
    assert rows["What a 3 looks like"] == "Most staff groups say so."
    assert rows["What a 5 looks like"] == "Every staff group says so."
    assert rows["Why this minimum"] == "Below Weak there is neither past work nor a plan."
    assert rows["Provider Selection Regime key criteria"] == "quality and innovation, social value"
    assert audit_bytes(rendered, folder / "anchored.docx") == []
