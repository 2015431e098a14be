"""The test run lays out each distinct specification once (tests/support/libreoffice.py)."""

from __future__ import annotations

import pytest

from tenderkit.templates.word import pdf as pdf_module
from tenderkit.templates.word import spec_pages
from tenderkit.templates.word.pdf import PdfUnavailable
from tests.support.libreoffice import OncePerDocument


def counting() -> tuple[OncePerDocument, list[tuple[bytes, str]]]:
    calls: list[tuple[bytes, str]] = []

    def convert(docx: bytes, *, name: str = "document") -> bytes:
        calls.append((docx, name))
        return b"pdf of " + docx + b" as " + name.encode()

    return OncePerDocument(convert), calls


def test_the_same_document_is_converted_once_and_its_pdf_given_back(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(pdf_module, "soffice", lambda: "/usr/bin/soffice")
    once, calls = counting()
    first = once(b"spec", name="specification")
    again = once(b"spec", name="specification")
    assert first == again == b"pdf of spec as specification"
    assert calls == [(b"spec", "specification")]
    assert (once.conversions, once.reused) == (1, 1)


def test_other_bytes_or_another_name_are_converted_afresh(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf_module, "soffice", lambda: "/usr/bin/soffice")
    once, calls = counting()
    once(b"spec", name="specification")
    once(b"spec, edited", name="specification")
    once(b"spec", name="document")
    assert len(calls) == 3 and once.reused == 0


def test_without_libreoffice_a_kept_pdf_is_not_given_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A test that takes soffice off PATH reaches the real conversion (and its error)."""
    once, calls = counting()
    monkeypatch.setattr(pdf_module, "soffice", lambda: "/usr/bin/soffice")
    once(b"spec", name="specification")
    monkeypatch.setattr(pdf_module, "soffice", lambda: None)
    once(b"spec", name="specification")
    assert len(calls) == 2
    real = OncePerDocument(pdf_module.docx_to_pdf)
    with pytest.raises(PdfUnavailable, match="LibreOffice"):
        real(b"spec", name="specification")


def test_the_specification_layout_goes_through_it_for_the_whole_run() -> None:
    assert isinstance(spec_pages.docx_to_pdf, OncePerDocument)
