"""PDF through headless LibreOffice, and the page of each bookmark through poppler's pdfinfo.

Both are external programs a machine may not have: `pdf_tools_available` says whether
they are there, and every function here raises `PdfUnavailable` (one line, what to install)
rather than failing obscurely. Each conversion runs with its own throwaway LibreOffice
profile, so conversions in parallel (or a user's open LibreOffice) never share a lock.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from tenderkit.errors import OutputError

#: How long one conversion may take; a 60-page specification takes a few seconds.
TIMEOUT_SECONDS = 300

#: LibreOffice's PDF export filter asked for a tagged PDF (headings, tables and reading
#: order a screen reader can follow) with the document's outline as bookmarks, and Word
#: bookmarks as named destinations (which is how the contents learns each heading's page).
PDF_FILTER = (
    'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"},'
    '"ExportBookmarks":{"type":"boolean","value":"true"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)

_INSTALL_HINT = (
    "install LibreOffice and poppler, e.g. apt-get install libreoffice-writer-nogui "
    "poppler-utils, or build without PDF and page numbers"
)


class PdfUnavailable(OutputError):
    """A PDF cannot be made here: LibreOffice or pdfinfo is missing, or conversion failed."""


def _program(*names: str) -> str | None:
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    return None


def soffice() -> str | None:
    """The LibreOffice program on PATH, if any."""
    return _program("soffice", "libreoffice")


def pdf_tools_available() -> bool:
    """Whether both LibreOffice and pdfinfo are installed."""
    return soffice() is not None and _program("pdfinfo") is not None


def docx_to_pdf(docx: bytes, *, name: str = "document") -> bytes:
    """Convert .docx bytes to tagged-PDF bytes with headless LibreOffice."""
    exe = soffice()
    if exe is None:
        raise PdfUnavailable("LibreOffice (soffice) is not installed", hint=_INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="tenderkit-pdf-") as work:
        folder = Path(work)
        source = folder / f"{name}.docx"
        source.write_bytes(docx)
        profile = (folder / "profile").as_uri()
        try:
            result = subprocess.run(
                [
                    exe,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--norestore",
                    "--nolockcheck",
                    "--convert-to",
                    PDF_FILTER,
                    "--outdir",
                    str(folder / "out"),
                    str(source),
                ],
                capture_output=True,
                text=True,
                timeout=TIMEOUT_SECONDS,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise PdfUnavailable(
                f"LibreOffice did not finish converting {name}.docx in {TIMEOUT_SECONDS} s"
            ) from None
        target = folder / "out" / f"{name}.pdf"
        if result.returncode != 0 or not target.exists():
            detail = " ".join((result.stderr or result.stdout).split())[:200]
            raise PdfUnavailable(
                f"LibreOffice could not convert {name}.docx to PDF "
                f"(exit {result.returncode}){': ' + detail if detail else ''}"
            )
        return target.read_bytes()


def destination_pages(pdf: bytes) -> dict[str, int]:
    """The page of each named destination in a PDF (pdfinfo -dests), by name.

    LibreOffice exports Word bookmarks as named destinations, writing a leading `_` as
    `5F`; names are given back as they were in the document.
    """
    exe = _program("pdfinfo")
    if exe is None:
        raise PdfUnavailable("pdfinfo (poppler) is not installed", hint=_INSTALL_HINT)
    with tempfile.TemporaryDirectory(prefix="tenderkit-pdfinfo-") as work:
        source = Path(work) / "document.pdf"
        source.write_bytes(pdf)
        result = subprocess.run(
            [exe, "-dests", str(source)],
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    if result.returncode != 0:
        raise PdfUnavailable(f"pdfinfo could not read the PDF (exit {result.returncode})")
    pages: dict[str, int] = {}
    for line in result.stdout.decode("utf-8", errors="replace").splitlines():
        found = _DESTINATION.match(line)
        if found:
            name = found.group(2)
            if name.startswith("5F"):
                name = "_" + name[2:]
            pages.setdefault(name, int(found.group(1)))
    return pages


_DESTINATION = re.compile(r'^\s*(\d+)\s+\[.*\]\s+"(.*)"\s*$')
