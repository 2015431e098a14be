"""The bundled reference document: reproducible, with the styles, numbering and fields specs use."""

from __future__ import annotations

import io
import zipfile
from xml.etree.ElementTree import Element

import pytest

from tenderkit.templates.opc.archive import zip_members
from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.package import WordPackage, read_word_package
from tenderkit.templates.word.reference_doc import build_reference_doc, bundled_reference_doc

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


@pytest.fixture(scope="module")
def package() -> WordPackage:
    return read_word_package(bundled_reference_doc())


def xml(package: WordPackage, name: str) -> Element:
    root = package.xml(name)
    assert root is not None, name
    return root


def style(styles: Element, style_id: str) -> Element:
    found = styles.find(f"{W}style[@{W}styleId='{style_id}']")
    assert found is not None, style_id
    return found


def test_regenerating_the_reference_document_gives_the_committed_file() -> None:
    """build_reference_doc() reproduces templates/assets/reference.docx part for part.

    Parts, not archive bytes: another zlib may compress the same parts differently.
    """
    built = zip_members(build_reference_doc())
    committed = zip_members(bundled_reference_doc().read_bytes())
    assert list(built) == list(committed)
    for name, data in built.items():
        assert data == committed[name], (
            f"{name} differs: run python -m tenderkit.templates.word.reference_doc"
        )


def test_heading_styles_are_linked_to_a_three_level_list(package: WordPackage) -> None:
    """Heading 1–3 point at one list whose levels 0–2 name them and read 1, 1.1, 1.1.1."""
    styles, numbering = xml(package, "word/styles.xml"), xml(package, "word/numbering.xml")
    num_ids = set()
    for level in range(3):
        num_pr = style(styles, f"Heading{level + 1}").find(f"{W}pPr/{W}numPr")
        assert num_pr is not None
        assert num_pr.find(f"{W}ilvl").get(f"{W}val") == str(level)
        num_ids.add(num_pr.find(f"{W}numId").get(f"{W}val"))
    (num_id,) = num_ids
    num = numbering.find(f"{W}num[@{W}numId='{num_id}']")
    assert num is not None
    abstract_id = num.find(f"{W}abstractNumId").get(f"{W}val")
    abstract = numbering.find(f"{W}abstractNum[@{W}abstractNumId='{abstract_id}']")
    assert abstract is not None
    levels = abstract.findall(f"{W}lvl")
    assert [lvl.find(f"{W}pStyle").get(f"{W}val") for lvl in levels[:3]] == [
        "Heading1",
        "Heading2",
        "Heading3",
    ]
    assert [lvl.find(f"{W}lvlText").get(f"{W}val") for lvl in levels[:3]] == [
        "%1",
        "%1.%2",
        "%1.%2.%3",
    ]


def test_an_appendix_list_reads_appendix_a_then_a_1(package: WordPackage) -> None:
    """A second list numbers appendices with letters and their sections A.1, A.1.1."""
    numbering = xml(package, "word/numbering.xml")
    names = {
        a.find(f"{W}name").get(f"{W}val"): a
        for a in numbering.findall(f"{W}abstractNum")
        if a.find(f"{W}name") is not None
    }
    levels = names["tenderkit appendices"].findall(f"{W}lvl")
    assert levels[0].find(f"{W}numFmt").get(f"{W}val") == "upperLetter"
    assert [lvl.find(f"{W}lvlText").get(f"{W}val") for lvl in levels[:3]] == [
        "Appendix %1:",
        "%1.%2",
        "%1.%2.%3",
    ]


def test_body_text_is_arial_12pt_british_english(package: WordPackage) -> None:
    """Document defaults: Arial at 24 half-points, language en-GB; no theme fonts remain."""
    styles = xml(package, "word/styles.xml")
    rpr = styles.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    assert rpr is not None
    assert rpr.find(f"{W}rFonts").get(f"{W}ascii") == "Arial"
    assert rpr.find(f"{W}sz").get(f"{W}val") == "24"
    assert rpr.find(f"{W}lang").get(f"{W}val") == "en-GB"
    themed = [f for f in styles.iter(f"{W}rFonts") if f.get(f"{W}asciiTheme")]
    assert themed == []


def test_the_table_style_shades_and_repeats_its_header_row(package: WordPackage) -> None:
    """TenderkitTable's first-row formatting is bold, shaded and marked as a header row."""
    table = style(xml(package, "word/styles.xml"), "TenderkitTable")
    first = table.find(f"{W}tblStylePr[@{W}type='firstRow']")
    assert first is not None
    assert first.find(f"{W}rPr/{W}b") is not None
    assert first.find(f"{W}trPr/{W}tblHeader") is not None
    assert first.find(f"{W}tcPr/{W}shd").get(f"{W}fill")


def test_header_and_footer_show_the_reference_and_page_x_of_y(package: WordPackage) -> None:
    """The running header holds a DOCPROPERTY field for the reference; the footer PAGE of NUMPAGES."""
    instructions = []
    for name in package.parts:
        if name.startswith(("word/header", "word/footer")):
            root = xml(package, name)
            instructions += [f.get(f"{W}instr", "").split()[0] for f in root.iter(f"{W}fldSimple")]
    assert sorted(instructions) == ["DOCPROPERTY", "DOCPROPERTY", "NUMPAGES", "PAGE"]


def test_the_reference_document_carries_no_picture_and_passes_the_audit() -> None:
    """No thumbnail or other image part is shipped, and the accessibility audit is clean."""
    with zipfile.ZipFile(io.BytesIO(bundled_reference_doc().read_bytes())) as archive:
        names = archive.namelist()
    assert not [n for n in names if n.endswith((".jpeg", ".jpg", ".png", ".emf", ".wmf"))]
    assert audit(bundled_reference_doc()) == []
