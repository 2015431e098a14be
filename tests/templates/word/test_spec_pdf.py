"""A real client opens the specification: headless LibreOffice converts it to PDF."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from tenderkit.templates.word.audit import audit
from tenderkit.templates.word.spec_docx import write_specification
from tenderkit.templates.word.specification import Specification
from tenderkit.workspace.specification import prepare_specification
from tests.support.builders import write_library
from tests.support.libreoffice import convert, pdf_pages, pdf_text
from tests.support.specs import spec_clauses, write_manifest

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def spec(tmp_path_factory: pytest.TempPathFactory) -> Specification:
    root = tmp_path_factory.mktemp("pdf")
    library = write_library(root / "lib", *spec_clauses())
    return prepare_specification(write_manifest(root / "manifest.yaml"), library_dir=library)


@pytest.fixture(scope="module")
def pdf(spec: Specification, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf-out")
    docx_path = out / "specification.docx"
    write_specification(spec, docx_path)
    assert audit(docx_path) == []
    return convert(docx_path, "pdf", out)


@pytest.fixture(scope="module")
def text(pdf: Path) -> str:
    return pdf_text(pdf)


def test_libreoffice_numbers_sections_and_clauses_from_the_heading_list(text: str) -> None:
    """The PDF shows 1 / 1.1 / 1.2 / 2 / 2.1 before the section and clause titles."""
    for number, title in [
        ("1", "Culture and values"),
        ("1.1", "Staff-owned values"),
        ("1.2", "Sickness absence reporting"),
        ("2", "Leadership and management"),
        ("2.2", "Engagement target"),
    ]:
        assert re.search(rf"^\s*{re.escape(number)}\s+{re.escape(title)}\s*$", text, re.M), title


def test_libreoffice_letters_the_appendices_and_numbers_their_sections(text: str) -> None:
    """Appendix A / A.1 / A.5.1 and Appendix B appear, numbered by the appendix list."""
    assert re.search(r"^\s*Appendix A: Evaluation methodology\s*$", text, re.M)
    assert re.search(r"^\s*A\.1\s+How bids are scored\s*$", text, re.M)
    assert re.search(r"^\s*A\.5\.1\s+CV1 Criterion CV1\s*$", text, re.M)
    assert re.search(r"^\s*Appendix B: Provenance\s*$", text, re.M)
    assert re.search(r"^\s*B\.1\s+Clause versions\s*$", text, re.M)


def test_the_pdf_shows_clause_text_with_values_and_the_running_header(text: str) -> None:
    """Filled clause text, the header's reference and the footer's page count are all rendered."""
    flat = " ".join(text.split())
    assert (
        "The Provider must review the values of Community Nursing Service every 3 months." in flat
    )
    assert "Staff engagement must reach at least 3.85." in flat
    assert "ICB-2027-014/SPEC/01" in text and "Version 0.3" in text
    assert re.search(r"Page 2 of \d+", text)


def test_the_pdf_contains_the_evaluation_and_provenance_tables(
    text: str, spec: Specification
) -> None:
    """Weights, the scale's labels and each clause's version appear in the rendered appendices."""
    flat = " ".join(text.split())
    assert "total score = quality score × 60 / 100 + price score × 40 / 100" in flat
    for label in ("Unacceptable", "Satisfactory", "Excellent"):
        assert label in text
    for clause in spec.assembly.clauses():
        assert re.search(
            rf"{re.escape(clause.number)}\s+{re.escape(clause.resolved.clause.id)}", text
        )


def test_the_pdf_has_a_cover_contents_body_and_appendices(pdf: Path, text: str) -> None:
    """Several pages, the first of them the cover with the title and no running header."""
    assert pdf_pages(pdf) >= 6
    first_page = text.split("\f")[0]
    assert "Service specification" in first_page and "Page 1 of" not in first_page


def test_a_house_reference_document_gets_working_numbering(
    spec: Specification, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On a plain .docx without heading numbering, LibreOffice still shows 1.1 and Appendix A."""
    out = tmp_path_factory.mktemp("house")
    house = out / "house.docx"
    docx.Document().save(str(house))
    docx_path = out / "house-spec.docx"
    write_specification(spec, docx_path, reference_doc=house)
    text = pdf_text(convert(docx_path, "pdf", out))
    assert re.search(r"^\s*1\.1\s+Staff-owned values\s*$", text, re.M)
    assert re.search(r"^\s*Appendix A: Evaluation methodology\s*$", text, re.M)
    assert re.search(r"^\s*A\.2\s+Domain weights\s*$", text, re.M)
