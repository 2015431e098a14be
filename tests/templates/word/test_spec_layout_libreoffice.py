"""The published specification as LibreOffice lays it out: every clause table, real page numbers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tenderkit.clauses.library import load_library
from tenderkit.clauses.model import Status
from tenderkit.templates.word.specification import Specification
from tenderkit.workspace.spec_build import build_specification
from tenderkit.workspace.specification import prepare_specification
from tests.support.libreoffice import pdf_text

pytestmark = pytest.mark.libreoffice

EXAMPLE = Path(__file__).parents[3] / "templates" / "assets" / "example-manifest.yaml"


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Specification, list[str]]:
    """The demo specification (every domain of the bundled library), built with its PDF."""
    root = tmp_path_factory.mktemp("layout")
    manifest = root / "spec-manifest.yaml"
    manifest.write_bytes(EXAMPLE.read_bytes())
    spec = prepare_specification(manifest)
    built = build_specification(spec, root / "spec.docx", pdf=True)
    assert built.pdf is not None and built.page_numbers and built.notes == []
    return spec, pdf_text(built.pdf).split("\f")


def test_the_demo_specification_takes_in_every_bundled_clause(
    demo: tuple[Specification, list[str]],
) -> None:
    """So that what holds for the demo's clause tables holds for every clause the library has
    (every clause with an approved version: withdrawn ones are published no more)."""
    spec, _ = demo
    assert {c.resolved.clause.id for c in spec.assembly.clauses()} == {
        c.id
        for c in load_library().clauses.values()
        if any(v.status is Status.APPROVED for v in c.versions)
    }


def test_every_clause_table_row_is_rendered_with_id_version_kind_and_obligation(
    demo: tuple[Specification, list[str]],
) -> None:
    """No clause's table row goes missing: each shows on one line, on the page of its heading."""
    spec, pages = demo
    for clause in spec.assembly.clauses():
        version = clause.resolved.version
        kind = spec.kind_titles[clause.resolved.clause.kind]
        row = re.compile(
            rf"^\s*{re.escape(clause.resolved.clause.id)}\s+{re.escape(version.version)}\s+"
            rf"{re.escape(kind)}\s+{version.obligation}\s*$",
            re.M,
        )
        shown = [n for n, page in enumerate(pages, start=1) if row.search(page)]
        heading = re.compile(rf"^\s*{re.escape(clause.number)}\s+\S", re.M)
        assert shown, f"{clause.ref}: table row not rendered"
        assert heading.search(pages[shown[0] - 1]), f"{clause.ref}: row apart from its heading"


def test_no_page_ends_with_a_table_header_or_a_heading(
    demo: tuple[Specification, list[str]],
) -> None:
    """A clause table's header, a table label and a clause heading always have what follows."""
    _, pages = demo
    stranded = re.compile(
        r"^\s*(Clause\s+Version\s+Kind\s+Obligation|Parameters|Evidence requested)\s*$"
    )
    for number, page in enumerate(pages, start=1):
        body = [line for line in page.splitlines() if line.strip()]
        last = body[-2] if len(body) >= 2 else ""  # the footer is the last line
        assert not stranded.match(last), f"page {number} ends with {last.strip()!r}"


def test_the_contents_page_numbers_are_the_pages_the_headings_are_on(
    demo: tuple[Specification, list[str]],
) -> None:
    """Every contents entry ends with a page number, and that page carries the heading."""
    spec, pages = demo
    contents = next(n for n, page in enumerate(pages) if re.search(r"^\s*Contents\s*$", page, re.M))
    entries = []
    for page in pages[contents : contents + 3]:
        entries += re.findall(
            r"^\s*(\d+(?:\.\d+)*|[A-Z]\.\d+)\s+(.+?)\.{3,}\s*(\d+)\s*$", page, re.M
        )
    numbers = {c.number for c in spec.assembly.clauses()}
    assert numbers <= {number for number, _, _ in entries}
    for number, title, page in entries:
        target = pages[int(page) - 1]
        start = re.escape(" ".join(title.split()[:3]))
        assert re.search(rf"^\s*{re.escape(number)}\s+{start}", target, re.M), (number, page)
