"""A specification with real page numbers on its contents page, and the PDF a lead publishes.

Page numbers come from a layout, and only a word processor lays a document out: the
specification is converted to PDF with headless LibreOffice, each heading's page read
from the PDF's named destinations (one per heading bookmark), and the document written
again with those numbers as the contents field's cached result. Adding the numbers can
move a line, so the layout is checked again until the numbers stand (twice in practice).
Word shows the same numbers without asking to update fields; Word's own layout may differ
by a line or so, and updating the contents there recomputes them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from tenderkit.templates.word.pdf import destination_pages, docx_to_pdf
from tenderkit.templates.word.spec_docx import render_specification
from tenderkit.templates.word.specification import Specification

#: Layouts tried before the numbers are taken as they are.
ATTEMPTS = 4

Render = Callable[[Mapping[str, int] | None], bytes]


@dataclass(frozen=True)
class Paginated:
    """A document whose contents carries page numbers, and its PDF."""

    docx: bytes
    pdf: bytes
    #: Each heading's page, by bookmark name.
    pages: dict[str, int]
    #: Whether the PDF of the final document shows every heading on the page its contents
    #: says (False only if the layout kept moving within ATTEMPTS).
    settled: bool


def _heading_pages(pdf: bytes) -> dict[str, int]:
    return {name: page for name, page in destination_pages(pdf).items() if name.startswith("_Toc")}


def paginate(
    render: Render,
    *,
    to_pdf: Callable[[bytes], bytes] = docx_to_pdf,
    read_pages: Callable[[bytes], dict[str, int]] = _heading_pages,
) -> Paginated:
    """Render, lay out, and render again with the pages found, until they stand."""
    docx = render(None)
    pdf = to_pdf(docx)
    pages = read_pages(pdf)
    for _ in range(ATTEMPTS):
        docx = render(pages)
        pdf = to_pdf(docx)
        found = read_pages(pdf)
        if found == pages:
            return Paginated(docx, pdf, pages, settled=True)
        pages = found
    return Paginated(docx, pdf, pages, settled=False)


def paginate_specification(
    spec: Specification, reference_doc: Path | None = None, *, draft: bool = False
) -> Paginated:
    """The specification with page numbers on its contents page, and its tagged PDF."""
    return paginate(
        lambda pages: render_specification(spec, reference_doc, pages=pages, draft=draft),
        to_pdf=lambda docx: docx_to_pdf(docx, name="specification"),
    )
