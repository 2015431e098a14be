"""Open generated files in a real client: headless LibreOffice.

Each conversion runs with its own throwaway user profile, so parallel runs (or a user's
own LibreOffice) never share a profile lock.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from tenderkit.templates.word import pdf as pdf_module

TIMEOUT_SECONDS = 180


def soffice() -> str:
    exe = pdf_module.soffice()
    if exe is None:
        raise RuntimeError(
            "LibreOffice is required for these tests: "
            "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
        )
    return exe


def _run(sources: list[Path], to: str, outdir: Path, *, recalculate: bool = False) -> list[Path]:
    """One headless LibreOffice start converting sources into outdir, with a throwaway
    profile (set to recalculate on load when asked); the results in the order of sources."""
    stems = [source.stem for source in sources]
    assert len(set(stems)) == len(stems), f"two sources would convert to one name: {stems}"
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="tk-lo-profile-") as profile:
        if recalculate:
            user = Path(profile) / "user"
            user.mkdir()
            (user / "registrymodifications.xcu").write_text(RECALC_ALWAYS, encoding="utf-8")
        result = subprocess.run(
            [
                soffice(),
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                to,
                "--outdir",
                str(outdir),
                *map(str, sources),
            ],
            capture_output=True,
            text=True,
            timeout=TIMEOUT_SECONDS * len(sources),
            check=False,
        )
    extension = to.split(":", 1)[0]
    targets = [outdir / f"{source.stem}.{extension}" for source in sources]
    missing = [t.name for t in targets if not t.exists()]
    if result.returncode != 0 or missing:
        action = "recalculate" if recalculate else "convert"
        raise AssertionError(
            f"LibreOffice could not {action} {', '.join(s.name for s in sources)} into {to} "
            f"(missing {missing}): exit {result.returncode}\n{result.stdout}\n{result.stderr}"
        )
    return targets


def convert(source: Path, to: str, outdir: Path) -> Path:
    """Convert source with headless LibreOffice (e.g. to="pdf", "odt", "xlsx"); return the result.

    `to` may carry a filter, as in "xlsx:Calc MS Excel 2007 XML"; the result keeps the
    source's stem with the new extension.
    """
    (target,) = _run([source], to, outdir)
    return target


def convert_all(sources: list[Path], to: str, outdir: Path) -> list[Path]:
    """Convert several files in one LibreOffice start (as `convert` does one); the results
    in the order of sources. Their stems must differ: each result keeps its source's stem."""
    return _run(sources, to, outdir)


def pdf_text(pdf: Path) -> str:
    """The text of a PDF, via poppler's pdftotext (layout kept)."""
    exe = shutil.which("pdftotext")
    if exe is None:
        raise RuntimeError("poppler-utils (pdftotext) is required for these tests")
    out = subprocess.run(
        [exe, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    )
    return out.stdout


def pdf_pages(pdf: Path) -> int:
    exe = shutil.which("pdfinfo")
    if exe is None:
        raise RuntimeError("poppler-utils (pdfinfo) is required for these tests")
    out = subprocess.run([exe, str(pdf)], capture_output=True, text=True, check=True).stdout
    for line in out.splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError(f"pdfinfo did not report pages for {pdf}")


RECALC_ALWAYS = """\
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def recalculate(source: Path, to: str, outdir: Path) -> Path:
    """Convert source as `convert` does, but with Calc set to recalculate every formula on
    load (OOXMLRecalcMode "always"), so the result holds LibreOffice's own figures rather
    than the values cached in the file."""
    (target,) = _run([source], to, outdir, recalculate=True)
    return target


class OncePerDocument:
    """`docx_to_pdf` that converts each distinct document once per test run.

    Every `tender spec build` and `tender demo` lays the specification out in LibreOffice
    (twice or more, until the contents' page numbers stand), and the rendering is
    deterministic: the demo's specification is the same bytes in every test that builds it.
    LibreOffice's PDF of the same bytes is the same PDF, so the first conversion of a
    document (by name and content hash) is kept and given back to later ones. Any other
    document is converted afresh; where LibreOffice is missing (a test removing it from
    PATH) the real function runs, and says so.
    """

    def __init__(self, convert: Callable[..., bytes]) -> None:
        self._convert = convert
        self._pdfs: dict[tuple[str, str], bytes] = {}
        self.conversions = 0
        self.reused = 0

    def __call__(self, docx: bytes, *, name: str = "document") -> bytes:
        if pdf_module.soffice() is None:
            return self._convert(docx, name=name)
        key = (name, hashlib.sha256(docx).hexdigest())
        if key in self._pdfs:
            self.reused += 1
        else:
            self._pdfs[key] = self._convert(docx, name=name)
            self.conversions += 1
        return self._pdfs[key]
