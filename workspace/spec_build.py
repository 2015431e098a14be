"""Writing a prepared specification: the .docx, its contents' page numbers, and the PDF.

Page numbers and the PDF need LibreOffice (and poppler's pdfinfo). Without them the
.docx is still written, its contents without numbers (Word offers to fill them in), and
the build says so; asking for the PDF without them is an error naming what to install.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tenderkit import fsio
from tenderkit.templates.word.pdf import PdfUnavailable, pdf_tools_available
from tenderkit.templates.word.spec_docx import render_specification
from tenderkit.templates.word.spec_pages import paginate_specification
from tenderkit.templates.word.specification import Specification

NO_PAGE_NUMBERS = (
    "the contents page has no page numbers: LibreOffice and pdfinfo (poppler-utils) are "
    "needed to lay the document out; Word fills them in when the document is opened"
)
UNSETTLED = (
    "the contents' page numbers kept moving between layouts; they are those of the last "
    "layout but one and may be off by a page"
)


@dataclass(frozen=True)
class BuiltSpecification:
    """What a build wrote, and what the lead should know about it."""

    docx: Path
    pdf: Path | None = None
    page_numbers: bool = False
    notes: list[str] = field(default_factory=list)


def pdf_path(docx: Path) -> Path:
    """Where `--pdf` writes: beside the .docx, with the same name."""
    return docx.with_suffix(".pdf")


def build_specification(
    spec: Specification,
    out: Path,
    *,
    reference_doc: Path | None = None,
    pdf: bool = False,
    draft: bool = False,
    page_numbers: bool = True,
) -> BuiltSpecification:
    """Write the specification to `out` (and its PDF beside it with `pdf`), atomically."""
    if pdf and not pdf_tools_available():
        raise PdfUnavailable(
            "cannot write the PDF: LibreOffice (soffice) and pdfinfo (poppler-utils) are needed",
            hint="install them, e.g. apt-get install libreoffice-writer-nogui poppler-utils",
        )
    if pdf or (page_numbers and pdf_tools_available()):
        laid_out = paginate_specification(spec, reference_doc, draft=draft)
        fsio.write_bytes(out, laid_out.docx)
        target = None
        if pdf:
            target = pdf_path(out)
            fsio.write_bytes(target, laid_out.pdf)
        notes = [] if laid_out.settled else [UNSETTLED]
        return BuiltSpecification(out, target, page_numbers=True, notes=notes)
    fsio.write_bytes(out, render_specification(spec, reference_doc, draft=draft))
    return BuiltSpecification(out, notes=[NO_PAGE_NUMBERS] if page_numbers else [])
