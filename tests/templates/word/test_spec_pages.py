"""Page numbers for the contents: the layout loop, and what the document says with and without them."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from pathlib import Path

import pytest

from tenderkit.templates.word import pdf as pdf_module
from tenderkit.templates.word.pdf import PdfUnavailable, docx_to_pdf
from tenderkit.templates.word.spec_docx import render_specification
from tenderkit.templates.word.spec_pages import ATTEMPTS, paginate
from tenderkit.workspace.specification import prepare_specification
from tests.support.builders import write_library
from tests.support.specs import spec_clauses, write_manifest


def test_the_layout_is_repeated_until_the_page_numbers_stand() -> None:
    """Adding numbers moved a heading once; the loop lays out again and settles on the new page."""
    layouts = iter([{"_Toc1": 2}, {"_Toc1": 3}, {"_Toc1": 3}])
    rendered: list[Mapping[str, int] | None] = []

    def render(pages: Mapping[str, int] | None) -> bytes:
        rendered.append(pages)
        return b"docx"

    result = paginate(render, to_pdf=lambda d: b"pdf", read_pages=lambda p: next(layouts))
    assert rendered == [None, {"_Toc1": 2}, {"_Toc1": 3}]
    assert result.pages == {"_Toc1": 3} and result.settled


def test_a_layout_that_never_settles_is_reported_not_looped_forever() -> None:
    """After ATTEMPTS layouts the last numbers are used and `settled` is False."""
    count = iter(range(100))
    result = paginate(
        lambda pages: b"docx", to_pdf=lambda d: b"pdf", read_pages=lambda p: {"_Toc1": next(count)}
    )
    assert not result.settled and result.pages == {"_Toc1": ATTEMPTS}


def _document_xml(data: bytes, part: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode()


def test_with_page_numbers_the_contents_has_them_and_word_is_not_asked_to_update(
    tmp_path: Path,
) -> None:
    """Each entry gets a PAGEREF with its page as cached result; settings lose updateFields."""
    library = write_library(tmp_path / "lib", *spec_clauses())
    spec = prepare_specification(write_manifest(tmp_path / "m.yaml"), library_dir=library)
    plain = render_specification(spec)
    assert "w:updateFields" in _document_xml(plain, "word/settings.xml")
    numbered = render_specification(spec, pages={"_Toc00000002": 7})
    assert "w:updateFields" not in _document_xml(numbered, "word/settings.xml")
    body = _document_xml(numbered, "word/document.xml")
    assert "PAGEREF _Toc00000002 \\h" in body
    assert '<w:t xml:space="preserve">7</w:t>' in body


def test_a_missing_libreoffice_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without soffice on PATH the conversion says what to install."""
    monkeypatch.setattr(pdf_module.shutil, "which", lambda name: None)
    with pytest.raises(PdfUnavailable, match="LibreOffice") as caught:
        docx_to_pdf(b"")
    assert "apt-get install" in str(caught.value)
